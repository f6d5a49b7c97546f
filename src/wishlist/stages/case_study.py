"""Rule case_study: drawn cases + case-outcome sheet -> joined outcomes and the case-study estimates.

Drawn cases without an outcome go to a worksheet (outside the rule's outputs, so
Snakemake keeps it when the rule fails) and stop the study with one clear line.
"""

from pathlib import Path

import pandas as pd
import yaml

from wishlist.brief.records import read_records
from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import write_csv, write_yaml
from wishlist.core.numbers import write_numbers
from wishlist.stages.draw_sample import (
    investigation_worksheet,
    join_outcomes,
    outcome_report,
    read_case_outcomes,
)
from wishlist.stages.estimates import (
    case_study_estimates,
    case_study_numbers,
    outcome_counts,
)


def main(smk):
    outcomes = read_case_outcomes(smk.input.outcomes)
    draw = pd.read_csv(smk.input.draw, dtype={"file_number": str}, keep_default_na=False)
    with open(smk.input.meta, encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    cases, missing, not_drawn = join_outcomes(draw, outcomes)
    report = outcome_report(cases, missing, not_drawn, smk.input.outcomes)
    worksheet = Path(smk.params.worksheet)
    with rule_log() as log:
        print(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), file=log)
        if len(missing):
            write_csv(worksheet, investigation_worksheet(missing, read_records(smk.input.records)))
            print(f"wrote {worksheet}", file=log)
            raise StudyInputError(
                smk.input.outcomes, f"{len(missing)} of the {len(draw)} drawn cases "
                f"{'has' if len(missing) == 1 else 'have'} no outcome (first "
                f"{missing['file_number'].iloc[0]}). Investigate them with the worksheet {worksheet} (one row per "
                "case) and add the finished rows to the case-outcome sheet.",
                record=missing["file_number"].iloc[0], field="file_number")
        if worksheet.exists():
            worksheet.unlink()  # a worksheet left by an earlier draw would list cases no longer missing
            print(f"removed the stale {worksheet}", file=log)

    counts = outcome_counts(cases)
    try:
        tables = case_study_estimates(counts, int(meta["frame_size"]), smk.params.level, smk.params.margins)
    except ValueError as error:
        raise StudyInputError(smk.input.outcomes, str(error)) from None
    write_csv(smk.output.cases, cases)
    write_yaml(smk.output.report, report)
    write_csv(smk.output.by_method, tables["by_method"])
    write_csv(smk.output.finite, tables["finite_population"])
    write_csv(smk.output.bounds, tables["missing_bounds"])
    write_csv(smk.output.outcomes, tables["outcomes"])
    write_csv(smk.output.precision, tables["precision"])
    write_numbers(smk.output.numbers, case_study_numbers(counts, tables, report, smk.params.level))
