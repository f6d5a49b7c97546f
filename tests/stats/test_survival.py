"""The time-to-event estimators (wishlist.stats.survival) against hand computations, a classic data set
and a second library."""

import math

import numpy as np
import pandas as pd
import pytest
from references import Z95, wilson

from wishlist.brief.dates import DAYS_PER_YEAR
from wishlist.stats.survival import (
    CENSOR_OFFSET_DAYS,
    band,
    band_shares,
    border_shift,
    censoring_after_last_event,
    cumulative_incidence_km,
    empirical_share,
    follow_up_days,
    km_at,
    km_median_days,
    median_bounds_days,
    median_time,
    midpoint_times,
    timing_shares,
    turnbull_at,
    turnbull_median,
    turnbull_npmle,
    uncertain_order,
)

# 6-MP arm of the leukemia remission trial: Freireich EJ et al. (1963), Blood 21:699-716,
# as tabulated in Gehan EA (1965), Biometrika 52:203-223, and in Kalbfleisch & Prentice,
# The Statistical Analysis of Failure Time Data. Remission in weeks; status 0 = censored (*):
# 6,6,6,6*,7,9*,10,10*,11*,13,16,17*,19*,20*,22,23,25*,32*,32*,34*,35*.
MP6_TIMES = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
MP6_STATUS = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
# The classic product-limit table for that arm (same sources), S(t) to three decimals.
MP6_SURVIVAL = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}
# Risk set n and events d at each event time, counted by hand from the list above.
MP6_RISK = {6: (21, 3), 7: (17, 1), 10: (15, 1), 13: (12, 1), 16: (11, 1), 22: (7, 1), 23: (6, 1)}


def exact_events(times, status):
    """An event table for exact (day-precision) times: events [t, t], censored [t, inf)."""
    return pd.DataFrame({
        "left_days": [float(t) for t in times],
        "right_days": [float(t) if s else math.inf for t, s in zip(times, status)],
        "event": [bool(s) for s in status],
    })


def hand_product_limit(risk):
    """Kaplan & Meier (1958): S(t) = prod over event times u <= t of (1 - d/n)."""
    surv, out = 1.0, {}
    for t, (n, d) in sorted(risk.items()):
        surv *= 1 - d / n
        out[t] = surv
    return out


def hand_greenwood(risk):
    """Greenwood (1926): Var S(t) = S(t)^2 * sum over u <= t of d / (n (n - d))."""
    s, total, out = hand_product_limit(risk), 0.0, {}
    for t, (n, d) in sorted(risk.items()):
        total += d / (n * (n - d))
        out[t] = s[t] * math.sqrt(total)
    return out


# ----------------------------------------------------------------- timing bands

@pytest.mark.parametrize("shortest,longest,expected", [
    (406, 406, "1_to_3_years"),    # 406 / 365.25 = 1.11 years
    (-5, -5, "reversed"),
    (360, 360, "under_1_year"),    # 0.99 years
    (365, 366, "ambiguous"),       # 365 < 365.25 <= 366: straddles the 1-year border
    (543, 573, "1_to_3_years"),
    (-74, 290, "ambiguous"),       # may precede the report
    (1095, 1096, "ambiguous"),     # 3 years = 1095.75 days: 1095 is under, 1096 over the border
    (1304, 1304, "over_3_years"),  # 3.57 years
])
def test_bands(shortest, longest, expected):
    assert band(shortest, longest) == expected


# The 14 dated cases of the brief's Table 1 as day intervals, counted by hand from their dates
# (1 year = 365.25 days): reversed Goodtech -5, Oberaigner -1194, Orbital Traction -195 (3); under 1 year
# GREENCOMM 84, CYBERNET 360 (2); 1-3 years Drylet 406, Tribosonics 543-573, BlueGreen 397-761,
# EcoTech 806, RUSNANO 917 (5); over 3 years Hanpak 1140, RotaChrom 1265, BioGenerator 1304 (3);
# ambiguous DENSO -74..290 (1). The day counts are worked in tests/stages/test_time_to_partnership.py.
TABLE1_DAYS = [(406, 406), (806, 806), (1304, 1304), (-5, -5), (1265, 1265), (543, 573), (917, 917), (84, 84),
               (1140, 1140), (397, 761), (-1194, -1194), (360, 360), (-195, -195), (-74, 290)]
TABLE1_BANDS = {"reversed": 3, "under_1_year": 2, "1_to_3_years": 5, "over_3_years": 3, "ambiguous": 1}


def test_timing_shares_on_table1():
    durations = pd.DataFrame(TABLE1_DAYS, columns=["shortest_days", "longest_days"])
    table = timing_shares(durations, 0.95)
    dated = table[table["denominator"].eq("dated")].set_index("band")
    assert dated["count"].to_dict() == TABLE1_BANDS
    assert set(dated["n"]) == {14}
    assert dated.loc["1_to_3_years", "share"] == pytest.approx(5 / 14)
    low, high = wilson(5, 14)  # 0.1634 to 0.6124
    assert (dated.loc["1_to_3_years", "ci_low"], dated.loc["1_to_3_years", "ci_high"]) == \
        pytest.approx((low, high), abs=1e-12)
    after = table[table["denominator"].eq("after_report")].set_index("band")
    assert after["count"].to_dict() == {"under_1_year": 2, "1_to_3_years": 5, "over_3_years": 3}
    assert set(after["n"]) == {10}
    assert (after.loc["1_to_3_years", "ci_low"], after.loc["1_to_3_years", "ci_high"]) == \
        pytest.approx(wilson(5, 10), abs=1e-12)
    assert set(table["ci_method"]) == {"wilson"}


def test_timing_shares_of_no_dated_case_are_missing_not_zero():
    table = timing_shares(pd.DataFrame({"shortest_days": [], "longest_days": []}), 0.95)
    assert set(table["n"]) == {0} and table["share"].isna().all() and table["ci_low"].isna().all()


# ----------------------------------------------------------------- Kaplan-Meier

def test_km_6mp_product_limit_matches_hand_and_classic_table():
    hand = hand_product_limit(MP6_RISK)
    table = cumulative_incidence_km(exact_events(MP6_TIMES, MP6_STATUS), 0.95).set_index("time_days")
    for t, published in MP6_SURVIVAL.items():
        assert round(hand[t], 3) == published                  # the hand product-limit gives the classic table
        assert 1 - table.loc[t, "cum_incidence"] == pytest.approx(hand[t], abs=1e-12)
        assert (table.loc[t, "at_risk"], table.loc[t, "events"]) == MP6_RISK[t]
    assert list(table.index) == [0, 6, 7, 10, 13, 16, 22, 23]  # a time-0 row, then the event times only
    assert table.loc[23, "time_years"] == pytest.approx(23 / 365.25)


def test_km_6mp_greenwood_se_at_6():
    # By hand: S(6) = 18/21, Var = S^2 * 3/(21*18), SE = (18/21) * sqrt(1/126) = 0.0764 (classic table).
    se = (18 / 21) * math.sqrt(3 / (21 * 18))
    assert round(se, 4) == 0.0764
    table = cumulative_incidence_km(exact_events(MP6_TIMES, MP6_STATUS), 0.95).set_index("time_days")
    assert table.loc[6, "se"] == pytest.approx(se, abs=1e-12)
    for t, value in hand_greenwood(MP6_RISK).items():
        assert table.loc[t, "se"] == pytest.approx(value, abs=1e-12)


def test_km_6mp_loglog_interval_by_hand_and_against_lifelines():
    # log-log (Kalbfleisch & Prentice): sigma = se / (S |log S|); S in [S^exp(z sigma), S^exp(-z sigma)].
    # At t = 6 by hand: sigma = 0.0764 / (0.857 * 0.1542) = 0.578, so S in [0.620, 0.952].
    s, se = 18 / 21, (18 / 21) * math.sqrt(3 / (21 * 18))
    sigma = se / (s * -math.log(s))
    low, high = s ** math.exp(Z95 * sigma), s ** math.exp(-Z95 * sigma)
    assert (round(low, 3), round(high, 3)) == (0.620, 0.952)
    table = cumulative_incidence_km(exact_events(MP6_TIMES, MP6_STATUS), 0.95).set_index("time_days")
    assert table.loc[6, "ci_low"] == pytest.approx(1 - high, abs=1e-12)
    assert table.loc[6, "ci_high"] == pytest.approx(1 - low, abs=1e-12)
    # lifelines' KaplanMeierFitter uses the same "exponential Greenwood" (log-log) interval: an
    # independent implementation of the formula, checked at every event time.
    from lifelines import KaplanMeierFitter
    reference = KaplanMeierFitter().fit(MP6_TIMES, MP6_STATUS, alpha=0.05).confidence_interval_
    for t in MP6_RISK:
        assert table.loc[t, "ci_low"] == pytest.approx(1 - reference.loc[t].iloc[1], abs=1e-9)
        assert table.loc[t, "ci_high"] == pytest.approx(1 - reference.loc[t].iloc[0], abs=1e-9)


def test_km_tiny_hand_example_with_right_censoring():
    # Times 1, 2*, 3, 4*. At 1: n=4, d=1, S = 3/4. 2 censored. At 3: n=2, d=1, S = 3/4 * 1/2 = 3/8.
    # Cumulative incidence 1/4 then 5/8; Greenwood SE at 1 = (3/4) sqrt(1/(4*3)) = 0.2165.
    table = cumulative_incidence_km(exact_events([1, 2, 3, 4], [1, 0, 1, 0]), 0.95)
    assert list(table["time_days"]) == [0, 1, 3]
    assert list(table["cum_incidence"]) == pytest.approx([0, 1 / 4, 5 / 8])
    assert list(table["at_risk"]) == [4, 4, 2]
    assert table.loc[1, "se"] == pytest.approx(0.75 * math.sqrt(1 / 12))
    assert (table["ci_low"] <= table["cum_incidence"]).all() and (table["cum_incidence"] <= table["ci_high"]).all()
    # the step in force: F(2) = 1/4 (the event at 1), F(3) = 5/8
    assert km_at(table, 2.0)[0] == pytest.approx(1 / 4) and km_at(table, 3.0)[0] == pytest.approx(5 / 8)


def test_km_event_at_time_zero_gets_no_extra_row():
    table = cumulative_incidence_km(exact_events([0, 0, 5, 9], [1, 1, 1, 0]), 0.95)
    assert list(table["time_days"]) == [0, 5]
    assert list(table["cum_incidence"]) == pytest.approx([1 / 2, 3 / 4])  # 2 of 4 at 0; then 1 of 2


def test_km_interval_is_undefined_where_everyone_has_partnered():
    # Times 1, 2 (both events): S = 1/2 then 0; log(-log 0) is undefined, so no interval at 2.
    table = cumulative_incidence_km(exact_events([1, 2], [1, 1]), 0.95).set_index("time_days")
    assert table.loc[2, "cum_incidence"] == pytest.approx(1.0)
    assert math.isnan(table.loc[2, "ci_low"]) and math.isnan(table.loc[2, "ci_high"])


def test_midpoint_imputation_and_follow_up():
    # [397, 761] days -> midpoint 579; [0, 290] -> 145; an exact day keeps its day; a censored case
    # keeps its follow-up (1913 days), which is the longest time observed.
    events = pd.DataFrame({"left_days": [397.0, 0.0, 406.0, 1913.0], "right_days": [761.0, 290.0, 406.0, math.inf],
                           "event": [True, True, True, False]})
    times, status = midpoint_times(events)
    assert list(times) == [579, 145, 406, 1913] and list(status) == [1, 1, 1, 0]
    assert follow_up_days(events) == 1913
    assert follow_up_days(events.iloc[0:0]) == 0.0


def test_midpoint_imputation_refuses_an_event_without_an_end():
    events = pd.DataFrame({"left_days": [3.0], "right_days": [math.inf], "event": [True]})
    with pytest.raises(ValueError, match="infinite right end"):
        midpoint_times(events)


# ----------------------------------------------------------------------- median

def test_median_6mp_is_23_weeks_with_brookmeyer_crowley_interval():
    # By hand: S(22) = 0.538 >= 0.5 and S(23) = 0.448 < 0.5, so the median is 23 weeks.
    # Interval (Brookmeyer & Crowley 1982, log-log): keep event times with
    # |log(-log S) - log(-log 0.5)| / (se / (S |log S|)) <= z; the upper limit is the
    # event time after the last kept one, none here (23 is the last event): not reached.
    s, se = hand_product_limit(MP6_RISK), hand_greenwood(MP6_RISK)
    kept = [t for t in sorted(MP6_RISK)
            if abs(math.log(-math.log(s[t])) - math.log(-math.log(0.5))) * s[t] * -math.log(s[t]) / se[t] <= Z95]
    assert kept == [13, 16, 22, 23]
    result = median_time(exact_events(MP6_TIMES, MP6_STATUS), 0.95)
    assert result.reached
    assert result.estimate_years * DAYS_PER_YEAR == pytest.approx(23)  # the time unit here is weeks
    assert result.ci_low_years * DAYS_PER_YEAR == pytest.approx(13)
    assert result.ci_high_years is None
    assert result.plateau_low_years is None


def test_median_not_reached_is_none_not_nan():
    # Times 1, 2*, 3*, 4*: S = 3/4 after 1 and never below 0.5.
    result = median_time(exact_events([1, 2, 3, 4], [1, 0, 0, 0]), 0.95)
    assert not result.reached and result.estimate_years is None


def test_median_of_censored_only_data_does_not_crash():
    result = median_time(exact_events([3, 4], [0, 0]), 0.95)
    assert (result.estimate_years, result.ci_low_years, result.ci_high_years) == (None, None, None)


def test_median_refuses_a_level_outside_0_1():
    with pytest.raises(ValueError, match="confidence level"):
        median_time(exact_events([1, 2], [1, 1]), 95)


def test_km_median_on_an_exact_half_is_the_midpoint():
    # Times 1, 2, 3, 4, all events: S = 3/4, 1/2, 1/4, 0; S = 1/2 on [2, 3): median 2.5
    # (the rule of SAS PROC LIFETEST and R's survival package).
    assert km_median_days([1, 2, 3, 4], [0.75, 0.5, 0.25, 0.0]) == (2.5, (2.0, 3.0))
    assert km_median_days([1, 2], [0.75, 0.5]) == (2.0, None)  # S stays at 1/2: its first time
    assert math.isnan(km_median_days([1, 2], [0.75, 0.6])[0])  # never below 1/2: not reached
    assert km_median_days([1, 2, 3], [0.7, 0.4, 0.1]) == (2.0, None)  # no tie: the first time below 1/2


# The main analyses' event times on the default corpus, by hand (days; Table 1 above, with
# Tribosonics 543-573 -> 558, BlueGreen 397-761 -> 579 and DENSO clipped 0-290 -> 145 at their
# midpoints) and eight no-partnership cases censored after the last event.
TIME_ZERO = [0, 0, 0, 84, 145, 360, 406, 558, 579, 806, 917, 1140, 1265, 1304]
EXCLUDED = [84, 360, 406, 558, 579, 806, 917, 1140, 1265, 1304]
CENSORED = [1900, 1950, 2000, 2050, 2100, 2150, 2200, 2278]


@pytest.mark.parametrize("times,tie,after", [
    # reversed at time 0: n = 22, S = (22 - k)/22 after k events; k = 11 at 917 gives 1/2 exactly
    (TIME_ZERO, 917, 1140),
    # reversed excluded: n = 18, k = 9 at 1265 gives 1/2 exactly
    (EXCLUDED, 1265, 1304),
])
def test_median_on_the_main_analyses_is_the_plateau_midpoint(times, tie, after):
    # Both product limits equal 1/2 only up to rounding (one just above, one just below), which
    # made a strict `S < 1/2` rule pick the tie time in one analysis and the next event in the other.
    events = exact_events(times + CENSORED, [1] * len(times) + [0] * len(CENSORED))
    result = median_time(events, 0.95)
    assert result.estimate_years * DAYS_PER_YEAR == pytest.approx((tie + after) / 2)
    assert (result.plateau_low_years * DAYS_PER_YEAR, result.plateau_high_years * DAYS_PER_YEAR) == \
        pytest.approx((tie, after))


# --------------------------------------------------------------------- Turnbull

def test_turnbull_equals_empirical_distribution_on_exact_uncensored_data():
    # Exact times 1, 2, 2, 5 and no censoring: the NPMLE is the empirical distribution = KM.
    table = turnbull_npmle(exact_events([1, 2, 2, 5], [1, 1, 1, 1]))
    assert list(table["region_low_days"]) == [1, 2, 5] and list(table["region_high_days"]) == [1, 2, 5]
    assert list(table["mass"]) == pytest.approx([1 / 4, 1 / 2, 1 / 4], abs=1e-6)
    km = cumulative_incidence_km(exact_events([1, 2, 2, 5], [1, 1, 1, 1]), 0.95)
    assert list(table["cum_incidence"]) == pytest.approx(list(km["cum_incidence"][1:]), abs=1e-6)


def test_turnbull_equals_km_on_6mp_with_right_censoring():
    # Exact events with right censoring, including censorings tied with events at 6 and 10:
    # with censored cases entered as (t, inf) the NPMLE is the Kaplan-Meier estimate.
    table = turnbull_npmle(exact_events(MP6_TIMES, MP6_STATUS))
    hand = hand_product_limit(MP6_RISK)
    finite = table[np.isfinite(table["region_high_days"])]
    assert list(finite["region_low_days"]) == sorted(MP6_RISK)
    assert list(finite["cum_incidence"]) == pytest.approx([1 - hand[t] for t in sorted(MP6_RISK)], abs=1e-5)
    last = table.iloc[-1]  # the mass KM leaves after the last (censored) time, 35 weeks
    assert last["region_low_days"] == pytest.approx(35 + CENSOR_OFFSET_DAYS) and math.isinf(last["region_high_days"])
    assert last["mass"] == pytest.approx(hand[23], abs=1e-5)


def test_lifelines_closed_intervals_need_the_censoring_offset():
    # Why CENSOR_OFFSET_DAYS exists: lifelines takes [6, inf] as closed, letting the case
    # censored at 6 fail at 6, which moves S(6) off Kaplan-Meier's 18/21 (to 0.85 = 17/20).
    from lifelines import KaplanMeierFitter
    lower = np.array(MP6_TIMES, dtype=float)
    upper = np.where(np.array(MP6_STATUS) == 1, lower, np.inf)
    fit = KaplanMeierFitter().fit_interval_censoring(lower, upper, timeline=[6.0, 7.0], tol=1e-10)
    assert fit.survival_function_.iloc[1, 0] == pytest.approx(0.85, abs=1e-4)
    assert fit.survival_function_.iloc[1, 0] != pytest.approx(18 / 21, abs=1e-4)


def test_turnbull_two_disjoint_intervals_get_half_each():
    events = pd.DataFrame({"left_days": [1.0, 3.0], "right_days": [2.0, 4.0], "event": [True, True]})
    table = turnbull_npmle(events)
    assert list(zip(table["region_low_days"], table["region_high_days"])) == [(1, 2), (3, 4)]
    assert list(table["mass"]) == pytest.approx([0.5, 0.5], abs=1e-6)
    assert list(table["cum_incidence"]) == pytest.approx([0.5, 1.0], abs=1e-6)
    assert list(table["region_high_years"]) == pytest.approx([2 / 365.25, 4 / 365.25])


def test_turnbull_overlapping_intervals_hand_maximum():
    # Intervals [0,1], [0,3], [2,3], [2,3]: regions A = [0,1], B = [2,3] (Turnbull 1976). Likelihood
    # p * 1 * (1-p)^2 with p = mass on A; d/dp = (1-p)(1-3p) = 0 gives p = 1/3.
    events = pd.DataFrame({"left_days": [0.0, 0.0, 2.0, 2.0], "right_days": [1.0, 3.0, 3.0, 3.0],
                           "event": [True] * 4})
    table = turnbull_npmle(events)
    assert list(zip(table["region_low_days"], table["region_high_days"])) == [(0, 1), (2, 3)]
    assert list(table["mass"]) == pytest.approx([1 / 3, 2 / 3], abs=1e-5)


def test_turnbull_median_and_values_on_disjoint_intervals():
    # [1,2] and [3,4], half the mass each: F = 1/2 from the first region to the second, so the
    # median is a midpoint between them, anywhere from (1+3)/2 to (2+4)/2.
    table = turnbull_npmle(pd.DataFrame({"left_days": [1.0, 3.0], "right_days": [2.0, 4.0],
                                         "event": [True, True]}))
    assert turnbull_median(table) == pytest.approx((2.0, 3.0))
    assert turnbull_at(table, 0.5) == (0.0, 0.0)
    assert turnbull_at(table, 1.5) == pytest.approx((0.0, 0.5))  # inside [1,2]: undetermined
    assert turnbull_at(table, 2.5) == pytest.approx((0.5, 0.5))
    assert turnbull_at(table, 4.0) == pytest.approx((1.0, 1.0))


def test_turnbull_median_inside_a_region_and_not_reached():
    # Hand maximum above: 1/3 on [0,1], 2/3 on [2,3]; F passes 1/2 inside [2,3].
    table = turnbull_npmle(pd.DataFrame({"left_days": [0.0, 0.0, 2.0, 2.0], "right_days": [1.0, 3.0, 3.0, 3.0],
                                         "event": [True] * 4}))
    assert turnbull_median(table) == pytest.approx((2.0, 3.0))
    # One event of three, two censored after it: F = 1/3 and the rest lies past the censoring.
    assert turnbull_median(turnbull_npmle(exact_events([1, 2, 3], [1, 0, 0]))) is None


def test_turnbull_median_equals_km_median_on_exact_data():
    events = exact_events(TIME_ZERO + CENSORED, [1] * len(TIME_ZERO) + [0] * len(CENSORED))
    low, high = turnbull_median(turnbull_npmle(events))
    assert low == pytest.approx((917 + 1140) / 2) and high == pytest.approx(low)


def test_turnbull_refuses_an_empty_table():
    with pytest.raises(ValueError, match="nothing to estimate"):
        turnbull_npmle(exact_events([], []))


# ----------------------------------------------------- boundary and uncertain-order cases

@pytest.mark.parametrize("shortest,longest,tolerance,expected", [
    (360, 360, 14, ("1_to_3_years", 365.25)),   # CYBERNET: 365.25 - 360 = 5.25 days under a year
    (360, 360, 5, None),                         # 5.25 > 5: not within the tolerance
    (370, 371, 14, ("under_1_year", 365.25)),    # 4.75 days over a year: counted under it
    (406, 406, 14, None),                        # Drylet: 40.75 days over a year
    (1090, 1090, 14, ("over_3_years", 1095.75)),  # 3 years = 3 x 365.25 = 1095.75 days; 5.75 under
    (1100, 1100, 14, ("1_to_3_years", 1095.75)),
    (-5, -5, 14, None),                          # reversed (Goodtech): the report is not a band border
    (363, 727, 14, None),                        # straddles the 1-year border: already ambiguous
    (-74, 290, 400, None),                       # straddles the report: ambiguous
])
def test_border_shift_by_hand(shortest, longest, tolerance, expected):
    assert border_shift(shortest, longest, tolerance) == expected


def test_border_shift_refuses_a_negative_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        border_shift(360, 360, -1)


@pytest.mark.parametrize("shortest,longest,expected", [
    (-74, 290, True),     # DENSO: "2015" runs from 74 days before its report to 290 days after
    (-1, 0, True),        # may be the day before or the day of the report
    (-5, -5, False),      # certainly before (reversed)
    (0, 10, False),       # certainly not before
    (84, 84, False),
])
def test_uncertain_order_by_hand(shortest, longest, expected):
    assert uncertain_order(shortest, longest) is expected


def test_band_shares_by_hand():
    table = band_shares(["under_1_year", "1_to_3_years", "1_to_3_years"], 0.95).set_index("band")
    assert table.loc["1_to_3_years", "count"] == 2 and set(table["n"]) == {3}
    assert table.loc["1_to_3_years", "share"] == pytest.approx(2 / 3)
    assert (table.loc["1_to_3_years", "ci_low"], table.loc["1_to_3_years", "ci_high"]) == \
        pytest.approx(wilson(2, 3), abs=1e-12)
    with pytest.raises(ValueError, match="not among"):
        band_shares(["sometime"], 0.95)


# ------------------------------------------------ Kaplan-Meier = empirical share

def test_km_equals_the_empirical_share_when_every_censoring_follows_the_last_event():
    # Events at 1, 2, 3; censored at 5 and 6 (n = 5). By hand, S = 4/5, 3/5, 2/5 (nobody leaves the risk set
    # before an event), so 1 - S = 1/5, 2/5, 3/5: events by t / 5.
    events = exact_events([1, 2, 3, 5, 6], [1, 1, 1, 0, 0])
    assert censoring_after_last_event(events)
    curve = cumulative_incidence_km(events, 0.95).set_index("time_days")
    for t, share in ((1, 1 / 5), (2, 2 / 5), (3, 3 / 5)):
        assert curve.loc[t, "cum_incidence"] == pytest.approx(share)
        assert empirical_share(events, t) == pytest.approx(share)
    # a censoring tied with the last event is after it (Kaplan-Meier's rule): still equal, 3/5 at 3
    tied = exact_events([1, 2, 3, 3, 6], [1, 1, 1, 0, 0])
    assert censoring_after_last_event(tied)
    assert km_at(cumulative_incidence_km(tied, 0.95), 3)[0] == pytest.approx(3 / 5) == empirical_share(tied, 3)


def test_km_differs_from_the_empirical_share_when_a_censoring_comes_first():
    # Events at 1 and 3, censored at 2 (n = 3). By hand, S(1) = 2/3; at 3 one is at risk and has the event,
    # S(3) = 2/3 x (1 - 1/1) = 0, so 1 - S = 1; the empirical share is 2/3.
    events = exact_events([1, 2, 3], [1, 0, 1])
    assert not censoring_after_last_event(events)
    assert km_at(cumulative_incidence_km(events, 0.95), 3)[0] == pytest.approx(1.0)
    assert empirical_share(events, 3) == pytest.approx(2 / 3)
    # no censoring at all, or no event: trivially true
    assert censoring_after_last_event(exact_events([1, 2], [1, 1]))
    assert censoring_after_last_event(exact_events([4, 5], [0, 0]))


def test_median_bounds_are_the_sample_medians_of_the_interval_ends():
    # Three events known as [0, 290], [84, 84], [397, 761], none censored: left ends 0, 84, 397 -> median 84;
    # right ends 84, 290, 761 -> median 290.
    events = pd.DataFrame({"left_days": [0.0, 84.0, 397.0], "right_days": [290.0, 84.0, 761.0],
                           "event": [True, True, True]})
    assert median_bounds_days(events) == (84.0, 290.0)
    censored_early = pd.concat([events, pd.DataFrame({"left_days": [100.0], "right_days": [math.inf],
                                                      "event": [False]})], ignore_index=True)
    with pytest.raises(ValueError, match="do not bound"):
        median_bounds_days(censored_early)
