"""Figures of the record distributions (describe_records): shares per category, country, institution type, form.

Pure: data frames in (the tables of results/descriptives/), matplotlib figure out; the
descriptives_exhibits rule reads, calls and saves with figures/style.py. Every share
is drawn with its Wilson interval, and exclusive categories with a simultaneous one.
"""

from __future__ import annotations

import numpy as np

from wishlist.present.figures.intervals import BAR, SIMULTANEOUS, WILSON, whiskers
from wishlist.present.formats import percent


def share_bars(plt, table, xlabel, simultaneous=None, note=None):
    """Horizontal bars of shares, Wilson intervals in black, simultaneous intervals in grey, counts at the bars."""
    import seaborn as sns

    table = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(table) + 1.1))
    y = np.arange(len(table))
    sns.barplot(x=100 * table["share"], y=table["label"].astype(str), color=BAR, orient="h", ax=ax)
    ax.errorbar(100 * table["share"], y - 0.12, xerr=whiskers(table["share"], table["ci_low"], table["ci_high"]),
                fmt="none", ecolor=WILSON, capsize=2, label="Wilson")
    if simultaneous and f"{simultaneous}_low" in table and table[f"{simultaneous}_low"].notna().all():
        ax.errorbar(100 * table["share"], y + 0.12, xerr=whiskers(table["share"], table[f"{simultaneous}_low"],
                    table[f"{simultaneous}_high"]), fmt="none", ecolor=SIMULTANEOUS, capsize=2,
                    label=f"{simultaneous.replace('_', '-').title()} (simultaneous)")
    right = table["ci_high"].to_numpy(dtype=float)
    if simultaneous and f"{simultaneous}_high" in table:
        right = np.fmax(right, table[f"{simultaneous}_high"].to_numpy(dtype=float))
    for yi, (count, x) in enumerate(zip(table["count"], right)):
        ax.annotate(f"{int(count)}", (100 * x, yi), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=6.5, color="black")
    ax.set_xlim(0, 100 * np.nanmax(right) * 1.12)
    ax.set(xlabel=xlabel, ylabel=None)
    ax.legend(fontsize=7, loc="lower right")
    if note:
        ax.set_title(note, fontsize=7, loc="left")
    return fig


def forms_figure(plt, forms, per_record):
    """Left: records naming each cooperation form (multi-label); right: forms named per record."""
    import seaborn as sns

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), gridspec_kw={"width_ratios": [1.6, 1]})
    forms = forms.reset_index(drop=True)
    y = np.arange(len(forms))
    sns.barplot(x=100 * forms["share"], y=forms["label"].astype(str), color=BAR, orient="h", ax=left)
    left.errorbar(100 * forms["share"], y, xerr=whiskers(forms["share"], forms["ci_low"], forms["ci_high"]),
                  fmt="none", ecolor=WILSON, capsize=2)
    left.set(xlabel="Records naming the form (%)", ylabel=None)
    left.set_title("Forms named (a record may name several)", fontsize=7, loc="left")
    x = np.arange(len(per_record))
    sns.barplot(x=per_record["category"].astype(int).astype(str), y=100 * per_record["share"], color=BAR, ax=right)
    right.errorbar(x, 100 * per_record["share"], yerr=whiskers(per_record["share"], per_record["ci_low"],
                   per_record["ci_high"]), fmt="none", ecolor=WILSON, capsize=2)
    several = per_record.loc[per_record["category"].astype(int) >= 2, "share"].sum()
    right.set(xlabel="Forms named in the record", ylabel="Records (%)")
    right.set_title(f"{percent(several)} % name two or more", fontsize=7, loc="left")
    fig.tight_layout()
    return fig
