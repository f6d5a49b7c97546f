"""How the paper's figures draw an interval: colours, whisker lengths, the legend of a forest plot.

Shared by the record-layer and case-study figures (figures/descriptives.py,
figures/estimates.py, figures/case_study.py).
"""

from __future__ import annotations

WILSON, SIMULTANEOUS, BAR = "black", "#8C8C8C", "#4C72B0"  # Wilson whiskers, simultaneous whiskers, bars


def whiskers(share, low, high):
    """Error-bar lengths, in percentage points, of intervals [low, high] around shares (fractions)."""
    return [100 * (share - low), 100 * (high - share)]


def legend_below(fig, ax, fontsize, handles=None, ncol: int = 3):
    """Legend under the x axis, so it never hides a row of a forest plot (`handles`: its entries in this
    order; default, matplotlib's: lines, then bars)."""
    entries = () if handles is None else (handles, [h.get_label() for h in handles])
    ax.legend(*entries, fontsize=fontsize, loc="upper center", bbox_to_anchor=(0.5, -0.6 / fig.get_size_inches()[1]),
              ncol=ncol, frameon=False)
