"""Rule published_layer: the brief's published figures -> recomputed shares, checks, and intervals where sampled.

Writes results/published/published_shares.csv (one row per pair), the interval-method
sensitivity of the sampled pairs and the numbers fragment; the table and figure the paper
shows are the ``published_exhibits`` rule's (wishlist.present.published_exhibits).

Most pairs describe the brief's 642 reports, every bulletin of 2015-2020: a census, so a
share has no sampling interval, and none is computed (no superpopulation is stated or
defended). Only two kinds of pair come from a sample: the 100 double-coded reports (an
estimate of the coders' agreement) and the 30 investigated cases (a random draw from the
frame of 81); they keep a Wilson interval. The sampled fraction 30/81 is set by design.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from wishlist.brief.codebook import load_codebook
from wishlist.brief.reference import read_reference, targets_by_id
from wishlist.brief.rounding import (
    HALF_UP,
    LOWER_BOUND,
    ROUNDED,
    TRUNCATE,
    UPPER_BOUND,
    decimals,
    exact,
    percent,
    round_to,
)
from wishlist.core.errors import StudyInputError
from wishlist.core.files import EXACT_FLOATS, write_csv
from wishlist.core.numbers import proportion_numbers, share_numbers, write_numbers
from wishlist.stats.proportions import (
    MAIN_METHOD,
    proportion_ci,
    sensitivity,
)

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
    sampled: bool = False  # a sample's share (an interval applies); otherwise a census count or a design


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
                  "coder_agreement_category", sampled=True),
    PublishedPair("sample_fraction", "Frame records investigated", ("sample_outcomes[0]", "sample_outcomes[1]",
                  "sample_outcomes[2]"), "frame_company_2015_2016", "derived"),
    PublishedPair("case_partnered_share", "Investigated companies that partnered or exposed IP",
                  "sample_outcomes[0]", ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"),
                  "published", sampled=True),
    PublishedPair("case_no_share", "Investigated companies with no partnership found", "sample_outcomes[1]",
                  ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"), "published", sampled=True),
    PublishedPair("case_insufficient_share", "Investigated companies lacking information", "sample_outcomes[2]",
                  ("sample_outcomes[0]", "sample_outcomes[1]", "sample_outcomes[2]"), "published", sampled=True),
    PublishedPair("case_partnered_known_share", "Partnered among the cases with a known outcome",
                  "sample_outcomes[0]", ("sample_outcomes[0]", "sample_outcomes[1]"), "derived", sampled=True),
)

BASES = ("published", "derived", "inferred")
STATED_KINDS = (ROUNDED, LOWER_BOUND, UPPER_BOUND)
PUBLISHED_COLUMNS = ["key", "quantity", "count", "n", "basis", "sampled", "count_from", "n_from", "stated",
                     "stated_kind", "stated_pct", "stated_source", "statement", "share", "ci_low", "ci_high",
                     "ci_method", "level", "check", "stated_vs_ci", "conflict_noted"]


def _resolve_one(reference: str, targets: dict) -> int:
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


def stated_check(count: int, n: int, kind: str, stated_percent: float, low: float | None = None,
                 high: float | None = None) -> tuple[str, str]:
    """Does count/n agree with the brief's statement, and, for a sample, does the statement survive the interval?

    Returns (check, stated_vs_ci). For a rounded percentage: "consistent" when
    100·count/n rounds half up to the stated value at the precision it is printed
    with, "consistent only if truncated" when it agrees only by cutting decimals,
    else "mismatch" (exact arithmetic, wishlist.brief.rounding); the interval part
    says whether the stated percentage lies inside the interval. For a bound:
    "consistent" or "mismatch" at the point estimate, and whether the whole interval
    lies on the stated side ("holds across the interval"). Without an interval (a
    census share: `low` and `high` None) the second part is empty.
    """
    recomputed, stated = percent(count, n), exact(stated_percent)
    if kind == ROUNDED:
        places = decimals(stated_percent)
        if round_to(recomputed, HALF_UP, places) == stated:
            check = "consistent"
        elif round_to(recomputed, TRUNCATE, places) == stated:
            check = "consistent only if truncated"
        else:
            check = "mismatch"
        if low is None:
            return check, ""
        inside = 100 * low <= stated_percent <= 100 * high
        return check, "inside the interval" if inside else "outside the interval"
    if kind == LOWER_BOUND:
        check = "consistent" if recomputed > stated else "mismatch"
        across = low is not None and 100 * low > stated_percent
    elif kind == UPPER_BOUND:
        check = "consistent" if recomputed < stated else "mismatch"
        across = high is not None and 100 * high < stated_percent
    else:
        raise ValueError(f"unknown statement kind {kind!r}")
    if low is None:
        return check, ""
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
        return ROUNDED, float(target["value"])
    raise ValueError(f"target {target['id']!r} ({kind}) states no percentage")


def stated_text(kind: str, stated_percent: float) -> str:
    """The brief's statement as the tables show it: "27 %", "> 70 %", "< 12 %"."""
    shown = f"{stated_percent:g}"
    return {ROUNDED: f"{shown} %", LOWER_BOUND: f"> {shown} %", UPPER_BOUND: f"< {shown} %"}[kind]


def published_layer(by_id: Mapping[str, Mapping], level: float, pairs: Sequence[PublishedPair] = PUBLISHED_PAIRS):
    """The published-layer table: one row per pair with recomputed share, checks, and a Wilson interval for a
    sampled pair only (a census share has none: NaN, and no method).

    `by_id`: the calibration targets keyed by id (wishlist.brief.reference.targets_by_id).
    """
    rows = []
    for pair in pairs:
        if pair.basis not in BASES:
            raise ValueError(f"{pair.key}: basis must be one of {BASES}")
        count, n = resolve(pair.count, by_id), resolve(pair.n, by_id)
        ci = proportion_ci(count, n, MAIN_METHOD, level) if pair.sampled else None
        low, high = (ci.low, ci.high) if ci else (None, None)
        row = {"key": pair.key, "quantity": pair.quantity, "count": count, "n": n, "basis": pair.basis,
               "sampled": pair.sampled, "count_from": _describe(pair.count), "n_from": _describe(pair.n),
               "stated": "", "stated_kind": "", "stated_pct": float("nan"), "stated_source": "", "statement": "",
               "share": count / n, "ci_low": float("nan") if ci is None else low,
               "ci_high": float("nan") if ci is None else high, "ci_method": ci.method if ci else "",
               "level": level if ci else float("nan"), "check": "no percentage stated", "stated_vs_ci": "",
               "conflict_noted": _conflict(pair, by_id)}
        if pair.stated is not None:
            target = by_id[pair.stated]
            kind, stated_percent = _stated(target)
            check, versus = stated_check(count, n, kind, stated_percent, low, high)
            row.update(stated=stated_text(kind, stated_percent), stated_kind=kind, stated_pct=stated_percent / 100,
                       stated_source=target.get("source", ""), statement=target.get("statement", ""), check=check,
                       stated_vs_ci=versus)
        rows.append(row)
    return pd.DataFrame(rows, columns=PUBLISHED_COLUMNS)


def _target_ids(reference) -> list[str]:
    references = (reference,) if isinstance(reference, str) else reference
    return [re.match(r"-?([a-z0-9_]+)", r)[1] for r in references]


def _conflict(pair: PublishedPair, by_id: dict) -> bool:
    """True when calibration_targets.yaml marks any target of the pair as a conflict within the brief."""
    ids = _target_ids(pair.count) + _target_ids(pair.n) + ([pair.stated] if pair.stated else [])
    return any(bool(by_id[i].get("conflict", False)) for i in ids)


def _describe(reference) -> str:
    references = (reference,) if isinstance(reference, str) else reference
    return " + ".join(references).replace("+ -", "- ")


def published_numbers(shares, level: float) -> dict:
    """numbers.yml fragment of the published layer: one entry per pair (an interval for a sampled pair only),
    and a summary of the checks."""
    fragment: dict = {"confidence_level_pct": level, "pairs": len(shares),
                      "sampled_pairs": int(shares["sampled"].sum()),
                      "census_pairs": int((~shares["sampled"]).sum())}
    for row in shares.to_dict("records"):
        if row["sampled"]:
            entry = proportion_numbers(row["count"], row["n"], row["share"], row["ci_low"], row["ci_high"],
                                       row["ci_method"])
        else:
            entry = share_numbers(row["count"], row["n"])
        entry.update(basis=row["basis"], check=row["check"])
        if not math.isnan(row["stated_pct"]):
            entry.update(stated=row["stated"], stated_pct=row["stated_pct"])
            if row["stated_vs_ci"]:
                entry.update(stated_vs_ci=row["stated_vs_ci"])
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


def main(smk):
    level = smk.params.level
    by_id = targets_by_id(read_reference(smk.input.targets, "targets"), smk.input.targets)
    codebook = load_codebook(smk.input.codebook)
    try:
        shares = published_layer(by_id, level)
    except (KeyError, ValueError) as error:
        raise StudyInputError(smk.input.targets, str(error)) from None
    allies = shares.loc[shares["key"].eq("allied_countries_share"), "count"]
    if len(allies) and int(allies.iloc[0]) != len(codebook.us_allies):
        raise StudyInputError(smk.input.targets, f"allies_present is {int(allies.iloc[0])} but the codebook's "
                                                 f"endnote-55 list has {len(codebook.us_allies)} countries",
                              field="allies_present")
    write_csv(smk.output.shares, shares)
    write_csv(smk.output.unrounded, shares, float_format=EXACT_FLOATS)  # what the figure is drawn from
    write_csv(smk.output.sensitivity, sensitivity(shares[shares["sampled"]], level))
    write_numbers(smk.output.numbers, published_numbers(shares, level))
