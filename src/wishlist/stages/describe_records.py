"""Distributions of the coded records (the brief's Figures 3, 4, 6, 7 and 8): counts and shares, no intervals.

The records are every bulletin of the study window, a census, so a share such
as 160 of 642 is the share of the bulletins, not an estimate of a larger
population, and carries no sampling interval (no superpopulation is stated or
defended). Its uncertainty is that of the manual codes, which rule
estimate_proportions carries into the category shares
(wishlist.stats.misclassification, results/estimates/misclassification.csv).

Cooperation forms are multi-label (most records name more than one form), so
each form's share is over all records; the number of forms per record is a
separate exclusive distribution.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import read_coded_records
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv
from wishlist.core.numbers import share_numbers, write_numbers

DISTRIBUTION_COLUMNS = ["category", "label", "count", "n", "share"]


def distribution(values, categories: Sequence | None = None, labels: Mapping | None = None,
                 sort_by_count: bool = True):
    """Counts and shares of exclusive categories (a census: no interval).

    `categories` fixes the rows (zero counts kept, e.g. a MIC2025 category no
    record falls in); without it the observed values are the rows. A value
    outside `categories` is an error. Rows are sorted by count (descending,
    ties in category order) unless `sort_by_count` is false.
    """
    import pandas as pd

    values = pd.Series(list(values))
    observed = values.value_counts(sort=False)
    if categories is None:
        categories = sorted(observed.index, key=str)
    else:
        categories = list(categories)
        unknown = sorted(set(observed.index) - set(categories), key=str)
        if unknown:
            raise ValueError(f"values {unknown} are not among the categories {categories}")
    n = len(values)
    if n == 0:
        raise ValueError("no values to describe")
    rows = []
    for category in categories:
        count = int(observed.get(category, 0))
        rows.append({"category": category, "label": (labels or {}).get(category, str(category)), "count": count,
                     "n": n, "share": count / n})
    table = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    if sort_by_count:
        table["_order"] = range(len(table))
        table = table.sort_values(["count", "_order"], ascending=[False, True], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


def records_per_year(coded, first_year: int, last_year: int):
    """Records per filing year over the whole window (the brief's Figure 3), zero years kept."""
    table = distribution(coded["year"].astype(int), categories=range(first_year, last_year + 1),
                         sort_by_count=False)
    return table.drop(columns="label").rename(columns={"category": "year", "count": "records"})


def category_distribution(coded, codebook):
    """Records per MIC2025 category (Figure 4): all eleven codebook categories, English labels."""
    labels = {code: codebook.label("mic2025_categories", code) for code in codebook.category_codes}
    return distribution(coded["mic2025_category"], codebook.category_codes, labels)


def country_distribution(coded, top: int = 8):
    """Records per country (Figure 6), ranked, the first `top` marked."""
    table = distribution(coded["country"])
    table = table.sort_values(["count", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.insert(1, "rank", table["count"].rank(method="min", ascending=False).astype(int))
    table["top"] = table.index < top
    return table


def institution_distribution(coded, codebook, not_stated: str = "not_stated"):
    """Institution types (Figure 7) over all records and over the records that state one (the brief's 529).

    Long table: `base` is "all" (every type, not-stated included, over all
    records) or "stated" (the other types over the records that state a type,
    the base of the brief's percentages).
    """
    import pandas as pd

    codes = codebook.institution_codes
    labels = {code: codebook.label("institution_types", code) for code in codes}
    everything = distribution(coded["institution_type"], codes, labels)
    stated_values = coded.loc[coded["institution_type"].ne(not_stated), "institution_type"]
    stated_codes = [c for c in codes if c != not_stated]
    stated = distribution(stated_values, stated_codes, labels)
    table = pd.concat([everything.assign(base="all"), stated.assign(base="stated")], ignore_index=True)
    table.insert(0, "base", table.pop("base"))
    return table


def split_forms(cell: str) -> list[str]:
    return [code for code in str(cell).split(";") if code]


def cooperation_form_shares(coded, codebook):
    """Records naming each cooperation form (Figure 8), each share over all records (multi-label)."""
    import pandas as pd

    named = coded["cooperation_forms"].map(lambda cell: set(split_forms(cell)))
    codes = [form["code"] for form in codebook.cooperation_forms]
    unknown = sorted(set().union(*named) - set(codes)) if len(named) else []
    if unknown:
        raise ValueError(f"cooperation forms {unknown} are not in the codebook")
    n = len(coded)
    rows = []
    for form in codebook.cooperation_forms:
        count = int(named.map(lambda found, c=form["code"]: c in found).sum())
        rows.append({"category": form["code"], "label": form["en"], "count": count, "n": n,
                     "share": count / n if n else float("nan")})
    table = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    table["_order"] = range(len(table))
    return table.sort_values(["count", "_order"], ascending=[False, True], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def forms_per_record(coded):
    """How many forms each record names (0, 1, 2, ...)."""
    counts = coded["n_cooperation_forms"].astype(int)
    table = distribution(counts, categories=range(int(counts.max()) + 1 if len(counts) else 1),
                         sort_by_count=False)
    table["label"] = table["category"].map(lambda k: f"{k} form" if k == 1 else f"{k} forms")
    return table


def snake(text: str) -> str:
    """A numbers.yml key from a name: 'United States' -> 'united_states' (the keys of the `countries` numbers)."""
    key = re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")
    if not key:
        raise ValueError(f"{text!r} gives an empty key")
    return key if not key[0].isdigit() else f"n_{key}"


def row_share(row) -> dict:
    """numbers.yml fragment of one distribution row: count, n and share, no interval (a census)."""
    return share_numbers(row["count"], row["n"])


def main(smk):
    """Rule describe_records: coded records -> distributions by category, country, institution type, form."""
    codebook = load_codebook(smk.input.codebook)
    coded = read_coded_records(smk.input.coded)
    try:
        categories = category_distribution(coded, codebook)
        countries = country_distribution(coded, top=8)
        institutions = institution_distribution(coded, codebook)
        forms = cooperation_form_shares(coded, codebook)
        per_record = forms_per_record(coded)
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None

    write_csv(smk.output.categories, categories)
    write_csv(smk.output.countries, countries)
    write_csv(smk.output.institutions, institutions)
    write_csv(smk.output.forms, forms)
    write_csv(smk.output.forms_per_record, per_record)

    top = countries[countries["top"]]
    stated = institutions[institutions["base"].eq("stated")]
    everything = institutions[institutions["base"].eq("all")]
    mic = categories[categories["category"].ne("other")]
    numbers = {
        "records": len(coded),
        "categories": {row["category"]: row_share(row) for _, row in categories.iterrows()},
        "largest_category": categories.iloc[0]["label"],
        "mic2025_records": share_numbers(int(mic["count"].sum()), len(coded)),
        "countries_total": len(countries),
        "countries": {snake(row["category"]): {"rank": int(row["rank"]), **row_share(row)}
                      for _, row in top.iterrows()},
        "top_countries": ", ".join(top["category"]),
        "institution_types_stated": {row["category"]: row_share(row) for _, row in stated.iterrows()},
        "institution_types_all": {row["category"]: row_share(row) for _, row in everything.iterrows()},
        "cooperation_forms": {row["category"]: row_share(row) for _, row in forms.iterrows()},
        "most_named_form": forms.iloc[0]["label"],
        "forms_per_record": {f"forms_{int(row['category'])}": row_share(row) for _, row in per_record.iterrows()},
    }
    write_numbers(smk.output.numbers, numbers)
