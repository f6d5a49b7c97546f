"""Report-to-partnership durations of Table 1 cases, against hand-counted days."""

import pytest

from wishlist.survival import band, duration_days

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
