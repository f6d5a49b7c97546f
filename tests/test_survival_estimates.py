"""Time-to-partnership estimates against hand computations and a classic data set."""

import math

import numpy as np
import pandas as pd
import pytest

from wishlist.core.numbers import clean
from wishlist.stats.survival import (
    ANALYSIS_KEYS,
    CENSOR_OFFSET_DAYS,
    DAYS_PER_YEAR,
    analysis_numbers,
    cumulative_incidence_km,
    duration_days,
    estimates_table,
    event_table,
    km_median_days,
    long_tables,
    median_time,
    midpoint_times,
    run_analyses,
    stage_numbers,
    timing_shares,
    turnbull_at,
    turnbull_median,
    turnbull_npmle,
)

Z95 = 1.959963984540054

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


# ----------------------------------------------------------------- Kaplan-Meier

def test_km_6mp_product_limit_matches_hand_and_classic_table():
    hand = hand_product_limit(MP6_RISK)
    table = cumulative_incidence_km(exact_events(MP6_TIMES, MP6_STATUS), 0.95).set_index("time_days")
    for t, published in MP6_SURVIVAL.items():
        assert round(hand[t], 3) == published                  # the hand product-limit gives the classic table
        assert 1 - table.loc[t, "cum_incidence"] == pytest.approx(hand[t], abs=1e-12)
        assert (table.loc[t, "at_risk"], table.loc[t, "events"]) == MP6_RISK[t]
    assert list(table.index) == [0, 6, 7, 10, 13, 16, 22, 23]  # a time-0 row, then the event times only


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


def test_km_event_at_time_zero_gets_no_extra_row():
    table = cumulative_incidence_km(exact_events([0, 0, 5, 9], [1, 1, 1, 0]), 0.95)
    assert list(table["time_days"]) == [0, 5]
    assert list(table["cum_incidence"]) == pytest.approx([1 / 2, 3 / 4])  # 2 of 4 at 0; then 1 of 2


def test_midpoint_imputation():
    # BlueGreen 2016-11-30 -> "2018": [397, 761] days, midpoint 579; DENSO clipped [0, 290] -> 145;
    # an exact day keeps its day; a censored case keeps its follow-up.
    events = pd.DataFrame({"left_days": [397.0, 0.0, 406.0, 1913.0], "right_days": [761.0, 290.0, 406.0, math.inf],
                           "event": [True, True, True, False]})
    times, status = midpoint_times(events)
    assert list(times) == [579, 145, 406, 1913] and list(status) == [1, 1, 1, 0]


# ----------------------------------------------------------------------- median

def test_median_6mp_is_23_weeks_with_brookmeyer_crowley_interval():
    # By hand: S(22) = 0.538 >= 0.5 and S(23) = 0.448 < 0.5, so the median is 23 weeks.
    # Interval (Brookmeyer & Crowley, log-log): keep event times with
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
    assert result.as_numbers()["ci_high_years"] == "not reached"


def test_median_not_reached_is_explicit_not_nan():
    # Times 1, 2*, 3*, 4*: S = 3/4 after 1 and never below 0.5.
    result = median_time(exact_events([1, 2, 3, 4], [1, 0, 0, 0]), 0.95)
    assert not result.reached and result.estimate_years is None
    numbers = result.as_numbers()
    assert numbers["median_years"] == "not reached"
    clean(numbers)  # numbers.yml refuses NaN; this must pass


def test_median_of_censored_only_data_does_not_crash():
    assert median_time(exact_events([3, 4], [0, 0]), 0.95).as_numbers()["median_years"] == "not reached"


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


def test_turnbull_overlapping_intervals_hand_maximum():
    # Intervals [0,1], [0,3], [2,3], [2,3]: regions A = [0,1], B = [2,3]. Likelihood
    # p * 1 * (1-p)^2 with p = mass on A; d/dp = (1-p)(1-3p) = 0 gives p = 1/3.
    events = pd.DataFrame({"left_days": [0.0, 0.0, 2.0, 2.0], "right_days": [1.0, 3.0, 3.0, 3.0],
                           "event": [True] * 4})
    table = turnbull_npmle(events)
    assert list(zip(table["region_low_days"], table["region_high_days"])) == [(0, 1), (2, 3)]
    assert list(table["mass"]) == pytest.approx([1 / 3, 2 / 3], abs=1e-5)


# ------------------------------------------------------------------ event table

CUTOFF = "2021-03-31"
CASES = pd.DataFrame([
    # file_number, company, outcome, filing_date, indicator_date (brief, Table 1 for the first three)
    ("f-drylet", "Drylet", "partnered", "2016-09-29", "2017-11-09"),
    ("f-goodtech", "Goodtech", "partnered", "2015-10-21", "2015-10-16"),
    ("f-denso", "DENSO", "partnered", "2015-03-16", "2015"),
    ("f-no", "NoCo", "no", "2016-01-04", ""),
    ("f-no-month", "NoMonthCo", "no", "2016-01", ""),
    ("f-insufficient", "UnknownCo", "insufficient", "2016-01-04", ""),
], columns=["file_number", "company", "outcome", "filing_date", "indicator_date"])
# By hand: Drylet 406 days (tests/test_survival.py); Goodtech -5 (reversed); DENSO -74..290.
# Censored from 2016-01-04 to 2021-03-31: to 2021-01-04 is 5*365 + 2 leap days (2016-02-29,
# 2020-02-29) = 1827, then 27 (to Jan 31) + 28 + 31 = 1913 days. A report dated only
# "2016-01" is censored from its latest possible day, 2016-01-31: 1913 - 27 = 1886 days.
FOLLOW_UP = 1913
FOLLOW_UP_MONTH = 1886


def rows(table):
    return table.set_index("file_number")


def test_cutoff_follow_up_by_hand():
    assert duration_days("2016-01-04", CUTOFF) == (FOLLOW_UP, FOLLOW_UP)
    assert duration_days("2016-01", CUTOFF)[0] == FOLLOW_UP_MONTH


def test_event_table_time_zero_main_analysis():
    events, excluded = event_table(CASES, CUTOFF, reversed_as="time_zero", insufficient_as="exclude")
    got = rows(events)
    assert list(got.index) == ["f-drylet", "f-goodtech", "f-denso", "f-no", "f-no-month"]
    assert (got.loc["f-drylet", "left_days"], got.loc["f-drylet", "right_days"]) == (406, 406)
    assert got.loc["f-drylet", "analysis_role"] == "event" and got.loc["f-drylet", "event"]
    # reversed: a pre-existing relationship, an event at time 0; the raw duration is kept
    assert (got.loc["f-goodtech", "left_days"], got.loc["f-goodtech", "right_days"]) == (0, 0)
    assert got.loc["f-goodtech", "analysis_role"] == "reversed" and got.loc["f-goodtech", "event"]
    assert got.loc["f-goodtech", "shortest_days"] == -5
    # straddling: clipped below at 0, flagged and explained
    assert (got.loc["f-denso", "left_days"], got.loc["f-denso", "right_days"]) == (0, 290)
    assert got.loc["f-denso", "clipped"] and got.loc["f-denso", "shortest_days"] == -74
    assert "straddles" in got.loc["f-denso", "note"] and "clipped" in got.loc["f-denso", "note"]
    # right-censored at the cut-off
    assert got.loc["f-no", "left_days"] == FOLLOW_UP and math.isinf(got.loc["f-no", "right_days"])
    assert got.loc["f-no", "analysis_role"] == "censored" and not got.loc["f-no", "event"]
    assert got.loc["f-no-month", "left_days"] == FOLLOW_UP_MONTH
    # the insufficient case is excluded, with its reason
    assert list(excluded["file_number"]) == ["f-insufficient"]
    assert excluded.loc[0, "analysis_role"] == "excluded" and "insufficient" in excluded.loc[0, "reason"]


def test_event_table_exclude_variant_with_censored_insufficient():
    events, excluded = event_table(CASES, CUTOFF, reversed_as="exclude", insufficient_as="censored")
    got = rows(events)
    assert list(got.index) == ["f-drylet", "f-no", "f-no-month", "f-insufficient"]
    assert got.loc["f-insufficient", "left_days"] == FOLLOW_UP
    assert got.loc["f-insufficient", "analysis_role"] == "censored"
    assert "sensitivity" in got.loc["f-insufficient", "note"]
    reasons = rows(excluded)["reason"]
    assert list(reasons.index) == ["f-goodtech", "f-denso"]
    assert "reversed" in reasons["f-goodtech"] and "straddles" in reasons["f-denso"]


@pytest.mark.parametrize("reversed_as", ["time_zero", "exclude"])
@pytest.mark.parametrize("insufficient_as", ["exclude", "censored"])
def test_event_table_never_drops_a_case_silently(reversed_as, insufficient_as):
    events, excluded = event_table(CASES, CUTOFF, reversed_as, insufficient_as)
    assert sorted(list(events["file_number"]) + list(excluded["file_number"])) == sorted(CASES["file_number"])
    assert excluded["reason"].str.len().gt(0).all()


def test_event_table_undated_partnership_is_excluded_with_reason():
    cases = pd.DataFrame([("f-x", "X", "partnered", "2016-01-04", float("nan"))], columns=CASES.columns)
    events, excluded = event_table(cases, CUTOFF, "time_zero", "exclude")
    assert events.empty and "undated" in excluded.loc[0, "reason"]


@pytest.mark.parametrize("change,message", [
    ({"reversed_as": "zero"}, "reversed_as"),
    ({"insufficient_as": "drop"}, "insufficient_as"),
    ({"cutoff": "2021-03"}, "cut-off"),
])
def test_event_table_refuses_unknown_choices(change, message):
    arguments = {"cutoff": CUTOFF, "reversed_as": "time_zero", "insufficient_as": "exclude", **change}
    with pytest.raises(ValueError, match=message):
        event_table(CASES, **arguments)


def test_event_table_refuses_indicator_after_cutoff_and_unknown_outcome():
    late = pd.DataFrame([("f-x", "X", "partnered", "2016-01-04", "2022-01-01")], columns=CASES.columns)
    with pytest.raises(ValueError, match="after the cut-off"):
        event_table(late, CUTOFF, "time_zero", "exclude")
    odd = pd.DataFrame([("f-x", "X", "maybe", "2016-01-04", "")], columns=CASES.columns)
    with pytest.raises(ValueError, match="unknown outcomes"):
        event_table(odd, CUTOFF, "time_zero", "exclude")


# ---------------------------------------------------------------- timing shares

# The 14 dated cases of the brief's Table 1 (report date, indicator date).
TABLE1 = [
    ("Drylet", "2016-09-29", "2017-11-09"), ("EcoTech Group", "2015-03-16", "2017-05-30"),
    ("BioGenerator", "2016-01-04", "2019-07-31"), ("Goodtech", "2015-10-21", "2015-10-16"),
    ("RotaChrom", "2016-01-04", "2019-06-22"), ("Tribosonics", "2015-01-05", "2016-07"),
    ("RUSNANO", "2016-12-01", "2019-06-06"), ("GREENCOMM", "2016-09-23", "2016-12-16"),
    ("Hanpak", "2016-01-04", "2019-02-17"), ("BlueGreen", "2016-11-30", "2018"),
    ("Oberaigner", "2016-01-04", "2012-09-27"), ("CYBERNET", "2015-05-08", "2016-05-02"),
    ("Orbital Traction", "2016-12-01", "2016-05-20"), ("DENSO", "2015-03-16", "2015"),
]
# By hand (1 year = 365.25 days): reversed Goodtech, Oberaigner, Orbital Traction (3);
# under 1 year GREENCOMM 84, CYBERNET 360 (2); 1-3 years Drylet 406, Tribosonics 543-573,
# BlueGreen 397-761, EcoTech 806, RUSNANO 917 (5); over 3 years Hanpak 1140, RotaChrom 1265,
# BioGenerator 1304 (3); ambiguous DENSO -74..290 (1).
TABLE1_BANDS = {"reversed": 3, "under_1_year": 2, "1_to_3_years": 5, "over_3_years": 3, "ambiguous": 1}


def table1_durations():
    spans = [(company, *duration_days(report, indicator)) for company, report, indicator in TABLE1]
    return pd.DataFrame(spans, columns=["company", "shortest_days", "longest_days"])


def test_timing_shares_on_table1():
    table, verdict = timing_shares(table1_durations(), 0.95)
    dated = table[table["denominator"].eq("dated")].set_index("band")
    assert dated["count"].to_dict() == TABLE1_BANDS
    assert set(dated["n"]) == {14}
    assert dated.loc["1_to_3_years", "share"] == pytest.approx(5 / 14)
    after = table[table["denominator"].eq("after_report")].set_index("band")
    assert after["count"].to_dict() == {"under_1_year": 2, "1_to_3_years": 5, "over_3_years": 3}
    assert set(after["n"]) == {10}
    assert (table["ci_low"] <= table["share"]).all() and (table["share"] <= table["ci_high"]).all()
    assert set(table["ci_method"]) == {"wilson"}
    assert verdict.startswith("5 of 14 dated cases")
    assert "5 of the 10" in verdict and "3 precede the report" in verdict and "1 straddles it" in verdict
    assert "fewer than half" in verdict


def test_timing_shares_verdict_follows_the_numbers():
    # Four cases all 1-3 years after the report: "more than half", no reversed aside.
    durations = pd.DataFrame({"shortest_days": [400, 500, 600, 700], "longest_days": [400, 500, 600, 700]})
    _, verdict = timing_shares(durations, 0.95)
    assert verdict.startswith("4 of 4 dated cases") and "more than half" in verdict and "precede" not in verdict


# ------------------------------------------------------------ median at S = 1/2

# The main analyses' event times on the default corpus, by hand (days; Table 1 above, with
# Tribosonics 543-573 -> 558, BlueGreen 397-761 -> 579 and DENSO clipped 0-290 -> 145 at their
# midpoints) and eight no-partnership cases censored after the last event.
TIME_ZERO = [0, 0, 0, 84, 145, 360, 406, 558, 579, 806, 917, 1140, 1265, 1304]
EXCLUDED = [84, 360, 406, 558, 579, 806, 917, 1140, 1265, 1304]
CENSORED = [1900, 1950, 2000, 2050, 2100, 2150, 2200, 2278]


def test_km_median_on_an_exact_half_is_the_midpoint():
    # Times 1, 2, 3, 4, all events: S = 3/4, 1/2, 1/4, 0; S = 1/2 on [2, 3): median 2.5.
    assert km_median_days([1, 2, 3, 4], [0.75, 0.5, 0.25, 0.0]) == (2.5, (2.0, 3.0))
    assert km_median_days([1, 2], [0.75, 0.5]) == (2.0, None)  # S stays at 1/2: its first time
    assert km_median_days([1, 2], [0.75, 0.6])[0] != km_median_days([1, 2], [0.75, 0.6])[0]  # NaN: not reached
    assert km_median_days([1, 2, 3], [0.7, 0.4, 0.1]) == (2.0, None)  # no tie: the first time below 1/2


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
    numbers = result.as_numbers()
    assert numbers["plateau_low_years"] == pytest.approx(tie / DAYS_PER_YEAR)
    clean(numbers)


# -------------------------------------------------------- Turnbull median and values

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


# ------------------------------------------------------------------ the analyses

def test_every_analysis_accounts_for_every_case():
    cases = CASES.assign(record_provenance="published")
    results = run_analyses(cases, CUTOFF, 0.95)
    assert list(results) == list(ANALYSIS_KEYS)
    for key, result in results.items():
        seen = list(result.events["file_number"]) + list(result.excluded["file_number"])
        assert sorted(seen) == sorted(CASES["file_number"]), key
        assert result.excluded["reason"].str.len().gt(0).all()
    only = results["partnered_only_time_zero"]
    assert set(only.events["outcome"]) == {"partnered"} and not (~only.events["event"]).any()
    assert set(only.excluded["file_number"]) == {"f-no", "f-no-month", "f-insufficient"}
    assert only.excluded["reason"].str.contains("conditional on partnering").all()
    stacked, km, turnbull = long_tables(results)
    assert len(stacked) == len(ANALYSIS_KEYS) * len(CASES)
    assert set(km["analysis"]) == {k for k in ANALYSIS_KEYS if not k.startswith("turnbull")}
    assert set(turnbull["analysis"]) == {"turnbull_time_zero", "turnbull_exclude"}


def test_estimates_by_hand_on_three_partnerships_and_two_censored():
    # Main analysis (reversed at 0, insufficient excluded) of CASES: Goodtech at 0, DENSO at its
    # clipped midpoint 145, Drylet at 406; NoCo censored at 1913, NoMonthCo at 1886. n = 5:
    # S = 4/5 at 0, 3/5 at 145, 2/5 at 406 -> median 406 days; by 1 year (365.25) F = 2/5.
    results = run_analyses(CASES.assign(record_provenance="published"), CUTOFF, 0.95)
    estimates = estimates_table(results).set_index("analysis")
    row = estimates.loc["km_time_zero"]
    assert (row["cases"], row["events"], row["censored"], row["excluded"]) == (5, 3, 2, 1)
    assert row["median_years_low"] * DAYS_PER_YEAR == pytest.approx(406)
    assert row["by_1y_low"] == pytest.approx(2 / 5) and row["by_3y_low"] == pytest.approx(3 / 5)
    # Turnbull: DENSO's [0, 290] shares the region at 0 with Goodtech, so F(1 year) = 2/5 too
    assert estimates.loc["turnbull_time_zero", "by_1y_low"] == pytest.approx(2 / 5, abs=1e-5)
    # every analysis' numbers are YAML-safe: 'not reached' / 'not estimable', never NaN
    for record in estimates.reset_index().to_dict("records"):
        clean(analysis_numbers(record))


def test_stage_numbers_carry_verdict_shares_and_every_analysis():
    from wishlist.stats.survival import case_durations

    outcomes = CASES.drop(columns="filing_date").assign(indicator_type="", indicator="", provenance="published")
    records = CASES[["file_number", "filing_date"]].assign(post_en="", country="")
    cases = CASES.assign(record_provenance=["published"] * 3 + ["reconstructed"] * 3)
    durations = case_durations(outcomes, records)
    results = run_analyses(cases, CUTOFF, 0.95)
    shares, verdict = timing_shares(durations, 0.95)
    numbers = clean(stage_numbers(durations, cases, results, estimates_table(results), shares, verdict, CUTOFF,
                                  0.95))
    assert numbers["dated_cases"] == 3 and numbers["reversed"] == 1
    assert numbers["verdict"] == verdict and numbers["verdict"].startswith("1 of 3 dated cases")
    assert numbers["share_1_to_3_years"]["count"] == 1 and numbers["share_reversed"]["n"] == 3
    assert (numbers["cases_no"], numbers["cases_no_reconstructed"]) == (2, 2)
    assert numbers["censored_source"] == "reconstructed corpus"
    assert set(ANALYSIS_KEYS) <= set(numbers)
    assert numbers["midpoint_imputed_companies"] == "DENSO"


def test_censored_note_says_whose_dates_are_reconstructed():
    from wishlist.stats.survival import censored_note

    cases = CASES.assign(record_provenance=["published"] * 3 + ["reconstructed", "published", "reconstructed"])
    assert censored_note(cases) == ("2 'no partnership found' cases (1 of them a record of the reconstructed "
                                    "corpus); 1 'insufficient information' case (a record of the reconstructed "
                                    "corpus)")
    assert censored_note(cases[cases["outcome"].eq("partnered")]) == "no censored cases"
