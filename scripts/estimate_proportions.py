"""Rule estimate_proportions: coded records -> shares with Wilson confidence intervals."""

import pandas as pd

from wishlist.errors import run_rule
from wishlist.estimates import ai_share, records_per_year
from wishlist.files import write_csv
from wishlist.numbers import write_numbers


def main(smk):
    coded = pd.read_csv(smk.input.coded, dtype={"file_number": str}, keep_default_na=False)
    ai = ai_share(coded, smk.params.level)
    rows = [{"quantity": "AI/ML keyword records", "count": ai.count, "n": ai.n, "share": ai.estimate,
             "ci_low": ai.low, "ci_high": ai.high, "method": ai.method, "level": ai.level}]
    write_csv(smk.output.proportions, pd.DataFrame(rows))
    write_csv(smk.output.per_year, records_per_year(coded))
    write_numbers(smk.output.numbers, {"ai_share": ai.as_numbers(), "confidence_level_pct": ai.level})


run_rule(main, snakemake)  # noqa: F821
