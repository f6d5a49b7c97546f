"""Rule estimate_proportions: coded records -> headline shares and cross-tabs with Wilson intervals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wishlist.brief.records import read_coded_records
from wishlist.brief.vocabulary import HOUSTON, RAS_TARGET, RUSSIA, UNITED_STATES
from wishlist.core.errors import StudyInputError
from wishlist.core.files import bool_column, write_csv
from wishlist.core.numbers import row_numbers, write_numbers
from wishlist.stages.describe_records import distribution, records_per_year
from wishlist.stats.proportions import (
    MAIN_METHOD,
    proportion_ci,
    sensitivity,
)

IT_CATEGORY = "information_technology"
BIOPHARMA_CATEGORY = "biopharma_medical"
GOVERNMENT_LAB = "government_lab"
NOT_STATED = "not_stated"
MULTIPLE_FORMS = 2  # "most reports list more than one method of cooperation"

SHARE_COLUMNS = ["key", "quantity", "base", "count", "n", "share", "ci_low", "ci_high", "ci_method", "level"]


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


def share_row(key: str, quantity: str, base: str, count: int, n: int, level: float, method: str = MAIN_METHOD):
    """One table row; an empty base gives count 0, n 0 and no interval (never an error or a NaN number)."""
    if n == 0:
        return {"key": key, "quantity": quantity, "base": base, "count": count, "n": 0, "share": float("nan"),
                "ci_low": float("nan"), "ci_high": float("nan"), "ci_method": method, "level": level}
    ci = proportion_ci(count, n, method, level)
    return {"key": key, "quantity": quantity, "base": base, "count": count, "n": n, "share": ci.estimate,
            "ci_low": ci.low, "ci_high": ci.high, "ci_method": method, "level": level}


def headline_shares(coded, level: float, headlines: Sequence[Headline] = HEADLINES):
    """Every headline share with its Wilson interval, one row per `Headline`."""
    import pandas as pd

    coded = prepare(coded)
    rows = []
    for h in headlines:
        base = h.denominator(coded).astype(bool)
        hit = h.numerator(coded).astype(bool) & base
        rows.append(share_row(h.key, h.quantity, h.base, int(hit.sum()), int(base.sum()), level))
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


def post_distribution(coded, country: str, level: float):
    """Records of one country per referring post, with Wilson shares of the country's records."""
    import pandas as pd

    posts = coded.loc[coded["country"].eq(country), "post_en"]
    if posts.empty:
        return pd.DataFrame(columns=["country", "post", "count", "n", "share", "ci_low", "ci_high", "ci_method",
                                     "level"])
    table = distribution(posts, level).drop(columns="label")
    table.insert(0, "country", country)
    return table.rename(columns={"category": "post"})


def main(smk):
    level = smk.params.level
    window = smk.params.window
    coded = read_coded_records(smk.input.coded)
    try:
        shares = headline_shares(coded, level)
        per_year = records_per_year(coded, level, window["first_year"], window["last_year"])
    except ValueError as error:
        raise StudyInputError(smk.input.coded, str(error)) from None
    us_posts = post_distribution(coded, UNITED_STATES, level)
    it_sources = sources_of(coded, IT_CATEGORY)
    labs = government_labs(coded)

    write_csv(smk.output.proportions, shares)
    write_csv(smk.output.sensitivity, sensitivity(shares, level))
    write_csv(smk.output.per_year, per_year)
    write_csv(smk.output.us_posts, us_posts)
    write_csv(smk.output.it_sources, it_sources)
    write_csv(smk.output.labs, labs)

    counts = coded["country"].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    multi_labs = labs[labs["more_than_one"]]
    numbers = {row["key"]: row_numbers(row) for row in shares.to_dict("records")}
    numbers.update({
        "confidence_level_pct": level,
        "records": len(coded),
        "top_four_countries": ", ".join(c for c, _ in ranked[:4]),
        "us_it": largest_source(it_sources, UNITED_STATES),
        "largest_post": str(coded["post_en"].value_counts().sort_index().idxmax()) if len(coded) else "",
        "largest_post_records": int(coded["post_en"].value_counts().max()) if len(coded) else 0,
        "government_labs": len(labs),
        "government_labs_more_than_one_record": len(multi_labs),
        "per_year": {f"year_{int(row['year'])}": row_numbers(
            {**row, "count": row["records"]}) for row in per_year.to_dict("records")},
    })
    write_numbers(smk.output.numbers, numbers)
