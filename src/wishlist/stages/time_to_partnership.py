"""Rule time_to_partnership: case outcomes + records + the draw -> durations, Table 1, timing shares, time-to-event estimates.

Time from a bulletin report to the first indicator of partnership (brief, Table 1).
Dates keep the precision the source gives (wishlist.brief.dates): "2018" is the
interval 2018-01-01 to 2018-12-31, so a duration is an interval of days [shortest,
longest], never an invented day. A negative longest duration means the indicator
came before the report: a reversed timeline, kept and flagged, never clipped here.

The time-to-event analyses work on an event table in which each choice (reversed
timelines at time zero or excluded, straddling intervals clipped at zero,
insufficient-information cases excluded or censored) is an argument, written in the
row's note, with every exclusion listed with its reason (analysis_cases.csv).
The estimators are wishlist.stats.survival; the tables' and figures' words are
wishlist.present.time_to_partnership_exhibits; the sentences of the numbers fragment
are wishlist.present.sentences.time_to_partnership.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from wishlist.brief.dates import DAYS_PER_YEAR, duration_days, parse_filing_date
from wishlist.brief.records import read_records
from wishlist.brief.sheets import read_case_outcomes
from wishlist.brief.vocabulary import OUTCOME_COLUMNS, OUTCOMES, PROVENANCE_VALUES
from wishlist.core.errors import StudyInputError, rule_log
from wishlist.core.files import EXACT_FLOATS, read_csv, write_csv
from wishlist.core.numbers import write_numbers
from wishlist.stats.survival import (
    AFTER_REPORT_BANDS,
    TIMING_BANDS,
    MedianTime,
    band,
    band_shares,
    border_shift,
    censoring_after_last_event,
    cumulative_incidence_km,
    empirical_share,
    follow_up_days,
    km_at,
    median_bounds_days,
    median_time,
    midpoint_times,
    timing_shares,
    turnbull_at,
    turnbull_median,
    turnbull_npmle,
    uncertain_order,
)

# The columns of the case-outcome sheet (wishlist.brief.vocabulary.OUTCOME_COLUMNS) this stage reads and
# so requires; `evidence` and `source` document a case for its reader and are not needed here.
ANALYSED_COLUMNS = tuple(c for c in OUTCOME_COLUMNS if c not in ("evidence", "source"))
REVERSED_AS = ("time_zero", "exclude")
STRADDLING_AS = ("clip", "exclude")  # an indicator interval that straddles the report (uncertain order)
INSUFFICIENT_AS = ("exclude", "censored")
ROLES = ("event", "reversed", "censored", "excluded")
SUMMARY_YEARS = (1, 3)  # cumulative incidence is summarised by these years after the report (the brief's band)


# ---------------------------------------------------------------------------
# The case-outcome sheet and the dated partnering cases
# ---------------------------------------------------------------------------

def check_case_outcomes(outcomes, records, cutoff: str, path) -> None:
    """Refuse a case-outcome sheet the analysis cannot use; the error names line, record and field.

    `outcomes` is the sheet as read (all strings, empty for missing); line 1 is the header.
    """
    missing = [c for c in ANALYSED_COLUMNS if c not in outcomes.columns]
    if missing:
        raise StudyInputError(path, f"missing column(s) {missing}; expected {list(ANALYSED_COLUMNS)}",
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
                                        f"{cutoff} (config key {CUTOFF_KEY})", field="file_number", **where)
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
            raise StudyInputError(path, f"indicator date {indicator} is after the investigation cut-off {cutoff} "
                                        f"(config key {CUTOFF_KEY}: raise it if the investigation ran later)",
                                  field="indicator_date", **where)


# ---------------------------------------------------------------------------
# The drawn cases. The estimates describe the fixed-seed sample (draw_sample): an
# outcome row of a record the seed did not draw (kept from another seed, or added by
# hand) would bias them, so it is excluded from every analysis with NOT_DRAWN_REASON
# and counted. Table 1 and its timing shares are the brief's published cases: an
# outcome row with provenance "brief" stays in them even outside the draw (the
# brief's Table 1 companies are real, whatever the seed); any other row outside the
# draw is left out of them too.
# ---------------------------------------------------------------------------

CUTOFF_KEY = "time_to_partnership.investigation_cutoff"  # config/config.yaml: named by every refusal it controls

NOT_DRAWN_REASON = ("not in the case-study draw (results/sample/sample_draw.csv): the estimates describe the drawn "
                    "cases only")


def split_by_draw(outcomes, drawn_ids):
    """``(drawn, published_not_drawn, not_drawn)``: the sheet's rows of drawn records; the rows outside the
    draw that are published (the brief's cases, kept in Table 1); every row outside the draw."""
    in_draw = outcomes["file_number"].isin(set(drawn_ids)).to_numpy()
    published = outcomes["provenance"].eq("brief").to_numpy() if "provenance" in outcomes.columns else False
    return (outcomes.loc[in_draw].reset_index(drop=True),
            outcomes.loc[~in_draw & published].reset_index(drop=True),
            outcomes.loc[~in_draw].reset_index(drop=True))


def table1_rows(drawn, published_not_drawn):
    """The outcome rows Table 1 and the timing shares are computed from: the drawn, then the published undrawn."""
    import pandas as pd

    frames = [f for f in (drawn, published_not_drawn) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else drawn


def with_not_drawn(results: dict, not_drawn_cases) -> dict:
    """Each analysis with the outcome rows outside the draw added to its exclusions (NOT_DRAWN_REASON).

    `not_drawn_cases` is `analysis_cases` output for those rows; every row of the sheet so
    appears once in every analysis, analysed or excluded with its reason.
    """
    import pandas as pd

    if not len(not_drawn_cases):
        return results
    out = {}
    for key, result in results.items():
        extra = not_drawn_cases.assign(indicator_date=not_drawn_cases["indicator_date"].astype(str),
                                       shortest_days=float("nan"), longest_days=float("nan"),
                                       analysis_role="excluded", reason=NOT_DRAWN_REASON)[list(result.excluded.columns)]
        excluded = (pd.concat([result.excluded, extra], ignore_index=True) if len(result.excluded)
                    else extra.reset_index(drop=True))
        out[key] = dataclasses.replace(result, excluded=excluded)
    return out


def analysis_cases(outcomes, records):
    """The outcome sheet joined to each case's report date and its record's provenance."""
    joined = records[["file_number", "filing_date", "provenance"]].rename(columns={"provenance": "record_provenance"})
    return outcomes.merge(joined, on="file_number", how="left", validate="one_to_one")


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
# Table 1 regenerated (results/time_to_partnership/table1.csv). Its cells are the
# brief's Table 1 as data: the CSV is a computed output, so its cell vocabulary
# lives here; the exhibits rule shows it as results/tables/table1.md.
# ---------------------------------------------------------------------------

BAND_LABELS = {"reversed": "reversed (indicator before report)", "under_1_year": "under 1 year",
               "1_to_3_years": "1–3 years", "over_3_years": "over 3 years"}


def days_label(shortest: int, longest: int) -> str:
    """'406' for a day-exact duration, '543 to 573' for an interval (' to ', as ends may be negative)."""
    return f"{shortest}" if shortest == longest else f"{shortest} to {longest}"


def timing_label(band_name: str, shortest: int) -> str:
    """Timing band as Table 1 names it; says which border an ambiguous interval straddles."""
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


# ---------------------------------------------------------------------------
# The event table of one analysis
#
# Time zero is the report; the event is the first indicator of partnership.
# - an event's time is the closed day interval [left_days, right_days] that
#   `duration_days` gives (equal ends for a day-precision indicator);
# - a case with no partnership found is right-censored at the investigation
#   cut-off, from the latest possible report day (shortest follow-up).
# The notes and reasons are analysis_cases.csv's audit trail of each case.
# ---------------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def event_table(cases, cutoff: str, reversed_as: str, insufficient_as: str, straddling_as: str | None = None,
                boundary_tolerance_days: float | None = None):
    """One row per analysed case with its event interval, plus every exclusion with its reason.

    Returns ``(events, excluded)``. `events` has ``left_days``/``right_days`` (the
    closed interval holding the event; ``right_days`` is inf when right-censored),
    ``event``, ``analysis_role`` (event / reversed / censored) and ``note``.
    Reversed timelines (indicator wholly before the report) become events at time 0
    (``reversed_as="time_zero"``: the relationship pre-existed) or are excluded.
    A straddling indicator (shortest < 0 <= longest: `uncertain_order`) is clipped
    below at 0 (``straddling_as="clip"``, ``clipped`` is True: the event is at the
    report or after it) or excluded, as it may be a pre-existing relationship
    (``"exclude"``); by default it follows `reversed_as` (time_zero: clip; exclude:
    exclude). With `boundary_tolerance_days` set, an event interval within that many
    days of the 1- or 3-year border (`border_shift`) is moved onto the border and
    counted in the band across it (a boundary case, ``moved`` is True).
    ``timing_band`` is the band each event is counted in (reversed at time 0:
    'reversed'; empty for a censored case). Insufficient-information cases are
    excluded or right-censored at the cut-off (sensitivity).
    """
    import pandas as pd

    if reversed_as not in REVERSED_AS:
        raise ValueError(f"reversed_as must be one of {REVERSED_AS}, got {reversed_as!r}")
    if insufficient_as not in INSUFFICIENT_AS:
        raise ValueError(f"insufficient_as must be one of {INSUFFICIENT_AS}, got {insufficient_as!r}")
    if straddling_as is None:
        straddling_as = "clip" if reversed_as == "time_zero" else "exclude"
    if straddling_as not in STRADDLING_AS:
        raise ValueError(f"straddling_as must be one of {STRADDLING_AS}, got {straddling_as!r}")
    if boundary_tolerance_days is not None and not boundary_tolerance_days >= 0:
        raise ValueError(f"boundary_tolerance_days must be >= 0, got {boundary_tolerance_days!r}")
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

        def drop(reason, shortest=float("nan"), longest=float("nan"), base=base):
            excluded.append({**base, "shortest_days": shortest, "longest_days": longest,
                             "analysis_role": "excluded", "reason": reason})

        def keep_row(left, right, event, role, note, shortest=float("nan"), longest=float("nan"), clipped=False,
                     base=base):
            timing, moved = "", False
            if event:
                timing = "reversed" if role == "reversed" else band(left, right)
                shift = (border_shift(left, right, boundary_tolerance_days)
                         if boundary_tolerance_days is not None and role == "event" else None)
                if shift:
                    timing, border, moved = shift[0], shift[1], True
                    note = (f"{note}; boundary case: within {boundary_tolerance_days:g} days of the "
                            f"{border / DAYS_PER_YEAR:g}-year border ({border:g} days), counted at the border "
                            f"and in the band {timing}")
                    left = right = border
            analysed.append({**base, "shortest_days": shortest, "longest_days": longest,
                             "left_days": float(left), "right_days": float(right), "event": event,
                             "analysis_role": role, "clipped": clipped, "moved": moved, "timing_band": timing,
                             "note": note})

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
        elif uncertain_order(shortest, longest):
            if straddling_as == "exclude":
                drop(f"indicator interval straddles the report ({shortest} to {longest} days): it may be a "
                     f"pre-existing relationship (reversed_as={reversed_as!r}, straddling_as='exclude')",
                     shortest, longest)
            else:
                keep_row(0, longest, True, "event", f"indicator interval straddles the report ({shortest} to "
                         f"{longest} days): clipped below at 0, event at the report or up to {longest} days "
                         f"after it (reversed_as={reversed_as!r}, straddling_as='clip')", shortest, longest,
                         clipped=True)
        else:
            keep_row(shortest, longest, True, "event", "dated indicator after the report", shortest, longest)

    event_columns = keep + ["shortest_days", "longest_days", "left_days", "right_days", "event",
                            "analysis_role", "clipped", "moved", "timing_band", "note"]
    excluded_columns = keep + ["shortest_days", "longest_days", "analysis_role", "reason"]
    events = pd.DataFrame(analysed, columns=event_columns)
    events["event"] = events["event"].astype(bool)
    events["clipped"] = events["clipped"].astype(bool)
    events["moved"] = events["moved"].astype(bool)
    return (events.reset_index(drop=True),
            pd.DataFrame(excluded, columns=excluded_columns).reset_index(drop=True))


# ---------------------------------------------------------------------------
# The analyses
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Analysis:
    """One time-to-event analysis: which estimand and estimator, and each choice event_table takes.

    `label` names the analysis in estimates.csv and in the numbers fragment. The
    estimand is either the time to the first indicator among the partnering cases
    (``partnered_only``: what "typically one to three years" describes) or the time
    to partnership of every investigated company, those without one censored
    (``full_cohort``). `role`: the one primary analysis, its sensitivity analyses,
    and the secondary (full-cohort) analyses.
    """

    key: str
    label: str
    role: str  # one of ROLES_OF_ANALYSES
    method: str  # km / turnbull
    reversed_as: str
    insufficient_as: str
    partnered_only: bool = False
    straddling_as: str | None = None  # None: as reversed_as (event_table)
    boundary_moved: bool = False  # boundary cases moved across the border (config boundary_tolerance_days)

    @property
    def estimand(self) -> str:
        return "partnered_only" if self.partnered_only else "full_cohort"


ROLES_OF_ANALYSES = ("primary", "sensitivity", "secondary")
PRIMARY = "partnered_only"
ANALYSES = (
    Analysis(PRIMARY, "Partnering cases only, reversed timelines excluded (indicator dates straddling the report "
             "counted from the report)", "primary", "km", "exclude", "exclude", partnered_only=True,
             straddling_as="clip"),
    Analysis("partnered_only_boundary", "Partnering cases only, reversed timelines excluded, boundary cases moved "
             "across the 1- or 3-year border", "sensitivity", "km", "exclude", "exclude", partnered_only=True,
             straddling_as="clip", boundary_moved=True),
    Analysis("partnered_only_exclude", "Partnering cases only, reversed timelines and indicators of uncertain order "
             "(dates straddling the report) excluded", "sensitivity", "km", "exclude", "exclude",
             partnered_only=True, straddling_as="exclude"),
    Analysis("partnered_only_boundary_exclude", "Partnering cases only, reversed and uncertain-order indicators "
             "excluded, boundary cases moved", "sensitivity", "km", "exclude", "exclude", partnered_only=True,
             straddling_as="exclude", boundary_moved=True),
    Analysis("partnered_only_time_zero", "Partnering cases only, reversed timelines as events at time 0",
             "sensitivity", "km", "time_zero", "exclude", partnered_only=True),
    Analysis("km_exclude", "All investigated companies (Kaplan–Meier, no partnership censored), reversed and "
             "uncertain-order timelines excluded", "secondary", "km", "exclude", "exclude"),
    Analysis("km_time_zero", "All investigated companies (Kaplan–Meier, no partnership censored), reversed "
             "timelines as events at time 0", "secondary", "km", "time_zero", "exclude"),
    Analysis("turnbull_exclude", "All investigated companies, Turnbull NPMLE (interval-censored), reversed "
             "timelines excluded", "secondary", "turnbull", "exclude", "exclude"),
    Analysis("turnbull_time_zero", "All investigated companies, Turnbull NPMLE (interval-censored), reversed "
             "timelines at time 0", "secondary", "turnbull", "time_zero", "exclude"),
    Analysis("km_exclude_insufficient_censored", "All investigated companies (Kaplan–Meier), "
             "insufficient-information cases censored too, reversed timelines excluded", "secondary", "km",
             "exclude", "censored"),
    Analysis("km_time_zero_insufficient_censored", "All investigated companies (Kaplan–Meier), "
             "insufficient-information cases censored too, reversed timelines at time 0", "secondary", "km",
             "time_zero", "censored"),
)
ANALYSIS_KEYS = tuple(a.key for a in ANALYSES)
FULL_COHORT_KM = tuple(a.key for a in ANALYSES if a.method == "km" and not a.partnered_only)
PARTNERED_ONLY_REASON = ("partnering cases only (the distribution of the time to partnership among the companies "
                         "that partnered, conditional on partnering): the cases that did not partner are left out")


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
        return follow_up_days(self.events)


def run_analyses(cases, cutoff: str, level: float, boundary_tolerance_days: float = 0.0
                 ) -> dict[str, AnalysisResult]:
    """Every analysis of ANALYSES on `analysis_cases` output, keyed by Analysis.key.

    `boundary_tolerance_days` (config time_to_partnership.boundary_tolerance_days) is how
    near a band border an interval must lie for the boundary analyses to move it.
    A Kaplan–Meier curve carries ``empirical_share`` (events by t / cases,
    `empirical_share`) beside its estimate.
    """
    import pandas as pd

    columns = ["file_number", "company", "outcome", "filing_date", "indicator_date"]
    results = {}
    for analysis in ANALYSES:
        subset = cases[columns]
        others = subset.iloc[0:0]
        if analysis.partnered_only:
            others = subset[subset["outcome"].ne("partnered")]
            subset = subset[subset["outcome"].eq("partnered")]
        events, excluded = event_table(subset, cutoff, analysis.reversed_as, analysis.insufficient_as,
                                       straddling_as=analysis.straddling_as,
                                       boundary_tolerance_days=(boundary_tolerance_days if analysis.boundary_moved
                                                                else None))
        if len(others):
            extra = others.assign(indicator_date=others["indicator_date"].astype(str), shortest_days=float("nan"),
                                  longest_days=float("nan"), analysis_role="excluded", reason=PARTNERED_ONLY_REASON)
            extra = extra[excluded.columns]
            excluded = (pd.concat([excluded, extra], ignore_index=True) if len(excluded)
                        else extra.reset_index(drop=True))
        curve, median = None, None
        if len(events):
            if analysis.method == "km":
                curve, median = cumulative_incidence_km(events, level), median_time(events, level)
                curve["empirical_share"] = [empirical_share(events, t) for t in curve["time_days"]]
            else:
                curve = turnbull_npmle(events)
        results[analysis.key] = AnalysisResult(analysis, events, excluded, curve, median, level)
    return results


def _absent(value) -> bool:
    """None or NaN: a quantity not reached, not estimable or past the follow-up."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _finite(value):
    return None if value is None or not math.isfinite(value) else float(value)


SHARE_BANDS = ("reversed", *AFTER_REPORT_BANDS, "ambiguous")  # the bands an analysed event can be counted in


def _names(frame) -> list[str]:
    return list(frame["company"]) if "company" in frame.columns else list(frame["file_number"])


def event_bands(result: AnalysisResult):
    """`band_shares` of the events of one analysis: the band each is counted in (its ``timing_band``)."""
    events = result.events
    bands = events.loc[events["event"], "timing_band"] if len(events) else []
    return band_shares(bands, result.level, names=SHARE_BANDS)


def case_flags(result: AnalysisResult) -> dict:
    """The companies an analysis moved across a border, clipped at the report, or excluded as uncertain order."""
    events, excluded = result.events, result.excluded
    uncertain = excluded[excluded["reason"].str.contains("straddles the report", regex=False)] if len(excluded) \
        else excluded
    reversed_out = excluded[excluded["reason"].str.startswith("reversed timeline")] if len(excluded) else excluded
    return {"moved_cases": _names(events[events["moved"]]) if len(events) else [],
            "clipped_cases": _names(events[events["clipped"]]) if len(events) else [],
            "uncertain_order_excluded": _names(uncertain),
            "reversed_excluded": _names(reversed_out),
            "reversed_at_time_zero": _names(events[events["analysis_role"].eq("reversed")]) if len(events) else []}


def partnered_timing(results: dict[str, AnalysisResult]):
    """The timing bands of every partnering-cases-only analysis (the estimand of "one to three years"):
    one `band_shares` row per analysis and band, with the analysis' key and role."""
    import pandas as pd

    frames = []
    for key in ANALYSIS_KEYS:
        result = results[key]
        if result.analysis.partnered_only:
            frames.append(event_bands(result).assign(analysis=key, role=result.analysis.role))
    frame = pd.concat(frames, ignore_index=True)
    return frame[["analysis", "role"] + [c for c in frame.columns if c not in ("analysis", "role")]]


def summary(result: AnalysisResult) -> dict:
    """Median and cumulative incidence by SUMMARY_YEARS of one analysis (None: not reached / not estimable).

    Each quantity has an estimate range [low, high] (equal for Kaplan–Meier; the
    NPMLE's range where it is undetermined) and a CI (Kaplan–Meier only). A year
    past the analysis' follow-up is None.
    """
    a = result.analysis
    flags = case_flags(result)
    row = {"analysis": a.key, "label": a.label, "role": a.role, "estimand": a.estimand, "method": a.method,
           "reversed_as": a.reversed_as, "insufficient_as": a.insufficient_as,
           "straddling_as": a.straddling_as or ("clip" if a.reversed_as == "time_zero" else "exclude"),
           "boundary_moved": a.boundary_moved, **result.counts,
           **{name: "; ".join(companies) for name, companies in flags.items()}}
    row.update({"median_bound_low_days": None, "median_bound_high_days": None, "km_equals_empirical_share": None,
                **{f"by_{year}y_empirical": None for year in SUMMARY_YEARS},
                "band_n": None, **{f"band_{name}_count": None for name in SHARE_BANDS},
                **{f"share_{name}{end}": None for name in AFTER_REPORT_BANDS for end in ("", "_ci_low", "_ci_high")}})
    if a.partnered_only:
        shares = event_bands(result).set_index("band")
        row["band_n"] = int(shares["n"].iloc[0])
        for name in SHARE_BANDS:
            row[f"band_{name}_count"] = int(shares.loc[name, "count"])
        for name in AFTER_REPORT_BANDS:
            row.update({f"share_{name}": shares.loc[name, "share"], f"share_{name}_ci_low": shares.loc[name, "ci_low"],
                        f"share_{name}_ci_high": shares.loc[name, "ci_high"]})
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
        row["km_equals_empirical_share"] = censoring_after_last_event(result.events)
        try:
            row["median_bound_low_days"], row["median_bound_high_days"] = median_bounds_days(result.events)
        except ValueError:  # a censoring before an event's right end: no bounds by placement
            pass
        row.update(median_years_low=m.estimate_years, median_years_high=m.estimate_years,
                   median_ci_low_years=m.ci_low_years, median_ci_high_years=m.ci_high_years,
                   median_plateau_low_years=m.plateau_low_years, median_plateau_high_years=m.plateau_high_years)
        for year in SUMMARY_YEARS:
            days = year * DAYS_PER_YEAR
            if days <= follow_up:
                estimate, low, high = km_at(result.curve, days)
                row.update({f"by_{year}y_low": estimate, f"by_{year}y_high": estimate,
                            f"by_{year}y_ci_low": _finite(low), f"by_{year}y_ci_high": _finite(high),
                            f"by_{year}y_empirical": empirical_share(result.events, days)})
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
    numeric = [c for c in frame.columns if c.startswith(("median_", "by_", "share_"))]
    frame[numeric] = frame[numeric].astype(float)
    counts = [c for c in frame.columns if c.startswith("band_")]
    frame[counts] = frame[counts].astype("Int64")
    return frame


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


def incidence_curves(km, turnbull):
    """The Kaplan–Meier curves and Turnbull regions of `long_tables`, stacked: the figure's input.

    Written at full precision (`EXACT_FLOATS`) so that the presentation rule draws
    exactly the estimates (cumulative_incidence.csv and turnbull_npmle.csv keep six
    significant digits).
    """
    import pandas as pd

    frames = [f for f in (km, turnbull) if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# ---------------------------------------------------------------------------
# The numbers fragment (results/numbers/time_to_partnership.yml): values only; its
# sentences (verdict, censored_source) are composed by
# wishlist.present.sentences.time_to_partnership.
# ---------------------------------------------------------------------------

def _number(value, missing: str):
    return missing if _absent(value) else float(value)


def result_has_bounds(row) -> bool:
    """Whether a KM row's median bounds were computable (no censoring before an event's right end)."""
    return bool(row.get("estimand") == "partnered_only" or row.get("km_equals_empirical_share"))


def analysis_numbers(row) -> dict:
    """numbers.yml fragment of one estimates_table row: 'not reached' / 'not estimable', never NaN."""
    out = {"label": row["label"], "role": row["role"], "estimand": row["estimand"], "cases": int(row["cases"]),
           "events": int(row["events"]), "censored": int(row["censored"]), "excluded": int(row["excluded"])}
    for name in ("moved_cases", "clipped_cases", "uncertain_order_excluded", "reversed_excluded",
                 "reversed_at_time_zero"):
        value = row.get(name)
        out[name] = "none" if _absent(value) or not str(value) else str(value)
    if row["estimand"] == "partnered_only":
        out["band_n"] = int(row["band_n"])
        for name in SHARE_BANDS:
            out[f"band_{name}"] = int(row[f"band_{name}_count"])
        for name in AFTER_REPORT_BANDS:
            out[f"share_{name}_pct"] = _number(row[f"share_{name}"], "not estimable")
            out[f"share_{name}_ci_low_pct"] = _number(row[f"share_{name}_ci_low"], "not estimable")
            out[f"share_{name}_ci_high_pct"] = _number(row[f"share_{name}_ci_high"], "not estimable")
        out["share_ci_method"] = "Wilson"
    if row["method"] == "km":
        out["km_equals_empirical_share"] = bool(row["km_equals_empirical_share"])
        median_days = row["median_years_low"] * DAYS_PER_YEAR if not _absent(row["median_years_low"]) else None
        out["median_days"] = _number(median_days, "not reached")
        # the median wherever the dated intervals put the events (median_bounds_days); "not estimable"
        # where a censoring comes before an event's right end and the placements bound nothing
        low, high = row.get("median_bound_low_days"), row.get("median_bound_high_days")
        missing = "not reached" if result_has_bounds(row) else "not estimable"
        out["median_low_days"] = _number(low, missing)
        out["median_high_days"] = _number(high, missing)
        out["median_low_years"] = _number(None if _absent(low) else low / DAYS_PER_YEAR, missing)
        out["median_high_years"] = _number(None if _absent(high) else high / DAYS_PER_YEAR, missing)
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
            out[f"by_{year}_{unit}_empirical_pct"] = _number(row[f"by_{year}y_empirical"], "past follow-up")
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


def stage_numbers(durations, cases, results, estimates, shares, cutoff: str, level: float, not_drawn=None,
                  drawn_ids=None, boundary_tolerance_days: float = 0.0) -> dict:
    """The stage's numbers fragment (see wishlist.present.numbers for the key suffixes).

    `cases` are the analysed (drawn) cases; `not_drawn` the outcome rows outside the draw
    and `drawn_ids` the draw's file numbers (None: every row counts as drawn).
    """
    bands = durations["band"].value_counts()
    imprecise = list(dict.fromkeys(company for key in ANALYSIS_KEYS if results[key].analysis.method == "km"
                                   for company in imprecise_indicators(results[key])))
    not_drawn_numbers = [] if not_drawn is None else sorted(not_drawn["file_number"])
    in_table1 = (0 if drawn_ids is None else int((~durations["file_number"].isin(set(drawn_ids))).sum()))
    fragment = {
        "dated_cases": len(durations),
        **{f"dated_cases_{kind}": int(durations["provenance"].eq(kind).sum()) for kind in PROVENANCE_VALUES},
        "reversed": int(durations["reversed"].sum()),
        # dated cases whose indicator interval straddles the report (shortest < 0 <= longest days)
        "straddling_report": int((durations["shortest_days"].lt(0) & durations["longest_days"].ge(0)).sum()),
        "outcome_rows_not_in_draw": len(not_drawn_numbers),
        "outcome_rows_not_in_draw_records": ", ".join(not_drawn_numbers) if not_drawn_numbers else "none",
        "table1_cases_not_in_draw": in_table1,
        **{f"band_{name}": int(bands.get(name, 0)) for name in TIMING_BANDS},
        "cutoff": cutoff,
        "level": float(level),
        **censored_provenance(cases),
        "midpoint_imputed_cases": len(imprecise),
        "midpoint_imputed_companies": ", ".join(imprecise) if imprecise else "none",
        **share_numbers(shares),
    }
    for row in estimates.to_dict("records"):
        fragment[row["analysis"]] = analysis_numbers(row)
    fragment.update(boundary_numbers(durations, boundary_tolerance_days))
    fragment.update(empirical_numbers(results))
    fragment.update(source_numbers(cases, results))
    return fragment


def boundary_numbers(durations, tolerance_days: float) -> dict:
    """The dated cases on a band border (within the tolerance of the 1- or 3-year border) and of uncertain
    order (their indicator dates straddle the report), named from the data."""
    names = list(durations["company"])
    spans = list(zip(durations["shortest_days"], durations["longest_days"]))
    boundary = [(name, border_shift(s, l, tolerance_days)) for name, (s, l) in zip(names, spans)]
    boundary = [(name, shift) for name, shift in boundary if shift]
    uncertain = [name for name, (s, l) in zip(names, spans) if uncertain_order(s, l)]
    reversed_ = [name for name, (s, l) in zip(names, spans) if l < 0]
    return {"boundary_tolerance_days": float(tolerance_days),
            "boundary_cases_count": len(boundary),
            "boundary_cases": ", ".join(name for name, _ in boundary) or "none",
            "boundary_cases_borders_years": ", ".join(f"{shift[1] / DAYS_PER_YEAR:g}" for _, shift in boundary)
            or "none",
            "uncertain_order_count": len(uncertain), "uncertain_order_cases": ", ".join(uncertain) or "none",
            "reversed_cases": ", ".join(reversed_) or "none"}


def empirical_numbers(results) -> dict:
    """Whether every full-cohort Kaplan–Meier analysis has its censorings after its last event (then 1 − KM
    is the empirical share, events by t / cases, up to the last event), with the two times."""
    last_event, first_censoring, holds = [], [], []
    for key in FULL_COHORT_KM:
        events = results[key].events
        if not len(events):
            continue
        times, status = midpoint_times(events)
        last_event += [float(t) for t, e in zip(times, status) if e]
        first_censoring += [float(t) for t, e in zip(times, status) if not e]
        holds.append(censoring_after_last_event(events))
    return {"km_equals_empirical_share": bool(holds) and all(holds),
            "full_cohort_last_event_days": max(last_event) if last_event else "none",
            "full_cohort_first_censoring_days": min(first_censoring) if first_censoring else "none"}


def source_numbers(cases, results) -> dict:
    """Where the primary analysis' cases and the full cohort's censored cases come from (outcome provenance)."""
    provenance = (dict(zip(cases["file_number"], cases["provenance"])) if "provenance" in cases.columns else {})
    primary = results[PRIMARY].events
    primary_ids = list(primary["file_number"]) if len(primary) else []
    censored = results["km_time_zero"].events
    censored_ids = list(censored.loc[~censored["event"], "file_number"]) if len(censored) else []
    return {"primary_cases": len(primary_ids),
            "primary_cases_published": sum(provenance.get(i) == "brief" for i in primary_ids),
            "full_cohort_censored": len(censored_ids),
            "full_cohort_censored_reconstructed": sum(provenance.get(i) == "reconstructed" for i in censored_ids),
            "outcome_rows_reconstructed": sum(v == "reconstructed" for v in provenance.values())}


def main(smk):
    cutoff, level, tolerance = smk.params.cutoff, smk.params.level, float(smk.params.boundary_tolerance_days)
    records = read_records(smk.input.records)
    outcomes = read_case_outcomes(smk.input.outcomes)
    check_case_outcomes(outcomes, records, cutoff, smk.input.outcomes)
    drawn_ids = list(read_csv(smk.input.draw, dtype=str, keep_default_na=False)["file_number"])
    drawn, published_not_drawn, not_drawn = split_by_draw(outcomes, drawn_ids)
    with rule_log() as log:
        print(f"{len(drawn)} outcome rows of drawn cases; {len(not_drawn)} outside the draw, left out of the "
              f"estimates: {sorted(not_drawn['file_number'])}; of these {len(published_not_drawn)} published, kept "
              f"in Table 1: {sorted(published_not_drawn['file_number'])}", file=log)
    cases = analysis_cases(drawn, records)

    # The core: the dated partnering cases (on the default corpus, the real cases of Table 1).
    durations = case_durations(table1_rows(drawn, published_not_drawn), records)
    write_csv(smk.output.durations, durations)
    write_csv(smk.output.table1, table1(durations))
    shares = timing_shares(durations, level)
    write_csv(smk.output.shares, shares)

    # Time-to-event estimates: these need the cases that did not partner (censored).
    results = with_not_drawn(run_analyses(cases, cutoff, level, boundary_tolerance_days=tolerance),
                             analysis_cases(not_drawn, records))
    estimates = estimates_table(results)
    write_csv(smk.output.estimates, estimates)
    write_csv(smk.output.partnered_timing, partnered_timing(results))
    events, km, turnbull = long_tables(results)
    write_csv(smk.output.events, events)
    write_csv(smk.output.curves, km)
    write_csv(smk.output.turnbull, turnbull)
    write_csv(smk.output.incidence_curves, incidence_curves(km, turnbull), float_format=EXACT_FLOATS)

    write_numbers(smk.output.numbers, stage_numbers(durations, cases, results, estimates, shares, cutoff,
                                                          level, not_drawn=not_drawn, drawn_ids=drawn_ids,
                                                          boundary_tolerance_days=tolerance))
