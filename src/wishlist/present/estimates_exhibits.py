"""Rule estimates_exhibits: the headline estimates (estimate_proportions) -> their figures and tables.

Figures: records per filing year, the headline shares (SVG + PNG). Tables: the headline
shares, and the category shares beside their ranges under coder misclassification, as
Quarto pipe tables with their captions. The records are a census of the bulletins, so
no share carries a sampling interval.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import write_text
from wishlist.present.exhibits import Figures, read_table, record_source
from wishlist.present.figures.estimates import per_year_figure, share_points
from wishlist.present.formats import interval_text, percent
from wishlist.present.tables import markdown_table


def _share(value) -> str:
    return "" if pd.isna(value) else percent(value)


def proportions_shown(proportions):
    """The headline shares: quantity, base, 'count of n' and share (empty over an empty base)."""
    return pd.DataFrame({
        "Quantity": proportions["quantity"],
        "Base": proportions["base"],
        "Records": proportions["count"].astype(str) + " of " + proportions["n"].astype(str),
        "Share (%)": proportions["share"].map(_share),
    })


def misclassification_shown(bounds):
    """Raw share beside its range at the error rate's estimate and at its upper limit."""
    point = f"e = {percent(float(bounds['error_rate_at_estimate'].iloc[0]))} %"
    upper = f"e = {percent(float(bounds['error_rate'].iloc[0]))} %"
    return pd.DataFrame({
        "Quantity": bounds["quantity"],
        "Base": bounds["base"],
        "Records": bounds["count"].astype(int).astype(str) + " of " + bounds["n"].astype(int).astype(str),
        "Share (%)": bounds["share"].map(_share),
        f"Range, {point} (%)": [interval_text(lo, hi) for lo, hi in
                                zip(bounds["share_low_at_estimate"], bounds["share_high_at_estimate"])],
        f"Range, {upper} (%)": [interval_text(lo, hi) for lo, hi in zip(bounds["share_low"], bounds["share_high"])],
    })


def proportions_table(proportions, source: str) -> str:
    return markdown_table(proportions_shown(proportions),
                          f"Headline shares of the records (a census of the bulletins: no sampling interval). "
                          f"Source: {source}.", "tbl-proportions")


def misclassification_table(bounds, source: str) -> str:
    return markdown_table(
        misclassification_shown(bounds),
        "Shares built on the manual category code, and their range if the coders' error rate e is as estimated "
        "from their agreement or at its upper limit (independent coders, wrong codes spread over the other "
        "categories; at most a fraction e of any category's records miscoded; @sec-manual). "
        f"Source: {source}.", "tbl-misclassification")


def main(smk):
    source = record_source(smk.input.coded)
    figures = Figures()

    per_year = read_table(smk.input.per_year)
    figures.save(per_year_figure(figures.plt, per_year), smk.output.per_year_svg, smk.output.per_year_png)

    proportions, bounds = read_table(smk.input.proportions), read_table(smk.input.misclassification)
    figures.save(share_points(figures.plt, proportions, bounds), smk.output.headline_svg, smk.output.headline_png)
    write_text(smk.output.proportions_md, proportions_table(proportions, source))
    write_text(smk.output.misclassification_md, misclassification_table(bounds, source))
