"""Rule figures_tables: estimate tables -> the paper's figures (SVG+PNG, with intervals) and Quarto pipe tables."""

import pandas as pd

from wishlist.brief.records import data_source
from wishlist.core.files import write_text
from wishlist.present.figures import style as figures
from wishlist.present.figures.paper import (
    case_study_figure,
    case_study_shown,
    distribution_shown,
    forms_figure,
    outcome_source,
    per_year_figure,
    precision_shown,
    read,
    sensitivity_shown,
    share_bars,
    share_points,
)
from wishlist.present.tables import markdown_table
from wishlist.stages.describe_records import interval_text, percent


def main(smk):
    coded = pd.read_csv(smk.input.coded, dtype=str, keep_default_na=False)
    source = data_source(coded)
    plt = figures.setup()

    def save(fig, svg, png):
        figures.save(fig, svg, png)
        plt.close(fig)

    per_year = read(smk.input.per_year)
    level = float(per_year["level"].iloc[0])
    ci = f"{100 * level:g} % CI (%)"
    save(per_year_figure(plt, per_year), smk.output.per_year_svg, smk.output.per_year_png)

    categories = read(smk.input.categories)
    save(share_bars(plt, categories, "Share of records (%)", simultaneous="goodman"),
         smk.output.categories_svg, smk.output.categories_png)
    write_text(smk.output.categories_md, markdown_table(
        distribution_shown(categories, "MIC2025 category", ci, simultaneous=("goodman", "sison_glaz")),
        f"Records per MIC2025 category with Wilson and simultaneous (Goodman, Sison–Glaz) intervals. "
        f"Source: {source}.", "tbl-categories"))

    countries = read(smk.input.countries)
    top = countries[countries["top"].astype(str).eq("True")]
    save(share_bars(plt, top, "Share of all records (%)", simultaneous="goodman",
                    note=f"The {len(top)} countries shown hold {int(top['count'].sum())} of "
                         f"{int(countries['n'].iloc[0])} records."),
         smk.output.countries_svg, smk.output.countries_png)
    shown = distribution_shown(top, "Country", ci, simultaneous=("goodman", "sison_glaz"))
    shown.insert(0, "Rank", top["rank"].astype(int).to_numpy())
    write_text(smk.output.countries_md, markdown_table(
        shown, f"The {len(top)} countries with most records, with Wilson and simultaneous (Goodman, Sison–Glaz, "
               f"over all {len(countries)} countries) intervals. Source: {source}.", "tbl-countries"))

    institutions = read(smk.input.institutions)
    stated = institutions[institutions["base"].eq("stated")]
    not_stated = institutions[institutions["base"].eq("all") & institutions["category"].eq("not_stated")]
    note = (f"{int(not_stated['count'].iloc[0])} of {int(not_stated['n'].iloc[0])} records state no type."
            if len(not_stated) else None)
    save(share_bars(plt, stated, "Share of records stating an institution type (%)", simultaneous="goodman",
                    note=note), smk.output.institutions_svg, smk.output.institutions_png)
    shown = distribution_shown(institutions, "Institution type", ci, simultaneous=("goodman",))
    shown.insert(0, "Base", institutions["base"].map({"all": "all records",
                                                      "stated": "records stating a type"}).to_numpy())
    write_text(smk.output.institutions_md, markdown_table(
        shown, f"Types of targeted institution over all records and over the records that state one, with Wilson "
               f"and simultaneous Goodman intervals. Source: {source}.", "tbl-institutions"))

    forms, per_record = read(smk.input.forms), read(smk.input.forms_per_record)
    save(forms_figure(plt, forms, per_record), smk.output.forms_svg, smk.output.forms_png)
    write_text(smk.output.forms_md, markdown_table(
        distribution_shown(forms, "Form of cooperation", ci),
        f"Records naming each form of cooperation (Appendix I terms; a record may name several), with Wilson "
        f"intervals. Source: {source}.", "tbl-cooperation-forms"))

    proportions = read(smk.input.proportions)
    save(share_points(plt, proportions), smk.output.headline_svg, smk.output.headline_png)
    write_text(smk.output.proportions_md, markdown_table(
        pd.DataFrame({
            "Quantity": proportions["quantity"],
            "Base": proportions["base"],
            "Records": proportions["count"].astype(str) + " of " + proportions["n"].astype(str),
            "Share (%)": proportions["share"].map(lambda v: "" if pd.isna(v) else percent(v)),
            ci: [interval_text(lo, hi) for lo, hi in zip(proportions["ci_low"], proportions["ci_high"])],
            "Interval": proportions["ci_method"].str.capitalize(),
        }), f"Shares with confidence intervals. Source: {source}.", "tbl-proportions"))

    sensitivity = read(smk.input.sensitivity)
    write_text(smk.output.sensitivity_md, markdown_table(
        sensitivity_shown(sensitivity),
        f"Headline shares under four interval methods ({100 * level:g} %): Wilson (main), Clopper–Pearson, "
        f"Jeffreys, Agresti–Coull. Source: {source}.", "tbl-sensitivity"))

    cases = read(smk.input.cases)
    case_source = outcome_source(cases)
    tables = {name: read(getattr(smk.input, name)) for name in ("by_method", "finite", "bounds", "outcomes",
                                                                "precision")}
    save(case_study_figure(plt, tables), smk.output.case_study_svg, smk.output.case_study_png)
    write_text(smk.output.case_study_md, markdown_table(
        case_study_shown(tables, ci),
        f"Share of sampled companies that partnered or exposed their IP, under each interval method, treatment "
        f"of the unknown outcomes and population model. Source: {case_source}.", "tbl-case-study"))
    write_text(smk.output.precision_md, markdown_table(
        precision_shown(tables["precision"]),
        f"Case studies needed for an interval of ±margin ({100 * level:g} %, normal approximation, worst case "
        "p = 0.5), with and without the finite-population correction for the sample frame, and the margin the drawn "
        "sample achieves.", "tbl-precision"))
