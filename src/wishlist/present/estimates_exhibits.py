"""Rule estimates_exhibits: the headline estimates (estimate_proportions) -> their figures and tables.

Figures: records per filing year, the headline shares (SVG + PNG, intervals shown).
Tables: the headline shares with Wilson intervals, and the same shares under four
interval methods (sensitivity), as Quarto pipe tables with their captions.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import write_text
from wishlist.present.exhibits import Figures, read_table, record_source
from wishlist.present.figures.estimates import per_year_figure, share_points
from wishlist.present.formats import (
    BINOMIAL_METHODS,
    INTERVAL_NAMES,
    ci_heading,
    interval_text,
    percent,
)
from wishlist.present.tables import markdown_table


def proportions_shown(proportions, ci):
    """The headline shares: quantity, base, 'count of n', share and Wilson interval (empty over an empty base)."""
    return pd.DataFrame({
        "Quantity": proportions["quantity"],
        "Base": proportions["base"],
        "Records": proportions["count"].astype(str) + " of " + proportions["n"].astype(str),
        "Share (%)": proportions["share"].map(lambda v: "" if pd.isna(v) else percent(v)),
        ci: [interval_text(lo, hi) for lo, hi in zip(proportions["ci_low"], proportions["ci_high"])],
        "Interval": proportions["ci_method"].str.capitalize(),
    })


def sensitivity_shown(sensitivity):
    """One row per share, one column per binomial interval method (empty where the method gave none)."""
    rows = []
    for _, group in sensitivity.groupby("key", sort=False):
        first = group.iloc[0]
        row = {"Quantity": first["quantity"], "Records": f"{int(first['count'])} of {int(first['n'])}",
               "Share (%)": percent(first["share"])}
        for method in BINOMIAL_METHODS:
            match = group[group["method"].eq(method)]
            row[INTERVAL_NAMES[method]] = interval_text(match["low"].iloc[0], match["high"].iloc[0]) if len(match) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def proportions_table(proportions, level: float, source: str) -> str:
    return markdown_table(proportions_shown(proportions, ci_heading(level)),
                          f"Shares with confidence intervals. Source: {source}.", "tbl-proportions")


def sensitivity_table(sensitivity, level: float, source: str) -> str:
    return markdown_table(
        sensitivity_shown(sensitivity),
        f"Headline shares under four interval methods ({100 * level:g} %): Wilson (main), Clopper–Pearson, "
        f"Jeffreys, Agresti–Coull. Source: {source}.", "tbl-sensitivity")


def main(smk):
    source = record_source(smk.input.coded)
    figures = Figures()

    per_year = read_table(smk.input.per_year)
    level = float(per_year["level"].iloc[0])  # the study's confidence level, as the estimates were computed
    figures.save(per_year_figure(figures.plt, per_year), smk.output.per_year_svg, smk.output.per_year_png)

    proportions = read_table(smk.input.proportions)
    figures.save(share_points(figures.plt, proportions), smk.output.headline_svg, smk.output.headline_png)
    write_text(smk.output.proportions_md, proportions_table(proportions, level, source))
    write_text(smk.output.sensitivity_md, sensitivity_table(read_table(smk.input.sensitivity), level, source))
