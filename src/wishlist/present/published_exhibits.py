"""Rule published_exhibits: the published-layer table (results/tables/published_shares.md) and figure.

Reads what the published_layer rule computed, at full precision
(results/published/published_shares_unrounded.csv: the rows of published_shares.csv with
every float's digits), so the figure is drawn from the computed intervals themselves and
its bytes never depend on how the CSV for people rounds. It computes nothing.
"""

from __future__ import annotations

import math

import pandas as pd

from wishlist.core.files import parse_bool, read_sheet, write_text
from wishlist.present.figures import style as figures
from wishlist.present.figures.published import published_figure
from wishlist.present.formats import interval_text, percent
from wishlist.present.tables import markdown_table

SOURCE = "the brief's published figures (data/reference/calibration_targets.yaml)"


def read_shares(path) -> pd.DataFrame:
    """published_shares_unrounded.csv with its numbers as numbers (an empty stated figure: NaN)."""
    shares = read_sheet(path)
    shares["count"], shares["n"] = shares["count"].astype(int), shares["n"].astype(int)
    for column in ("level", "share", "ci_low", "ci_high"):
        shares[column] = shares[column].map(lambda v: float(v) if v != "" else math.nan)  # empty: no interval
    shares["sampled"] = shares["sampled"].map(parse_bool)
    shares["stated_pct"] = shares["stated_pct"].map(lambda v: float(v) if v else math.nan)  # empty: nothing stated
    return shares


def published_markdown(shares, level: float) -> str:
    """Every pair: the count, how it was obtained, the brief's statement, the recomputed share and the checks."""
    shown = pd.DataFrame({
        "Quantity": shares["quantity"],
        "Count": shares["count"].astype(str) + " of " + shares["n"].astype(str),
        "Count is": shares["basis"],
        "Brief states": shares["stated"],
        "Recomputed (%)": shares["share"].map(percent),
        f"{100 * level:g} % CI (%)": [interval_text(lo, hi) if sampled else "census" for lo, hi, sampled in
                                      zip(shares["ci_low"], shares["ci_high"], shares["sampled"])],
        "Check": [c if not v else f"{c}; {v}" for c, v in zip(shares["check"], shares["stated_vs_ci"])],
    })
    return markdown_table(
        shown, "Every count/proportion pair the brief publishes, recomputed. \"Count is\": printed in the brief, "
               "derived from printed counts, or inferred from a printed percentage or bound. A share of the brief's "
               "corpus is a census and has no sampling interval (\"census\"); Wilson intervals are given only for "
               "the samples, the double-coded reports and the investigated cases. "
               f"Source: {SOURCE}.", "tbl-published")


def main(smk):
    level = smk.params.level
    shares = read_shares(smk.input.shares)
    write_text(smk.output.table_md, published_markdown(shares, level))
    plt = figures.setup()
    fig = published_figure(plt, shares, level)
    figures.save(fig, smk.output.figure_svg, smk.output.figure_png)
    plt.close(fig)
