"""Figures of the record distributions (describe_records): shares per category, country, institution type, form.

Pure: data frames in (the tables of results/descriptives/), matplotlib figure out; the
descriptives_exhibits rule reads, calls and saves with figures/style.py. The records
are a census, so no share is drawn with a sampling interval; the category shares can
carry their range under coder misclassification (results/estimates/misclassification.csv).
"""

from __future__ import annotations

import textwrap

import numpy as np

from wishlist.present.figures.style import MIN_FONT_PT
from wishlist.present.figures.intervals import BAR, WILSON, whiskers
from wishlist.present.formats import percent


def share_bars(plt, table, xlabel, ranges=None, note=None):
    """Horizontal bars of shares with counts at the bars; `ranges` (category, share_low, share_high) adds whiskers."""
    import seaborn as sns

    table = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(table) + 1.1))
    y = np.arange(len(table))
    sns.barplot(x=100 * table["share"], y=table["label"].astype(str), color=BAR, orient="h", ax=ax)
    right = table["share"].to_numpy(dtype=float)
    if ranges is not None:
        joined = table[["category", "share"]].merge(ranges, on="category", how="left")
        ax.errorbar(100 * joined["share"], y, xerr=whiskers(joined["share"], joined["share_low"],
                    joined["share_high"]), fmt="none", ecolor=WILSON, capsize=2,
                    label="Range under coder misclassification")
        right = np.fmax(right, joined["share_high"].to_numpy(dtype=float))
        ax.legend(fontsize=7, loc="lower right")
    for yi, (count, x) in enumerate(zip(table["count"], right)):
        ax.annotate(f"{int(count)}", (100 * x, yi), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=MIN_FONT_PT, color="black")
    ax.set_xlim(0, 100 * np.nanmax(right) * 1.12)
    ax.set(xlabel=xlabel, ylabel=None)
    if note:
        ax.set_title(note, fontsize=7, loc="left")
    return fig


LABEL_WRAP = 30  # characters per line of a long row label


def forms_figure(plt, forms, per_record):
    """Left: records naming each cooperation form (multi-label); right: forms named per record."""
    import seaborn as sns

    fig, (left, right) = plt.subplots(1, 2, figsize=(6.2, 3.4), gridspec_kw={"width_ratios": [1.6, 1]})
    forms = forms.reset_index(drop=True)
    labels = [textwrap.fill(str(label), LABEL_WRAP) for label in forms["label"]]  # long labels on two lines
    sns.barplot(x=100 * forms["share"], y=labels, color=BAR, orient="h", ax=left)
    left.set(xlabel="Records naming the form (%)", ylabel=None)
    left.set_title("Forms named (a record may name several)", fontsize=7, loc="left")
    sns.barplot(x=per_record["category"].astype(int).astype(str), y=100 * per_record["share"], color=BAR, ax=right)
    several = per_record.loc[per_record["category"].astype(int) >= 2, "share"].sum()
    right.set(xlabel="Forms named in the record", ylabel="Records (%)")
    right.set_title(f"{percent(several)} % name two or more", fontsize=7, loc="left")
    fig.tight_layout()
    return fig
