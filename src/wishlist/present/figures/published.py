"""The published-layer figure: every count/proportion pair the brief publishes, recomputed (a sample's with its interval).

Pure presentation of results/published/published_shares.csv (data frame in, matplotlib figure out);
the published_exhibits rule reads, calls and saves with present/figures/style.py.
"""

from __future__ import annotations

import textwrap

import numpy as np

from wishlist.present.figures.style import MIN_FONT_PT
from wishlist.present.figures.intervals import legend_below

LABEL_WRAP = 48  # characters per line of a long row label
BASIS_COLOURS = {"published": "#4C72B0", "derived": "#55A868", "inferred": "#C44E52"}
STATED_MARKERS = {"rounded percentage": ("x", "brief's percentage"), "lower bound": (">", "brief's lower bound"),
                  "upper bound": ("<", "brief's upper bound")}


def published_figure(plt, shares, level):
    """Recomputed shares (Wilson intervals for the sampled pairs only); the brief's stated percentage or bound
    marked beside each."""
    rows = shares.iloc[::-1].reset_index(drop=True)
    y = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(6.2, 0.34 * len(rows) + 1.2))
    sampled = rows["sampled"].to_numpy(dtype=bool)
    for basis, colour in BASIS_COLOURS.items():
        part = rows["basis"].eq(basis).to_numpy()
        if not part.any():
            continue
        ax.scatter(100 * rows.loc[part, "share"].to_numpy(), y[part], marker="o", color=colour, s=16, zorder=2,
                   label=f"count {basis}")
        with_ci = part & sampled  # a census share has no sampling interval: a dot only
        if with_ci.any():
            share = 100 * rows.loc[with_ci, "share"].to_numpy()
            err = [share - 100 * rows.loc[with_ci, "ci_low"].to_numpy(),
                   100 * rows.loc[with_ci, "ci_high"].to_numpy() - share]
            ax.errorbar(share, y[with_ci], xerr=err, fmt="none", ecolor=colour, capsize=2)
    if sampled.any():
        ax.plot([], [], color="grey", label=f"{100 * level:g} % Wilson CI (sampled pairs only)")
    for kind, (marker, label) in STATED_MARKERS.items():
        part = rows["stated_kind"].eq(kind).to_numpy()
        if part.any():
            ax.scatter(100 * rows.loc[part, "stated_pct"].to_numpy(), y[part], marker=marker, color="black",
                       s=28, zorder=3, label=label)
    mismatch = rows["check"].ne("consistent") & rows["check"].ne("no percentage stated")
    labels = [textwrap.fill(f"{q} ({c}/{n})" + (" *" if m else ""), LABEL_WRAP) for q, c, n, m in
              zip(rows["quantity"], rows["count"], rows["n"], mismatch)]
    ax.set_yticks(y, labels, fontsize=MIN_FONT_PT)
    ax.set_xlabel("Share (%)")
    ax.set_xlim(0, 100)
    legend_below(fig, ax, fontsize=MIN_FONT_PT, ncol=2)
    ax.set_title("* recomputed share disagrees with the brief's wording", fontsize=7, loc="left")
    return fig
