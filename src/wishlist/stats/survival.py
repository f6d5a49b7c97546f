"""Time-to-event estimators for times known as intervals of days.

Pure functions: arrays and frames of days in, numbers and frames out (no dates,
no files, no words). An observation is a closed interval of days
[``left_days``, ``right_days``] holding the event (equal ends for an exact day),
or, when right-censored, its follow-up in ``left_days`` with ``right_days`` = inf.

- Kaplan–Meier needs one time per case: `midpoint_times` takes an interval's
  midpoint; the Turnbull NPMLE (`turnbull_npmle`) uses the intervals as they are.
- Pointwise intervals use the log-log transform, log(-log S(t)), of the
  Kaplan–Meier estimate with Greenwood's variance (Kalbfleisch & Prentice 2002,
  sec. 1.4); the median's interval inverts the same log-log test (Brookmeyer &
  Crowley 1982), statsmodels' method="cloglog".
- `band` and `timing_shares` sort duration intervals into the brief's timing
  bands (under one year, one to three years, over three years after the report);
  `border_shift` finds an interval within a tolerance of the 1- or 3-year border,
  `uncertain_order` one that cannot be ordered against the report.
- `censoring_after_last_event` tells when 1 − Kaplan–Meier is the plain
  `empirical_share` (events by t / cases) up to the last event.

Years are days / DAYS_PER_YEAR (wishlist.brief.dates) everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from wishlist.brief.dates import DAYS_PER_YEAR
from wishlist.stats.proportions import proportion_ci

# ---------------------------------------------------------------------------
# Timing bands of a duration interval
# ---------------------------------------------------------------------------

BANDS = (("reversed", None, 0.0), ("under_1_year", 0.0, 1.0), ("1_to_3_years", 1.0, 3.0), ("over_3_years", 3.0, None))
TIMING_BANDS = ("reversed", "under_1_year", "1_to_3_years", "over_3_years", "ambiguous")
AFTER_REPORT_BANDS = ("under_1_year", "1_to_3_years", "over_3_years")  # the event certainly follows time zero


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


# The borders between the bands that follow the report, in years (the brief's "one to three years").
AFTER_REPORT_BORDERS_YEARS = (1.0, 3.0)


def uncertain_order(shortest_days: float, longest_days: float) -> bool:
    """Whether a duration interval may put the indicator before the report or after it.

    True when the interval overlaps time zero (shortest < 0 <= longest): the dates
    of report and indicator cannot order them.
    """
    return shortest_days < 0 <= longest_days


def border_shift(shortest_days: float, longest_days: float, tolerance_days: float):
    """The band across a 1- or 3-year border that a duration interval lies within `tolerance_days` of.

    Returns ``(band, border_days)``: the band on the other side of the nearest such
    border and the border in days (border years × DAYS_PER_YEAR), or None when the
    interval is in no after-report band (reversed, or straddling a border: already
    'ambiguous') or farther than the tolerance from both borders. The report itself
    (time zero) is not such a border: which side of it an indicator lies is
    `uncertain_order`'s question.
    """
    if tolerance_days < 0:
        raise ValueError(f"tolerance must be >= 0 days, got {tolerance_days}")
    own = band(shortest_days, longest_days)
    if own not in AFTER_REPORT_BANDS:
        return None
    best = None
    for years in AFTER_REPORT_BORDERS_YEARS:
        border = years * DAYS_PER_YEAR
        distance = min(abs(shortest_days - border), abs(longest_days - border))
        if distance <= tolerance_days and (best is None or distance < best[0]):
            best = (distance, border)
    if best is None:
        return None
    border = best[1]
    index = AFTER_REPORT_BANDS.index(own)
    across = AFTER_REPORT_BANDS[index + 1] if longest_days < border else AFTER_REPORT_BANDS[index - 1]
    return across, border


def band_shares(bands, level: float, names=(*AFTER_REPORT_BANDS, "ambiguous")):
    """How many of `bands` (band names, one per case) fall in each of `names`, with Wilson intervals.

    One row per name: count, n (all the cases), share and its interval (NaN over no case).
    """
    import pandas as pd

    bands = list(bands)
    unknown = set(bands) - set(names)
    if unknown:
        raise ValueError(f"bands {sorted(unknown)} are not among {list(names)}")
    n, rows = len(bands), []
    for name in names:
        count = bands.count(name)
        share = proportion_ci(count, n, "wilson", level) if n else None
        rows.append({"band": name, "count": count, "n": n, "share": share.estimate if share else float("nan"),
                     "ci_low": share.low if share else float("nan"),
                     "ci_high": share.high if share else float("nan"), "ci_method": "wilson"})
    return pd.DataFrame(rows)


def timing_shares(durations, level: float):
    """How many duration intervals fall in each timing band, with Wilson intervals.

    `durations` has ``shortest_days`` and ``longest_days``. One row per band of
    TIMING_BANDS over all intervals (denominator ``dated``), then one per band of
    AFTER_REPORT_BANDS over the intervals wholly after time zero (``after_report``).
    Over an empty base the share and its interval are NaN.
    """
    import pandas as pd

    bands = [band(int(s), int(l)) for s, l in zip(durations["shortest_days"], durations["longest_days"])]
    counts = {name: bands.count(name) for name in TIMING_BANDS}
    n_dated, n_after = len(bands), sum(counts[name] for name in AFTER_REPORT_BANDS)
    rows = []
    for denominator, names, n in (("dated", TIMING_BANDS, n_dated), ("after_report", AFTER_REPORT_BANDS, n_after)):
        for name in names:
            share = proportion_ci(counts[name], n, "wilson", level) if n else None
            rows.append({"denominator": denominator, "band": name, "count": counts[name], "n": n,
                         "share": share.estimate if share else float("nan"),
                         "ci_low": share.low if share else float("nan"),
                         "ci_high": share.high if share else float("nan"), "ci_method": "wilson"})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Kaplan–Meier
# ---------------------------------------------------------------------------

# A survival (or cumulative incidence) estimate within this of 1/2 counts as exactly
# 1/2: the product-limit 7/14 comes out as 0.5 - 5.6e-17 or 0.5 + 1e-16 depending on
# the order of the factors, and the median must not depend on rounding.
HALF_TOL = 1e-9


def midpoint_times(events):
    """Kaplan–Meier input by midpoint imputation: (days, status) per observation.

    An event's time is the midpoint of its interval (the day itself when both
    ends are equal); a censored observation's time is its follow-up.
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


def follow_up_days(events) -> float:
    """The longest time an event table observes (an event's midpoint or a censoring); 0 when empty."""
    if len(events) == 0:
        return 0.0
    times, _ = midpoint_times(events)
    return float(max(times))


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
    return table.astype({"at_risk": int, "events": int})


def km_at(curve, days: float):
    """Kaplan–Meier cumulative incidence and its interval at `days`: the step in force there."""
    row = curve[curve["time_days"] <= days].iloc[-1]
    return float(row["cum_incidence"]), float(row["ci_low"]), float(row["ci_high"])


def censoring_after_last_event(events) -> bool:
    """Whether no observation is censored before the last event time (midpoint times).

    Then no one leaves the risk set before the last event, the product-limit
    estimate telescopes, prod (n - D_{i-1} - d_i) / (n - D_{i-1}) = (n - D(t)) / n, and
    1 − KM(t) is the empirical cumulative share `empirical_share` up to the last
    event (and beyond it until the first censoring). True when there is no event or
    no censoring (with no censoring KM is the empirical distribution everywhere).
    A censoring tied with the last event counts as after it (Kaplan–Meier's rule).
    """
    import numpy as np

    if len(events) == 0:
        return True
    times, status = midpoint_times(events)
    status = status.astype(bool)
    if not status.any() or status.all():
        return True
    return bool(np.min(times[~status]) >= np.max(times[status]))


def empirical_share(events, days: float) -> float:
    """Events by `days` over every analysed case: (number of event midpoints <= days) / n.

    Counted directly, without a product-limit step; it equals 1 − Kaplan–Meier up
    to the last event when `censoring_after_last_event` holds, and is smaller
    otherwise (censored cases stay in the denominator).
    """
    times, status = midpoint_times(events)
    return float(sum(1 for t, s in zip(times, status) if s and t <= days)) / len(times)


def median_bounds_days(events) -> tuple[float, float]:
    """The Kaplan–Meier median (days) with every event at its interval's left end, and at its right end.

    An event known only to an interval could lie anywhere in it. When no censoring
    comes before any event's right end (every censoring after the last possible
    event, or none: the partnering cases alone), the risk sets do not depend on the
    placement, moving an event earlier only lowers the survival curve, and the
    median over all placements lies between these two (for no censoring: the sample
    medians of the left and of the right ends). Otherwise they are two placements,
    not bounds, and a ValueError says so. NaN where not reached.
    """
    import numpy as np
    from statsmodels.duration.survfunc import SurvfuncRight

    status = events["event"].to_numpy(dtype=bool)
    censored = events["left_days"].to_numpy(dtype=float)[~status]
    latest = events["right_days"].to_numpy(dtype=float)[status]
    if len(censored) and len(latest) and np.min(censored) < np.max(latest):
        raise ValueError("a censoring comes before an event's right end: the two placements do not bound the median")
    out = []
    for end in ("left_days", "right_days"):
        placed = events.copy()
        status = placed["event"].to_numpy(dtype=bool)
        at = placed[end].where(status, placed["left_days"]).to_numpy(dtype=float)
        fit = SurvfuncRight(at, status.astype(int))
        out.append(km_median_days(fit.surv_times, fit.surv_prob)[0] if len(fit.surv_times) else float("nan"))
    return out[0], out[1]


@dataclass(frozen=True)
class MedianTime:
    """Median time in years (Kaplan–Meier, midpoint imputation; CI Brookmeyer–Crowley, log-log).

    None where the median or a limit is not reached. `plateau_*_years` are set
    when the estimate equals 1/2 exactly on a stretch between two event times:
    the median is then that stretch's midpoint.
    """

    estimate_years: float | None
    ci_low_years: float | None
    ci_high_years: float | None
    level: float
    plateau_low_years: float | None = None
    plateau_high_years: float | None = None

    @property
    def reached(self) -> bool:
        return self.estimate_years is not None


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
    """Median time with a Brookmeyer–Crowley interval (log-log), never NaN.

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


# ---------------------------------------------------------------------------
# Turnbull's NPMLE for interval-censored times
# ---------------------------------------------------------------------------

# lifelines' NPMLE takes closed intervals, so [c, inf] would let a case censored
# at c have its event at c; right-censoring means T > c. This offset (in days,
# far below the one-day resolution of the dates) opens the interval at c, which
# is also Kaplan–Meier's rule that censorings tied with events come after them.
CENSOR_OFFSET_DAYS = 1e-6
NPMLE_TOL = 1e-10  # log-likelihood change that stops the EM iterations (lifelines' default: 1e-5)
# EM gives the NPMLE's masses to about this accuracy: a cumulative incidence this
# close to 1/2 counts as exactly 1/2 (so the median follows median_time's rule).
MASS_TOL = 1e-5


def turnbull_regions(lower, upper):
    """Turnbull's (1976) innermost intervals of closed observation intervals.

    Sort all ends (a left end before a right end at the same value, as lifelines
    does); each left end immediately followed by a right end bounds a region.
    Only there can the NPMLE put mass.
    """
    ends = sorted([(float(value), 0) for value in lower] + [(float(value), 1) for value in upper])
    return [(a, b) for (a, kind_a), (b, kind_b) in pairwise(ends) if kind_a == 0 and kind_b == 1]


def turnbull_npmle(events):
    """Interval-censored NPMLE (Turnbull) of cumulative incidence, via lifelines.

    Events enter as closed intervals [left_days, right_days] (exact when equal);
    censored cases as [follow-up + CENSOR_OFFSET_DAYS, inf]. lifelines'
    `fit_interval_censoring` runs EM (fit_method="em", tol=NPMLE_TOL). The
    NPMLE fixes only the mass on each Turnbull region, not where inside it, so
    the table has one row per region: its ends, its mass, and the cumulative
    incidence before and after it (flat between regions). lifelines gives no
    interval for this estimator, and none is computed.
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
    return table


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
