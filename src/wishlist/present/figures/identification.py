"""The identification figure: what the published figures determine, per share.

Pure presentation of identification_summary's per-quantity table (results/identification/
records_vs_bounds_unrounded.csv: data frame in, matplotlib figure out); the identification_exhibits
rule reads it, calls this and saves with present/figures/style.py.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from wishlist.present.figures.style import MIN_FONT_PT
from wishlist.present.figures.intervals import legend_below

LEGEND_FONTSIZE = 9  # larger than the row labels: the three marks are read before the rows
LABEL_WRAP = 34  # characters per line of a long row label
MIN_BAR = 0.4  # percentage points: a determined share (bounds that meet) still shows as a bar


def without_claim(bounds, reading: str):
    """Per share, the range the brief's other figures allow (each share's own claim held out), under
    `reading`: the question the audit asks of a claim, whether its figure lies inside that range."""
    rows = bounds[bounds["reading"].eq(reading) & bounds["unit"].eq("share")]
    return pd.DataFrame({"quantity": rows["quantity"], "description": rows["description"], "unit": rows["unit"],
                         "lower": rows["lower_without_claim"], "upper": rows["upper_without_claim"],
                         "label": rows["label"], "stated": rows["stated"]}).reset_index(drop=True)


def identification_figure(plt, summary, quantities=None, show_records: bool = True,
                          bounds_label: str = "sharp bounds (published figures)", show_labels: bool = True):
    """Per share: sharp bounds (light bar), the value in the records used (dot), the brief's figure (cross).

    `quantities` keeps only those rows, in that order (the paper shows the shares its text discusses; the
    supplement all of them); without `show_records` the figure holds the published layer only (the bounds and
    the brief's figures), with no value of the record layer. `show_labels` adds each row's determined /
    constrained label to its name."""
    rows = summary[summary["unit"].eq("share")]
    if quantities is not None:
        rows = rows.set_index("quantity").loc[list(quantities)].reset_index()
    rows = rows.iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.2, 0.36 * len(rows) + 1.5))
    y = np.arange(len(rows))
    lower, upper = 100 * rows["lower"].astype(float), 100 * rows["upper"].astype(float)
    narrow = upper - lower < MIN_BAR
    bounds = ax.barh(y, (upper - lower).clip(lower=MIN_BAR), left=lower - narrow * MIN_BAR / 2, height=0.7,
            color="#9ECAE1", label=bounds_label)
    handles = [bounds]
    if show_records:
        [records] = ax.plot(100 * rows["default"].astype(float), y, "o", color="black", markersize=4,
                            label="the records used")
        handles.append(records)
    stated = pd.to_numeric(rows["stated"], errors="coerce")
    [brief] = ax.plot(stated, y, "x", color="#CB181D", markersize=6, markeredgewidth=1.5, label="the brief's figure")
    handles.append(brief)
    names = ([f"{d} [{lab}]" for d, lab in zip(rows["description"], rows["label"])] if show_labels
             else list(rows["description"]))
    ax.set_yticks(y, [textwrap.fill(name, LABEL_WRAP) for name in names], fontsize=MIN_FONT_PT)
    ax.set(xlabel="Share (%)", xlim=(0, 100), ylim=(-0.6, len(rows) - 0.4))
    legend_below(fig, ax, fontsize=LEGEND_FONTSIZE, handles=handles)
    return fig
