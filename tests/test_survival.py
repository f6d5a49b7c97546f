"""Report-to-partnership durations of Table 1 cases, against hand-counted days."""

import pandas as pd
import pytest

from wishlist.core.errors import StudyInputError
from wishlist.stats.survival import (
    band,
    case_durations,
    check_case_outcomes,
    duration_days,
    indicator_type_label,
    table1,
)

# Day counts worked by hand from the brief's Table 1 dates.
TABLE1 = [
    # case, report, indicator, shortest, longest
    ("Drylet", "2016-09-29", "2017-11-09", 406, 406),      # 365 to 2017-09-29, +30 to Oct 29, +11
    ("Goodtech", "2015-10-21", "2015-10-16", -5, -5),      # acquired 5 days before the report
    ("CYBERNET", "2015-05-08", "2016-05-02", 360, 360),    # 366 (leap day 2016-02-29) - 6
    ("Tribosonics", "2015-01-05", "2016-07", 543, 573),    # to 2016-07-01 (365 + 178) .. 2016-07-31
    ("DENSO", "2015-03-16", "2015", -74, 290),             # 2015-01-01 .. 2015-12-31 around the report
]


@pytest.mark.parametrize("case,report,indicator,shortest,longest", TABLE1)
def test_table1_durations(case, report, indicator, shortest, longest):
    assert duration_days(report, indicator) == (shortest, longest)


@pytest.mark.parametrize("shortest,longest,expected", [
    (406, 406, "1_to_3_years"),
    (-5, -5, "reversed"),
    (360, 360, "under_1_year"),
    (543, 573, "1_to_3_years"),
    (-74, 290, "ambiguous"),       # DENSO: the year-precision indicator may precede the report
    (1304, 1304, "over_3_years"),  # BioGenerator 2016-01-04 -> 2019-07-31
])
def test_bands(shortest, longest, expected):
    assert band(shortest, longest) == expected


# ----------------------------------------------------------------- Table 1 table

OUTCOME_COLUMNS = ["file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date",
                   "provenance"]
# Four Table 1 cases (brief, Table 1) and one case without a partnership.
OUTCOMES = pd.DataFrame([
    ("f-drylet", "Drylet", "partnered", "partnership_agreement", "strategic cooperation agreement", "2017-11-09",
     "published"),
    ("f-goodtech", "Goodtech", "partnered", "acquisition", "acquired by Anhui Guozhen", "2015-10-16", "published"),
    ("f-denso", "DENSO", "partnered", "subsidiary_in_china", "expands its Shanghai technical center", "2015",
     "published"),
    ("f-bluegreen", "BlueGreen", "partnered", "partnership_agreement", "strategic partnership", "2018", "published"),
    ("f-no", "NoCo", "no", "", "", "", "reconstructed"),
], columns=OUTCOME_COLUMNS)
RECORDS = pd.DataFrame([
    ("f-drylet", "2016-09-29", "Houston", "United States", "published"),
    ("f-goodtech", "2015-10-21", "Oslo", "Norway", "published"),
    ("f-denso", "2015-03-16", "Tokyo", "Japan", "published"),
    ("f-bluegreen", "2016-11-30", "Tel Aviv", "Israel", "published"),
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
    # By hand: 2016-11-30 -> 2017-11-30 is 365 days (no 29 February), +31 to 2017-12-31, +1 to
    # 2018-01-01: 397; to 2018-12-31 another 364: 761.
    assert rows.loc["BlueGreen", "Days (min to max)"] == "397 to 761"
    assert rows.loc["BlueGreen", "Timing"] == "1–3 years"


def test_indicator_type_label():
    assert indicator_type_label("subsidiary_in_china") == "subsidiary in China"
    assert indicator_type_label("event_attendance") == "event attendance"


# ------------------------------------------------------- case-outcome sheet checks

def sheet_error(outcomes, records=RECORDS, cutoff="2021-03-31"):
    with pytest.raises(StudyInputError) as caught:
        check_case_outcomes(outcomes, records, cutoff, "data/coding/case_outcomes.csv")
    return str(caught.value)


def changed(row, **values):
    sheet = OUTCOMES.copy()
    for column, value in values.items():
        sheet.loc[row, column] = value
    return sheet


def test_a_good_sheet_passes():
    check_case_outcomes(OUTCOMES, RECORDS, "2021-03-31", "x.csv")


@pytest.mark.parametrize("sheet,where,field,words", [
    (changed(1, file_number="f-unknown"), "line 3", "file_number", "not among the ingested records"),
    (changed(1, file_number="f-drylet"), "line 3", "file_number", "duplicate file number, first on line 2"),
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
