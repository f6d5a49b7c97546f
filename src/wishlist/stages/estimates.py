"""Estimates: the brief's headline shares and cross-tabs (record layer) and the 30-case sample.

Record layer. `headline_shares` computes every share the brief's sections
"Overall Assessment" to "Forms of Envisioned Cooperation" state, each as a count
over a named base of coded records with a Wilson interval; `sensitivity` adds
the other three interval methods. How a record is assigned to each numerator
and base is written once, in `HEADLINES`:

- Houston: records whose post is the Houston consulate (``post_en``);
- the Russian Academy of Sciences: records whose ``target_name`` is
  `RAS_TARGET` — the reconstruction records a laboratory the brief counts as one
  body under one target name whatever institute the description names
  (calibration target ``lab_russian_academy_of_sciences``; endnote 60 in
  data/reference/published_cases.yaml, ``government_labs_endnote_60``);
- AI-related: the endnote-38 keyword flag of the coding stage;
- allies: the codebook's endnote-55 list (``us_ally``). The brief's "U.S. allies
  hosted more than 70 percent" is infeasible read literally (data/README.md,
  conflict C2), so three readings are reported: allies over all records (the
  literal one), allies and the United States over all records, allies over the
  records outside the United States.

Case studies. `case_study_estimates` turns the outcome counts of the drawn
sample into the share partnered under three interval methods, an exact
hypergeometric interval for the partnering firms in the finite frame, bounds
for the cases whose outcome is unknown, simultaneous intervals for the three
outcomes, and the sample sizes a ±margin estimate would need.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wishlist.stats.proportions import (
    MAIN_METHOD,
    hypergeometric_ci,
    missing_outcome_bounds,
    multinomial_cis,
    proportion_ci,
    sample_size_for_margin,
    sensitivity_table,
)

UNITED_STATES = "United States"
RUSSIA = "Russia"
HOUSTON = "Houston"
RAS_TARGET = "Russian Academy of Sciences"
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


def _as_bool(series):
    if series.dtype == bool:
        return series
    return series.astype(str).str.lower().map({"true": True, "false": False}).astype(bool)


def prepare(coded):
    """Coded records with boolean flags (CSV round trips may give strings)."""
    coded = coded.copy()
    for column in ("ai_flag", "us_ally"):
        coded[column] = _as_bool(coded[column])
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


def sensitivity(shares, level: float):
    """Each share under every interval method (Wilson, Clopper-Pearson, Jeffreys, Agresti-Coull), long format."""
    import pandas as pd

    frames = []
    for row in shares.itertuples(index=False):
        if row.n == 0:
            continue
        table = sensitivity_table(int(row.count), int(row.n), level)
        table.insert(0, "quantity", row.quantity)
        table.insert(0, "key", row.key)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


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
    from wishlist.stages.describe_records import distribution

    posts = coded.loc[coded["country"].eq(country), "post_en"]
    if posts.empty:
        import pandas as pd

        return pd.DataFrame(columns=["country", "post", "count", "n", "share", "ci_low", "ci_high", "ci_method",
                                     "level"])
    table = distribution(posts, level).drop(columns="label")
    table.insert(0, "country", country)
    return table.rename(columns={"category": "post"})


# --- the case-study sample --------------------------------------------------------------------------

OUTCOME_LABELS = {"partnered": "Partnered or exposed IP", "no": "No partnership found",
                  "insufficient": "Insufficient information"}
OUTCOME_KEYS = {"partnered": "partnered", "no": "not_partnered", "insufficient": "insufficient"}  # numbers.yml


def outcome_counts(cases) -> dict[str, int]:
    """Cases per outcome, in the order partnered, no, insufficient (every outcome present, zeros kept)."""
    counts = cases["outcome"].value_counts()
    return {outcome: int(counts.get(outcome, 0)) for outcome in OUTCOME_LABELS}


def achieved_margin(n: int, level: float = 0.95, p: float = 0.5, population_size: int | None = None) -> float:
    """Half-width of the normal-approximation interval with n cases: the inverse of `sample_size_for_margin`.

    z * sqrt(p (1 - p) / n), times the finite-population factor sqrt((N - n) / (N - 1))
    when a population size N is given (Cochran 1977, ch. 4).
    """
    from scipy.stats import norm

    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    z = norm.ppf(1 - (1 - level) / 2)
    margin = z * math.sqrt(p * (1 - p) / n)
    if population_size is not None:
        if population_size < n:
            raise ValueError(f"population size {population_size} is smaller than the sample {n}")
        margin *= math.sqrt((population_size - n) / (population_size - 1)) if population_size > 1 else 0.0
    return margin


def precision_table(margins: Sequence[float], level: float, population_size: int, sample_size: int):
    """Sample sizes a ±margin estimate needs, and the margin the actual sample gives.

    Worst case p = 0.5, normal approximation; each with no population correction
    (an infinite population) and with the finite-population correction for the
    frame of N records. Rows "planning" give the sample size for each margin of
    `margins`; rows "achieved" give the margin of the `sample_size` cases drawn.
    """
    import pandas as pd

    rows = []
    for margin in margins:
        for correction, population in (("none", None), ("finite population", population_size)):
            rows.append({"purpose": "planning", "margin": margin,
                         "sample_size": sample_size_for_margin(margin, level, population_size=population),
                         "correction": correction, "population_size": population_size, "level": level, "p": 0.5})
    for correction, population in (("none", None), ("finite population", population_size)):
        rows.append({"purpose": "achieved", "margin": achieved_margin(sample_size, level, population_size=population),
                     "sample_size": sample_size, "correction": correction, "population_size": population_size,
                     "level": level, "p": 0.5})
    return pd.DataFrame(rows)


def case_study_estimates(counts: dict[str, int], frame_size: int, level: float, margins: Sequence[float]):
    """Every case-study table: by method, finite population, missing outcomes, outcomes jointly, precision."""
    import pandas as pd

    partnered, no, insufficient = counts["partnered"], counts["no"], counts["insufficient"]
    cases = partnered + no + insufficient
    if cases == 0:
        raise ValueError("no cases with an outcome")

    by_method = sensitivity_table(partnered, cases, level)

    finite = []
    for scenario, successes in (("observed (unknown as not partnered)", partnered),
                                ("unknown as partnered", partnered + insufficient)):
        ci = hypergeometric_ci(successes, cases, frame_size, level)
        finite.append({"scenario": scenario, "successes": successes, "sample_size": cases,
                       "population_size": frame_size, "share": ci.estimate,
                       "k_estimate": frame_size * ci.estimate, "k_low": ci.k_low, "k_high": ci.k_high,
                       "share_low": ci.share_low, "share_high": ci.share_high, "method": ci.method,
                       "level": level})
    finite = pd.DataFrame(finite)

    bounds = []
    if partnered + no > 0:
        for scenario, ci in missing_outcome_bounds(partnered, no, insufficient, level).items():
            bounds.append({"scenario": scenario, "count": ci.count, "n": ci.n, "share": ci.estimate,
                           "ci_low": ci.low, "ci_high": ci.high, "ci_method": ci.method, "level": level})
    bounds = pd.DataFrame(bounds, columns=["scenario", "count", "n", "share", "ci_low", "ci_high", "ci_method",
                                           "level"])

    joint = multinomial_cis(counts, level, "goodman")
    joint.insert(1, "label", joint["category"].map(OUTCOME_LABELS))

    precision = precision_table(margins, level, frame_size, cases)
    return {"by_method": by_method, "finite_population": finite, "missing_bounds": bounds,
            "outcomes": joint, "precision": precision}


def proportion_numbers(count, n, share, low, high, method) -> dict:
    """The numbers.yml fragment of one share (see numbers.py: *_pct are proportions)."""
    return {"count": int(count), "n": int(n), "share_pct": float(share), "ci_low_pct": float(low),
            "ci_high_pct": float(high), "ci_method": method}


def row_numbers(row) -> dict:
    """numbers.yml fragment of a share-table row; an empty base gives only count and n."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    if int(get("n")) == 0:
        return {"count": int(get("count")), "n": 0}
    return proportion_numbers(get("count"), get("n"), get("share"), get("ci_low"), get("ci_high"), get("ci_method"))


# --- the published layer ----------------------------------------------------------------------------
#
# Every count/proportion pair the brief publishes, recomputed from the brief's own
# numbers (data/reference/calibration_targets.yaml) and nothing else. Each pair is
# written as references to calibration-target ids, never as numbers:
#
#   "ai_records"                the target's `value` (a count the brief prints)
#   "ai_share.expected"         the target's `expected`: the count the study reads a
#                               printed percentage or bound as (an inference)
#   "coder_agreement_category.denominator"   the target's `denominator`
#   "sample_outcomes[0]"        an element of a list value
#   ("a", "b", "-c")            a + b - c
#
# `basis` says how the count was obtained: "published" (printed in the brief),
# "derived" (arithmetic on printed counts) or "inferred" (the reading of a printed
# percentage or bound; `reading` in calibration_targets.yaml says why). `stated`
# names the target whose percentage or bound the brief attaches to the pair.


@dataclass(frozen=True)
class PublishedPair:
    key: str
    quantity: str
    count: str | tuple[str, ...]
    n: str | tuple[str, ...]
    basis: str
    stated: str | None = None


PUBLISHED_PAIRS: tuple[PublishedPair, ...] = (
    PublishedPair("ai_share", "AI/ML keyword records", "ai_records", "records_in_window", "published", "ai_share"),
    PublishedPair("government_lab_ai_share", "AI-related government-laboratory records",
                  "government_lab_ai_share.expected", "institution_government_lab.expected", "inferred",
                  "government_lab_ai_share"),
    PublishedPair("biopharma_printed_count", "Biopharma records as printed (\"190 projects (25 percent)\")",
                  "category_biopharma_count", "records_in_window", "published", "category_biopharma_share"),
    PublishedPair("biopharma_share", "Biopharma records (the reading of \"25 percent\")",
                  "category_biopharma_share.expected", "records_in_window", "inferred", "category_biopharma_share"),
    PublishedPair("it_share", "Information-technology records", "category_it_share.expected", "records_in_window",
                  "inferred", "category_it_share"),
    PublishedPair("new_materials_share", "New-materials records", "category_new_materials_share.expected",
                  "records_in_window", "inferred", "category_new_materials_share"),
    PublishedPair("other_category_share", "Records in no MIC2025 industry (\"nearly one in eight\")",
                  "category_other_nearly_one_in_eight.expected", "records_in_window", "inferred",
                  "category_other_nearly_one_in_eight"),
    PublishedPair("biotech_or_ai_share", "Biotechnology or AI records (\"half\")", "biotech_or_ai_half.expected",
                  "records_in_window", "inferred", "biotech_or_ai_half"),
    PublishedPair("russia_share", "Records from Russia", "country_russia", "records_in_window", "published"),
    PublishedPair("us_share", "Records from the United States", "country_united_states", "records_in_window",
                  "published", "us_share_below_12"),
    PublishedPair("uk_share", "Records from the United Kingdom", "country_united_kingdom", "records_in_window",
                  "published"),
    PublishedPair("japan_share", "Records from Japan", "country_japan", "records_in_window", "published"),
    PublishedPair("top_four_share", "Records from Russia, the US, the UK and Japan (\"nearly half\")",
                  ("country_russia", "country_united_states", "country_united_kingdom", "country_japan"),
                  "records_in_window", "derived", "top_four_nearly_half"),
    PublishedPair("top_eight_share", "Records from the eight most common countries", "top_eight_total",
                  "records_in_window", "published"),
    PublishedPair("allied_countries_share", "Source countries that are US allies (endnote 55)", "allies_present",
                  "countries", "published"),
    PublishedPair("allies_and_us_share", "Records from US allies or the US (reading of \"more than 70 percent\")",
                  "allies_share_over_70.expected", "records_in_window", "inferred", "allies_share_over_70"),
    PublishedPair("allies_share_of_non_us", "Records from US allies among non-US records (alternative reading)",
                  "allies_share_of_non_us.expected", ("records_in_window", "-country_united_states"), "inferred",
                  "allies_share_of_non_us"),
    PublishedPair("allies_literal_maximum", "Most records the 19 allies can hold (literal reading)",
                  "allies_literal_maximum.expected", "records_in_window", "derived", "allies_share_over_70"),
    PublishedPair("houston_share_of_us", "Houston consulate's share of US records", "post_houston",
                  "country_united_states", "published", "houston_share_of_us"),
    PublishedPair("us_it_share_of_us", "Information technology's share of US records", "us_it_records",
                  "country_united_states", "published"),
    PublishedPair("ras_share_of_russia", "Russian Academy of Sciences' share of Russian records",
                  "lab_russian_academy_of_sciences", "country_russia", "published", "ras_share_of_russia"),
    PublishedPair("institution_stated_share", "Reports stating the sponsoring institution", "institution_stated",
                  "records_in_window", "published"),
    PublishedPair("company_share_of_stated", "Companies among reports stating an institution",
                  "institution_company", "institution_stated", "published", "institution_company_share"),
    PublishedPair("university_share_of_stated", "Universities among reports stating an institution",
                  "institution_university", "institution_stated", "published", "institution_university_share"),
    PublishedPair("government_lab_share_of_stated", "Government laboratories (\"more than 80\") among reports "
                  "stating an institution", "institution_government_lab.expected", "institution_stated", "inferred",
                  "institution_government_lab_share"),
    PublishedPair("institution_not_stated_share", "Reports not stating the type of institution",
                  "institution_not_stated", "records_in_window", "published"),
    PublishedPair("coder_agreement", "Double-coded reports with the same technology label",
                  "coder_agreement_category", "coder_agreement_category.denominator", "published",
                  "coder_agreement_category"),
    PublishedPair("sample_fraction", "Frame records investigated", ("sample_outcomes[0]", "sample_outcomes[1]",
                  "sample_outcomes[2]"), "frame_company_2015_2016", "derived"),
    PublishedPair("case_partnered_share", "Investigated companies that partnered or exposed IP",
                  "sample_outcomes[0]", ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"),
                  "published"),
    PublishedPair("case_no_share", "Investigated companies with no partnership found", "sample_outcomes[1]",
                  ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"), "published"),
    PublishedPair("case_insufficient_share", "Investigated companies lacking information", "sample_outcomes[2]",
                  ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"), "published"),
    PublishedPair("case_partnered_known_share", "Partnered among the cases with a known outcome",
                  "sample_outcomes[0]", ("sample_outcomes[0]", "sample_outcomes[1]"), "derived"),
)

BASES = ("published", "derived", "inferred")
STATED_KINDS = ("rounded percentage", "lower bound", "upper bound")
PUBLISHED_COLUMNS = ["key", "quantity", "count", "n", "basis", "count_from", "n_from", "stated", "stated_kind",
                     "stated_pct", "stated_source", "statement", "share", "ci_low", "ci_high", "ci_method", "level",
                     "check", "stated_vs_ci", "conflict_noted"]


def _resolve_one(reference: str, targets: dict) -> int:
    import re

    sign = -1 if reference.startswith("-") else 1
    match = re.fullmatch(r"([a-z0-9_]+)(?:\.(value|expected|denominator))?(?:\[(\d+)\])?", reference.lstrip("-"))
    if not match:
        raise ValueError(f"bad reference {reference!r}")
    target_id, field, index = match[1], match[2] or "value", match[3]
    if target_id not in targets:
        raise KeyError(f"calibration target {target_id!r} does not exist")
    value = targets[target_id].get(field)
    if index is not None:
        value = value[int(index)]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{reference!r} is {value!r}, not a count")
    return sign * value


def resolve(reference: str | tuple[str, ...], targets: dict) -> int:
    """The count a reference (or a sum of references) names in the calibration targets."""
    references = (reference,) if isinstance(reference, str) else reference
    return sum(_resolve_one(r, targets) for r in references)


def _half_up(value: float, decimals: int) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _decimals(value) -> int:
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def stated_check(count: int, n: int, kind: str, stated_percent: float, low: float, high: float) -> tuple[str, str]:
    """Does count/n agree with the brief's statement, and does the statement survive the interval?

    Returns (check, stated_vs_ci). For a rounded percentage: "consistent" when
    100·count/n rounds half up to the stated value at its precision, "consistent
    only if truncated" when it agrees only by cutting decimals, else "mismatch";
    the interval part says whether the stated percentage lies inside the
    interval. For a bound: "consistent" or "mismatch" at the point estimate, and
    whether the whole interval lies on the stated side ("holds across the interval").
    """
    import math

    recomputed = 100 * count / n
    if kind == "rounded percentage":
        decimals = _decimals(stated_percent)
        if math.isclose(_half_up(recomputed, decimals), stated_percent):
            check = "consistent"
        elif math.isclose(math.floor(recomputed * 10 ** decimals) / 10 ** decimals, stated_percent):
            check = "consistent only if truncated"
        else:
            check = "mismatch"
        inside = 100 * low <= stated_percent <= 100 * high
        return check, "inside the interval" if inside else "outside the interval"
    if kind == "lower bound":
        check = "consistent" if recomputed > stated_percent else "mismatch"
        across = 100 * low > stated_percent
    elif kind == "upper bound":
        check = "consistent" if recomputed < stated_percent else "mismatch"
        across = 100 * high < stated_percent
    else:
        raise ValueError(f"unknown statement kind {kind!r}")
    if check == "mismatch":
        return check, "fails at the estimate"
    return check, "holds across the interval" if across else "holds at the estimate only"


def _stated(target: dict) -> tuple[str, float]:
    """The statement kind and percentage of a target the brief attaches to a pair."""
    kind = target["kind"]
    if kind in STATED_KINDS:
        return kind, float(target["value"])
    if kind == "exact count" and target.get("denominator") == 100:
        # "agreed ... in 67 percent of cases" of 100: the count is the percentage
        return "rounded percentage", float(target["value"])
    raise ValueError(f"target {target['id']!r} ({kind}) states no percentage")


def stated_text(kind: str, percent: float) -> str:
    shown = f"{percent:g}"
    return {"rounded percentage": f"{shown} %", "lower bound": f"> {shown} %", "upper bound": f"< {shown} %"}[kind]


def published_layer(targets: Sequence[dict], level: float, pairs: Sequence[PublishedPair] = PUBLISHED_PAIRS):
    """The published-layer table: one row per pair with recomputed share, Wilson interval and checks."""
    import pandas as pd

    by_id = {t["id"]: t for t in targets}
    if len(by_id) != len(targets):
        raise ValueError("duplicate calibration target id")
    rows = []
    for pair in pairs:
        if pair.basis not in BASES:
            raise ValueError(f"{pair.key}: basis must be one of {BASES}")
        count, n = resolve(pair.count, by_id), resolve(pair.n, by_id)
        ci = proportion_ci(count, n, MAIN_METHOD, level)
        row = {"key": pair.key, "quantity": pair.quantity, "count": count, "n": n, "basis": pair.basis,
               "count_from": _describe(pair.count), "n_from": _describe(pair.n), "stated": "", "stated_kind": "",
               "stated_pct": float("nan"), "stated_source": "", "statement": "", "share": ci.estimate, "ci_low": ci.low,
               "ci_high": ci.high, "ci_method": ci.method, "level": level, "check": "no percentage stated",
               "stated_vs_ci": "", "conflict_noted": _conflict(pair, by_id)}
        if pair.stated is not None:
            target = by_id[pair.stated]
            kind, percent = _stated(target)
            check, versus = stated_check(count, n, kind, percent, ci.low, ci.high)
            row.update(stated=stated_text(kind, percent), stated_kind=kind, stated_pct=percent / 100,
                       stated_source=target.get("source", ""), statement=target.get("statement", ""), check=check,
                       stated_vs_ci=versus)
        rows.append(row)
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def _target_ids(reference) -> list[str]:
    import re

    references = (reference,) if isinstance(reference, str) else reference
    return [re.match(r"-?([a-z0-9_]+)", r)[1] for r in references]


def _conflict(pair: PublishedPair, by_id: dict) -> bool:
    """True when calibration_targets.yaml marks any target of the pair as a conflict within the brief."""
    ids = _target_ids(pair.count) + _target_ids(pair.n) + ([pair.stated] if pair.stated else [])
    return any(bool(by_id[i].get("conflict", False)) for i in ids)


def _describe(reference) -> str:
    references = (reference,) if isinstance(reference, str) else reference
    text = " + ".join(references).replace("+ -", "- ")
    return text


def published_numbers(shares, level: float) -> dict:
    """numbers.yml fragment of the published layer: one entry per pair, and a summary of the checks."""
    import math

    fragment: dict = {"confidence_level_pct": level, "pairs": len(shares)}
    for row in shares.to_dict("records"):
        entry = proportion_numbers(row["count"], row["n"], row["share"], row["ci_low"], row["ci_high"],
                                   row["ci_method"])
        entry.update(basis=row["basis"], check=row["check"])
        if not math.isnan(row["stated_pct"]):
            entry.update(stated=row["stated"], stated_pct=row["stated_pct"], stated_vs_ci=row["stated_vs_ci"])
        fragment[row["key"]] = entry
    stated = shares[shares["stated"].ne("")]
    fragment["stated_pairs"] = len(stated)
    fragment["mismatches"] = int(stated["check"].eq("mismatch").sum())
    fragment["mismatch_keys"] = ", ".join(stated.loc[stated["check"].eq("mismatch"), "key"])
    fragment["truncation_only"] = int(stated["check"].eq("consistent only if truncated").sum())
    fragment["truncation_only_keys"] = ", ".join(stated.loc[stated["check"].eq("consistent only if truncated"),
                                                            "key"])
    fragment["stated_outside_ci"] = int(stated["stated_vs_ci"].eq("outside the interval").sum())
    return fragment


def _margin_key(margin: float) -> str:
    points = 100 * margin
    return f"margin_{points:.0f}" if abs(points - round(points)) < 1e-9 else f"margin_{points:.1f}".replace(".", "_")


def case_study_numbers(counts: dict[str, int], tables: dict, report: dict, level: float) -> dict:
    """numbers.yml fragment of the case study (stage "case_study")."""
    by_method = {row["method"]: proportion_numbers(row["count"], row["n"], row["share"], row["low"], row["high"],
                                                   row["method"]) for row in tables["by_method"].to_dict("records")}
    finite = tables["finite_population"].to_dict("records")
    bounds = {row["scenario"]: row_numbers(row) for row in tables["missing_bounds"].to_dict("records")}
    precision = tables["precision"]
    fragment = {
        "confidence_level_pct": level,
        "cases": sum(counts.values()),
        **{OUTCOME_KEYS[o]: c for o, c in counts.items()},
        "frame_size": int(finite[0]["population_size"]),
        "outcome_rows_not_in_draw": report["outcome_rows_not_in_draw"]["count"],
        "outcome_provenance": dict(report["outcome_provenance"]),
        "partnered_share": by_method[MAIN_METHOD],
        "partnered_share_by_method": {m: v for m, v in by_method.items() if m != MAIN_METHOD},
        "outcome_shares_goodman": {OUTCOME_KEYS[row["category"]]: proportion_numbers(row["count"], sum(counts.values()),
                                                                       row["share"], row["low"], row["high"],
                                                                       row["method"])
                                   for row in tables["outcomes"].to_dict("records")},
        **bounds,
    }
    for row, key in zip(finite, ("frame_partnering", "frame_partnering_unknown_as_partnered")):
        fragment[key] = {"count": int(row["successes"]), "n": int(row["sample_size"]),
                         "population_size": int(row["population_size"]),
                         "firms_estimate": float(row["k_estimate"]), "firms_low": int(row["k_low"]),
                         "firms_high": int(row["k_high"]), "share_pct": float(row["share"]),
                         "ci_low_pct": float(row["share_low"]), "ci_high_pct": float(row["share_high"]),
                         "ci_method": row["method"]}
    if "missing_as_failures" in bounds and "missing_as_successes" in bounds:
        low, high = bounds["missing_as_failures"], bounds["missing_as_successes"]
        fragment["bounds"] = {"share_low_pct": low["share_pct"], "share_high_pct": high["share_pct"],
                              "ci_low_pct": low["ci_low_pct"], "ci_high_pct": high["ci_high_pct"]}
    if len(finite) == 2:
        fragment["frame_bounds"] = {"firms_low": int(finite[0]["k_low"]), "firms_high": int(finite[1]["k_high"]),
                                    "ci_low_pct": float(finite[0]["share_low"]),
                                    "ci_high_pct": float(finite[1]["share_high"])}
    planning = precision[precision["purpose"].eq("planning")]
    fragment["precision"] = {}
    for margin, group in planning.groupby("margin", sort=True):
        sizes = dict(zip(group["correction"], group["sample_size"]))
        fragment["precision"][_margin_key(margin)] = {
            "margin_pct": float(margin), "n_infinite_population": int(sizes["none"]),
            "n_finite_population": int(sizes["finite population"])}
    achieved = precision[precision["purpose"].eq("achieved")]
    margins = dict(zip(achieved["correction"], achieved["margin"]))
    fragment["achieved_margin_pct"] = float(margins["none"])
    fragment["achieved_margin_finite_pct"] = float(margins["finite population"])
    return fragment
