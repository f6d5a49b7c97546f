"""The case-study figure: every way of estimating the share of sampled companies that partnered.

Pure: the case_study stage's tables in (results/case_study/), matplotlib figure out; the
case_study_exhibits rule reads, calls and saves with figures/style.py. `case_study_rows`
is also the row list of the case-study table, so figure and table show the same estimates.
"""

from __future__ import annotations

import numpy as np

from wishlist.present.figures.style import MIN_FONT_PT
from wishlist.present.figures.intervals import legend_below, whiskers
from wishlist.present.formats import INTERVAL_NAMES

SCENARIO_NAMES = {"known_only": "known outcomes only", "missing_as_failures": "unknown as not partnered",
                  "missing_as_successes": "unknown as partnered",
                  "absence_as_unknown_high": "unknown and none found as partnered"}
GROUP_COLOURS = {"interval method": "#4C72B0", "unknown outcomes": "#C44E52", "finite population (exact)": "#55A868"}


def case_study_rows(tables):
    """(label, group, cases, share, low, high) for every way of estimating the share partnered.

    `tables` holds the case_study stage's tables: by_method (partnered_by_method.csv),
    bounds (missing_outcome_bounds.csv) and finite (finite_population.csv).
    """
    rows = []
    for row in tables["by_method"].itertuples(index=False):
        rows.append((f"{INTERVAL_NAMES.get(row.method, row.method)}, {row.count} of {row.n}", "interval method",
                     f"{row.count} of {row.n}", row.share, row.low, row.high))
    for row in tables["bounds"].itertuples(index=False):
        rows.append((f"Wilson, {SCENARIO_NAMES.get(row.scenario, row.scenario)}", "unknown outcomes",
                     f"{row.count} of {row.n}", row.share, row.ci_low, row.ci_high))
    for row in tables["finite"].itertuples(index=False):
        rows.append((f"Frame of {row.population_size}, {row.scenario}", "finite population (exact)",
                     f"{row.successes} of {row.sample_size}; {row.k_low}–{row.k_high} of {row.population_size} firms",
                     row.share, row.share_low, row.share_high))
    return rows


def case_study_figure(plt, tables):
    """Forest plot of `case_study_rows` (first row at the top), one colour per group of estimates."""
    rows = case_study_rows(tables)[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(rows) + 1))
    for group, colour in GROUP_COLOURS.items():
        index = [i for i, r in enumerate(rows) if r[1] == group]
        if not index:
            continue
        share = np.array([rows[i][3] for i in index])
        low, high = np.array([rows[i][4] for i in index]), np.array([rows[i][5] for i in index])
        ax.errorbar(100 * share, index, xerr=whiskers(share, low, high), fmt="o", color=colour, ecolor=colour,
                    capsize=2, markersize=4, label=group)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=MIN_FONT_PT)
    ax.set(xlabel="Companies that partnered or exposed IP (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig
