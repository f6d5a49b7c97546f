"""Distributions of the coded records (the brief's Figures 3, 4, 6, 7 and 8), each share with an interval.

Every share is a count of records over a stated base with a Wilson interval
(`proportions.proportion_ci`). Where the categories are exclusive (filing year,
MIC2025 category, country, institution type) the table also carries
simultaneous multinomial intervals (`proportions.multinomial_cis`): Goodman for
any number of categories, Sison-Glaz where statsmodels' validity condition (at
least 7 categories) holds and the intervals are not degenerate. A multinomial
method that cannot be computed leaves its columns empty and says why in
`table.attrs["skipped"]`, never a silent NaN.

Cooperation forms are multi-label (most records name more than one form), so
they get one binomial interval per form over all records and no multinomial
interval; the number of forms per record is a separate exclusive distribution.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import read_coded_records
from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import write_csv
from wishlist.core.numbers import row_numbers, write_numbers
from wishlist.stats.proportions import MAIN_METHOD, multinomial_cis, proportion_ci

MULTINOMIAL_COLUMNS = ("goodman", "sison_glaz")
DISTRIBUTION_COLUMNS = ["category", "label", "count", "n", "share", "ci_low", "ci_high", "ci_method", "level"]


def distribution(values, level: float, categories: Sequence | None = None, labels: Mapping | None = None,
                 sort_by_count: bool = True):
    """Counts and Wilson shares of exclusive categories.

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
        ci = proportion_ci(count, n, MAIN_METHOD, level)
        rows.append({"category": category, "label": (labels or {}).get(category, str(category)), "count": count,
                     "n": n, "share": ci.estimate, "ci_low": ci.low, "ci_high": ci.high, "ci_method": ci.method,
                     "level": level})
    table = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    if sort_by_count:
        table["_order"] = range(len(table))
        table = table.sort_values(["count", "_order"], ascending=[False, True], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)


def add_multinomial(table, level: float, methods: Iterable[str] = MULTINOMIAL_COLUMNS):
    """Add `<method>_low`/`<method>_high` simultaneous intervals; record skipped methods in attrs["skipped"]."""
    table = table.copy()
    skipped = dict(table.attrs.get("skipped", {}))
    counts = dict(zip(table["category"].astype(str), table["count"].astype(int)))
    for method in methods:
        try:
            region = multinomial_cis(counts, level, method)
        except ValueError as error:
            table[f"{method}_low"] = float("nan")
            table[f"{method}_high"] = float("nan")
            skipped[method] = str(error)
            continue
        table[f"{method}_low"] = region["low"].to_numpy()
        table[f"{method}_high"] = region["high"].to_numpy()
    table.attrs["skipped"] = skipped
    return table


def records_per_year(coded, level: float, first_year: int, last_year: int):
    """Records per filing year over the whole window (the brief's Figure 3), zero years kept, with Goodman."""
    table = distribution(coded["year"].astype(int), level, categories=range(first_year, last_year + 1),
                         sort_by_count=False)
    table = add_multinomial(table, level, ["goodman"])
    return table.drop(columns="label").rename(columns={"category": "year", "count": "records"})


def category_distribution(coded, codebook, level: float):
    """Records per MIC2025 category (Figure 4): all eleven codebook categories, English labels, both multinomials."""
    labels = {code: codebook.label("mic2025_categories", code) for code in codebook.category_codes}
    table = distribution(coded["mic2025_category"], level, codebook.category_codes, labels)
    return add_multinomial(table, level)


def country_distribution(coded, level: float, top: int = 8):
    """Records per country (Figure 6), ranked, the first `top` marked; both multinomials over all countries."""
    table = distribution(coded["country"], level)
    table = table.sort_values(["count", "category"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.insert(1, "rank", table["count"].rank(method="min", ascending=False).astype(int))
    table["top"] = table.index < top
    return add_multinomial(table, level)


def institution_distribution(coded, codebook, level: float, not_stated: str = "not_stated"):
    """Institution types (Figure 7) over all records and over the records that state one (the brief's 529).

    Long table: `base` is "all" (every type, not-stated included, over all
    records) or "stated" (the other types over the records that state a type,
    the base of the brief's percentages). Goodman intervals for both bases.
    """
    import pandas as pd

    codes = codebook.institution_codes
    labels = {code: codebook.label("institution_types", code) for code in codes}
    everything = add_multinomial(distribution(coded["institution_type"], level, codes, labels), level, ["goodman"])
    stated_values = coded.loc[coded["institution_type"].ne(not_stated), "institution_type"]
    stated_codes = [c for c in codes if c != not_stated]
    stated = add_multinomial(distribution(stated_values, level, stated_codes, labels), level, ["goodman"])
    table = pd.concat([everything.assign(base="all"), stated.assign(base="stated")], ignore_index=True)
    table.insert(0, "base", table.pop("base"))
    return table


def split_forms(cell: str) -> list[str]:
    return [code for code in str(cell).split(";") if code]


def cooperation_form_shares(coded, codebook, level: float):
    """Records naming each cooperation form (Figure 8), one Wilson interval each over all records (multi-label)."""
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
        ci = proportion_ci(count, n, MAIN_METHOD, level)
        rows.append({"category": form["code"], "label": form["en"], "count": count, "n": n, "share": ci.estimate,
                     "ci_low": ci.low, "ci_high": ci.high, "ci_method": ci.method, "level": level})
    table = pd.DataFrame(rows, columns=DISTRIBUTION_COLUMNS)
    table["_order"] = range(len(table))
    return table.sort_values(["count", "_order"], ascending=[False, True], kind="stable").drop(
        columns="_order").reset_index(drop=True)


def forms_per_record(coded, level: float):
    """How many forms each record names (0, 1, 2, ...), with Wilson and Goodman intervals."""
    counts = coded["n_cooperation_forms"].astype(int)
    table = distribution(counts, level, categories=range(int(counts.max()) + 1 if len(counts) else 1),
                         sort_by_count=False)
    table["label"] = table["category"].map(lambda k: f"{k} form" if k == 1 else f"{k} forms")
    return add_multinomial(table, level, ["goodman"])


def snake(text: str) -> str:
    """A numbers.yml key from a name: 'United States' -> 'united_states' (the keys of the `countries` numbers)."""
    key = re.sub(r"[^0-9a-z]+", "_", str(text).lower()).strip("_")
    if not key:
        raise ValueError(f"{text!r} gives an empty key")
    return key if not key[0].isdigit() else f"n_{key}"


def top_two_separated(categories) -> bool | None:
    """Whether the simultaneous intervals of the two largest categories are disjoint (None: not computed)."""
    if len(categories) < 2 or "goodman_low" not in categories.columns:
        return None
    low, high = float(categories.iloc[0]["goodman_low"]), float(categories.iloc[1]["goodman_high"])
    if math.isnan(low) or math.isnan(high):  # the multinomial intervals were not computed
        return None
    return bool(low > high)


def main(smk):
    """Rule describe_records: coded records -> distributions by category, country, institution type, form."""
    level = smk.params.level
    codebook = load_codebook(smk.input.codebook)
    coded = read_coded_records(smk.input.coded)
    try:
        categories = category_distribution(coded, codebook, level)
        countries = country_distribution(coded, level, top=8)
        institutions = institution_distribution(coded, codebook, level)
        forms = cooperation_form_shares(coded, codebook, level)
        per_record = forms_per_record(coded, level)
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None

    skipped = {}
    for name, table in (("categories", categories), ("countries", countries), ("institution_types", institutions),
                        ("forms_per_record", per_record)):
        for method, reason in table.attrs.get("skipped", {}).items():
            skipped[f"{name}_{method}"] = reason
    with rule_log() as log:
        for key, reason in sorted(skipped.items()):
            print(f"multinomial interval not computed, {key}: {reason}", file=log)

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
        "confidence_level_pct": level,
        "records": len(coded),
        "categories": {row["category"]: row_numbers(row) for _, row in categories.iterrows()},
        "largest_category": categories.iloc[0]["label"],
        # can the two largest categories be ranked? their simultaneous (Goodman) intervals, compared
        "top_two_categories_separated": top_two_separated(categories),
        "mic2025_records": proportion_ci(int(mic["count"].sum()), len(coded), "wilson", level).as_numbers(),
        "countries_total": len(countries),
        "countries": {snake(row["category"]): {"rank": int(row["rank"]), **row_numbers(row)}
                      for _, row in top.iterrows()},
        "top_countries": ", ".join(top["category"]),
        "institution_types_stated": {row["category"]: row_numbers(row) for _, row in stated.iterrows()},
        "institution_types_all": {row["category"]: row_numbers(row) for _, row in everything.iterrows()},
        "cooperation_forms": {row["category"]: row_numbers(row) for _, row in forms.iterrows()},
        "most_named_form": forms.iloc[0]["label"],
        "forms_per_record": {f"forms_{int(row['category'])}": row_numbers(row) for _, row in per_record.iterrows()},
        "multinomial_not_computed": ", ".join(sorted(skipped)) or "none",
    }
    write_numbers(smk.output.numbers, numbers)
