"""Record-layer estimates: shares of the coded records with named confidence intervals."""

from __future__ import annotations

from .proportions import proportion_ci


def ai_share(coded, level: float):
    """Share of records hitting the endnote-38 AI/ML keywords (brief: 171 of 642)."""
    return proportion_ci(int(coded["ai_flag"].sum()), len(coded), "wilson", level)


def records_per_year(coded):
    """Records per filing year (the brief's Figure 3)."""
    counts = coded.groupby("year").size().rename("records").reset_index()
    counts["share"] = counts["records"] / counts["records"].sum()
    return counts
