"""Rule estimate_proportions: coded records -> headline shares, cross-tabs and misclassification bounds.

The records are a census of the 2015-2020 bulletins, so the shares carry no
sampling interval. What makes a share built on the manual category code
uncertain is coding error: `misclassification_table` carries the coders'
agreement on the double-coded records (rule reliability) into bounds on every
category share and on the headline shares that use the category
(wishlist.stats.misclassification states the model).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import read_coded_records
from wishlist.brief.vocabulary import HOUSTON, RAS_TARGET, RUSSIA, UNITED_STATES
from wishlist.core.errors import StudyInputError
from wishlist.core.files import bool_column, read_yaml, write_csv
from wishlist.core.numbers import share_numbers, write_numbers
from wishlist.stages.describe_records import distribution, records_per_year
from wishlist.stats.misclassification import (
    MODEL,
    category_bounds,
    composition_bounds,
    count_bounds,
    error_rate,
    union_bounds,
)

IT_CATEGORY = "information_technology"
BIOPHARMA_CATEGORY = "biopharma_medical"
GOVERNMENT_LAB = "government_lab"
NOT_STATED = "not_stated"
MULTIPLE_FORMS = 2  # "most reports list more than one method of cooperation"

SHARE_COLUMNS = ["key", "quantity", "base", "count", "n", "share"]
MISCLASSIFICATION_COLUMNS = ["key", "quantity", "base", "count", "n", "share", "count_low", "count_high",
                             "share_low", "share_high", "count_low_at_estimate", "count_high_at_estimate",
                             "share_low_at_estimate", "share_high_at_estimate", "error_rate",
                             "error_rate_at_estimate", "model"]


@dataclass(frozen=True)
class Headline:
    """One share: which records count (numerator) among which records (base)."""

    key: str
    quantity: str
    base: str
    numerator: Callable
    denominator: Callable


def _all(coded):
    return coded["file_number"].notna()


def _top_countries(coded, k: int) -> list[str]:
    """The k countries with most records (ties broken by name, so the choice is stable)."""
    counts = coded["country"].value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [country for country, _ in ordered[:k]]


def _in_top(k):
    return lambda c: c["country"].isin(_top_countries(c, k))


def _us(c):
    return c["country"].eq(UNITED_STATES)


def _stated(c):
    return c["institution_type"].ne(NOT_STATED)


HEADLINES: tuple[Headline, ...] = (
    Headline("ai_share", "AI/ML keyword records (endnote 38)", "all records",
             lambda c: c["ai_flag"], _all),
    Headline("biotech_or_ai_share", "Biopharma category or AI/ML keyword records", "all records",
             lambda c: c["mic2025_category"].eq(BIOPHARMA_CATEGORY) | c["ai_flag"], _all),
    Headline("government_lab_ai_share", "AI/ML keyword records among government laboratories",
             "government-laboratory records", lambda c: c["ai_flag"],
             lambda c: c["institution_type"].eq(GOVERNMENT_LAB)),
    Headline("us_share", "Records from the United States", "all records", _us, _all),
    Headline("top_four_share", "Records from the four largest source countries", "all records", _in_top(4), _all),
    Headline("top_eight_share", "Records from the eight largest source countries", "all records", _in_top(8), _all),
    Headline("houston_share_of_us", "Houston consulate's share of US records", "US records",
             lambda c: c["post_en"].eq(HOUSTON), _us),
    Headline("ras_share_of_russia", "Russian Academy of Sciences' share of Russian records", "Russian records",
             lambda c: c["target_name"].eq(RAS_TARGET), lambda c: c["country"].eq(RUSSIA)),
    Headline("us_share_of_it", "US share of information-technology records", "IT records",
             _us, lambda c: c["mic2025_category"].eq(IT_CATEGORY)),
    Headline("it_share_of_us", "Information technology's share of US records", "US records",
             lambda c: c["mic2025_category"].eq(IT_CATEGORY), _us),
    Headline("allies_share", "Records from US allies (endnote 55), United States not counted", "all records",
             lambda c: c["us_ally"], _all),
    Headline("allies_and_us_share", "Records from US allies or the United States", "all records",
             lambda c: c["us_ally"] | _us(c), _all),
    Headline("allies_share_of_non_us", "Records from US allies among records outside the United States",
             "non-US records", lambda c: c["us_ally"], lambda c: ~_us(c)),
    Headline("institution_stated_share", "Records stating the type of institution", "all records", _stated, _all),
    Headline("company_share_of_stated", "Companies", "records stating an institution type",
             lambda c: c["institution_type"].eq("company"), _stated),
    Headline("university_share_of_stated", "Universities", "records stating an institution type",
             lambda c: c["institution_type"].eq("university"), _stated),
    Headline("government_lab_share_of_stated", "Government laboratories", "records stating an institution type",
             lambda c: c["institution_type"].eq(GOVERNMENT_LAB), _stated),
    Headline("other_institution_share_of_stated", "Other institutions", "records stating an institution type",
             lambda c: c["institution_type"].eq("other"), _stated),
    Headline("multiple_forms_share", "Records naming two or more cooperation forms", "all records",
             lambda c: c["n_cooperation_forms"].astype(int).ge(MULTIPLE_FORMS), _all),
)


def prepare(coded):
    """Coded records with boolean flags (CSV round trips may give strings)."""
    coded = coded.copy()
    for column in ("ai_flag", "us_ally"):
        coded[column] = bool_column(coded[column])
    return coded


def share_row(key: str, quantity: str, base: str, count: int, n: int):
    """One table row of a census share; an empty base gives count 0, n 0 and an empty share (never an error)."""
    return {"key": key, "quantity": quantity, "base": base, "count": count, "n": n,
            "share": count / n if n else float("nan")}


def headline_shares(coded, headlines: Sequence[Headline] = HEADLINES):
    """Every headline share, one row per `Headline` (a census share: no sampling interval)."""
    import pandas as pd

    coded = prepare(coded)
    rows = []
    for h in headlines:
        base = h.denominator(coded).astype(bool)
        hit = h.numerator(coded).astype(bool) & base
        rows.append(share_row(h.key, h.quantity, h.base, int(hit.sum()), int(base.sum())))
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)


def sources_of(coded, category: str):
    """Records of one MIC2025 category per country, ranked (is the United States the largest IT source?)."""
    import pandas as pd

    counts = coded.loc[coded["mic2025_category"].eq(category), "country"].value_counts()
    table = pd.DataFrame({"country": counts.index, "records": counts.to_numpy()})
    table = table.sort_values(["records", "country"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table.insert(0, "rank", table["records"].rank(method="min", ascending=False).astype(int))
    table["share_of_category"] = table["records"] / max(1, int(counts.sum()))
    return table


def largest_source(sources, country: str) -> dict:
    """Whether `country` is the (sole) largest source, the runner-up, and an exact test of the lead.

    The test asks whether the lead over the runner-up could be chance: given the
    records of the two countries, is the leader's count compatible with an even
    split (two-sided exact binomial test, scipy.stats.binomtest)? A descriptive
    check, not part of the brief.
    """
    from scipy.stats import binomtest

    def records_of(name):
        match = sources.loc[sources["country"].eq(name), "records"]
        return int(match.iloc[0]) if len(match) else 0

    own = records_of(country)
    others = sources.loc[sources["country"].ne(country)]
    runner_up = others.iloc[0] if len(others) else None
    runner_records = int(runner_up["records"]) if runner_up is not None else 0
    result = {
        "records": own,
        "largest": bool(own > 0 and own > runner_records),
        "tied_largest": bool(own > 0 and own == runner_records),
        "runner_up": str(runner_up["country"]) if runner_up is not None else "",
        "runner_up_records": runner_records,
    }
    if own + runner_records > 0:
        result["lead_test_p"] = float(binomtest(own, own + runner_records, 0.5).pvalue)
    return result


def government_labs(coded):
    """Government-laboratory targets with their records and AI-related records (endnote 60 lists those with >1)."""
    coded = prepare(coded)
    labs = coded.loc[coded["institution_type"].eq(GOVERNMENT_LAB)].copy()
    labs["target_name"] = labs["target_name"].where(labs["target_name"].ne(""), "(not named)")
    table = labs.groupby(["target_name", "country"], sort=False).agg(
        records=("file_number", "size"), ai_records=("ai_flag", "sum")).reset_index()
    table["ai_records"] = table["ai_records"].astype(int)
    table["more_than_one"] = table["records"] > 1
    return table.sort_values(["records", "target_name"], ascending=[False, True], kind="stable").reset_index(
        drop=True)


def post_distribution(coded, country: str):
    """Records of one country per referring post, with their shares of the country's records."""
    import pandas as pd

    posts = coded.loc[coded["country"].eq(country), "post_en"]
    if posts.empty:
        return pd.DataFrame(columns=["country", "post", "count", "n", "share"])
    table = distribution(posts).drop(columns="label")
    table.insert(0, "country", country)
    return table.rename(columns={"category": "post"})


def _bounds_row(key, quantity, base, count, n, low, high, low_point, high_point, rate) -> dict:
    """One misclassification row: raw count and share beside the bounds at e's upper limit and at its estimate."""
    share = (lambda v: v / n) if n else (lambda v: float("nan"))
    return {"key": key, "quantity": quantity, "base": base, "count": count, "n": n, "share": share(count),
            "count_low": low, "count_high": high, "share_low": share(low), "share_high": share(high),
            "count_low_at_estimate": low_point, "count_high_at_estimate": high_point,
            "share_low_at_estimate": share(low_point), "share_high_at_estimate": share(high_point),
            "error_rate": rate.rate_high, "error_rate_at_estimate": rate.rate, "model": MODEL}


def misclassification_table(coded, codebook, rate):
    """Raw shares and their misclassification bounds: every MIC2025 category, then the headlines built on one.

    `rate`: the coders' error rate (wishlist.stats.misclassification.ErrorRate).
    Bounds at e's upper limit (rate.rate_high, from the lower Wilson limit of the
    agreement) are the main ones; those at e's estimate are beside them.
    """
    import pandas as pd

    coded = prepare(coded)
    n = len(coded)
    category = coded["mic2025_category"]
    counts = {code: int(category.eq(code).sum()) for code in codebook.category_codes}
    wide, point = category_bounds(counts, rate.rate_high), category_bounds(counts, rate.rate)
    rows = [_bounds_row(f"category_{code}", codebook.label("mic2025_categories", code), "all records", counts[code],
                        n, *wide.loc[i, ["count_low", "count_high"]], *point.loc[i, ["count_low", "count_high"]],
                        rate)
            for i, code in enumerate(codebook.category_codes)]

    bio, ai = category.eq(BIOPHARMA_CATEGORY), coded["ai_flag"]
    union_args = (int(bio.sum()), int((bio & ai).sum()), int((bio | ai).sum()), n)
    rows.append(_bounds_row("biotech_or_ai_share", "Biopharma category or AI/ML keyword records", "all records",
                            union_args[2], n, *union_bounds(*union_args, rate.rate_high),
                            *union_bounds(*union_args, rate.rate), rate))

    us, it = _us(coded), category.eq(IT_CATEGORY)
    us_it, n_us = int((us & it).sum()), int(us.sum())
    rows.append(_bounds_row("it_share_of_us", "Information technology's share of US records", "US records",
                            us_it, n_us, *count_bounds(us_it, rate.rate_high, n_us),
                            *count_bounds(us_it, rate.rate, n_us), rate))

    other_it = int((~us & it).sum())
    row = _bounds_row("us_share_of_it", "US share of information-technology records", "IT records", us_it,
                      us_it + other_it, us_it, us_it, us_it, us_it, rate)
    # both the US and the other IT counts move, so the share's bounds are not a count over a fixed base
    (row["share_low"], row["share_high"]) = composition_bounds(us_it, other_it, rate.rate_high)
    (row["share_low_at_estimate"], row["share_high_at_estimate"]) = composition_bounds(us_it, other_it, rate.rate)
    for column in ("count_low", "count_high", "count_low_at_estimate", "count_high_at_estimate"):
        row[column] = float("nan")
    rows.append(row)
    return pd.DataFrame(rows, columns=MISCLASSIFICATION_COLUMNS)


def largest_category_robust(bounds) -> dict:
    """Does the largest category stay ahead of every other whatever the misclassification? (low end > each high end)"""
    categories = bounds[bounds["key"].str.startswith("category_")]
    ordered = categories.sort_values("count", ascending=False, kind="stable")
    first, rest = ordered.iloc[0], ordered.iloc[1:]
    runner = rest.sort_values("count_high", ascending=False, kind="stable").iloc[0]
    return {"largest": first["quantity"], "largest_low_pct": float(first["share_low"]),
            "runner_up": ordered.iloc[1]["quantity"], "highest_other": runner["quantity"],
            "highest_other_high_pct": float(runner["share_high"]),
            "robust": bool(first["count_low"] > rest["count_high"].max())}


def agreement_of(reliability: dict) -> tuple[int, int]:
    """(agreements, double-coded records) on the category, from rule reliability's numbers fragment."""
    return int(reliability["mic2025_category"]["agreements"]), int(reliability["double_coded"])


def main(smk):
    level = smk.params.level
    window = smk.params.window
    coded = read_coded_records(smk.input.coded)
    codebook = load_codebook(smk.input.codebook)
    try:
        shares = headline_shares(coded)
        per_year = records_per_year(coded, window["first_year"], window["last_year"])
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None
    us_posts = post_distribution(coded, UNITED_STATES)
    it_sources = sources_of(coded, IT_CATEGORY)
    labs = government_labs(coded)
    agreed, double_coded = agreement_of(read_yaml(smk.input.reliability))
    rate = error_rate(agreed, double_coded, len(codebook.category_codes), level)
    bounds = misclassification_table(coded, codebook, rate)

    write_csv(smk.output.proportions, shares)
    write_csv(smk.output.misclassification, bounds)
    write_csv(smk.output.per_year, per_year)
    write_csv(smk.output.us_posts, us_posts)
    write_csv(smk.output.it_sources, it_sources)
    write_csv(smk.output.labs, labs)

    counts = coded["country"].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    multi_labs = labs[labs["more_than_one"]]
    numbers = {row["key"]: share_numbers(row["count"], row["n"]) for row in shares.to_dict("records")}
    numbers.update({
        "records": len(coded),
        "top_four_countries": ", ".join(c for c, _ in ranked[:4]),
        "us_it": largest_source(it_sources, UNITED_STATES),
        "largest_post": str(coded["post_en"].value_counts().sort_index().idxmax()) if len(coded) else "",
        "largest_post_records": int(coded["post_en"].value_counts().max()) if len(coded) else 0,
        "government_labs": len(labs),
        "government_labs_more_than_one_record": len(multi_labs),
        "per_year": {f"year_{int(row['year'])}": share_numbers(row["records"], row["n"])
                     for row in per_year.to_dict("records")},
        "misclassification": {
            **rate.as_numbers(), "confidence_level_pct": level,
            "largest_category": largest_category_robust(bounds),
            **{row["key"]: {key: row[key] for key in ("count", "n") if row[key] == row[key]}
               | {"share_pct": row["share"], "low_pct": row["share_low"], "high_pct": row["share_high"],
                  "low_at_estimate_pct": row["share_low_at_estimate"],
                  "high_at_estimate_pct": row["share_high_at_estimate"]}
               for row in bounds.to_dict("records")},
        },
    })
    write_numbers(smk.output.numbers, numbers)
