"""Rule published_exhibits: the published-layer table (results/tables/published_shares.md) and figure.

Reads what the published_layer rule computed (results/published/published_shares.csv). The
CSV keeps shares to six significant digits; the figure is drawn from each row's exact
interval (its count, n, method and level through wishlist.stats.proportions.proportion_ci,
the very call the published_layer rule makes), so a figure's bytes never depend on how
the CSV rounds.
"""

from __future__ import annotations

import math

import pandas as pd

from wishlist.core.files import read_sheet, write_text
from wishlist.present.figures import style as figures
from wishlist.present.figures.published import published_figure
from wishlist.present.formats import interval_text, percent
from wishlist.present.tables import markdown_table
from wishlist.stats.proportions import proportion_ci

SOURCE = "the brief's published figures (data/reference/calibration_targets.yaml)"


def read_shares(path) -> pd.DataFrame:
    """published_shares.csv with its numbers as numbers and each row's interval at full precision."""
    shares = read_sheet(path)
    shares["count"], shares["n"] = shares["count"].astype(int), shares["n"].astype(int)
    shares["level"] = shares["level"].astype(float)
    shares["stated_pct"] = shares["stated_pct"].map(lambda v: float(v) if v else math.nan)  # empty: nothing stated
    intervals = [proportion_ci(c, n, m, lv) for c, n, m, lv in
                 zip(shares["count"], shares["n"], shares["ci_method"], shares["level"])]
    shares["share"] = [ci.estimate for ci in intervals]
    shares["ci_low"] = [ci.low for ci in intervals]
    shares["ci_high"] = [ci.high for ci in intervals]
    return shares


def published_markdown(shares, level: float) -> str:
    """Every pair: the count, how it was obtained, the brief's statement, the recomputed share and the checks."""
    shown = pd.DataFrame({
        "Quantity": shares["quantity"],
        "Count": shares["count"].astype(str) + " of " + shares["n"].astype(str),
        "Count is": shares["basis"],
        "Brief states": shares["stated"],
        "Recomputed (%)": shares["share"].map(percent),
        f"{100 * level:g} % CI (%)": [interval_text(lo, hi) for lo, hi in
                                      zip(shares["ci_low"], shares["ci_high"])],
        "Check": [c if not v else f"{c}; {v}" for c, v in zip(shares["check"], shares["stated_vs_ci"])],
    })
    return markdown_table(
        shown, f"Every count/proportion pair the brief publishes, recomputed, with Wilson intervals. \"Count is\": "
               "printed in the brief, derived from printed counts, or inferred from a printed percentage or bound. "
               f"Source: {SOURCE}.", "tbl-published")


def main(smk):
    level = smk.params.level
    shares = read_shares(smk.input.shares)
    write_text(smk.output.table_md, published_markdown(shares, level))
    plt = figures.setup()
    fig = published_figure(plt, shares, level)
    figures.save(fig, smk.output.figure_svg, smk.output.figure_png)
    plt.close(fig)
