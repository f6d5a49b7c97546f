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


PUBLISHED_HEADING = "What the brief's figures allow"


def published_words(row) -> str:
    """Where a share's value comes from, by what the brief's figures allow it (identification_summary): fixed
    by them (so the value is the brief's own), a range (the records' value lies in it), or nothing."""
    if row is None:
        return "not modelled"
    if row["label"] == "determined":
        return "fixed: the brief's own value"
    if row["label"] == "free":
        return "not narrowed"
    return interval_text(float(row["lower"]), float(row["upper"])) + " %"


def proportions_shown(proportions, identification=None):
    """The headline shares: quantity, base, 'count of n', share (empty over an empty base) and, with the
    identification summary, what the brief's figures allow each (its provenance, number by number)."""
    shown = pd.DataFrame({
        "Quantity": proportions["quantity"],
        "Base": proportions["base"],
        "Records": proportions["count"].astype(str) + " of " + proportions["n"].astype(str),
        "Share (%)": proportions["share"].map(_share),
    })
    if identification is not None:
        rows = {r["quantity"]: r for r in identification.to_dict("records")}
        shown[PUBLISHED_HEADING] = [published_words(rows.get(key)) for key in proportions["key"]]
    return shown


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


def proportions_table(proportions, source: str, identification=None) -> str:
    provenance = ("" if identification is None else
                  f" \"{PUBLISHED_HEADING}\": \"fixed\" where the brief's published figures determine the share, so "
                  "the value is the brief's own; otherwise the range they allow, within which the value is the "
                  "records' own.")
    return markdown_table(proportions_shown(proportions, identification),
                          f"Headline shares of the records (a census of the bulletins: no sampling interval)."
                          f"{provenance} Source: {source}.", "tbl-proportions")


def misclassification_table(bounds, source: str) -> str:
    return markdown_table(
        misclassification_shown(bounds),
        "Shares built on the manual category code, and their range if the coders' error rate e is as estimated "
        "from their agreement or at its upper limit (independent coders, wrong codes spread over the other "
        "categories; at most a fraction e of any category's records miscoded; see the section on manual codes). "
        f"Source: {source}.", "tbl-misclassification")


def main(smk):
    source = record_source(smk.input.coded)
    figures = Figures()

    per_year = read_table(smk.input.per_year)
    figures.save(per_year_figure(figures.plt, per_year), smk.output.per_year_svg, smk.output.per_year_png)

    proportions, bounds = read_table(smk.input.proportions), read_table(smk.input.misclassification)
    figures.save(share_points(figures.plt, proportions, bounds), smk.output.headline_svg, smk.output.headline_png)
    write_text(smk.output.proportions_md, proportions_table(proportions, source,
                                                            read_table(smk.input.identification)))
    write_text(smk.output.misclassification_md, misclassification_table(bounds, source))
