"""Time from a bulletin report to the first indicator of partnership (brief, Table 1).

Dates keep the precision the source gives: "2018" is the interval 2018-01-01 to
2018-12-31, so a duration is an interval of days [shortest, longest], never an
invented day. A negative longest duration means the indicator came before the
report: a reversed timeline, kept and flagged, never clipped to zero.
"""

from __future__ import annotations

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

