"""Time from a bulletin report to the first indicator of partnership (brief, Table 1).

Dates keep the precision the source gives: "2018" is the interval 2018-01-01 to
2018-12-31, so a duration is an interval of days [shortest, longest], never an
invented day. A negative longest duration means the indicator came before the
report: a reversed timeline, kept and flagged, never clipped to zero here.

The time-to-event estimates below work on an event table in which each such
choice (reversed timelines at time zero or excluded, straddling intervals
clipped at zero, insufficient-information cases excluded or censored) is an
argument, written in the row's note, with every exclusion listed with its reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wishlist.brief.dates import parse_filing_date
from wishlist.stages.draw_sample import (
    OUTCOMES,  # the case-outcome sheet's vocabulary, defined once
)

DAYS_PER_YEAR = 365.25
BANDS = (("reversed", None, 0.0), ("under_1_year", 0.0, 1.0), ("1_to_3_years", 1.0, 3.0), ("over_3_years", 3.0, None))


def duration_days(report_date: str, indicator_date: str) -> tuple[int, int]:
    """Shortest and longest possible days from report to indicator."""
    _, report_first, report_last = parse_filing_date(report_date)
    _, ind_first, ind_last = parse_filing_date(indicator_date)
    return (ind_first - report_last).days, (ind_last - report_first).days


def band(shortest_days: int, longest_days: int) -> str:
    """The timing band both interval ends fall in, or 'ambiguous' when they straddle a border."""
    def which(days: int) -> str:
        years = days / DAYS_PER_YEAR
        for name, low, high in BANDS:
            if (low is None or years >= low) and (high is None or years < high):
                return name
        raise AssertionError(days)

    first, last = which(shortest_days), which(longest_days)
    return first if first == last else "ambiguous"


def case_durations(outcomes, records):
    """Duration interval and band for each partnered case with a dated indicator."""
    partnered = outcomes[outcomes["outcome"].eq("partnered") & outcomes["indicator_date"].ne("")]
    table = partnered.merge(records[["file_number", "filing_date", "post_en", "country"]], on="file_number",
                            how="left", validate="one_to_one")
    if "indicator_type" not in table.columns:
        table["indicator_type"] = ""
    spans = [duration_days(r, i) for r, i in zip(table["filing_date"], table["indicator_date"])]
    table["shortest_days"] = [s for s, _ in spans]
    table["longest_days"] = [l for _, l in spans]
    table["band"] = [band(s, l) for s, l in spans]
    table["reversed"] = table["longest_days"] < 0
    columns = ["file_number", "company", "country", "post_en", "filing_date", "indicator_type", "indicator",
               "indicator_date", "shortest_days", "longest_days", "band", "reversed", "provenance"]
    return table[columns].sort_values(["filing_date", "company"], kind="stable").reset_index(drop=True)



# ---------------------------------------------------------------------------
# Time-to-event estimates over the sampled cases
#
# Time zero is the report; the event is the first indicator of partnership.
# Conventions, each chosen once here and named where it is used:
# - an event's time is the closed day interval [left_days, right_days] that
#   `duration_days` gives (equal ends for a day-precision indicator);
# - a case with no partnership found is right-censored at the investigation
#   cut-off, from the latest possible report day (shortest follow-up);
# - Kaplan–Meier needs one time per case: "midpoint imputation" takes the
#   interval's midpoint (the day itself for a day-precision indicator) — the
#   comparison analysis; the Turnbull NPMLE uses the intervals as they are;
# - pointwise intervals use the log-log transform, log(-log S(t)), of the
#   Kaplan–Meier estimate with Greenwood's variance (Kalbfleisch & Prentice
#   2002, sec. 1.4); the median's interval inverts the same log-log test
#   (Brookmeyer & Crowley 1982), statsmodels' method="cloglog".
# ---------------------------------------------------------------------------

REVERSED_AS = ("time_zero", "exclude")
INSUFFICIENT_AS = ("exclude", "censored")
ROLES = ("event", "reversed", "censored", "excluded")
TIMING_BANDS = ("reversed", "under_1_year", "1_to_3_years", "over_3_years", "ambiguous")
# lifelines' NPMLE takes closed intervals, so [c, inf] would let a case censored
# at c have its event at c; right-censoring means T > c. This offset (in days,
# far below the one-day resolution of the dates) opens the interval at c, which
# is also Kaplan–Meier's rule that censorings tied with events come after them.
CENSOR_OFFSET_DAYS = 1e-6
NPMLE_TOL = 1e-10  # log-likelihood change that stops the EM iterations (lifelines' default: 1e-5)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def event_table(cases, cutoff: str, reversed_as: str, insufficient_as: str):
    """One row per analysed case with its event interval, plus every exclusion with its reason.

    Returns ``(events, excluded)``. `events` has ``left_days``/``right_days`` (the
    closed interval holding the event; ``right_days`` is inf when right-censored),
    ``event``, ``analysis_role`` (event / reversed / censored) and ``note``.
    Reversed timelines (indicator wholly before the report) become events at time 0
    (``reversed_as="time_zero"``: the relationship pre-existed) or are excluded.
    A straddling indicator (shortest < 0 <= longest, DENSO) follows the same
    choice: under time_zero its interval is clipped below at 0 (``clipped`` is
    True) — the event is at the report or after it; under exclude it is excluded,
    as it may be a pre-existing relationship. Insufficient-information cases are
    excluded (main analysis) or right-censored at the cut-off (sensitivity).
    """
    import pandas as pd

    if reversed_as not in REVERSED_AS:
        raise ValueError(f"reversed_as must be one of {REVERSED_AS}, got {reversed_as!r}")
    if insufficient_as not in INSUFFICIENT_AS:
        raise ValueError(f"insufficient_as must be one of {INSUFFICIENT_AS}, got {insufficient_as!r}")
    precision, cutoff_day, _ = parse_filing_date(cutoff)
    if precision != "day":
        raise ValueError(f"the cut-off must be a day (YYYY-MM-DD), got {cutoff!r}")
    missing = {"file_number", "outcome", "filing_date", "indicator_date"} - set(cases.columns)
    if missing:
        raise ValueError(f"cases lack columns {sorted(missing)}")
    if cases["file_number"].duplicated().any():
        duplicated = cases.loc[cases["file_number"].duplicated(), "file_number"]
        raise ValueError(f"duplicate file numbers: {sorted(duplicated)}")
    unknown = set(cases["outcome"]) - set(OUTCOMES)
    if unknown:
        raise ValueError(f"unknown outcomes {sorted(map(str, unknown))}; expected {OUTCOMES}")

    keep = [c for c in ("file_number", "company", "outcome", "filing_date", "indicator_date") if c in cases.columns]
    analysed, excluded = [], []
    for case in cases.to_dict("records"):
        base = {c: case[c] for c in keep}
        base["indicator_date"] = "" if _missing(case["indicator_date"]) else str(case["indicator_date"])
        _, report_first, report_last = parse_filing_date(case["filing_date"])
        if report_first > cutoff_day:
            raise ValueError(f"{case['file_number']}: report {case['filing_date']} is after the cut-off {cutoff}")
        follow_up = (cutoff_day - report_last).days  # shortest possible follow-up

        def drop(reason, shortest=float("nan"), longest=float("nan")):
            excluded.append({**base, "shortest_days": shortest, "longest_days": longest,
                             "analysis_role": "excluded", "reason": reason})

        def keep_row(left, right, event, role, note, shortest=float("nan"), longest=float("nan"), clipped=False):
            analysed.append({**base, "shortest_days": shortest, "longest_days": longest,
                             "left_days": float(left), "right_days": float(right), "event": event,
                             "analysis_role": role, "clipped": clipped, "note": note})

        outcome = case["outcome"]
        if outcome in ("no", "insufficient"):
            if outcome == "insufficient" and insufficient_as == "exclude":
                drop("insufficient information to tell whether the company partnered "
                     "(insufficient_as='exclude', the main analysis)")
                continue
            why = ("no partnership found" if outcome == "no"
                   else "insufficient information, treated as censored (insufficient_as='censored', sensitivity)")
            keep_row(follow_up, math.inf, False, "censored", f"right-censored at the cut-off {cutoff}: {why}")
            continue

        if base["indicator_date"] == "":
            drop("partnered, but the indicator of partnership is undated")
            continue
        shortest, longest = duration_days(case["filing_date"], base["indicator_date"])
        _, indicator_first, _ = parse_filing_date(base["indicator_date"])
        if indicator_first > cutoff_day:
            raise ValueError(f"{case['file_number']}: indicator {base['indicator_date']} is after the cut-off {cutoff}")
        if longest < 0:
            if reversed_as == "exclude":
                drop("reversed timeline: the indicator precedes the report, a pre-existing relationship "
                     "(reversed_as='exclude')", shortest, longest)
            else:
                keep_row(0, 0, True, "reversed", "reversed timeline: the indicator precedes the report, a "
                         "pre-existing relationship counted as an event at time 0 (reversed_as='time_zero')",
                         shortest, longest)
        elif shortest < 0:
            if reversed_as == "exclude":
                drop(f"indicator interval straddles the report ({shortest} to {longest} days): it may be a "
                     "pre-existing relationship (reversed_as='exclude')", shortest, longest)
            else:
                keep_row(0, longest, True, "event", f"indicator interval straddles the report ({shortest} to "
                         f"{longest} days): clipped below at 0, event at the report or up to {longest} days "
                         "after it (reversed_as='time_zero')", shortest, longest, clipped=True)
        else:
            keep_row(shortest, longest, True, "event", "dated indicator after the report", shortest, longest)

    event_columns = keep + ["shortest_days", "longest_days", "left_days", "right_days", "event",
                            "analysis_role", "clipped", "note"]
    excluded_columns = keep + ["shortest_days", "longest_days", "analysis_role", "reason"]
    events = pd.DataFrame(analysed, columns=event_columns)
    events["event"] = events["event"].astype(bool)
    events["clipped"] = events["clipped"].astype(bool)
    return (events.reset_index(drop=True),
            pd.DataFrame(excluded, columns=excluded_columns).reset_index(drop=True))


def midpoint_times(events):
    """Kaplan–Meier input by midpoint imputation: (days, status) per case.

    An event's time is the midpoint of its interval (the day itself when the
    indicator has day precision); a censored case's time is its follow-up.
    """
    import numpy as np

    if len(events) == 0:
        raise ValueError("no analysed cases: nothing to estimate")
    left = events["left_days"].to_numpy(dtype=float)
    right = events["right_days"].to_numpy(dtype=float)
    status = events["event"].to_numpy(dtype=bool)
    if np.isinf(right[status]).any():
        raise ValueError("an event row has an infinite right end")
    times = np.where(status, (left + np.where(status, right, left)) / 2, left)
    return times, status.astype(int)


def _z(level: float) -> float:
    from scipy.stats import norm

    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level}")
    return float(norm.ppf(1 - (1 - level) / 2))


def loglog_interval(surv, se, level: float):
    """Pointwise interval for S(t) on the log(-log) scale with Greenwood's SE.

    log(-log S) ± z·se/(S·|log S|), mapped back: [S^exp(+zσ), S^exp(−zσ)]. It stays
    in [0, 1]; undefined (NaN) where S is 0 or 1 or the SE is undefined.
    """
    import numpy as np

    surv, se = np.asarray(surv, dtype=float), np.asarray(se, dtype=float)
    z = _z(level)
    low = np.full_like(surv, np.nan)
    high = np.full_like(surv, np.nan)
    ok = (surv > 0) & (surv < 1) & np.isfinite(se)
    sigma = se[ok] / (surv[ok] * -np.log(surv[ok]))
    low[ok] = surv[ok] ** np.exp(z * sigma)
    high[ok] = surv[ok] ** np.exp(-z * sigma)
    return low, high


def cumulative_incidence_km(events, level: float):
    """1 − Kaplan–Meier (midpoint imputation) with pointwise log-log intervals.

    statsmodels' SurvfuncRight gives the product-limit estimate and Greenwood's
    SE (``se``, the same for S and 1 − S); the interval is `loglog_interval`.
    One row per event time, preceded by a row at time 0 when no event is at
    time 0; ci_low/ci_high bound the cumulative incidence (NaN where the
    survival estimate is 0: the log-log scale is undefined there).
    """
    import pandas as pd
    from statsmodels.duration.survfunc import SurvfuncRight

    times, status = midpoint_times(events)
    fit = SurvfuncRight(times, status)
    low, high = loglog_interval(fit.surv_prob, fit.surv_prob_se, level)
    table = pd.DataFrame({
        "time_days": fit.surv_times.astype(float),
        "time_years": fit.surv_times / DAYS_PER_YEAR,
        "cum_incidence": 1 - fit.surv_prob,
        "se": fit.surv_prob_se,
        "ci_low": 1 - high,
        "ci_high": 1 - low,
        "at_risk": fit.n_risk.astype(int),
        "events": fit.n_events.astype(int),
    })
    if len(table) == 0 or table["time_days"].iloc[0] > 0:
        start = pd.DataFrame({"time_days": [0.0], "time_years": [0.0], "cum_incidence": [0.0], "se": [0.0],
                              "ci_low": [0.0], "ci_high": [0.0], "at_risk": [len(times)], "events": [0]})
        table = pd.concat([start, table], ignore_index=True)
    table.attrs.update(method="Kaplan-Meier, midpoint imputation", ci="log-log, Greenwood variance",
                       level=level)
    return table.astype({"at_risk": int, "events": int})


# A survival (or cumulative incidence) estimate within this of 1/2 counts as exactly
# 1/2: the product-limit 7/14 comes out as 0.5 - 5.6e-17 or 0.5 + 1e-16 depending on
# the order of the factors, and the median must not depend on rounding.
HALF_TOL = 1e-9


@dataclass(frozen=True)
class MedianTime:
    """Median time to partnership in years; None where the median or a limit is not reached.

    `plateau_*_years` are set when the estimate equals 1/2 exactly on a stretch
    between two event times: the median is then that stretch's midpoint.
    """

    estimate_years: float | None
    ci_low_years: float | None
    ci_high_years: float | None
    level: float
    method: str = "Kaplan-Meier (midpoint imputation); CI: Brookmeyer-Crowley, log-log transform"
    plateau_low_years: float | None = None
    plateau_high_years: float | None = None

    @property
    def reached(self) -> bool:
        return self.estimate_years is not None

    def as_numbers(self) -> dict:
        """Fragment for numbers.yml: 'not reached' in place of a missing value, never NaN."""
        def text(value, missing="not reached"):
            return missing if value is None else value

        numbers = {
            "median_years": text(self.estimate_years),
            "ci_low_years": text(self.ci_low_years, "not reached" if not self.reached else "not estimable"),
            "ci_high_years": text(self.ci_high_years),
            "ci_method": self.method,
            "level": self.level,
        }
        if self.plateau_low_years is not None:
            numbers.update(plateau_low_years=self.plateau_low_years, plateau_high_years=self.plateau_high_years)
        return numbers


def km_median_days(times, surv) -> tuple[float, tuple[float, float] | None]:
    """Median from a product-limit curve (event times, survival after each): (days, plateau).

    The first event time at which S falls below 1/2; where S equals 1/2 exactly
    (within HALF_TOL) from event time t_i up to the next event time t_j, the
    midpoint (t_i + t_j) / 2 (SAS PROC LIFETEST's and R survival's rule), with
    the plateau (t_i, t_j) returned; where S stays at 1/2 to the end, t_i.
    NaN when S never reaches 1/2 (not reached).
    """
    import numpy as np

    times, surv = np.asarray(times, dtype=float), np.asarray(surv, dtype=float)
    at_half = np.flatnonzero(np.abs(surv - 0.5) <= HALF_TOL)
    below = np.flatnonzero(surv < 0.5 - HALF_TOL)
    if len(at_half):
        i = at_half[0]
        if len(below) and below[0] == i + 1:
            return (times[i] + times[i + 1]) / 2, (float(times[i]), float(times[i + 1]))
        return float(times[i]), None
    return (float(times[below[0]]), None) if len(below) else (float("nan"), None)


def median_time(events, level: float) -> MedianTime:
    """Median time to partnership with a Brookmeyer–Crowley interval (log-log), never NaN.

    The estimate is `km_median_days` of the product-limit curve: the first event
    time at which the survival estimate falls below 0.5, or the midpoint of a
    stretch where it equals 0.5 exactly (statsmodels' `quantile` has no such rule
    and, comparing floats strictly, picks either end of the stretch depending on
    rounding); none such means "not reached" (None). The interval is
    `quantile_ci(0.5, method="cloglog")`: the event times whose log-log test of
    S(t) = 0.5 is not rejected; an upper limit past the last event is None.
    """
    import numpy as np
    from statsmodels.duration.survfunc import SurvfuncRight

    _z(level)
    times, status = midpoint_times(events)
    fit = SurvfuncRight(times, status)
    estimate, low, high, plateau = np.nan, np.nan, np.nan, None
    if len(fit.surv_times):  # no event at all: nothing is reached
        estimate, plateau = km_median_days(fit.surv_times, fit.surv_prob)
        with np.errstate(divide="ignore", invalid="ignore"):  # log(-log S) at S = 0 stays out of the interval
            low, high = fit.quantile_ci(0.5, alpha=1 - level, method="cloglog")

    def years(days):
        return None if not np.isfinite(days) else float(days) / DAYS_PER_YEAR

    return MedianTime(years(estimate), years(low), years(high), level,
                      plateau_low_years=years(plateau[0]) if plateau else None,
                      plateau_high_years=years(plateau[1]) if plateau else None)


def turnbull_regions(lower, upper):
    """Turnbull's (1976) innermost intervals of closed observation intervals.

    Sort all ends (a left end before a right end at the same value, as lifelines
    does); each left end immediately followed by a right end bounds a region.
    Only there can the NPMLE put mass.
    """
    ends = sorted([(float(value), 0) for value in lower] + [(float(value), 1) for value in upper])
    return [(a, b) for (a, kind_a), (b, kind_b) in zip(ends, ends[1:]) if kind_a == 0 and kind_b == 1]


def turnbull_npmle(events):
    """Interval-censored NPMLE (Turnbull) of cumulative incidence, via lifelines.

    Events enter as closed intervals [left_days, right_days] (exact when equal);
    censored cases as [follow-up + CENSOR_OFFSET_DAYS, inf]. lifelines'
    `fit_interval_censoring` runs EM (fit_method="em", tol=NPMLE_TOL). The
    NPMLE fixes only the mass on each Turnbull region, not where inside it, so
    the table has one row per region: its ends, its mass, and the cumulative
    incidence before and after it (flat between regions). lifelines gives no
    interval for this estimator, and none is reported.
    """
    import numpy as np
    import pandas as pd
    from lifelines import KaplanMeierFitter

    if len(events) == 0:
        raise ValueError("no analysed cases: nothing to estimate")
    status = events["event"].to_numpy(dtype=bool)
    left = events["left_days"].to_numpy(dtype=float)
    lower = np.where(status, left, left + CENSOR_OFFSET_DAYS)
    upper = np.where(status, events["right_days"].to_numpy(dtype=float), np.inf)
    regions = turnbull_regions(lower, upper)
    starts = sorted({a for a, _ in regions})
    fit = KaplanMeierFitter().fit_interval_censoring(lower, upper, timeline=starts, label="npmle",
                                                      tol=NPMLE_TOL, fit_method="em")
    # lifelines' survival at a region's left end is the value before the region's mass
    before = fit.survival_function_["npmle_upper"].loc[starts].to_numpy(dtype=float)
    after = np.append(before[1:], 0.0)  # EM normalises the masses to sum to one
    table = pd.DataFrame({
        "region_low_days": [a for a, _ in regions],
        "region_high_days": [b for _, b in regions],
        "mass": before - after,
        "cum_incidence_before": 1 - before,
        "cum_incidence": 1 - after,
    })
    table.insert(2, "region_low_years", table["region_low_days"] / DAYS_PER_YEAR)
    table.insert(3, "region_high_years", table["region_high_days"] / DAYS_PER_YEAR)
    table.attrs.update(method="Turnbull NPMLE (lifelines EM)", censor_offset_days=CENSOR_OFFSET_DAYS,
                       tol=NPMLE_TOL)
    return table


def _half(count: int, n: int) -> str:
    if 2 * count < n:
        return "fewer than half"
    return "exactly half" if 2 * count == n else "more than half"


def timing_shares(durations, level: float):
    """How many dated partnering cases fall in each timing band: the check of 'one to three years'.

    `durations` is `case_durations` output (``shortest_days``, ``longest_days``).
    Shares, with Wilson intervals, of all dated cases and of those whose
    indicator certainly follows the report (under 1, 1–3, over 3 years). Returns
    ``(table, verdict)``; the verdict sentence is built from the counts only.
    """
    import pandas as pd

    from wishlist.stats.proportions import proportion_ci

    bands = [band(int(s), int(l)) for s, l in zip(durations["shortest_days"], durations["longest_days"])]
    counts = {name: bands.count(name) for name in TIMING_BANDS}
    after = ("under_1_year", "1_to_3_years", "over_3_years")
    n_dated, n_after = len(bands), sum(counts[name] for name in after)
    rows = []
    for denominator, names, n in (("dated", TIMING_BANDS, n_dated), ("after_report", after, n_after)):
        for name in names:
            share = proportion_ci(counts[name], n, "wilson", level) if n else None
            rows.append({"denominator": denominator, "band": name, "count": counts[name], "n": n,
                         "share": share.estimate if share else float("nan"),
                         "ci_low": share.low if share else float("nan"),
                         "ci_high": share.high if share else float("nan"), "ci_method": "wilson"})
    table = pd.DataFrame(rows)
    if n_dated == 0:
        return table, ("No partnering case has a dated indicator, so the brief's 'one to three years' "
                       "cannot be checked.")
    k = counts["1_to_3_years"]
    main = proportion_ci(k, n_dated, "wilson", level)
    others = []
    if counts["reversed"]:
        others.append(f"{counts['reversed']} precede the report")
    straddle_report = sum(1 for s, name in zip(durations["shortest_days"], bands) if name == "ambiguous" and s < 0)
    if straddle_report:
        others.append(f"{straddle_report} {'straddles' if straddle_report == 1 else 'straddle'} it")
    if counts["ambiguous"] - straddle_report:
        others.append(f"{counts['ambiguous'] - straddle_report} straddle the 1- or 3-year border")
    aside = f" ({', '.join(others)})" if others else ""
    after_clause = (aside if n_after == n_dated
                    else f", {k} of the {n_after} whose indicator certainly follows it{aside}")
    includes = main.low <= 0.5 <= main.high
    verdict = (f"{k} of {n_dated} dated cases ({main.estimate:.0%}; {level:.0%} Wilson CI {main.low:.0%} to "
               f"{main.high:.0%}) partnered one to three years after the report"
               f"{after_clause}: the brief's 'typically' describes {_half(k, n_dated)} of the dated cases"
               f"{', and the interval includes one half' if includes else ', and the interval excludes one half'}.")
    return table, verdict


# ---------------------------------------------------------------------------
# The stage: checks of the case-outcome sheet, Table 1, the analyses and their
# summaries (numbers.yml, tables). The scripts only read, call and write.
# ---------------------------------------------------------------------------

OUTCOME_COLUMNS = ("file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date",
                   "provenance")
BAND_LABELS = {"reversed": "reversed (indicator before report)", "under_1_year": "under 1 year",
               "1_to_3_years": "1–3 years", "over_3_years": "over 3 years"}
# EM gives the NPMLE's masses to about this accuracy: a cumulative incidence this
# close to 1/2 counts as exactly 1/2 (so the median follows median_time's rule).
MASS_TOL = 1e-5
SUMMARY_YEARS = (1, 3)  # cumulative incidence is summarised by these years after the report (the brief's band)


def check_case_outcomes(outcomes, records, cutoff: str, path) -> None:
    """Refuse a case-outcome sheet the analysis cannot use; the error names line, record and field.

    `outcomes` is the sheet as read (all strings, empty for missing); line 1 is the header.
    """
    from wishlist.core.errors import StudyInputError

    missing = [c for c in OUTCOME_COLUMNS if c not in outcomes.columns]
    if missing:
        raise StudyInputError(path, f"missing column(s) {missing}; expected {list(OUTCOME_COLUMNS)}",
                              field=missing[0])
    _, cutoff_day, _ = parse_filing_date(cutoff)
    report_dates = dict(zip(records["file_number"], records["filing_date"]))
    seen: dict[str, int] = {}
    for line, row in enumerate(outcomes.to_dict("records"), start=2):
        number = str(row["file_number"]).strip()
        where = {"row": line, "record": number or None}
        if not number:
            raise StudyInputError(path, "file number is empty", field="file_number", **where)
        if number in seen:
            raise StudyInputError(path, f"duplicate file number, first on line {seen[number]}",
                                  field="file_number", **where)
        seen[number] = line
        if number not in report_dates:
            raise StudyInputError(path, "file number is not among the ingested records (misspelt, or filed "
                                        "outside the study window)", field="file_number", **where)
        outcome = row["outcome"]
        if outcome not in OUTCOMES:
            raise StudyInputError(path, f"outcome {outcome!r} is not one of {list(OUTCOMES)}", field="outcome",
                                  **where)
        _, report_first, _ = parse_filing_date(report_dates[number])
        if report_first > cutoff_day:
            raise StudyInputError(path, f"the report ({report_dates[number]}) is after the investigation cut-off "
                                        f"{cutoff}", field="file_number", **where)
        indicator = str(row["indicator_date"]).strip()
        if not indicator:
            continue
        if outcome != "partnered":
            raise StudyInputError(path, f"outcome {outcome!r} but an indicator date is given; only 'partnered' "
                                        "cases have an indicator", field="indicator_date", **where)
        try:
            _, indicator_first, _ = parse_filing_date(indicator)
        except ValueError as exc:
            raise StudyInputError(path, f"unparseable date: {exc}", field="indicator_date", **where) from None
        if indicator_first > cutoff_day:
            raise StudyInputError(path, f"indicator date {indicator} is after the investigation cut-off {cutoff}",
                                  field="indicator_date", **where)


def analysis_cases(outcomes, records):
    """The outcome sheet joined to each case's report date and its record's provenance."""
    joined = records[["file_number", "filing_date", "provenance"]].rename(columns={"provenance": "record_provenance"})
    return outcomes.merge(joined, on="file_number", how="left", validate="one_to_one")


def days_label(shortest: int, longest: int) -> str:
    """'406' for a day-exact duration, '543 to 573' for an interval (' to ', as ends may be negative)."""
    return f"{shortest}" if shortest == longest else f"{shortest} to {longest}"


def timing_label(band_name: str, shortest: int) -> str:
    """Readable timing band; says which border an ambiguous interval straddles."""
    if band_name == "ambiguous":
        return ("ambiguous (interval straddles the report)" if shortest < 0
                else "ambiguous (interval straddles the 1- or 3-year border)")
    return BAND_LABELS[band_name]


def indicator_type_label(code: str) -> str:
    """'subsidiary_in_china' -> 'subsidiary in China'."""
    return " ".join("China" if word == "china" else word for word in str(code).split("_"))


def table1(durations):
    """The brief's Table 1 regenerated from the data: one row per dated partnering case.

    `durations` is `case_durations` output (sorted by report date, then company).
    """
    import pandas as pd

    return pd.DataFrame({
        "Company": durations["company"],
        "Country": durations["country"],
        "Post": durations["post_en"],
        "Report": durations["filing_date"],
        "Indicator type": [indicator_type_label(t) for t in durations["indicator_type"].fillna("")],
        "Indicator": durations["indicator"],
        "Indicator date": durations["indicator_date"],
        "Days (min to max)": [days_label(int(s), int(l))
                              for s, l in zip(durations["shortest_days"], durations["longest_days"])],
        "Timing": [timing_label(b, int(s)) for b, s in zip(durations["band"], durations["shortest_days"])],
    }).reset_index(drop=True)


@dataclass(frozen=True)
class Analysis:
    """One time-to-event analysis: which estimator, and each choice event_table takes."""

    key: str
    label: str
    role: str  # main / sensitivity / comparison
    method: str  # km / turnbull
    reversed_as: str
    insufficient_as: str
    partnered_only: bool = False


ANALYSES = (
    Analysis("km_time_zero", "Kaplan–Meier, reversed timelines as events at time 0", "main", "km",
             "time_zero", "exclude"),
    Analysis("km_exclude", "Kaplan–Meier, reversed timelines excluded", "main", "km", "exclude", "exclude"),
    Analysis("turnbull_time_zero", "Turnbull NPMLE (interval-censored), reversed timelines at time 0",
             "sensitivity", "turnbull", "time_zero", "exclude"),
    Analysis("turnbull_exclude", "Turnbull NPMLE (interval-censored), reversed timelines excluded",
             "sensitivity", "turnbull", "exclude", "exclude"),
    Analysis("km_time_zero_insufficient_censored",
             "Kaplan–Meier, insufficient-information cases censored, reversed timelines at time 0",
             "sensitivity", "km", "time_zero", "censored"),
    Analysis("km_exclude_insufficient_censored",
             "Kaplan–Meier, insufficient-information cases censored, reversed timelines excluded",
             "sensitivity", "km", "exclude", "censored"),
    Analysis("partnered_only_time_zero",
             "Partnering cases only (midpoint imputation, no censored cases), reversed timelines at time 0",
             "comparison", "km", "time_zero", "exclude", partnered_only=True),
    Analysis("partnered_only_exclude",
             "Partnering cases only (midpoint imputation, no censored cases), reversed timelines excluded",
             "comparison", "km", "exclude", "exclude", partnered_only=True),
)
ANALYSIS_KEYS = tuple(a.key for a in ANALYSES)


@dataclass(frozen=True)
class AnalysisResult:
    """An analysis run: its event table, its exclusions (with reasons) and its estimate.

    `curve` is the `cumulative_incidence_km` table (method km) or the
    `turnbull_npmle` table (method turnbull); None when no case is analysed.
    """

    analysis: Analysis
    events: object
    excluded: object
    curve: object
    median: MedianTime | None
    level: float

    @property
    def counts(self) -> dict:
        events = self.events
        return {"cases": len(events), "events": int(events["event"].sum()) if len(events) else 0,
                "censored": int((~events["event"]).sum()) if len(events) else 0,
                "excluded": len(self.excluded)}

    @property
    def follow_up_days(self) -> float:
        """The longest time the analysis observes (an event's midpoint or a censoring)."""
        if len(self.events) == 0:
            return 0.0
        times, _ = midpoint_times(self.events)
        return float(max(times))


def run_analyses(cases, cutoff: str, level: float) -> dict[str, AnalysisResult]:
    """Every analysis of ANALYSES on `analysis_cases` output, keyed by Analysis.key."""
    import pandas as pd

    columns = ["file_number", "company", "outcome", "filing_date", "indicator_date"]
    results = {}
    for analysis in ANALYSES:
        subset = cases[columns]
        others = subset.iloc[0:0]
        if analysis.partnered_only:
            others = subset[subset["outcome"].ne("partnered")]
            subset = subset[subset["outcome"].eq("partnered")]
        events, excluded = event_table(subset, cutoff, analysis.reversed_as, analysis.insufficient_as)
        if len(others):
            extra = others.assign(indicator_date=others["indicator_date"].astype(str), shortest_days=float("nan"),
                                  longest_days=float("nan"), analysis_role="excluded",
                                  reason="comparison analysis of the partnering cases only (conditional on "
                                         "partnering): the cases that did not partner are left out")
            extra = extra[excluded.columns]
            excluded = (pd.concat([excluded, extra], ignore_index=True) if len(excluded)
                        else extra.reset_index(drop=True))
        curve, median = None, None
        if len(events):
            if analysis.method == "km":
                curve, median = cumulative_incidence_km(events, level), median_time(events, level)
            else:
                curve = turnbull_npmle(events)
        results[analysis.key] = AnalysisResult(analysis, events, excluded, curve, median, level)
    return results


def km_at(curve, days: float):
    """Kaplan–Meier cumulative incidence and its interval at `days`: the step in force there."""
    row = curve[curve["time_days"] <= days].iloc[-1]
    return float(row["cum_incidence"]), float(row["ci_low"]), float(row["ci_high"])


def turnbull_at(table, days: float) -> tuple[float, float]:
    """The NPMLE's cumulative incidence at `days` as (low, high).

    Equal, unless `days` lies inside a Turnbull region whose mass the NPMLE does
    not place within it: then every value between is a maximum-likelihood value.
    """
    low = float(table.loc[table["region_high_days"] <= days, "mass"].sum())
    high = float(table.loc[table["region_low_days"] <= days, "mass"].sum())
    return min(low, 1.0), min(high, 1.0)


def turnbull_median(table) -> tuple[float, float] | None:
    """The NPMLE's median as a range (low_days, high_days), or None (not reached).

    `km_median_days`' rule on the NPMLE: the region where the cumulative
    incidence first rises above 1/2 (MASS_TOL: EM's accuracy), whose ends bound
    the median as the NPMLE leaves the mass's place in it open; where it equals
    1/2 exactly after region P until region R, the midpoint of P and R, which
    ranges over [(P.low + R.low)/2, (P.high + R.high)/2]. The mass the NPMLE
    leaves beyond the last censoring (an infinite region) is not a median.
    """
    rising = table.index[table["cum_incidence"] > 0.5 + MASS_TOL]
    flat = table.index[(table["cum_incidence"] - 0.5).abs() <= MASS_TOL]
    if len(flat):
        p = table.loc[flat[0]]
        if len(rising) and math.isfinite(table.loc[rising[0], "region_high_days"]):
            r = table.loc[rising[0]]
            return ((float(p["region_low_days"]) + float(r["region_low_days"])) / 2,
                    (float(p["region_high_days"]) + float(r["region_high_days"])) / 2)
        return float(p["region_low_days"]), float(p["region_high_days"])
    if not len(rising) or not math.isfinite(table.loc[rising[0], "region_high_days"]):
        return None
    r = table.loc[rising[0]]
    return float(r["region_low_days"]), float(r["region_high_days"])


def _absent(value) -> bool:
    """None or NaN: a quantity not reached, not estimable or past the follow-up."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _finite(value):
    return None if value is None or not math.isfinite(value) else float(value)


def summary(result: AnalysisResult) -> dict:
    """Median and cumulative incidence by SUMMARY_YEARS of one analysis (None: not reached / not estimable).

    Each quantity has an estimate range [low, high] (equal for Kaplan–Meier; the
    NPMLE's range where it is undetermined) and a CI (Kaplan–Meier only). A year
    past the analysis' follow-up is None.
    """
    a = result.analysis
    row = {"analysis": a.key, "label": a.label, "role": a.role, "method": a.method,
           "reversed_as": a.reversed_as, "insufficient_as": a.insufficient_as, **result.counts}
    empty = {"median_years_low": None, "median_years_high": None, "median_ci_low_years": None,
             "median_ci_high_years": None, "median_plateau_low_years": None, "median_plateau_high_years": None}
    for year in SUMMARY_YEARS:
        empty.update({f"by_{year}y_low": None, f"by_{year}y_high": None, f"by_{year}y_ci_low": None,
                      f"by_{year}y_ci_high": None})
    row.update(empty)
    if result.curve is None:
        return row
    follow_up = result.follow_up_days
    if a.method == "km":
        m = result.median
        row.update(median_years_low=m.estimate_years, median_years_high=m.estimate_years,
                   median_ci_low_years=m.ci_low_years, median_ci_high_years=m.ci_high_years,
                   median_plateau_low_years=m.plateau_low_years, median_plateau_high_years=m.plateau_high_years)
        for year in SUMMARY_YEARS:
            days = year * DAYS_PER_YEAR
            if days <= follow_up:
                estimate, low, high = km_at(result.curve, days)
                row.update({f"by_{year}y_low": estimate, f"by_{year}y_high": estimate,
                            f"by_{year}y_ci_low": _finite(low), f"by_{year}y_ci_high": _finite(high)})
    else:
        median = turnbull_median(result.curve)
        if median:
            row.update(median_years_low=median[0] / DAYS_PER_YEAR, median_years_high=median[1] / DAYS_PER_YEAR)
        for year in SUMMARY_YEARS:
            days = year * DAYS_PER_YEAR
            if days <= follow_up:
                low, high = turnbull_at(result.curve, days)
                row.update({f"by_{year}y_low": low, f"by_{year}y_high": high})
    return row


def estimates_table(results: dict[str, AnalysisResult]):
    """One summary row per analysis, in ANALYSES order (NaN: not reached, not estimable or past follow-up)."""
    import pandas as pd

    frame = pd.DataFrame([summary(results[key]) for key in ANALYSIS_KEYS if key in results])
    numeric = [c for c in frame.columns if c.startswith(("median_", "by_"))]
    frame[numeric] = frame[numeric].astype(float)
    return frame


def _range(low, high, scale: float, digits: int) -> str:
    if _absent(low):
        return "not reached"
    if abs(high - low) < 1e-9:
        return f"{low * scale:.{digits}f}"
    return f"{low * scale:.{digits + 1}f} to {high * scale:.{digits + 1}f}"  # a range: one more decimal


def _ci(low, high, scale: float, digits: int) -> str:
    def one(value, missing):
        return missing if _absent(value) else f"{value * scale:.{digits}f}"

    if _absent(low) and _absent(high):
        return "—"
    return f"{one(low, 'not estimable')} to {one(high, 'not reached')}"


def _plateau(row) -> str:
    low, high = row["median_plateau_low_years"], row["median_plateau_high_years"]
    return "" if _absent(low) else f" (midpoint of {low:.2f} and {high:.2f})"


def estimates_display(estimates):
    """The estimates table as the paper shows it: years to one decimal, shares in per cent."""
    import pandas as pd

    def count_cell(row):
        return f"{row['cases']} ({row['events']} / {row['censored']} / {row['excluded']})"

    shown = {
        "Analysis": estimates["label"],
        "Role": estimates["role"],
        "Cases (partnered / censored / excluded)": [count_cell(r) for _, r in estimates.iterrows()],
        "Median, years": [_range(r["median_years_low"], r["median_years_high"], 1, 1) + _plateau(r)
                          for _, r in estimates.iterrows()],
        "Median CI": [_ci(r["median_ci_low_years"], r["median_ci_high_years"], 1, 1)
                      for _, r in estimates.iterrows()],
    }
    for year in SUMMARY_YEARS:
        name = f"By {year} year{'s' if year > 1 else ''}, %"
        shown[name] = [("past follow-up" if _absent(r[f"by_{year}y_low"])
                        else _range(r[f"by_{year}y_low"], r[f"by_{year}y_high"], 100, 0))
                       for _, r in estimates.iterrows()]
        shown[f"{name} CI"] = [_ci(r[f"by_{year}y_ci_low"], r[f"by_{year}y_ci_high"], 100, 0)
                               for _, r in estimates.iterrows()]
    return pd.DataFrame(shown)


def _number(value, missing: str):
    return missing if _absent(value) else float(value)


def analysis_numbers(row) -> dict:
    """numbers.yml fragment of one estimates_table row: 'not reached' / 'not estimable', never NaN."""
    out = {"label": row["label"], "role": row["role"], "cases": int(row["cases"]), "events": int(row["events"]),
           "censored": int(row["censored"]), "excluded": int(row["excluded"])}
    if row["method"] == "km":
        out.update(median_years=_number(row["median_years_low"], "not reached"),
                   median_ci_low_years=_number(row["median_ci_low_years"],
                                               "not estimable" if not _absent(row["median_years_low"])
                                               else "not reached"),
                   median_ci_high_years=_number(row["median_ci_high_years"], "not reached"),
                   median_ci_method="Brookmeyer-Crowley, log-log transform")
        if not _absent(row["median_plateau_low_years"]):  # S = 1/2 on a stretch
            out.update(median_plateau_low_years=float(row["median_plateau_low_years"]),
                       median_plateau_high_years=float(row["median_plateau_high_years"]))
        for year in SUMMARY_YEARS:
            unit = "year" if year == 1 else "years"
            out[f"by_{year}_{unit}_pct"] = _number(row[f"by_{year}y_low"], "past follow-up")
            out[f"by_{year}_{unit}_ci_low_pct"] = _number(row[f"by_{year}y_ci_low"], "not estimable")
            out[f"by_{year}_{unit}_ci_high_pct"] = _number(row[f"by_{year}y_ci_high"], "not estimable")
        out["ci_method"] = "log-log, Greenwood variance"
    else:
        out.update(median_low_years=_number(row["median_years_low"], "not reached"),
                   median_high_years=_number(row["median_years_high"], "not reached"))
        for year in SUMMARY_YEARS:
            unit = "year" if year == 1 else "years"
            out[f"by_{year}_{unit}_low_pct"] = _number(row[f"by_{year}y_low"], "past follow-up")
            out[f"by_{year}_{unit}_high_pct"] = _number(row[f"by_{year}y_high"], "past follow-up")
        out["ci_method"] = "none (lifelines gives no interval for the NPMLE)"
    return out


def share_numbers(shares) -> dict:
    """numbers.yml fragment of `timing_shares`' table: share_<band> (all dated cases) and
    share_after_report_<band> (cases whose indicator certainly follows the report)."""
    out = {}
    for row in shares.to_dict("records"):
        key = f"share_{row['band']}" if row["denominator"] == "dated" else f"share_after_report_{row['band']}"
        fragment = {"count": int(row["count"]), "n": int(row["n"]), "ci_method": row["ci_method"]}
        if row["n"]:
            fragment.update(share_pct=row["share"], ci_low_pct=row["ci_low"], ci_high_pct=row["ci_high"])
        out[key] = fragment
    return out


def censored_provenance(cases) -> dict:
    """How many cases of each outcome there are, and how many of their report records are reconstructed."""
    out = {}
    for outcome in OUTCOMES:
        subset = cases[cases["outcome"].eq(outcome)]
        out[f"cases_{outcome}"] = len(subset)
        out[f"cases_{outcome}_reconstructed"] = int(subset["record_provenance"].eq("reconstructed").sum())
    return out


def imprecise_indicators(result: AnalysisResult) -> list[str]:
    """Companies whose event interval has width (month or year dates, or clipped at 0): midpoint-imputed by KM."""
    events = result.events
    wide = events[events["event"] & (events["right_days"] > events["left_days"])]
    return list(wide["company"]) if "company" in wide.columns else list(wide["file_number"])


def dated_note(durations) -> str:
    """Caption words on where the dated cases come from (the outcome sheet's provenance)."""
    n = len(durations)
    published = int(durations["provenance"].eq("published").sum())
    if n and published == n:
        return f"all {n} are the brief's Table 1 cases, with their real dates"
    return f"{published} of {n} with published dates (the brief's Table 1), {n - published} reconstructed"


def censored_note(cases) -> str:
    """Caption words on the censored cases: how many, and whether their report records are reconstructed."""
    parts = []
    for outcome, name in (("no", "'no partnership found'"), ("insufficient", "'insufficient information'")):
        subset = cases[cases["outcome"].eq(outcome)]
        if not len(subset):
            continue
        fake = int(subset["record_provenance"].eq("reconstructed").sum())
        one = len(subset) == 1
        if fake == len(subset):
            whose = "a record of the reconstructed corpus" if one else "all records of the reconstructed corpus"
        elif fake:
            whose = f"{fake} of them {'a record' if fake == 1 else 'records'} of the reconstructed corpus"
        else:
            whose = "a published record" if one else "published records"
        parts.append(f"{len(subset)} {name} case{'' if len(subset) == 1 else 's'} ({whose})")
    return "; ".join(parts) if parts else "no censored cases"


def stage_numbers(durations, cases, results, estimates, shares, verdict: str, cutoff: str, level: float) -> dict:
    """The stage's numbers.yml fragment (see README of numbers.py for the key suffixes)."""
    bands = durations["band"].value_counts()
    main = results["km_time_zero"]
    imprecise = imprecise_indicators(main) if len(main.events) else []
    no = cases[cases["outcome"].eq("no")]
    fragment = {
        "dated_cases": len(durations),
        "dated_cases_published": int(durations["provenance"].eq("published").sum()),
        "reversed": int(durations["reversed"].sum()),
        **{f"band_{name}": int(bands.get(name, 0)) for name in TIMING_BANDS},
        "cutoff": cutoff,
        "level": float(level),
        **censored_provenance(cases),
        "censored_source": ("none" if not len(no) else "reconstructed corpus"
                            if no["record_provenance"].eq("reconstructed").any() else "published bulletin records"),
        "midpoint_imputed_cases": len(imprecise),
        "midpoint_imputed_companies": ", ".join(imprecise) if imprecise else "none",
        **share_numbers(shares),
        "verdict": verdict,
    }
    for row in estimates.to_dict("records"):
        fragment[row["analysis"]] = analysis_numbers(row)
    return fragment


def long_tables(results: dict[str, AnalysisResult]):
    """(cases, km, turnbull): every analysis' cases with their role or exclusion reason, its
    Kaplan–Meier curve or its Turnbull regions, stacked with the analysis' key and choices."""
    import pandas as pd

    cases, km, turnbull = [], [], []
    for key in ANALYSIS_KEYS:
        result = results[key]
        a = result.analysis
        tag = {"analysis": a.key, "role": a.role, "method": a.method, "reversed_as": a.reversed_as,
               "insufficient_as": a.insufficient_as}
        cases.append(result.events.assign(**tag))
        cases.append(result.excluded.assign(**tag))
        if result.curve is not None:
            (km if a.method == "km" else turnbull).append(result.curve.assign(**tag))

    def stack(frames):
        frames = [f for f in frames if len(f)]  # an empty frame would blur the columns' dtypes
        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        first = ["analysis", "role", "method", "reversed_as", "insufficient_as"]
        return frame[first + [c for c in frame.columns if c not in first]] if len(frame.columns) else frame

    return stack(cases), stack(km), stack(turnbull)


def shares_display(shares):
    """`timing_shares`' table as the paper shows it."""
    import pandas as pd

    names = {**BAND_LABELS, "ambiguous": "ambiguous (interval straddles a border)"}
    return pd.DataFrame({
        "Denominator": shares["denominator"].map({"dated": "all dated cases",
                                                  "after_report": "indicator certainly after the report"}),
        "Timing": shares["band"].map(names),
        "Cases": [f"{c} of {n}" for c, n in zip(shares["count"], shares["n"])],
        "Share, %": [("—" if _absent(v) else f"{100 * v:.0f}") for v in shares["share"]],
        "CI, %": [("—" if _absent(lo) else f"{100 * lo:.0f} to {100 * hi:.0f}")
                  for lo, hi in zip(shares["ci_low"], shares["ci_high"])],
    })
