"""Figures of the headline estimates (estimate_proportions): records per year, the headline shares.

Pure: data frames in (the tables of results/estimates/), matplotlib figure out; the
estimates_exhibits rule reads, calls and saves with figures/style.py.
"""

from __future__ import annotations

import numpy as np

from wishlist.present.figures.style import MIN_FONT_PT
from wishlist.present.figures.intervals import BAR, WILSON, legend_below, whiskers


def per_year_figure(plt, per_year):
    """Share of records per filing year (a census: no interval), records at each bar's foot."""
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(6, 3.2))
    sns.barplot(x=per_year["year"].astype(str), y=100 * per_year["share"], color=BAR, ax=ax)
    for xi, records in enumerate(per_year["records"]):
        ax.annotate(f"{int(records)}", (xi, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="white")
    ax.set_ylim(0, 100 * float(np.nanmax(per_year["share"])) * 1.2)
    ax.set(xlabel="Filing year", ylabel="Share of records (%)", title=None)
    ax.set_title("Records per year at the foot of each bar", fontsize=7, loc="right")
    return fig


def share_points(plt, proportions, bounds=None):
    """Dot chart of the headline shares (first row at the top); shares over an empty base are left out.

    The shares are of a census and have no sampling interval. Where `bounds`
    (results/estimates/misclassification.csv) has a row of the same key, its
    range under coder misclassification is drawn as a whisker.
    """
    rows = proportions[proportions["n"] > 0].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(rows) + 1))
    y = np.arange(len(rows))
    ax.plot(100 * rows["share"], y, "o", color=BAR, markersize=4, label="Share of the records")
    if bounds is not None:
        ranged = rows.merge(bounds[["key", "share_low", "share_high"]], on="key", how="inner")
        at = [int(np.flatnonzero(rows["key"].eq(key))[0]) for key in ranged["key"]]
        if len(ranged):
            share, low, high = (ranged[c].to_numpy(dtype=float) for c in ("share", "share_low", "share_high"))
            ax.errorbar(100 * share, at, xerr=whiskers(share, low, high), fmt="none", ecolor=WILSON, capsize=2,
                        label="Range under coder misclassification")
    ax.set_yticks(y, [f"{q} ({c}/{n})" for q, c, n in zip(rows["quantity"], rows["count"], rows["n"])], fontsize=MIN_FONT_PT)
    ax.set(xlabel="Share (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig
