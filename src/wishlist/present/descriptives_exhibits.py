"""Rule descriptives_exhibits: the record distributions (describe_records) -> their figures and tables.

Figures: records per MIC2025 category, the top countries, institution types, cooperation
forms (SVG + PNG, every share with its interval). Tables: the same distributions as
Quarto pipe tables with Wilson and simultaneous intervals, and their captions.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import bool_column, write_text
from wishlist.present.exhibits import Figures, read_table, record_source
from wishlist.present.figures.descriptives import forms_figure, share_bars
from wishlist.present.formats import INTERVAL_NAMES, ci_heading, interval_text, percent
from wishlist.present.tables import markdown_table

INSTITUTION_BASES = {"all": "all records", "stated": "records stating a type"}


def ci_label(table) -> str:
    """Interval column heading at the confidence level of a stage's table (its `level` column)."""
    return ci_heading(table["level"].iloc[0])


def distribution_shown(table, label, ci, simultaneous=()):
    """A distribution as the paper shows it: label, 'count of n', share, Wilson and simultaneous intervals."""
    shown = pd.DataFrame({
        label: table["label"].astype(str).to_numpy(),
        "Records": (table["count"].astype(int).astype(str) + " of " + table["n"].astype(int).astype(str)).to_numpy(),
        "Share (%)": table["share"].map(percent).to_numpy(),
        f"Wilson {ci}": [interval_text(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"])],
    })
    for method in simultaneous:
        if f"{method}_low" in table:
            shown[f"{INTERVAL_NAMES[method]} {ci}"] = [interval_text(lo, hi) for lo, hi in
                                                       zip(table[f"{method}_low"], table[f"{method}_high"])]
    return shown


def top_countries(countries):
    """The rows of the countries flagged as the top ones (describe_records' `top` column)."""
    return countries[bool_column(countries["top"]).to_numpy()]


def categories_table(categories, source: str) -> str:
    return markdown_table(
        distribution_shown(categories, "MIC2025 category", ci_label(categories), simultaneous=("goodman", "sison_glaz")),
        f"Records per MIC2025 category with Wilson and simultaneous (Goodman, Sison–Glaz) intervals. "
        f"Source: {source}.", "tbl-categories")


def countries_note(countries) -> str:
    top = top_countries(countries)
    return (f"The {len(top)} countries shown hold {int(top['count'].sum())} of "
            f"{int(countries['n'].iloc[0])} records.")


def countries_table(countries, source: str) -> str:
    top = top_countries(countries)
    shown = distribution_shown(top, "Country", ci_label(countries), simultaneous=("goodman", "sison_glaz"))
    shown.insert(0, "Rank", top["rank"].astype(int).to_numpy())
    return markdown_table(
        shown, f"The {len(top)} countries with most records, with Wilson and simultaneous (Goodman, Sison–Glaz, "
               f"over all {len(countries)} countries) intervals. Source: {source}.", "tbl-countries")


def institutions_note(institutions) -> str | None:
    """'N of n records state no type.' (None when no record is counted as not stating one)."""
    not_stated = institutions[institutions["base"].eq("all") & institutions["category"].eq("not_stated")]
    if not len(not_stated):
        return None
    return f"{int(not_stated['count'].iloc[0])} of {int(not_stated['n'].iloc[0])} records state no type."


def institutions_table(institutions, source: str) -> str:
    shown = distribution_shown(institutions, "Institution type", ci_label(institutions), simultaneous=("goodman",))
    shown.insert(0, "Base", institutions["base"].map(INSTITUTION_BASES).to_numpy())
    return markdown_table(
        shown, f"Types of targeted institution over all records and over the records that state one, with Wilson "
               f"and simultaneous Goodman intervals. Source: {source}.", "tbl-institutions")


def forms_table(forms, source: str) -> str:
    return markdown_table(
        distribution_shown(forms, "Form of cooperation", ci_label(forms)),
        f"Records naming each form of cooperation (Appendix I terms; a record may name several), with Wilson "
        f"intervals. Source: {source}.", "tbl-cooperation-forms")


def main(smk):
    source = record_source(smk.input.coded)
    figures = Figures()
    plt = figures.plt

    categories = read_table(smk.input.categories)
    figures.save(share_bars(plt, categories, "Share of records (%)", simultaneous="goodman"),
                 smk.output.categories_svg, smk.output.categories_png)
    write_text(smk.output.categories_md, categories_table(categories, source))

    countries = read_table(smk.input.countries)
    figures.save(share_bars(plt, top_countries(countries), "Share of all records (%)", simultaneous="goodman",
                            note=countries_note(countries)),
                 smk.output.countries_svg, smk.output.countries_png)
    write_text(smk.output.countries_md, countries_table(countries, source))

    institutions = read_table(smk.input.institutions)
    stated = institutions[institutions["base"].eq("stated")]
    figures.save(share_bars(plt, stated, "Share of records stating an institution type (%)", simultaneous="goodman",
                            note=institutions_note(institutions)),
                 smk.output.institutions_svg, smk.output.institutions_png)
    write_text(smk.output.institutions_md, institutions_table(institutions, source))

    forms, per_record = read_table(smk.input.forms), read_table(smk.input.forms_per_record)
    figures.save(forms_figure(plt, forms, per_record), smk.output.forms_svg, smk.output.forms_png)
    write_text(smk.output.forms_md, forms_table(forms, source))
