"""The identification figure: what the published figures determine, per share.

Pure presentation of identification_summary's per-quantity table (results/identification/
ensemble_unrounded.csv: data frame in, matplotlib figure out); the identification_exhibits rule
reads it, calls this and saves with present/figures/style.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wishlist.present.figures.intervals import legend_below


def identification_figure(plt, summary):
    """Per share: feasible range (light), ensemble 95 % (dark), this corpus (dot), the brief's figure (cross)."""
    rows = summary[summary["unit"].eq("share")].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.27 * len(rows) + 1.2))
    y = np.arange(len(rows))
    lower, upper = 100 * rows["lower"].astype(float), 100 * rows["upper"].astype(float)
    ax.barh(y, (upper - lower).clip(lower=0.4), left=lower - (upper - lower < 0.4) * 0.2, height=0.7,
            color="#C6DBEF", label="sharp bounds (published figures)")
    low, high = 100 * rows["ensemble_low"].astype(float), 100 * rows["ensemble_high"].astype(float)
    ax.barh(y, (high - low).clip(lower=0.2), left=low, height=0.3, color="#2171B5", label="ensemble, middle 95 %")
    ax.plot(100 * rows["default"].astype(float), y, "o", color="black", markersize=3.5, label="this corpus")
    stated = pd.to_numeric(rows["stated"], errors="coerce")
    ax.plot(stated, y, "x", color="#CB181D", markersize=5, label="the brief's figure")
    ax.set_yticks(y, [f"{d} [{lab}]" for d, lab in zip(rows["description"], rows["label"])], fontsize=6.5)
    ax.set(xlabel="Share (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig
