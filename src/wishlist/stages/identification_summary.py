"""Rule identification_summary: each record-layer quantity on every ensemble member, beside its sharp
bounds and its value in the records used -> table, figure, numbers."""

import pandas as pd

from wishlist.brief.records import data_source
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv, write_text
from wishlist.core.numbers import write_numbers
from wishlist.present.figures import style as figures
from wishlist.present.figures.paper import identification_figure
from wishlist.present.tables import markdown_table
from wishlist.stages.code_records import read_coded_records
from wishlist.stats import identification as idn


def main(smk):
    model, quantities = idn.load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    bounds = pd.read_csv(smk.input.bounds, keep_default_na=False, na_values=[""])
    readings = pd.read_csv(smk.input.readings, keep_default_na=False)
    try:
        members = idn.read_members(model, pd.read_csv(smk.input.members))
    except ValueError as error:
        raise StudyInputError(smk.input.members, str(error)) from None
    coded = read_coded_records(smk.input.coded)
    default = idn.record_table(model, coded, smk.params.frame_years)
    summary = pd.DataFrame(idn.summarise(bounds.to_dict("records"), quantities, members, default,
                                         model.study_reading))
    write_csv(smk.output.ensemble, summary)

    write_text(smk.output.table_md, markdown_table(
        idn.identification_shown(summary, bounds, model.study_reading),
        "What the brief's published figures determine. Sharp bounds: smallest and largest value over every "
        f"corpus meeting the published figures (reading: {model.study_reading}); ensemble: middle 95 % of "
        f"{len(members)} corpora drawn from that set (not uniformly); this corpus: the {data_source(coded)}. "
        "Binding: the figures whose removal alone loosens the lower / upper bound. Full table: "
        "results/identification/bounds.csv.", "tbl-identification"))

    plt = figures.setup()
    fig = identification_figure(plt, summary)
    figures.save(fig, smk.output.figure_svg, smk.output.figure_png)
    plt.close(fig)

    statements = {t["id"]: t["statement"] for t in idn.read_yaml(smk.input.targets).get("targets", [])}
    statements.update({c["id"]: c["statement"] for c in idn.read_yaml(smk.input.spec).get("constraints", [])
                       if c.get("statement")})
    write_numbers(smk.output.numbers, idn.identification_numbers(summary, bounds, readings, model.study_reading,
                                                                len(members), smk.params.seed, statements))
