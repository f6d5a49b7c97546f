"""Rule identification_exhibits: what the published figures determine, as the paper's table and figure.

Reads what identification_summary and sharp_bounds wrote (the per-quantity summary at full
precision, the bounds, the numbers fragment) and writes results/tables/identification.md and
results/figures/identification.svg/.png.
"""

from __future__ import annotations

import math

import pandas as pd

from wishlist.brief.records import read_coded_records
from wishlist.core.files import read_csv, read_yaml, write_text
from wishlist.present.figures import style as figures
from wishlist.present.figures.identification import identification_figure, without_claim
from wishlist.present.sentences.identification import range_text
from wishlist.present.sentences.ingest import data_source
from wishlist.present.tables import markdown_table
from wishlist.stages.identification_inputs import read_bounds

NO_FIGURE = "–"  # a side no single figure binds


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def stated_text(row) -> str:
    """What the brief states of a quantity: '> 70 %', '< 12 %', '50 %', '77'."""
    if row["stated"] is None or (isinstance(row["stated"], float) and math.isnan(row["stated"])):
        return ""
    value = f"{float(row['stated']):g}" + (" %" if row["unit"] == "share" else "")
    return {"lower bound": "> ", "upper bound": "< "}.get(row["stated_kind"], "") + value


def identification_shown(summary, bounds, study_reading: str):
    """The manuscript's table: one row per quantity."""
    study = bounds[bounds["reading"].eq(study_reading)].set_index("quantity")
    rows = []
    for _, r in summary.iterrows():
        b = study.loc[r["quantity"]]
        binding = " / ".join(_text(b[side]).replace(";", ", ") or NO_FIGURE for side in ("binding_lower", "binding_upper"))
        rows.append({
            "Quantity": r["description"],
            "Label": r["label"],
            "Sharp bounds": range_text(r["lower"], r["upper"], r["unit"]),
            "This corpus": range_text(r["default"], r["default"], r["unit"]),
            "Brief states": stated_text(r),
            "Binding (lower / upper)": binding,
        })
    return pd.DataFrame(rows)


def identification_caption(study_reading: str, source: str) -> str:
    return ("What the brief's published figures determine. Sharp bounds: smallest and largest value over every "
            f"corpus meeting the published figures (the study's reading, {study_reading}); this corpus: the "
            f"{source}. "
            "Binding: the figures whose removal alone loosens the lower / upper bound. Full table: "
            "results/identification/bounds.csv.")


def read_summary(path):
    """identification_summary's per-quantity table, its floats exactly as computed."""
    return read_csv(path, keep_default_na=False, na_values=[""], float_precision="round_trip")


# The shares the paper's identification section discusses, in the order it does
PAPER_QUANTITIES = ("allies_share", "allies_and_us_share", "allies_share_of_non_us", "biotech_or_ai_share")


def main(smk):
    summary = read_summary(smk.input.summary)
    bounds = read_bounds(smk.input.bounds)
    numbers = read_yaml(smk.input.numbers)
    study_reading = numbers["study_reading"]
    caption = identification_caption(study_reading, data_source(read_coded_records(smk.input.coded)))
    write_text(smk.output.table_md, markdown_table(identification_shown(summary, bounds, study_reading), caption,
                                                   "tbl-identification"))

    plt = figures.setup()
    fig = identification_figure(plt, summary)
    figures.save(fig, smk.output.figure_svg, smk.output.figure_png)
    plt.close(fig)
    # the note's figure: the published layer only, the shares its text discusses, each against the range
    # the brief's other figures allow (its own claim held out), as the text quotes them
    fig = identification_figure(plt, without_claim(bounds, study_reading), quantities=PAPER_QUANTITIES,
                                show_records=False, bounds_label="range the brief's other figures allow",
                                show_labels=False)
    figures.save(fig, smk.output.paper_svg, smk.output.paper_png)
    plt.close(fig)
