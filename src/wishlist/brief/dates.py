"""Dates as the brief's sources give them: a day, a month or only a year, kept as an interval.

A bulletin or an indicator dated "2015-03" could be any day of March 2015; every
duration computed from such dates is an interval of days (shortest, longest), and
years are days / DAYS_PER_YEAR everywhere in the study.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

DAYS_PER_YEAR = 365.25  # the Julian year: durations in years are days / 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
FILING_DATE = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")


def parse_filing_date(text: str) -> tuple[str, date, date]:
    """Return (precision, first day, last day): a month or a year stays an interval."""
    match = FILING_DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match["y"])
    if match["m"] is None:
        return "year", date(year, 1, 1), date(year, 12, 31)
    month = int(match["m"])
    if match["d"] is None:
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        return "month", date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(match["d"]))  # raises ValueError on 2019-02-30
    return "day", day, day


def duration_days(report_date: str, indicator_date: str) -> tuple[int, int]:
    """Shortest and longest possible days from report to indicator."""
    _, report_first, report_last = parse_filing_date(report_date)
    _, ind_first, ind_last = parse_filing_date(indicator_date)
    return (ind_first - report_last).days, (ind_last - report_first).days
