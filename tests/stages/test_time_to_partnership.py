"""The time-to-partnership stage (rule time_to_partnership): durations, Table 1, sheet checks, event tables,
the analyses and the numbers fragment, on small frames with values worked by hand."""

import math
import subprocess
import sys

import pandas as pd
import pytest

from wishlist.brief.dates import DAYS_PER_YEAR
from wishlist.brief.vocabulary import OUTCOME_COLUMNS
from wishlist.core.errors import StudyInputError
from wishlist.core.files import EXACT_FLOATS, write_csv
from wishlist.core.numbers import clean
from wishlist.stages.time_to_partnership import (
    ANALYSED_COLUMNS,
    ANALYSES,
    ANALYSIS_KEYS,
    analysis_cases,
    analysis_numbers,
    boundary_numbers,
    case_durations,
    check_case_outcomes,
    empirical_numbers,
    estimates_table,
    event_table,
    incidence_curves,
    indicator_type_label,
    long_tables,
    run_analyses,
    stage_numbers,
    table1,
)
from wishlist.stats.survival import timing_shares

CUTOFF = "2021-03-31"

# ------------------------------------------------------------- durations by hand

# The brief's Table 1: company, report, first indicator, and the days between them counted by hand
# (shortest, longest: an indicator dated to a month or a year is the interval of its days).
TABLE1 = [
    ("Drylet", "2016-09-29", "2017-11-09", 406, 406),            # 365 to 2017-09-29, +30 to Oct 29, +11
    ("EcoTech Group", "2015-03-16", "2017-05-30", 806, 806),     # 365 + 366 (2016-02-29) = 731 to 2017-03-16,
                                                                 # +31 +30 = 792 to May 16, +14
    ("BioGenerator", "2016-01-04", "2019-07-31", 1304, 1304),    # 366 + 365 + 365 = 1096 to 2019-01-04,
                                                                 # +31+28+31+30+31+30 = 1277 to Jul 4, +27
    ("Goodtech", "2015-10-21", "2015-10-16", -5, -5),            # acquired 5 days before the report
    ("RotaChrom", "2016-01-04", "2019-06-22", 1265, 1265),       # 1096 + 31+28+31+30+31 = 1247 to Jun 4, +18
    ("Tribosonics", "2015-01-05", "2016-07", 543, 573),          # 365 + 31+29+31+30+31+30 = 547 to 2016-07-05:
                                                                 # 2016-07-01 is 543, 2016-07-31 is 573
    ("RUSNANO", "2016-12-01", "2019-06-06", 917, 917),           # 365 + 365 = 730 to 2018-12-01,
                                                                 # +31+31+28+31+30+31 = 912 to Jun 1, +5
    ("GREENCOMM", "2016-09-23", "2016-12-16", 84, 84),           # 7 (to Sep 30) + 31 + 30 + 16
    ("Hanpak", "2016-01-04", "2019-02-17", 1140, 1140),          # 1096 + 31 (to Feb 4) + 13
    ("BlueGreen Water Technologies", "2016-11-30", "2018", 397, 761),  # 365 to 2017-11-30 (no 29 Feb), +31 to
                                                                 # Dec 31, +1 to 2018-01-01: 397; +364 to Dec 31
    ("Oberaigner Group", "2016-01-04", "2012-09-27", -1194, -1194),  # 3 x 365 = 1095 from 2012-09-27 to
                                                                 # 2015-09-27, +3 +31 +30 +31 +4 = 99 to 2016-01-04
    ("CYBERNET Systems", "2015-05-08", "2016-05-02", 360, 360),  # 366 (leap day 2016-02-29) - 6
    ("Orbital Traction", "2016-12-01", "2016-05-20", -195, -195),  # 11 (to May 31) +30+31+31+30+31+30 +1
    ("DENSO", "2015-03-16", "2015", -74, 290),                   # 2015-01-01 is 31 + 28 + 15 = 74 days before the
                                                                 # report, 2015-12-31 is 365 - 74 - 1 = 290 after
]


def table1_frames(extra_outcomes=(), extra_records=()):
    """Outcome sheet and records of the 14 Table 1 cases, as the stage reads them (all text)."""
    outcomes = pd.DataFrame(
        [(f"f-{i}", company, "partnered", "investment", "indicator", indicator, "brief")
         for i, (company, _, indicator, _, _) in enumerate(TABLE1)] + list(extra_outcomes),
        columns=["file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date", "provenance"])
    records = pd.DataFrame(
        [(f"f-{i}", report, "Post", "Country", "brief") for i, (_, report, _, _, _) in enumerate(TABLE1)]
        + list(extra_records), columns=["file_number", "filing_date", "post_en", "country", "provenance"])
    return outcomes, records


def test_durations_of_table1_are_the_hand_counts():
    outcomes, records = table1_frames()
    durations = case_durations(outcomes, records).set_index("company")
    for company, _, _, shortest, longest in TABLE1:
        assert tuple(durations.loc[company, ["shortest_days", "longest_days"]]) == (shortest, longest), company
    assert set(durations.index[durations["reversed"]]) == {"Goodtech", "Oberaigner Group", "Orbital Traction"}
    assert durations.loc["DENSO", "band"] == "ambiguous" and not durations.loc["DENSO", "reversed"]


def test_durations_leave_out_undated_and_unpartnered_cases_and_sort_by_report():
    outcomes, records = table1_frames(
        extra_outcomes=[("f-no", "NoCo", "no", "", "", "", "reconstructed"),
                        ("f-undated", "UndatedCo", "partnered", "hire", "a hire", "", "brief")],
        extra_records=[("f-no", "2016-03-01", "Post", "Country", "reconstructed"),
                       ("f-undated", "2015-02-01", "Post", "Country", "brief")])
    durations = case_durations(outcomes, records)
    assert len(durations) == 14 and not {"NoCo", "UndatedCo"} & set(durations["company"])
    assert list(durations["filing_date"]) == sorted(durations["filing_date"])
    assert durations["company"].iloc[0] == "Tribosonics"  # the earliest report, 2015-01-05


# ----------------------------------------------------------------- Table 1 table

OUTCOMES = pd.DataFrame([
    ("f-drylet", "Drylet", "partnered", "partnership_agreement", "strategic cooperation agreement", "2017-11-09",
     "brief"),
    ("f-goodtech", "Goodtech", "partnered", "acquisition", "acquired by Anhui Guozhen", "2015-10-16", "brief"),
    ("f-denso", "DENSO", "partnered", "subsidiary_in_china", "expands its Shanghai technical center", "2015",
     "brief"),
    ("f-bluegreen", "BlueGreen", "partnered", "partnership_agreement", "strategic partnership", "2018", "brief"),
    ("f-no", "NoCo", "no", "", "", "", "reconstructed"),
], columns=list(ANALYSED_COLUMNS))
RECORDS = pd.DataFrame([
    ("f-drylet", "2016-09-29", "Houston", "United States", "brief"),
    ("f-goodtech", "2015-10-21", "Oslo", "Norway", "brief"),
    ("f-denso", "2015-03-16", "Tokyo", "Japan", "brief"),
    ("f-bluegreen", "2016-11-30", "Tel Aviv", "Israel", "brief"),
    ("f-no", "2016-01-04", "Vienna", "Austria", "reconstructed"),
], columns=["file_number", "filing_date", "post_en", "country", "provenance"])


def test_table1_rows_regenerate_the_brief():
    rows = table1(case_durations(OUTCOMES, RECORDS)).set_index("Company")
    # sorted by report date; the case without a partnership has no row
    assert list(rows.index) == ["DENSO", "Goodtech", "Drylet", "BlueGreen"]
    assert rows.loc["Drylet"].to_dict() == {
        "Country": "United States", "Post": "Houston", "Report": "2016-09-29",
        "Indicator type": "partnership agreement", "Indicator": "strategic cooperation agreement",
        "Indicator date": "2017-11-09", "Days (min to max)": "406", "Timing": "1–3 years"}
    assert rows.loc["Goodtech", "Days (min to max)"] == "-5"
    assert rows.loc["Goodtech", "Timing"] == "reversed (indicator before report)"
    assert rows.loc["DENSO", "Indicator type"] == "subsidiary in China"
    assert rows.loc["DENSO", "Days (min to max)"] == "-74 to 290"
    assert rows.loc["DENSO", "Timing"] == "ambiguous (interval straddles the report)"
    assert rows.loc["BlueGreen", "Days (min to max)"] == "397 to 761"  # by hand in TABLE1 above
    assert rows.loc["BlueGreen", "Timing"] == "1–3 years"


def test_table1_names_the_border_an_interval_straddles():
    # 2016-01-04 -> "2017": 2017-01-01 is 363 days after (under a year), 2017-12-31 is 727 (over).
    outcomes = OUTCOMES.iloc[[0]].assign(indicator_date="2017")
    records = RECORDS.iloc[[0]].assign(filing_date="2016-01-04")
    row = table1(case_durations(outcomes, records)).iloc[0]
    assert row["Days (min to max)"] == "363 to 727"
    assert row["Timing"] == "ambiguous (interval straddles the 1- or 3-year border)"


def test_indicator_type_label():
    assert indicator_type_label("subsidiary_in_china") == "subsidiary in China"
    assert indicator_type_label("event_attendance") == "event attendance"


# ------------------------------------------------------- case-outcome sheet checks

def sheet_error(outcomes, records=RECORDS, cutoff=CUTOFF):
    with pytest.raises(StudyInputError) as caught:
        check_case_outcomes(outcomes, records, cutoff, "data/coding/case_outcomes.csv")
    return str(caught.value)


def changed(row, **values):
    sheet = OUTCOMES.copy()
    for column, value in values.items():
        sheet.loc[row, column] = value
    return sheet


def test_a_good_sheet_passes_with_or_without_the_readers_columns():
    check_case_outcomes(OUTCOMES, RECORDS, CUTOFF, "x.csv")
    # the full sheet of the vocabulary (with evidence and source) passes too
    full = OUTCOMES.assign(evidence="", source="")[list(OUTCOME_COLUMNS)]
    check_case_outcomes(full, RECORDS, CUTOFF, "x.csv")
    assert set(ANALYSED_COLUMNS) == set(OUTCOME_COLUMNS) - {"evidence", "source"}


@pytest.mark.parametrize("sheet,where,field,words", [
    (changed(1, file_number="f-unknown"), "line 3", "file_number", "not among the ingested records"),
    (changed(1, file_number="f-drylet"), "line 3", "file_number", "duplicate file number, first on line 2"),
    (changed(1, file_number=""), "line 3", "file_number", "file number is empty"),
    (changed(2, outcome="maybe"), "line 4", "outcome", "is not one of"),
    (changed(4, indicator_date="2017-01-01"), "line 6", "indicator_date", "only 'partnered' cases"),
    (changed(0, indicator_date="2019-02-30"), "line 2", "indicator_date", "unparseable date"),
    (changed(0, indicator_date="2021-04"), "line 2", "indicator_date", "after the investigation cut-off"),
])
def test_a_bad_sheet_names_line_and_field(sheet, where, field, words):
    message = sheet_error(sheet)
    assert message.startswith(f"data/coding/case_outcomes.csv, {where}")
    assert f"field '{field}'" in message and words in message


def test_a_sheet_without_a_column_is_refused():
    assert "missing column(s) ['indicator_type']" in sheet_error(OUTCOMES.drop(columns="indicator_type"))


def test_a_report_after_the_cutoff_is_refused():
    message = sheet_error(OUTCOMES, cutoff="2016-01-01")
    assert "line 2" in message and "after the investigation cut-off" in message  # Drylet, filed 2016-09-29
    assert "config key time_to_partnership.investigation_cutoff" in message


def test_an_indicator_after_the_cutoff_names_the_config_key():
    late = OUTCOMES.copy()
    late.loc[0, "indicator_date"] = "2021-04"
    message = sheet_error(late)
    assert "after the investigation cut-off" in message and "time_to_partnership.investigation_cutoff" in message


# ------------------------------------------------------------------ event table

CASES = pd.DataFrame([
    # file_number, company, outcome, filing_date, indicator_date (brief, Table 1 for the first three)
    ("f-drylet", "Drylet", "partnered", "2016-09-29", "2017-11-09"),
    ("f-goodtech", "Goodtech", "partnered", "2015-10-21", "2015-10-16"),
    ("f-denso", "DENSO", "partnered", "2015-03-16", "2015"),
    ("f-no", "NoCo", "no", "2016-01-04", ""),
    ("f-no-month", "NoMonthCo", "no", "2016-01", ""),
    ("f-insufficient", "UnknownCo", "insufficient", "2016-01-04", ""),
], columns=["file_number", "company", "outcome", "filing_date", "indicator_date"])
# By hand: Drylet 406 days; Goodtech -5 (reversed); DENSO -74..290 (TABLE1 above).
# Censored from 2016-01-04 to 2021-03-31: to 2021-01-04 is 5*365 + 2 leap days (2016-02-29,
# 2020-02-29) = 1827, then 27 (to Jan 31) + 28 + 31 = 1913 days. A report dated only
# "2016-01" is censored from its latest possible day, 2016-01-31: 1913 - 27 = 1886 days.
FOLLOW_UP = 1913
FOLLOW_UP_MONTH = 1886


def rows(table):
    return table.set_index("file_number")


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


def test_event_table_refuses_indicator_after_cutoff_unknown_outcome_and_duplicates():
    late = pd.DataFrame([("f-x", "X", "partnered", "2016-01-04", "2022-01-01")], columns=CASES.columns)
    with pytest.raises(ValueError, match="after the cut-off"):
        event_table(late, CUTOFF, "time_zero", "exclude")
    odd = pd.DataFrame([("f-x", "X", "maybe", "2016-01-04", "")], columns=CASES.columns)
    with pytest.raises(ValueError, match="unknown outcomes"):
        event_table(odd, CUTOFF, "time_zero", "exclude")
    with pytest.raises(ValueError, match="duplicate file numbers"):
        event_table(pd.concat([CASES, CASES.iloc[[0]]]), CUTOFF, "time_zero", "exclude")


# ------------------------------------------------------------------ the analyses

@pytest.fixture(scope="module")
def results():
    return run_analyses(CASES.assign(record_provenance="brief"), CUTOFF, 0.95)


def test_every_analysis_accounts_for_every_case(results):
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


def test_estimates_by_hand_on_three_partnerships_and_two_censored(results):
    # Main analysis (reversed at 0, insufficient excluded) of CASES: Goodtech at 0, DENSO at its
    # clipped midpoint 145, Drylet at 406; NoCo censored at 1913, NoMonthCo at 1886. n = 5:
    # S = 4/5 at 0, 3/5 at 145, 2/5 at 406 -> median 406 days; by 1 year (365.25) F = 2/5.
    estimates = estimates_table(results).set_index("analysis")
    row = estimates.loc["km_time_zero"]
    assert (row["cases"], row["events"], row["censored"], row["excluded"]) == (5, 3, 2, 1)
    assert row["median_years_low"] * DAYS_PER_YEAR == pytest.approx(406)
    assert row["by_1y_low"] == pytest.approx(2 / 5) and row["by_3y_low"] == pytest.approx(3 / 5)
    # Turnbull: DENSO's [0, 290] shares the region at 0 with Goodtech, so F(1 year) = 2/5 too
    assert estimates.loc["turnbull_time_zero", "by_1y_low"] == pytest.approx(2 / 5, abs=1e-5)
    # Reversed excluded: Drylet at 406 and the two censored, n = 3: S = 2/3 after 406, never 1/2.
    excluded = estimates.loc["km_exclude"]
    assert (excluded["cases"], excluded["events"], excluded["excluded"]) == (3, 1, 3)
    assert math.isnan(excluded["median_years_low"]) and excluded["by_3y_low"] == pytest.approx(1 / 3)


def test_a_year_past_the_follow_up_is_not_estimated(results):
    # Partnering cases only, reversed excluded: Drylet alone, observed to 406 days, under 3 years (1095.75).
    row = estimates_table(results).set_index("analysis").loc["partnered_only_exclude"]
    assert row["by_1y_low"] == pytest.approx(0.0) and math.isnan(row["by_3y_low"])
    assert analysis_numbers(row)["by_3_years_pct"] == "past follow-up"


def test_analysis_numbers_name_what_is_missing_and_never_nan(results):
    estimates = estimates_table(results)
    for record in estimates.to_dict("records"):
        clean(analysis_numbers(record))  # numbers.yml refuses NaN: this must pass
    km_exclude = analysis_numbers(estimates.set_index("analysis").loc["km_exclude"].to_dict())
    # Drylet at 406 days, two censored: S = 2/3, never 1/2 (not reached). Brookmeyer-Crowley keeps 406:
    # se = (2/3) sqrt(1/(3*2)) = 0.272, |log(-log 2/3) - log(-log 1/2)| = 0.536 < 1.96 * 0.272 / (2/3 * 0.405).
    assert km_exclude["median_years"] == "not reached" and km_exclude["median_ci_high_years"] == "not reached"
    assert km_exclude["median_ci_low_years"] == pytest.approx(406 / DAYS_PER_YEAR)
    turnbull = analysis_numbers(estimates.set_index("analysis").loc["turnbull_time_zero"].to_dict())
    assert "by_1_year_low_pct" in turnbull and "median_ci_low_years" not in turnbull


def test_stage_numbers_store_values_and_leave_the_words_to_present():
    outcomes = CASES.drop(columns="filing_date").assign(indicator_type="", indicator="", provenance="brief")
    records = CASES[["file_number", "filing_date"]].assign(post_en="", country="")
    cases = CASES.assign(record_provenance=["brief"] * 3 + ["reconstructed"] * 3)
    durations = case_durations(outcomes, records)
    results = run_analyses(cases, CUTOFF, 0.95)
    shares = timing_shares(durations, 0.95)
    numbers = clean(stage_numbers(durations, cases, results, estimates_table(results), shares, CUTOFF, 0.95))
    assert numbers["dated_cases"] == 3 and numbers["reversed"] == 1
    assert (numbers["band_1_to_3_years"], numbers["band_reversed"], numbers["band_ambiguous"]) == (1, 1, 1)
    assert numbers["share_1_to_3_years"]["count"] == 1 and numbers["share_reversed"]["n"] == 3
    assert numbers["share_1_to_3_years"]["share_pct"] == pytest.approx(1 / 3, abs=1e-6)
    assert numbers["share_after_report_1_to_3_years"]["n"] == 1  # Drylet only: Goodtech and DENSO may precede
    assert (numbers["cases_no"], numbers["cases_no_reconstructed"]) == (2, 2)
    assert (numbers["cases_insufficient"], numbers["cases_insufficient_reconstructed"]) == (1, 1)
    assert set(ANALYSIS_KEYS) <= set(numbers)
    assert numbers["midpoint_imputed_companies"] == "DENSO" and numbers["midpoint_imputed_cases"] == 1
    assert not {"verdict", "censored_source"} & set(numbers)  # sentences: wishlist.present.sentences


# ------------------------------------------------------------------ the figure's input

def test_incidence_curves_are_written_at_full_precision(tmp_path, results):
    _, km, turnbull = long_tables(results)
    curves = incidence_curves(km, turnbull)
    assert len(curves) == len(km) + len(turnbull)
    write_csv(tmp_path / "curves.csv", curves, float_format=EXACT_FLOATS)
    back = pd.read_csv(tmp_path / "curves.csv", float_precision="round_trip")
    for column in ("time_years", "cum_incidence", "ci_low", "ci_high", "region_low_years", "mass"):
        assert back[column].equals(curves[column]), column  # every float back exactly (NaN where absent)


def test_analysis_cases_carry_the_report_date_and_the_record_provenance():
    cases = analysis_cases(OUTCOMES, RECORDS).set_index("file_number")
    assert cases.loc["f-no", "filing_date"] == "2016-01-04"
    assert cases.loc["f-no", "record_provenance"] == "reconstructed" and cases.loc["f-no", "provenance"] == \
        "reconstructed"
    assert cases.loc["f-drylet", "record_provenance"] == "brief"


def test_the_computation_imports_no_plotting_library_and_no_presentation():
    # Run the analyses in a fresh interpreter: statsmodels and lifelines must not pull matplotlib in.
    code = ("import sys, pandas as pd\n"
            "from wishlist.stages.time_to_partnership import run_analyses\n"
            "cases = pd.DataFrame([('a', 'A', 'partnered', '2016-01-04', '2017'), ('b', 'B', 'no', '2016-02-01', '')],"
            " columns=['file_number', 'company', 'outcome', 'filing_date', 'indicator_date'])\n"
            "run_analyses(cases, '2021-03-31', 0.95)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'seaborn')"
            " or m.startswith('wishlist.present')))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# ------------------------------------------------------- the primary estimand and its sensitivity analyses

def test_one_primary_analysis_on_the_partnering_cases_and_the_full_cohort_secondary():
    roles = {a.key: a for a in ANALYSES}
    primary = [a for a in ANALYSES if a.role == "primary"]
    assert [a.key for a in primary] == ["partnered_only"] and ANALYSES[0].role == "primary"
    assert primary[0].partnered_only and primary[0].reversed_as == "exclude" and primary[0].straddling_as == "clip"
    assert {a.role for a in ANALYSES if not a.partnered_only} == {"secondary"}
    assert roles["partnered_only_time_zero"].role == "sensitivity"  # reversed at time 0: not a main analysis


@pytest.fixture(scope="module")
def table1_results():
    outcomes, records = table1_frames()
    return run_analyses(analysis_cases(outcomes, records), CUTOFF, 0.95, boundary_tolerance_days=14)


def test_primary_median_of_table1_by_hand(table1_results):
    # Fedasiuk et al. 2021, Table 1 (days in TABLE1 above). Reversed excluded (Goodtech, Oberaigner, Orbital
    # Traction); DENSO's -74..290 clipped to 0..290 (midpoint 145). The 11 midpoints, sorted: GREENCOMM 84,
    # DENSO 145, CYBERNET 360, Drylet 406, Tribosonics (543 + 573) / 2 = 558, BlueGreen (397 + 761) / 2 = 579,
    # EcoTech 806, RUSNANO 917, Hanpak 1140, RotaChrom 1265, BioGenerator 1304: the 6th, 579 days.
    # Left ends 0, 84, 360, 397, 406, 543, ... -> 6th 543; right ends 84, 290, 360, 406, 573, 761 -> 6th 761.
    row = estimates_table(table1_results).set_index("analysis").loc["partnered_only"]
    assert (row["cases"], row["events"], row["censored"]) == (11, 11, 0)
    assert row["median_years_low"] * DAYS_PER_YEAR == pytest.approx(579)
    assert (row["median_bound_low_days"], row["median_bound_high_days"]) == (543, 761)
    # bands: under a year GREENCOMM, DENSO, CYBERNET (3); 1-3 years Drylet, Tribosonics, BlueGreen, EcoTech,
    # RUSNANO (5); over 3 years Hanpak, RotaChrom, BioGenerator (3)
    assert (row["band_under_1_year_count"], row["band_1_to_3_years_count"], row["band_over_3_years_count"],
            row["band_n"]) == (3, 5, 3, 11)
    assert row["share_1_to_3_years"] == pytest.approx(5 / 11)


def test_boundary_and_uncertain_order_sensitivity_of_table1_by_hand(table1_results):
    # Fedasiuk et al. 2021, Table 1. CYBERNET's 360 days is 5.25 days under 365.25, within 14: counted at one
    # year, in 1-3 years (6 of 11); the median stays the 6th midpoint, 579 days.
    estimates = estimates_table(table1_results).set_index("analysis")
    moved = estimates.loc["partnered_only_boundary"]
    assert moved["moved_cases"] == "CYBERNET Systems" and moved["band_1_to_3_years_count"] == 6
    assert moved["median_years_low"] * DAYS_PER_YEAR == pytest.approx(579)
    # DENSO excluded: 10 midpoints 84, 360, 406, 558, 579, 806, ...: median (579 + 806) / 2 = 692.5 days;
    # left ends 84, 360, 397, 406, 543, 806 -> (543 + 806) / 2 = 674.5; right 84, 360, 406, 573, 761, 806 -> 783.5
    out = estimates.loc["partnered_only_exclude"]
    assert out["uncertain_order_excluded"] == "DENSO" and out["band_n"] == 10
    assert out["median_years_low"] * DAYS_PER_YEAR == pytest.approx(692.5)
    assert (out["median_bound_low_days"], out["median_bound_high_days"]) == (674.5, 783.5)
    assert out["band_1_to_3_years_count"] == 5
    assert estimates.loc["partnered_only_boundary_exclude", "band_1_to_3_years_count"] == 6  # of 10


def test_boundary_and_uncertain_cases_are_found_from_the_data():
    outcomes, records = table1_frames()
    durations = case_durations(outcomes, records)
    found = boundary_numbers(durations, 14)
    assert (found["boundary_cases"], found["boundary_cases_borders_years"]) == ("CYBERNET Systems", "1")
    assert found["uncertain_order_cases"] == "DENSO" and found["uncertain_order_count"] == 1
    assert found["reversed_cases"] == "Goodtech, Oberaigner Group, Orbital Traction"
    # 5 days: CYBERNET's 5.25 is outside; 45 days: BlueGreen (397 - 365.25 = 31.75), Drylet (406 - 365.25 =
    # 40.75) and Hanpak (1140 - 1095.75 = 44.25) join, in report order
    assert boundary_numbers(durations, 5)["boundary_cases"] == "none"
    assert boundary_numbers(durations, 45)["boundary_cases"] == \
        "CYBERNET Systems, Hanpak, Drylet, BlueGreen Water Technologies"
    assert boundary_numbers(durations, 45)["boundary_cases_borders_years"] == "1, 3, 1, 1"


def test_the_full_cohort_km_is_the_empirical_share_when_censoring_follows_the_last_event(results):
    # CASES, reversed at 0: events Goodtech 0, DENSO 145 (clipped midpoint), Drylet 406; censored at 1913 and
    # 1886 days, after the last event: 1 - KM = events by t / 5, so 2/5 by one year (365.25 days), 3/5 by three.
    row = estimates_table(results).set_index("analysis").loc["km_time_zero"]
    assert row["km_equals_empirical_share"] is True
    assert row["by_1y_empirical"] == pytest.approx(2 / 5) == row["by_1y_low"]
    assert row["by_3y_empirical"] == pytest.approx(3 / 5) == row["by_3y_low"]
    found = empirical_numbers(results)
    assert found["km_equals_empirical_share"] is True
    assert (found["full_cohort_last_event_days"], found["full_cohort_first_censoring_days"]) == (406, 1886)
    # a censored case followed only 100 days, before Drylet's 406: report 2020-12-21 -> 2021-03-31 is 11 + 31 + 28 + 31 = 100.
    early = pd.concat([CASES, pd.DataFrame([("f-late", "LateCo", "no", "2020-12-21", "")], columns=CASES.columns)],
                      ignore_index=True)
    late_results = run_analyses(early.assign(record_provenance="brief"), CUTOFF, 0.95)
    assert empirical_numbers(late_results)["km_equals_empirical_share"] is False
    assert empirical_numbers(late_results)["full_cohort_first_censoring_days"] == 100
    assert estimates_table(late_results).set_index("analysis").loc["km_time_zero", "km_equals_empirical_share"] \
        is False
