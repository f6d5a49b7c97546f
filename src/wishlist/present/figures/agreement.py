"""The coder-agreement figure: coder A's codes against coder B's, as an annotated count table.

Pure presentation (a confusion matrix in, a matplotlib figure out); the
reliability_exhibits rule reads, calls and saves with present/figures/style.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

FIGSIZE = (6.4, 5.4)


def confusion_heatmap(matrix: pd.DataFrame, labels: Sequence[str] | None = None, *, ax):
    """Draw the A×B count table on `ax` (annotated counts, no colour bar); the caller saves."""
    import seaborn as sns

    labels = list(matrix.index) if labels is None else list(labels)
    if len(labels) != matrix.shape[0] or matrix.shape[0] != matrix.shape[1]:
        raise ValueError("need a square matrix and one label per category")
    sns.heatmap(
        matrix.to_numpy(),
        annot=True,
        fmt="d",
        cmap="Blues",
        cbar=False,
        square=True,
        linewidths=0.5,
        xticklabels=labels,
        yticklabels=labels,
        ax=ax,
    )
    ax.set_xlabel("Coder B")
    ax.set_ylabel("Coder A")
    return ax


def coder_confusion_figure(plt, matrix: pd.DataFrame, labels: Sequence[str] | None = None):
    """The figure results/figures/coder_confusion.svg: one heatmap of the A×B counts."""
    fig, ax = plt.subplots(figsize=FIGSIZE)
    confusion_heatmap(matrix, labels, ax=ax)
    return fig
