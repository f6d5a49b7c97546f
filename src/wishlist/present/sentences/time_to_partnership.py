"""Sentences about the time-to-partnership numbers (results/numbers/time_to_partnership.yml).

The stage stores counts, shares and the analyses' case counts; the words are chosen
here: the verdict on the brief's "one to three years" (time_to_partnership.verdict,
also the close of the timing-shares caption) and the name of the censored cases'
source (time_to_partnership.censored_source, in the cumulative-incidence caption).
"""

from __future__ import annotations

from collections.abc import Mapping

from wishlist.present.sentences.ingest import source_name


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


def timing_verdict(fragment: Mapping) -> str:
    """How many dated cases partnered one to three years after the report, against the brief's 'typically'.

    Built from the counts and the Wilson interval of share_1_to_3_years only.
    """
    n_dated = int(fragment["dated_cases"])
    if n_dated == 0:
        return ("No partnering case has a dated indicator, so the brief's 'one to three years' "
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
    return (f"{k} of {n_dated} dated cases ({main['share_pct']:.0%}; {level:.0%} Wilson CI {low:.0%} to "
            f"{high:.0%}) partnered one to three years after the report"
            f"{after_clause}: the brief's 'typically' describes {_half(k, n_dated)} of the dated cases"
            f"{', and the interval includes one half' if includes else ', and the interval excludes one half'}.")


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
    return {"verdict": timing_verdict(fragment), "censored_source": censored_source(fragment),
            "dated_source": dated_source(fragment)}
