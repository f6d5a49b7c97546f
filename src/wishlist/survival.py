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

from .records import parse_filing_date

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
    spans = [duration_days(r, i) for r, i in zip(table["filing_date"], table["indicator_date"])]
    table["shortest_days"] = [s for s, _ in spans]
    table["longest_days"] = [l for _, l in spans]
    table["band"] = [band(s, l) for s, l in spans]
    table["reversed"] = table["longest_days"] < 0
    columns = ["file_number", "company", "country", "post_en", "filing_date", "indicator", "indicator_date",
               "shortest_days", "longest_days", "band", "reversed", "provenance"]
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

OUTCOMES = ("partnered", "no", "insufficient")
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


@dataclass(frozen=True)
class MedianTime:
    """Median time to partnership in years; None where the median or a limit is not reached."""

    estimate_years: float | None
    ci_low_years: float | None
    ci_high_years: float | None
    level: float
    method: str = "Kaplan-Meier (midpoint imputation); CI: Brookmeyer-Crowley, log-log transform"

    @property
    def reached(self) -> bool:
        return self.estimate_years is not None

    def as_numbers(self) -> dict:
        """Fragment for numbers.yml: 'not reached' in place of a missing value, never NaN."""
        def text(value, missing="not reached"):
            return missing if value is None else value

        return {
            "median_years": text(self.estimate_years),
            "ci_low_years": text(self.ci_low_years, "not reached" if not self.reached else "not estimable"),
            "ci_high_years": text(self.ci_high_years),
            "ci_method": self.method,
            "level": self.level,
        }


def median_time(events, level: float) -> MedianTime:
    """Median time to partnership with a Brookmeyer–Crowley interval (log-log), never NaN.

    statsmodels' `quantile(0.5)`: the first event time at which the survival
    estimate falls strictly below 0.5 (SAS's rule, without its averaging when S
    equals 0.5 exactly); none such means "not reached" (None). The interval is
    `quantile_ci(0.5, method="cloglog")`: the event times whose log-log test of
    S(t) = 0.5 is not rejected; an upper limit past the last event is None.
    """
    import numpy as np
    from statsmodels.duration.survfunc import SurvfuncRight

    _z(level)
    times, status = midpoint_times(events)
    fit = SurvfuncRight(times, status)
    estimate, low, high = np.nan, np.nan, np.nan
    if len(fit.surv_times):  # no event at all: nothing is reached
        with np.errstate(divide="ignore", invalid="ignore"):  # log(-log S) at S = 0 stays out of the interval
            estimate = fit.quantile(0.5)
            low, high = fit.quantile_ci(0.5, alpha=1 - level, method="cloglog")

    def years(days):
        return None if not np.isfinite(days) else float(days) / DAYS_PER_YEAR

    return MedianTime(years(estimate), years(low), years(high), level)


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

    from .proportions import proportion_ci

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
