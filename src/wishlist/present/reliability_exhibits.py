"""Rule reliability_exhibits: the reliability table (results/tables/reliability.md) and the coder-confusion figure.

Reads what the reliability rule computed: its table, its numbers fragment and the A×B
count table of the category codes (results/coding/coder_confusion.csv), the figure's data.
"""

from __future__ import annotations

import pandas as pd

from wishlist.brief.codebook import load_codebook
from wishlist.core.files import read_csv, read_yaml, write_text
from wishlist.present.figures import style as figures
from wishlist.present.figures.agreement import coder_confusion_figure
from wishlist.present.sentences.data_origin import sentences
from wishlist.present.tables import markdown_table

FIELD_NAMES = {"mic2025_category": "MIC2025 category", "institution_type": "Institution type"}


def coefficient(value: float) -> str:
    """An agreement statistic (a share or a coefficient) as shown in the table: two decimals."""
    return f"{value:.2f}"


def reliability_markdown(table, double_coded_records: int, sheets: str = "reconstructed coder sheets") -> str:
    """The reliability table as the paper shows it, with its caption."""
    shown = pd.DataFrame({
        "Code": table["field"].map(FIELD_NAMES),
        "Statistic": table["statistic"],
        "Estimate": table["estimate"].map(coefficient),
        "95 % CI": [f"{coefficient(lo)}–{coefficient(hi)}" for lo, hi in zip(table["ci_low"], table["ci_high"])],
        "Interval": table["interval"],
    })
    return markdown_table(
        shown, f"Agreement of the two coders on the {double_coded_records} double-coded records ({sheets}; the "
               "brief publishes only the category agreement).", "tbl-reliability")


def main(smk):
    table = read_csv(smk.input.table, keep_default_na=False)
    numbers = read_yaml(smk.input.numbers)
    # the sheets as data_origin found them (the shipped reconstruction's, or a user's)
    sheets = sentences(read_yaml(smk.input.origin))["sheets_source"]
    write_text(smk.output.table_md, reliability_markdown(table, numbers["double_coded"], sheets))

    codebook = load_codebook(smk.input.codebook)
    matrix = read_csv(smk.input.confusion, dtype={"coder_a": str}).set_index("coder_a")
    matrix.index.name = None
    labels = [codebook.label("mic2025_categories", c) for c in codebook.category_codes]
    plt = figures.setup()
    fig = coder_confusion_figure(plt, matrix, labels)
    figures.save(fig, smk.output.heatmap_svg, smk.output.heatmap_png)
    plt.close(fig)
