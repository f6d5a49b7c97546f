"""Rule case_study: drawn cases + case-outcome sheet -> joined outcomes and the case-study estimates.

Drawn cases without an outcome go to a worksheet (outside the rule's outputs, so
Snakemake keeps it when the rule fails) and stop the study with one clear line.

Investigating each drawn case gives one row of the case-outcome sheet
(data/coding/case_outcomes.csv; `wishlist.brief.sheets.read_case_outcomes` checks it). `join_outcomes`
attaches the outcomes to the draw; drawn cases without an outcome (another seed
draws other cases) go to a worksheet (`investigation_worksheet`) and stop the
study, outcome rows for records outside the draw are kept aside and reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import read_records
from wishlist.brief.sheets import read_case_outcomes
from wishlist.brief.vocabulary import OUTCOME_COLUMNS, OUTCOMES
from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import read_csv, read_yaml, write_csv, write_yaml
from wishlist.core.numbers import proportion_numbers, row_numbers, write_numbers
from wishlist.stats.proportions import (
    MAIN_METHOD,
    hypergeometric_ci,
    missing_outcome_bounds,
    multinomial_cis,
    proportion_ci,
    sample_size_for_margin,
    sensitivity_table,
)

# --- the drawn cases and their outcomes ----------------------------------------------------------

CASE_COLUMNS = ["draw_order", "file_number", "year", "filing_date", "country", "post_en", "target_name", "company",
                "outcome", "indicator_type", "indicator", "indicator_date", "evidence", "source",
                "outcome_provenance", "record_provenance"]
WORKSHEET_CONTEXT = ["draw_order", "country", "post_en", "filing_date", "title_zh", "title_en"]


def join_outcomes(draw, outcomes):
    """Attach outcomes to the drawn cases.

    Returns ``(cases, missing, not_drawn)``: the drawn cases in draw order with
    their outcome columns (CASE_COLUMNS; empty where missing), the drawn cases
    without an outcome row (draw rows), and the outcome rows of records that are
    not in the draw (allowed — e.g. outcomes kept from another seed — and reported).
    """
    drawn = draw.rename(columns={"provenance": "record_provenance"})
    sheet = outcomes.rename(columns={"provenance": "outcome_provenance"})
    cases = drawn.merge(sheet, on="file_number", how="left", validate="one_to_one", indicator=True)
    has_outcome = cases.pop("_merge").eq("both")
    for column in sheet.columns:
        cases[column] = cases[column].fillna("")
    missing = draw.loc[~has_outcome.to_numpy()].reset_index(drop=True)
    not_drawn = outcomes.loc[~outcomes["file_number"].isin(draw["file_number"])].reset_index(drop=True)
    cases = cases.sort_values("draw_order", kind="stable").reset_index(drop=True)
    return cases[CASE_COLUMNS], missing, not_drawn


def outcome_report(cases, missing, not_drawn, sheet_path) -> dict:
    """What the join found, for results/sample/outcome_report.yml and the log."""
    with_outcome = cases.loc[cases["outcome"].ne("")]
    return {
        "outcome_sheet": str(sheet_path),
        "drawn_cases": len(cases),
        "with_outcome": len(with_outcome),
        "without_outcome": {"count": len(missing), "records": list(missing["file_number"])},
        "outcome_rows_not_in_draw": {"count": len(not_drawn), "records": sorted(not_drawn["file_number"])},
        "outcomes": {o: int(with_outcome["outcome"].eq(o).sum()) for o in OUTCOMES},
        "outcome_provenance": {str(k): int(v) for k, v in
                               sorted(with_outcome["outcome_provenance"].value_counts().items())},
    }


def investigation_worksheet(missing, records):
    """One row per drawn case without an outcome: the sheet's columns to fill in, then what to read.

    The first columns are the case-outcome sheet's (company prefilled with the
    report's target, the rest empty), so finished rows can be pasted into it once
    the context columns (draw order, country, post, filing date, titles) are dropped.
    """
    titles = records[["file_number", "title_zh", "title_en"]]
    sheet = missing.merge(titles, on="file_number", how="left", validate="one_to_one")
    for column in ("title_zh", "title_en"):
        sheet[column] = sheet[column].fillna("")
    sheet["company"] = sheet["target_name"].fillna("")
    for column in OUTCOME_COLUMNS:
        if column not in ("file_number", "company"):
            sheet[column] = ""
    return sheet.sort_values("draw_order", kind="stable")[list(OUTCOME_COLUMNS) + WORKSHEET_CONTEXT].reset_index(
        drop=True)


# Rule draw_sample: coded records -> sample frame, ordered draw and its metadata.


# --- the case-study sample --------------------------------------------------------------------------

# The label column of outcome_shares.csv, and the outcomes' keys in numbers.yml.
OUTCOME_LABELS = {"partnered": "Partnered or exposed IP", "no": "No partnership found",
                  "insufficient": "Insufficient information"}
OUTCOME_KEYS = {"partnered": "partnered", "no": "not_partnered", "insufficient": "insufficient"}  # numbers.yml


def outcome_counts(cases) -> dict[str, int]:
    """Cases per outcome, in the order partnered, no, insufficient (every outcome present, zeros kept)."""
    counts = cases["outcome"].value_counts()
    return {outcome: int(counts.get(outcome, 0)) for outcome in OUTCOMES}


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


# --- the typology: what kind of partnership the indicators show ---------------------------------

TYPOLOGY_LEVELS = (("any", "any China-linked indicator"), ("deal", "a deal-type indicator"),
                   ("deal_after_report", "a deal dated after the report"))


def typology(cases, deal_types: Sequence[str], frame_size: int, level: float, path="case_outcomes.csv"):
    """The partnered share at three levels of evidence, over the investigated cases and over the frame.

    *Any*: every partnered case (the brief's count). *Deal*: its indicator is a deal
    (codebook ``partnership_indicators`` with ``deal: true``). *Deal after the report*: a deal
    whose date is certainly after the report (the shortest duration, at the dates' precision, is
    positive). Each share gets its Wilson interval, and the frame's count of such firms the exact
    hypergeometric interval. Only the partnered rows and the number of cases enter: how the other
    cases split between "no" and "insufficient" changes nothing here.
    """
    from wishlist.brief.dates import duration_days

    known = cases[cases["outcome"].ne("")]
    partnered = known[known["outcome"].eq("partnered")]
    deal = partnered["indicator_type"].isin(set(deal_types))
    after = [deal_row and duration_days(report, indicator)[0] > 0
             for deal_row, report, indicator in zip(deal, partnered["filing_date"], partnered["indicator_date"])]
    counts = {"any": len(partnered), "deal": int(deal.sum()), "deal_after_report": int(sum(after))}
    rows = []
    for key, label in TYPOLOGY_LEVELS:
        ci = proportion_ci(counts[key], len(known), MAIN_METHOD, level)
        frame = hypergeometric_ci(counts[key], len(known), frame_size, level)
        rows.append({"level": key, "label": label, "count": counts[key], "n": len(known), "share": ci.estimate,
                     "ci_low": ci.low, "ci_high": ci.high, "ci_method": ci.method, "population_size": frame_size,
                     "firms_low": frame.k_low, "firms_high": frame.k_high, "frame_method": frame.method,
                     "level_pct": level})
    return pd.DataFrame(rows)


def typology_numbers(kinds) -> dict:
    """numbers.yml entries of the typology table, one per level."""
    return {row["level"]: {"count": int(row["count"]), "n": int(row["n"]), "share_pct": row["share"],
                           "ci_low_pct": row["ci_low"], "ci_high_pct": row["ci_high"], "ci_method": row["ci_method"],
                           "firms_low": int(row["firms_low"]), "firms_high": int(row["firms_high"])}
            for row in kinds.to_dict("records")}


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


def main(smk):
    outcomes = read_case_outcomes(smk.input.outcomes)
    draw = read_csv(smk.input.draw, dtype={"file_number": str}, keep_default_na=False)
    meta = read_yaml(smk.input.meta)
    cases, missing, not_drawn = join_outcomes(draw, outcomes)
    report = outcome_report(cases, missing, not_drawn, smk.input.outcomes)
    worksheet = Path(smk.params.worksheet)
    with rule_log() as log:
        print(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), file=log)
        if len(missing):
            write_csv(worksheet, investigation_worksheet(missing, read_records(smk.input.records)))
            print(f"wrote {worksheet}", file=log)
            raise StudyInputError(
                smk.input.outcomes, f"{len(missing)} of the {len(draw)} drawn cases "
                f"{'has' if len(missing) == 1 else 'have'} no outcome (first "
                f"{missing['file_number'].iloc[0]}). Investigate them with the worksheet {worksheet} (one row per "
                "case) and add the finished rows to the case-outcome sheet.",
                record=missing["file_number"].iloc[0], field="file_number")
        if worksheet.exists():
            worksheet.unlink()  # a worksheet left by an earlier draw would list cases no longer missing
            print(f"removed the stale {worksheet}", file=log)

    counts = outcome_counts(cases)
    try:
        tables = case_study_estimates(counts, int(meta["frame_size"]), smk.params.level, smk.params.margins)
    except ValueError as error:
        raise StudyInputError(smk.input.outcomes, str(error)) from None
    codebook = load_codebook(smk.input.codebook)
    kinds = typology(cases, codebook.deal_indicators, int(meta["frame_size"]), smk.params.level)
    declared = {entry["code"] for entry in codebook.partnership_indicators}
    partnered_types = set(cases.loc[cases["outcome"].eq("partnered"), "indicator_type"])
    undeclared = sorted(partnered_types - declared)
    if undeclared:
        first = cases[cases["indicator_type"].eq(undeclared[0])]["file_number"].iloc[0]
        raise StudyInputError(smk.input.outcomes, f"indicator type {undeclared[0]!r} is not a partnership indicator "
                              f"of the codebook ({smk.input.codebook}, partnership_indicators)", record=first,
                              field="indicator_type")
    write_csv(smk.output.typology, kinds)
    write_csv(smk.output.cases, cases)
    write_yaml(smk.output.report, report)
    write_csv(smk.output.by_method, tables["by_method"])
    write_csv(smk.output.finite, tables["finite_population"])
    write_csv(smk.output.bounds, tables["missing_bounds"])
    write_csv(smk.output.outcomes, tables["outcomes"])
    write_csv(smk.output.precision, tables["precision"])
    write_numbers(smk.output.numbers, {**case_study_numbers(counts, tables, report, smk.params.level),
                                       "typology": typology_numbers(kinds)})
