"""Rule time_to_partnership_exhibits: the time-to-partnership tables (time_to_partnership) -> figures and tables.

Figures: the Table 1 timeline and the cumulative incidence curves (SVG + PNG).
Tables: the report-to-partnership durations, the regenerated Table 1, the timing
shares against the brief's "one to three years", and the time-to-event estimates,
as Quarto pipe tables with their captions. Everything is read from the stage's CSV
tables and its numbers fragment; nothing here estimates.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from wishlist.core.files import bool_column, read_csv, read_sheet, read_yaml, write_text
from wishlist.present.exhibits import Figures, read_table
from wishlist.present.figures.time_to_partnership import (
    Incidence,
    draw_cumulative_incidence,
    draw_timeline,
)
from wishlist.present.sentences.time_to_partnership import timing_verdict
from wishlist.present.formats import day_count, level_text, number_text, range_text, whole_percent
from wishlist.present.tables import markdown_table
from wishlist.stages.time_to_partnership import BAND_LABELS, SUMMARY_YEARS

DURATION_COLUMNS = ("Company", "Report", "Indicator date", "Days (min to max)", "Timing")
DENOMINATORS = {"dated": "all dated cases", "after_report": "indicator certainly after the report"}
ROLE_LABELS = {"primary": "primary", "sensitivity": "sensitivity (of the primary)",
               "secondary": "secondary (all investigated companies)"}


# ------------------------------------------------------------------ caption words

def dated_note(numbers: Mapping) -> str:
    """Caption words on where the dated cases come from (the outcome sheet's provenance)."""
    n = int(numbers["dated_cases"])
    kinds = {kind: int(numbers.get(f"dated_cases_{kind}", 0)) for kind in ("brief", "bulletin", "reconstructed")}
    words = {"brief": "from the brief's Table 1", "bulletin": "from the study's own investigation",
             "reconstructed": "reconstructed"}
    if n and kinds["brief"] == n:
        return f"all {n} are the brief's Table 1 cases, with their published dates"
    if n and kinds["bulletin"] == n:
        return f"all {n} are cases of the study's own investigation"
    parts = [f"{count} {words[kind]}" for kind, count in kinds.items() if count]
    return "; ".join(parts) if parts else "none"


def censored_note(numbers: Mapping) -> str:
    """Caption words on the censored cases: how many, and whether their report records are reconstructed."""
    parts = []
    for outcome, name in (("no", "'no partnership found'"), ("insufficient", "'insufficient information'")):
        count, fake = int(numbers[f"cases_{outcome}"]), int(numbers[f"cases_{outcome}_reconstructed"])
        if not count:
            continue
        one = count == 1
        if fake == count:
            whose = "a record of the reconstructed corpus" if one else "all records of the reconstructed corpus"
        elif fake:
            whose = f"{fake} of them {'a record' if fake == 1 else 'records'} of the reconstructed corpus"
        else:
            whose = "a bulletin record" if one else "bulletin records"
        parts.append(f"{count} {name} case{'' if one else 's'} ({whose})")
    return "; ".join(parts) if parts else "no censored cases"


def censored_label(numbers: Mapping) -> str:
    """The figure legend's words for the censored cases' ticks."""
    reconstructed = int(numbers["cases_no"]) and int(numbers["cases_no_reconstructed"]) == int(numbers["cases_no"])
    return "Censored at the cut-off: no partnership found" + (" (reconstructed cases)" if reconstructed else "")


# ------------------------------------------------------------------ table shaping

def _absent(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def shares_display(shares):
    """The timing-shares table as the paper shows it."""
    import pandas as pd

    names = {**BAND_LABELS, "ambiguous": "ambiguous (interval straddles a border)"}
    return pd.DataFrame({
        "Denominator": shares["denominator"].map(DENOMINATORS),
        "Timing": shares["band"].map(names),
        "Cases": [f"{c} of {n}" for c, n in zip(shares["count"], shares["n"])],
        "Share, %": [("—" if _absent(v) else whole_percent(v)) for v in shares["share"]],
        "CI, %": [("—" if _absent(lo) else range_text(whole_percent(lo), whole_percent(hi)))
                  for lo, hi in zip(shares["ci_low"], shares["ci_high"])],
    })


def _range(low, high, scale: float, digits: int) -> str:
    if _absent(low):
        return "not reached"
    if abs(high - low) < 1e-9:
        return f"{low * scale:.{digits}f}"
    return range_text(f"{low * scale:.{digits + 1}f}", f"{high * scale:.{digits + 1}f}")  # a range: one more decimal


def _ci(low, high, scale: float, digits: int) -> str:
    def one(value, missing):
        return missing if _absent(value) else f"{value * scale:.{digits}f}"

    if _absent(low) and _absent(high):
        return "—"
    return range_text(one(low, 'not estimable'), one(high, 'not reached'))


def _plateau(row) -> str:
    low, high = row["median_plateau_low_years"], row["median_plateau_high_years"]
    return "" if _absent(low) else f" (midpoint of {range_text(f'{low:.2f}', f'{high:.2f}')})"


def estimates_display(estimates):
    """The estimates table as the paper shows it: years to one decimal, shares in per cent."""
    import pandas as pd

    def count_cell(row):
        return f"{row['cases']} ({row['events']} / {row['censored']} / {row['excluded']})"

    def band_cell(row):
        if _absent(row.get("band_n")) or row.get("estimand") != "partnered_only":
            return "—"
        k, n = int(row["band_1_to_3_years_count"]), int(row["band_n"])
        return f"{k} of {n}" + ("" if _absent(row["share_1_to_3_years"]) else f" ({whole_percent(row['share_1_to_3_years'])})")

    def empirical_cell(row):
        if row.get("estimand") == "partnered_only" or _absent(row.get("by_1y_empirical")):
            return "—"
        parts = [("past follow-up" if _absent(row.get(f"by_{year}y_empirical"))
                  else whole_percent(row[f'by_{year}y_empirical'])) for year in SUMMARY_YEARS]
        return " / ".join(parts)

    shown = {
        "Analysis": estimates["label"],
        "Role": [ROLE_LABELS.get(r, r) for r in estimates["role"]],
        "Cases (partnered / censored / excluded)": [count_cell(r) for _, r in estimates.iterrows()],
        "Median, years": [_range(r["median_years_low"], r["median_years_high"], 1, 1) + _plateau(r)
                          for _, r in estimates.iterrows()],
        "Median CI": [_ci(r["median_ci_low_years"], r["median_ci_high_years"], 1, 1)
                      for _, r in estimates.iterrows()],
    }
    for year in SUMMARY_YEARS:
        name = f"By {year} year{'s' if year > 1 else ''}, %"
        shown[name] = [("past follow-up" if _absent(r[f"by_{year}y_low"])
                        else _range(r[f"by_{year}y_low"], r[f"by_{year}y_high"], 100, 0))
                       for _, r in estimates.iterrows()]
        shown[f"{name} CI"] = [_ci(r[f"by_{year}y_ci_low"], r[f"by_{year}y_ci_high"], 100, 0)
                               for _, r in estimates.iterrows()]
    shown["1–3 years, cases (%)"] = [band_cell(r) for _, r in estimates.iterrows()]
    shown["Events / cases by 1 / 3 years, %"] = [empirical_cell(r) for _, r in estimates.iterrows()]
    return pd.DataFrame(shown)


# ------------------------------------------------------------------ tables with captions

DAYS = "Days (min to max)"  # table1.csv's column: "543 to 573", "-74 to 290", "406"


def days_shown(table1):
    """Table 1 with its days in the paper's number format: "543–573", "−74 to 290", "−5"."""
    def one(text):
        ends = str(text).split(" to ")
        return range_text(*ends) if len(ends) == 2 else number_text(ends[0])

    shown = table1.copy()
    shown[DAYS] = shown[DAYS].map(one)
    return shown.rename(columns={DAYS: "Days (min–max)"})


def durations_table(table1, numbers: Mapping) -> str:
    shown = days_shown(table1[list(DURATION_COLUMNS)]).rename(columns={"Indicator date": "Indicator"})
    return markdown_table(
        shown,
        f"Report-to-partnership durations of the {numbers['dated_cases']} dated partnering cases "
        f"({dated_note(numbers)}). A date known only to the month or year makes the duration an interval of days; "
        "a negative duration is a reversed timeline (the indicator precedes the report).", "tbl-durations")


def table1_table(table1, numbers: Mapping) -> str:
    n = int(numbers["dated_cases"])
    title = ("The brief's Table 1 regenerated from the data" if n and int(numbers.get("dated_cases_brief", 0)) == n
             else "The dated partnering cases, laid out as the brief's Table 1")
    return markdown_table(
        days_shown(table1),
        f"{title}: the {numbers['dated_cases']} dated partnering cases "
        f"({dated_note(numbers)}), the report (post, date), the first indicator of partnership (type as we code it, "
        "summary, date) and the days between them (an interval where a date is a month or year; negative: "
        "reversed timeline).", "tbl-table1")


def shares_table(shares, numbers: Mapping) -> str:
    n_after = int(shares.loc[shares["denominator"].eq("after_report"), "n"].iloc[0])
    return markdown_table(
        shares_display(shares),
        f"Timing of the {numbers['dated_cases']} dated partnering cases ({dated_note(numbers)}) against the brief's "
        f"\"one to three years\": cases in each band with {level_text(numbers['level'])} Wilson intervals, of all dated "
        f"cases and of the {n_after} whose indicator certainly follows the report. {timing_verdict(numbers)}",
        "tbl-timing-shares")


def estimates_md(estimates, numbers: Mapping) -> str:
    empirical = (" Every censoring falls after the last partnership, so each full-cohort Kaplan–Meier estimate "
                 "equals, up to the last event, the share of its cases that had partnered (events / cases, the last "
                 "column)." if numbers.get("km_equals_empirical_share") else
                 " Some censorings fall before the last partnership, so the full-cohort Kaplan–Meier estimates "
                 "differ from the share of cases that had partnered (events / cases, the last column).")
    return markdown_table(
        estimates_display(estimates),
        f"Time from the report to the first indicator of partnership: median and cumulative incidence by one and "
        f"three years ({level_text(numbers['level'])} CIs; cases: analysed, of which partnered / censored, and excluded). "
        "Primary: the partnering cases only (the distribution the brief's \"typically one to three years\" "
        "describes), reversed timelines excluded "
        f"({numbers.get('reversed_cases', 'none')}), an indicator whose dates straddle the report counted from the "
        "report; the 1–3-year column counts its cases in the brief's band. Sensitivity: boundary "
        f"cases within {numbers.get('boundary_tolerance_days', 0):g} days of the 1- or 3-year border "
        f"({numbers.get('boundary_cases', 'none')}) moved across it; indicators of uncertain order "
        f"({numbers.get('uncertain_order_cases', 'none')}) excluded; reversed timelines as events at time 0 (an "
        "artificial jump at the report). Secondary: all investigated companies, those without a partnership "
        f"right-censored at the cut-off {numbers['cutoff']} ({censored_note(numbers)}); their medians are set by the "
        "share of companies that never partner, not by how long partnering takes. Kaplan–Meier needs one time per "
        f"case: the indicators dated only to a month or year ({numbers['midpoint_imputed_companies']}) enter at "
        "their interval's midpoint (a straddling interval first clipped at 0); the Turnbull NPMLE uses the date "
        "intervals as they are (no CI)." + empirical + " Median CI: Brookmeyer–Crowley (log-log); cumulative "
        "incidence CI: log-log with Greenwood's variance.", "tbl-ttp-estimates")


def robustness_display(estimates):
    """The partnering cases' analyses only (the primary and its sensitivities: nothing here rests on the
    companies without a published outcome): what each changes, and the median and 1–3-year count it gives."""
    import pandas as pd

    rows = estimates[estimates["estimand"].eq("partnered_only")]
    shown = estimates_display(rows)
    return pd.DataFrame({
        "Analysis": shown["Analysis"],
        "Role": list(rows["role"]),
        "Cases": [str(int(n)) for n in rows["cases"]],
        "Median, years": shown["Median, years"],
        "Median CI, years": shown["Median CI"],
        "Median over the date placements, days": ["—" if _absent(r["median_bound_low_days"]) else
                                                  range_text(day_count(r["median_bound_low_days"]),
                                                             day_count(r["median_bound_high_days"]))
                                                  for _, r in rows.iterrows()],
        "1–3 years, cases (%)": shown["1–3 years, cases (%)"],
    })


def robustness_md(estimates, numbers: Mapping) -> str:
    return markdown_table(
        robustness_display(estimates),
        "How much the brief's \"typically one to three years\" depends on the analysis: the time from report to "
        "first indicator of the companies that partnered, under the primary analysis (reversed timelines "
        f"excluded: {numbers.get('reversed_cases', 'none')}) and each sensitivity: boundary cases within "
        f"{numbers.get('boundary_tolerance_days', 0):g} days of the 1- or 3-year border "
        f"({numbers.get('boundary_cases', 'none')}) moved across it, indicators of uncertain order "
        f"({numbers.get('uncertain_order_cases', 'none')}) excluded, or reversed timelines counted as partnering at "
        f"the report. {level_text(numbers['level'])} CI of the median: Brookmeyer–Crowley (log-log), with dates "
        "known to a month or year at their interval's midpoint; the range over the placements the dates allow "
        "needs no such choice.", "tbl-timing-robustness")


# ------------------------------------------------------------------ figure inputs

def read_durations(path):
    """case_durations.csv as the timeline draws it: dates as text, days as integers."""
    durations = read_sheet(path)
    return durations.astype({"shortest_days": int, "longest_days": int})


def read_curves(path):
    """incidence_curves.csv (full precision) with every float read back exactly."""
    return read_csv(path, keep_default_na=False, na_values=[""], float_precision="round_trip")


def incidences(cases, curves) -> dict[str, Incidence]:
    """Each analysis' analysed cases (analysis_cases.csv) and curve (incidence_curves.csv), by analysis key."""
    out = {}
    for key in dict.fromkeys(cases["analysis"]):
        rows = cases[cases["analysis"].eq(key) & cases["analysis_role"].ne("excluded")].copy()
        rows["event"] = bool_column(rows["event"]) if len(rows) else rows["event"].astype(bool)
        curve = curves[curves["analysis"].eq(key)].reset_index(drop=True) if len(curves) else curves
        out[key] = Incidence(rows.reset_index(drop=True), curve if len(curve) else None)
    return out


def main(smk):
    numbers = read_yaml(smk.input.numbers)
    figures = Figures()

    table1 = read_sheet(smk.input.table1)
    write_text(smk.output.durations_md, durations_table(table1, numbers))
    write_text(smk.output.table1_md, table1_table(table1, numbers))
    write_text(smk.output.shares_md, shares_table(read_table(smk.input.shares), numbers))
    estimates = read_table(smk.input.estimates)
    write_text(smk.output.estimates_md, estimates_md(estimates, numbers))
    write_text(smk.output.robustness_md, robustness_md(estimates, numbers))

    figures.save(draw_timeline(read_durations(smk.input.durations), numbers["cutoff"]),
                 smk.output.timeline_svg, smk.output.timeline_png)
    figures.save(draw_cumulative_incidence(incidences(read_table(smk.input.cases), read_curves(smk.input.curves)),
                                           numbers["level"], censored_label=censored_label(numbers)),
                 smk.output.incidence_svg, smk.output.incidence_png)
