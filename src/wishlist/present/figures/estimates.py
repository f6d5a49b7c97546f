"""Figures of the headline estimates (estimate_proportions): records per year, the headline shares.

Pure: data frames in (the tables of results/estimates/), matplotlib figure out; the
estimates_exhibits rule reads, calls and saves with figures/style.py.
"""

from __future__ import annotations

import numpy as np

from wishlist.present.figures.intervals import (
    BAR,
    SIMULTANEOUS,
    WILSON,
    legend_below,
    whiskers,
)


def per_year_figure(plt, per_year):
    """Share of records per filing year, Wilson (black) and Goodman (grey) whiskers, records at each bar's foot."""
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(6, 3.2))
    x = np.arange(len(per_year))
    sns.barplot(x=per_year["year"].astype(str), y=100 * per_year["share"], color=BAR, ax=ax)
    ax.errorbar(x - 0.08, 100 * per_year["share"], yerr=whiskers(per_year["share"], per_year["ci_low"],
                per_year["ci_high"]), fmt="none", ecolor=WILSON, capsize=3, label="Wilson")
    if "goodman_low" in per_year and per_year["goodman_low"].notna().all():
        ax.errorbar(x + 0.08, 100 * per_year["share"], yerr=whiskers(per_year["share"], per_year["goodman_low"],
                    per_year["goodman_high"]), fmt="none", ecolor=SIMULTANEOUS, capsize=3,
                    label="Goodman (simultaneous)")
    for xi, records in enumerate(per_year["records"]):
        ax.annotate(f"{int(records)}", (xi, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="white")
    top = np.nanmax([per_year["ci_high"].max(), per_year.get("goodman_high", per_year["ci_high"]).max()])
    ax.set_ylim(0, 100 * top * 1.2)
    ax.set(xlabel="Filing year", ylabel="Share of records (%)", title=None)
    ax.legend(fontsize=7, loc="upper left", ncol=2, frameon=False)
    ax.set_title("Records per year at the foot of each bar", fontsize=7, loc="right")
    return fig


def share_points(plt, proportions):
    """Forest plot of the headline shares (first row at the top); shares over an empty base are left out."""
    rows = proportions[proportions["n"] > 0].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(rows) + 1))
    y = np.arange(len(rows))
    ax.errorbar(100 * rows["share"], y, xerr=whiskers(rows["share"], rows["ci_low"], rows["ci_high"]), fmt="o",
                color=BAR, ecolor=WILSON, capsize=2, markersize=4, label="Wilson interval")
    ax.set_yticks(y, [f"{q} ({c}/{n})" for q, c, n in zip(rows["quantity"], rows["count"], rows["n"])], fontsize=6.5)
    ax.set(xlabel="Share (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig
