"""Sentences about the time-to-partnership numbers (results/numbers/time_to_partnership.yml).

The stage stores counts, shares and the analyses' case counts; the words are chosen
here: the verdict on the brief's "one to three years" against the primary estimand
(the partnering cases whose indicator follows the report; time_to_partnership.verdict,
also the close of the timing-shares caption), its boundary and uncertain-order
sensitivity analyses, where its cases and the censored cases come from, the
statement that Kaplan–Meier is the empirical share (and its condition,
``when.km_equals_empirical``), and the name of the censored cases' source
(time_to_partnership.censored_source, in the cumulative-incidence caption).
"""

from __future__ import annotations

from collections.abc import Mapping

from wishlist.present.formats import day_count
from wishlist.present.sentences.ingest import listed, source_name


def _half(count: int, n: int) -> str:
    if 2 * count < n:
        return "fewer than half"
    return "exactly half" if 2 * count == n else "more than half"


def straddling_report(fragment: Mapping) -> int:
    """Dated cases whose indicator interval straddles the report (shortest < 0 <= longest days).

    Both main Kaplan–Meier analyses exclude the insufficient-information and undated
    cases; the one with reversed timelines excluded also leaves out every dated case
    whose indicator may precede the report: the reversed timelines and these. The stage
    stores the count (`straddling_report`, from the dated cases themselves); older
    fragments without it are counted from the two analyses' exclusions.
    """
    if "straddling_report" in fragment:
        return int(fragment["straddling_report"])
    dropped = int(fragment["km_exclude"]["excluded"]) - int(fragment["km_time_zero"]["excluded"])
    return dropped - int(fragment["band_reversed"])


PRIMARY = "partnered_only"  # wishlist.stages.time_to_partnership.PRIMARY (present does not import stages' names)


def _typically_clause(k: int, n: int, includes_half: bool, of: str) -> str:
    """The verdict's tail: how much of `n` the brief's "typically" describes, and where one half lies."""
    return (f"the brief’s “typically” describes {_half(k, n)} {of}, and the interval "
            f"{'includes' if includes_half else 'excludes'} one half")


def _pct(value) -> str:
    """A share as the paper writes percentages: '45 %' (a space before the sign, as everywhere else)."""
    return f"{100 * value:.0f} %" if isinstance(value, float) else str(value)


def _range(low, high) -> str:
    """An interval of shares as the paper writes ranges: '21–72 %'."""
    return f"{100 * low:.0f}–{100 * high:.0f} %"


def _years(value) -> str:
    return f"{value:.1f} years" if isinstance(value, float) else str(value)


def _days(value) -> str:
    return f"{value:,.0f} days" if isinstance(value, float) else str(value)


def _and(names: str) -> str:
    """'A; B; C' (a stored list) as 'A, B and C'."""
    return listed(p for p in str(names).replace(", ", "; ").split("; ") if p)


def _band_clause(analysis: Mapping) -> str:
    """'k of n (x %)' partnered one to three years after the report, in one analysis of the partnering cases."""
    k, n = int(analysis["band_1_to_3_years"]), int(analysis["band_n"])
    return f"{k} of {n} ({_pct(analysis['share_1_to_3_years_pct'])})"


def _median_clause(analysis: Mapping) -> str:
    low, high = analysis.get("median_low_days"), analysis.get("median_high_days")
    median = f"{_years(analysis['median_years'])} ({_days(analysis['median_days'])}"
    if isinstance(low, float) and isinstance(high, float) and abs(high - low) > 1e-9:
        median += f"; {day_count(low)}–{day_count(high)} days over the placements the dates allow"
    return median + ")"


def primary_verdict(fragment: Mapping) -> str:
    """The brief's "typically one to three years" against the primary estimand: the partnering cases whose
    indicator came after the report (reversed timelines excluded), with the Wilson interval of the share."""
    primary, level = fragment[PRIMARY], fragment["level"]
    n = int(primary["band_n"])
    if n == 0:
        return ("No partnering case has a dated indicator after the report, so the brief’s “one to three years” "
                "cannot be checked.")
    k = int(primary["band_1_to_3_years"])
    low, high = primary["share_1_to_3_years_ci_low_pct"], primary["share_1_to_3_years_ci_high_pct"]
    excluded = primary.get("reversed_excluded", "none")
    count = len(excluded.split("; ")) if excluded != "none" else 0
    reversed_words = ("" if not count else f" ({'the reversed timeline' if count == 1 else 'the reversed timelines'}"
                      f" of {_and(excluded)} excluded)")
    includes = low <= 0.5 <= high
    return (f"Of the {n} partnering cases whose indicator does not precede the report{reversed_words}, {k} "
            f"({_pct(primary['share_1_to_3_years_pct'])}; {_pct(level)} Wilson CI {_range(low, high)}) "
            f"partnered one to three years after it, {primary['band_under_1_year']} within a year and "
            f"{primary['band_over_3_years']} after more than three: {_typically_clause(k, n, includes, 'of them')}.")


def _in_band(median) -> bool | None:
    """Whether a median in years lies in the brief's one to three years (None: no median)."""
    return 1 <= median <= 3 if isinstance(median, float) else None


def typical_case(fragment: Mapping) -> str:
    """For the abstract: where the primary median lies against the brief's "one to three years", how many of
    the cases the band holds, and the range of that share over the primary and its sensitivity analyses (the
    fragment's analyses named after it: a case near a border can tip the share past one half)."""
    primary = fragment[PRIMARY]
    n = int(primary["band_n"])
    if n == 0:
        return "no case has a dated indicator after the report, so the brief’s “one to three years” cannot be checked"
    k, inside = int(primary["band_1_to_3_years"]), _in_band(primary["median_years"])
    median = ("the median time to the first indicator is not reached, " if inside is None else
              f"the median time to the first indicator is {_years(primary['median_years'])}, "
              f"{'inside' if inside else 'outside'} the brief’s “one to three years”, ")
    shares = sorted(float(analysis["share_1_to_3_years_pct"]) for name, analysis in fragment.items()
                    if name.startswith(PRIMARY) and isinstance(analysis, Mapping)
                    and isinstance(analysis.get("share_1_to_3_years_pct"), float))
    spread = (f" ({_pct(shares[0]).removesuffix(' %')}–{_pct(shares[-1])} across the sensitivity analyses)"
              if _pct(shares[0]) != _pct(shares[-1]) else "")
    return (f"{median}{'but only' if 2 * k < n else 'and'} {k} of {n} "
            f"({_pct(primary['share_1_to_3_years_pct'])}) partnered within that band{spread}")


def typical_delay(fragment: Mapping) -> str:
    """For the discussion: the primary median against the brief's band, in one sentence."""
    primary = fragment[PRIMARY]
    inside = _in_band(primary.get("median_years")) if int(primary.get("band_n", 0)) else None
    if inside is None:
        return "The dates do not give a median delay to set against the brief’s one to three years."
    return (f"Where partnerships follow, the median delay of {_years(primary['median_years'])} lies "
            f"{'inside' if inside else 'outside'} the brief’s one to three years.")


def boundary_sensitivity(fragment: Mapping) -> str:
    """The primary estimand with the boundary cases counted across the border they are near."""
    tolerance = float(fragment["boundary_tolerance_days"])
    if not int(fragment["boundary_cases_count"]):
        return f"No dated case lies within {tolerance:g} days of the 1- or 3-year border."
    moved = fragment["partnered_only_boundary"]
    one = int(fragment["boundary_cases_count"]) == 1
    return (f"{_and(fragment['boundary_cases'])} {'lies' if one else 'lie'} within {tolerance:g} days of the "
            f"{fragment['boundary_cases_borders_years']}-year border; counted across it, "
            f"{_band_clause(moved)} partnered one to three years after the report and the median is "
            f"{_median_clause(moved)}.")


def uncertain_sensitivity(fragment: Mapping) -> str:
    """The primary estimand with the cases of uncertain order (dates straddling the report) excluded."""
    if not int(fragment["uncertain_order_count"]):
        return "No indicator's dates straddle the report."
    out, both = fragment["partnered_only_exclude"], fragment["partnered_only_boundary_exclude"]
    one = int(fragment["uncertain_order_count"]) == 1
    text = (f"The dates of {_and(fragment['uncertain_order_cases'])} straddle the report, so {'its' if one else 'their'} "
            f"indicator may precede it; excluding {'it' if one else 'them'} as reversed, {_band_clause(out)} "
            f"partnered one to three years after the report and the median is {_median_clause(out)}")
    if int(fragment["boundary_cases_count"]):
        text += f"; with the boundary {'case' if int(fragment['boundary_cases_count']) == 1 else 'cases'} moved too, {_band_clause(both)}"
    return text + "."


def primary_source(fragment: Mapping) -> str:
    """Whether the primary estimand rests on published cases only (the outcome sheet's provenance)."""
    n, published = int(fragment["primary_cases"]), int(fragment["primary_cases_published"])
    reconstructed = int(fragment.get("outcome_rows_reconstructed", 0))
    if n and published == n:
        rest = (f"; none of the {reconstructed} reconstructed case outcomes enters it" if reconstructed else "")
        return f"All {n} cases of the primary analysis are the brief's Table 1 cases, with their published dates{rest}."
    return f"{published} of the {n} cases of the primary analysis are the brief's published Table 1 cases."


def censored_effect(fragment: Mapping) -> str:
    """What the censored cases can do to the full-cohort Kaplan–Meier estimate."""
    n = int(fragment["full_cohort_censored"])
    if not n:
        return "The full-cohort analyses have no censored case."
    fake = int(fragment["full_cohort_censored_reconstructed"])
    whose = (", all with reconstructed outcomes" if fake == n else f", {fake} with reconstructed outcomes" if fake
             else "")
    first, last = fragment["full_cohort_first_censoring_days"], fragment["full_cohort_last_event_days"]
    if fragment["km_equals_empirical_share"]:
        return (f"The full-cohort curves add {n} companies without a partnership found{whose}; each is censored "
                f"after at least {_days(first)}, later than the last partnership ({_days(last)}), so their "
                "follow-up times cannot change the estimate: they enter only through their number.")
    return (f"The full-cohort curves add {n} companies without a partnership found{whose}; some are censored "
            f"(from {_days(first)}) before the last partnership ({_days(last)}), so their follow-up times enter "
            "the estimate.")


def empirical_statement(fragment: Mapping) -> str:
    """1 − Kaplan–Meier as the plain share of the cohort, where every censoring follows the last event."""
    if not fragment["km_equals_empirical_share"]:
        return ""
    km = fragment["km_exclude"]
    return (f"No company is censored before the last partnership, so up to it the Kaplan–Meier estimate is "
            f"simply the share of the cohort that had partnered: with reversed timelines excluded, "
            f"{_pct(km['by_1_year_empirical_pct'])} by one year and {_pct(km['by_3_years_empirical_pct'])} by "
            f"three (Kaplan–Meier {_pct(km['by_1_year_pct'])} and {_pct(km['by_3_years_pct'])}). The full-cohort medians "
            f"({_years(km['median_years'])} with reversed timelines excluded, "
            f"{_years(fragment['km_time_zero']['median_years'])} counting them at time zero) are therefore set by "
            "how many companies never partner, not by how long partnering takes.")


def timing_verdict(fragment: Mapping) -> str:
    """How many dated cases partnered one to three years after the report, against the brief's 'typically'.

    The primary estimand (`primary_verdict`) when the fragment has it; otherwise (older
    fragments) the counts and the Wilson interval of share_1_to_3_years over all dated cases.
    """
    if PRIMARY in fragment:
        return primary_verdict(fragment)
    n_dated = int(fragment["dated_cases"])
    if n_dated == 0:
        return ("No partnering case has a dated indicator, so the brief’s “one to three years” "
                "cannot be checked.")
    main, level = fragment["share_1_to_3_years"], fragment["level"]
    k, n_after = int(main["count"]), int(fragment["share_after_report_1_to_3_years"]["n"])
    reversed_, ambiguous = int(fragment["band_reversed"]), int(fragment["band_ambiguous"])
    straddle = straddling_report(fragment)
    others = []
    if reversed_:
        others.append(f"{reversed_} precede the report")
    if straddle:
        others.append(f"{straddle} {'straddles' if straddle == 1 else 'straddle'} it")
    if ambiguous - straddle:
        border = ambiguous - straddle
        others.append(f"{border} {'straddles' if border == 1 else 'straddle'} the 1- or 3-year border")
    aside = f" ({', '.join(others)})" if others else ""
    after_clause = (aside if n_after == n_dated
                    else f", {k} of the {n_after} whose indicator certainly follows it{aside}")
    low, high = main["ci_low_pct"], main["ci_high_pct"]
    includes = low <= 0.5 <= high
    return (f"{k} of {n_dated} dated cases ({_pct(main['share_pct'])}; {_pct(level)} Wilson CI "
            f"{_range(low, high)}) partnered one to three years after the report"
            f"{after_clause}: {_typically_clause(k, n_dated, includes, 'of the dated cases')}.")


def censored_source(fragment: Mapping) -> str:
    """Where the 'no partnership found' (censored) cases come from: 'none', or the record layer's name."""
    if not int(fragment["cases_no"]):
        return "none"
    reconstructed = int(fragment["cases_no_reconstructed"])
    return source_name(reconstructed > 0, reconstructed < int(fragment["cases_no"]))


def dated_source(fragment: Mapping) -> str:
    """Where the dated (partnered) cases come from, for the incidence caption."""
    n = int(fragment.get("dated_cases", 0))
    brief, bulletin = int(fragment.get("dated_cases_brief", 0)), int(fragment.get("dated_cases_bulletin", 0))
    if n and brief == n:
        return "the brief's Table 1 cases"
    if n and bulletin == n:
        return "cases of the study's own investigation"
    return "dated cases of the case-outcome sheet" if n else "no dated case"


def sentences(fragment: Mapping) -> dict:
    out = {"verdict": timing_verdict(fragment), "censored_source": censored_source(fragment),
           "dated_source": dated_source(fragment)}
    if PRIMARY in fragment:
        out.update(typical_case=typical_case(fragment), typical_delay=typical_delay(fragment),
                   boundary_sensitivity=boundary_sensitivity(fragment),
                   uncertain_sensitivity=uncertain_sensitivity(fragment), primary_source=primary_source(fragment),
                   censored_effect=censored_effect(fragment), empirical_statement=empirical_statement(fragment),
                   when={"km_equals_empirical": bool(fragment["km_equals_empirical_share"])})
    return out
