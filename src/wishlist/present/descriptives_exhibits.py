"""Rule descriptives_exhibits: the record distributions (describe_records) -> their figures and tables.

Figures: records per MIC2025 category, the top countries, institution types, cooperation
forms (SVG + PNG). Tables: the same distributions as Quarto pipe tables with their
captions. The records are a census of the bulletins, so no share has a sampling
interval; the category figure and table add each share's range under coder
misclassification (estimate_proportions' misclassification.csv).
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import bool_column, write_text
from wishlist.present.exhibits import Figures, read_table, record_source
from wishlist.present.figures.descriptives import forms_figure, share_bars
from wishlist.present.formats import interval_text, percent
from wishlist.present.tables import markdown_table

INSTITUTION_BASES = {"all": "all records", "stated": "records stating a type"}
CATEGORY_KEY = "category_"  # misclassification.csv keys of the category rows: category_<code>
RANGE_HEADING = "Under misclassification (%)"


def distribution_shown(table, label):
    """A distribution as the paper shows it: label, 'count of n' and share (a census: no interval)."""
    return pd.DataFrame({
        label: table["label"].astype(str).to_numpy(),
        "Records": (table["count"].astype(int).astype(str) + " of " + table["n"].astype(int).astype(str)).to_numpy(),
        "Share (%)": table["share"].map(percent).to_numpy(),
    })


def category_ranges(misclassification):
    """The category rows of misclassification.csv as (category, share_low, share_high)."""
    rows = misclassification[misclassification["key"].str.startswith(CATEGORY_KEY)]
    return pd.DataFrame({"category": rows["key"].str.slice(len(CATEGORY_KEY)).to_numpy(),
                         "share_low": rows["share_low"].to_numpy(dtype=float),
                         "share_high": rows["share_high"].to_numpy(dtype=float)})


def error_rate_text(misclassification) -> str:
    """'24.7 %': the error rate the bounds use (the same in every row)."""
    return f"{percent(float(misclassification['error_rate'].iloc[0]))} %"


def top_countries(countries):
    """The rows of the countries flagged as the top ones (describe_records' `top` column)."""
    return countries[bool_column(countries["top"]).to_numpy()]


def categories_table(categories, misclassification, source: str) -> str:
    shown = distribution_shown(categories, "MIC2025 category")
    ranges = categories[["category"]].merge(category_ranges(misclassification), on="category", how="left")
    shown[RANGE_HEADING] = [interval_text(lo, hi) for lo, hi in zip(ranges["share_low"], ranges["share_high"])]
    return markdown_table(
        shown, f"Records per MIC2025 category, and the range of each share if up to "
               f"{error_rate_text(misclassification)} of codes are wrong (the upper limit of the coders' error rate; "
               f"see the section on manual codes). The records are a census, so the shares have no sampling interval. "
               f"Source: {source}.", "tbl-categories")


def countries_note(countries) -> str:
    top = top_countries(countries)
    return (f"The {len(top)} countries shown hold {int(top['count'].sum())} of "
            f"{int(countries['n'].iloc[0])} records.")


def countries_table(countries, source: str) -> str:
    top = top_countries(countries)
    shown = distribution_shown(top, "Country")
    shown.insert(0, "Rank", top["rank"].astype(int).to_numpy())
    return markdown_table(
        shown, f"The {len(top)} countries with most records (of {len(countries)} countries). Source: {source}.",
        "tbl-countries")


def institutions_note(institutions) -> str | None:
    """'N of n records state no type.' (None when no record is counted as not stating one)."""
    not_stated = institutions[institutions["base"].eq("all") & institutions["category"].eq("not_stated")]
    if not len(not_stated):
        return None
    return f"{int(not_stated['count'].iloc[0])} of {int(not_stated['n'].iloc[0])} records state no type."


def institutions_table(institutions, source: str) -> str:
    shown = distribution_shown(institutions, "Institution type")
    shown.insert(0, "Base", institutions["base"].map(INSTITUTION_BASES).to_numpy())
    return markdown_table(
        shown, f"Types of targeted institution over all records and over the records that state one. "
               f"Source: {source}.", "tbl-institutions")


def forms_table(forms, source: str) -> str:
    return markdown_table(
        distribution_shown(forms, "Form of cooperation"),
        f"Records naming each form of cooperation (Appendix I terms; a record may name several). "
        f"Source: {source}.", "tbl-cooperation-forms")


def main(smk):
    source = record_source(smk.input.coded)
    figures = Figures()
    plt = figures.plt

    categories, misclassification = read_table(smk.input.categories), read_table(smk.input.misclassification)
    figures.save(share_bars(plt, categories, "Share of records (%)", ranges=category_ranges(misclassification)),
                 smk.output.categories_svg, smk.output.categories_png)
    write_text(smk.output.categories_md, categories_table(categories, misclassification, source))

    countries = read_table(smk.input.countries)
    figures.save(share_bars(plt, top_countries(countries), "Share of all records (%)",
                            note=countries_note(countries)),
                 smk.output.countries_svg, smk.output.countries_png)
    write_text(smk.output.countries_md, countries_table(countries, source))

    institutions = read_table(smk.input.institutions)
    stated = institutions[institutions["base"].eq("stated")]
    figures.save(share_bars(plt, stated, "Share of records stating an institution type (%)",
                            note=institutions_note(institutions)),
                 smk.output.institutions_svg, smk.output.institutions_png)
    write_text(smk.output.institutions_md, institutions_table(institutions, source))

    forms, per_record = read_table(smk.input.forms), read_table(smk.input.forms_per_record)
    figures.save(forms_figure(plt, forms, per_record), smk.output.forms_svg, smk.output.forms_png)
    write_text(smk.output.forms_md, forms_table(forms, source))
