"""Figures of the time-to-partnership family: the Table 1 timeline and the cumulative incidence curves.

Both draw from the stage's tables only (no estimation here) and return the figure;
the exhibits rule saves it with `figures.style.save`, so identical inputs give
identical SVG and PNG bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from wishlist.present.formats import level_text, number_text, range_text
from wishlist.brief.dates import DAYS_PER_YEAR, parse_filing_date
from wishlist.present.figures import style
from wishlist.stats.survival import follow_up_days, midpoint_times

# Okabe–Ito colours (colour-blind safe); the categories also differ in marker.
AFTER, REVERSED, STRADDLES, REPORT = "#0072B2", "#D55E00", "#CC79A7", "#000000"
WINDOW = "#d9d9d9"
CATEGORY_STYLE = {
    "after": (AFTER, "D", "Indicator after the report"),
    "reversed": (REVERSED, "X", "Indicator before the report (reversed timeline)"),
    "straddles": (STRADDLES, "s", "Indicator's interval straddles the report"),
}
VARIANT_STYLE = {  # analysis key prefix -> colour, legend text
    "time_zero": ("#0072B2", "Reversed timelines as events at time 0"),
    "exclude": ("#E69F00", "Reversed timelines excluded"),
}


def category(shortest_days: int, longest_days: int) -> str:
    """after / reversed / straddles: where the indicator lies relative to the report."""
    if longest_days < 0:
        return "reversed"
    return "straddles" if shortest_days < 0 else "after"


def _span(text: str):
    """(first, last + 1 day) of a date as matplotlib numbers: a day is 1 wide, a year 365 or 366."""
    from matplotlib.dates import date2num

    precision, first, last = parse_filing_date(text)
    return precision, date2num(first), date2num(last) + 1


def draw_timeline(durations, cutoff: str):
    """One row per dated partnering case: report -> first indicator of partnership, on calendar dates.

    `durations` is the stage's case_durations table (dates as text, days as
    integers or their text). A day-precision date is a marker; a month or year is a
    bar spanning it. The grey band is one to three years after the report (the
    brief's "typically"); the dashed line is the cut-off.
    """
    plt = style.setup()
    from matplotlib.dates import DateFormatter, YearLocator, date2num
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    rows = durations.reset_index(drop=True)
    n = len(rows)
    fig, ax = plt.subplots(figsize=(6.3, 0.3 * n + 1.8))  # the text width, and short enough to share a page
    edges = []
    for y, case in rows.iterrows():
        report_precision, report_first, report_end = _span(case["filing_date"])
        indicator_precision, ind_first, ind_end = _span(case["indicator_date"])
        colour, marker, _ = CATEGORY_STYLE[category(int(case["shortest_days"]), int(case["longest_days"]))]
        edges += [report_first, ind_first, report_end, ind_end]
        ax.plot([report_first + DAYS_PER_YEAR, report_end - 1 + 3 * DAYS_PER_YEAR], [y, y], color=WINDOW, lw=9,
                solid_capstyle="butt", zorder=1)
        kind = category(int(case["shortest_days"]), int(case["longest_days"]))
        if kind != "straddles":  # connector from the report to the indicator's nearer end
            report_mid = (report_first + report_end - 1) / 2
            ax.plot([report_mid, ind_first if kind == "after" else ind_end - 1], [y, y], color=colour, lw=1,
                    zorder=2)
        if indicator_precision == "day":  # above the report's marker, which may be a few days after it
            ax.plot(ind_first, y, marker=marker, color=colour, ms=7, ls="none", zorder=6)
        else:
            ax.plot([ind_first, ind_end], [y, y], color=colour, lw=6, alpha=0.75, solid_capstyle="butt", zorder=3)
        if report_precision == "day":
            ax.plot(report_first, y, marker="o", color=REPORT, mfc="white", mew=1.5, ms=6, ls="none", zorder=5)
        else:
            ax.plot([report_first, report_end], [y, y], color=REPORT, lw=3, solid_capstyle="butt", zorder=3)
    cut = date2num(parse_filing_date(cutoff)[1])
    ax.axvline(cut, color="#555555", ls="--", lw=1, zorder=0)
    edges.append(cut)

    # a long company name puts its country on a second line, so the labels leave the time axis its room
    ax.set_yticks(range(n), [f"{c} ({k})" if len(f"{c} ({k})") <= 28 else f"{c}\n({k})"
                             for c, k in zip(rows["company"], rows["country"])])
    ax.set_ylim(n - 0.5, -0.5)  # earliest report at the top
    ax.set_xlim(min(edges) - 120, max(edges) + 120)
    ax.xaxis.set_major_locator(YearLocator(2))  # every other year: the labels stay apart at the text width
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("Calendar date")
    right = blended_transform_factory(ax.transAxes, ax.transData)
    for y, case in rows.iterrows():
        s, l = int(case["shortest_days"]), int(case["longest_days"])
        days = f"{number_text(f'{s:,}')} d" if s == l else f"{range_text(f'{s:,}', f'{l:,}')} d"
        ax.text(1.01, y, days, transform=right, va="center", ha="left", fontsize=7.5)
    ax.text(1.01, -0.9, "days", transform=right, va="center", ha="left", fontsize=7.5, style="italic")

    handles = [Line2D([], [], marker="o", color=REPORT, mfc="white", mew=1.5, ms=6, ls="none",
                      label="Report filed (S&T diplomats)")]
    for kind, (colour, marker, label) in CATEGORY_STYLE.items():
        if kind == "straddles":  # only a month or year can straddle a day: always a bar
            handles.append(Line2D([], [], color=colour, lw=6, alpha=0.75, solid_capstyle="butt", label=label))
        else:
            handles.append(Line2D([], [], marker=marker, color=colour, ms=7, ls="none", label=label))
    handles += [Line2D([], [], color="#777777", lw=6, alpha=0.75, solid_capstyle="butt",
                       label="Indicator dated to a month or year (bar spans it)"),
                Line2D([], [], color=WINDOW, lw=9, solid_capstyle="butt",
                       label="One to three years after the report"),
                Line2D([], [], color="#555555", ls="--", lw=1, label=f"Investigation cut-off ({cutoff})")]
    # the legend under the figure, centred on it (not on the axes), so it never widens the figure
    fig.tight_layout()
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=7.5,
               frameon=False)
    return fig


@dataclass(frozen=True)
class Incidence:
    """What the cumulative-incidence figure draws of one analysis.

    `events`: its analysed cases (``left_days``, ``right_days``, ``event``), in the
    stage's order; `curve`: its Kaplan–Meier curve or Turnbull regions (the
    stage's tables), None when no case is analysed. The stage's AnalysisResult has
    the same three attributes.
    """

    events: object
    curve: object

    @property
    def follow_up_days(self) -> float:
        return follow_up_days(self.events)


def km_path(curve, follow_up_days: float):
    """Step-function points (years) of a `cumulative_incidence_km` table, extended to the follow-up."""
    x = list(curve["time_years"])
    columns = {c: list(curve[c]) for c in ("cum_incidence", "ci_low", "ci_high")}
    end = follow_up_days / DAYS_PER_YEAR
    if end > x[-1]:
        x.append(end)
        for values in columns.values():
            values.append(values[-1])
    return x, columns


def turnbull_path(table, follow_up_days: float):
    """Polyline (years) of a `turnbull_npmle` table: flat between regions, a straight line across a
    region of width (the NPMLE does not say where in it the mass lies), up to the follow-up."""
    x, y = [0.0], [0.0]
    end = follow_up_days / DAYS_PER_YEAR
    for region in table.itertuples(index=False):
        if not math.isfinite(region.region_high_days):
            break  # the mass left beyond the last censoring: the curve stops being estimated there
        x += [region.region_low_years, region.region_high_years]
        y += [region.cum_incidence_before, region.cum_incidence]
    if end > x[-1]:
        x.append(end)
        y.append(y[-1])
    return x, y


def _censor_marks(result):
    """(years, cumulative incidence) of each censored case on its Kaplan–Meier curve."""
    events, curve = result.events, result.curve
    times = events.loc[~events["event"], "left_days"].to_numpy(dtype=float)
    marks = [float(curve.loc[curve["time_days"] <= t, "cum_incidence"].iloc[-1]) for t in times]
    return times / DAYS_PER_YEAR, marks


def draw_cumulative_incidence(results: Mapping, level: float,
                              censored_label="Censored at the cut-off (no partnership found)",
                              at_risk_years=(0, 1, 2, 3, 4, 5, 6)):
    """Cumulative incidence of partnership since the report: main analyses (left), sensitivity (right).

    `results` maps every analysis key to its `Incidence` (or the stage's
    AnalysisResult); `level` is the intervals' confidence level. Left: 1 −
    Kaplan–Meier with pointwise log-log bands, reversed timelines at time 0 and
    excluded, numbers at risk below. Right: each variant's Kaplan–Meier (thin),
    Turnbull NPMLE (dashed) and Kaplan–Meier with insufficient-information cases
    censored (dotted).
    """
    plt = style.setup()
    from matplotlib.lines import Line2D
    from matplotlib.transforms import blended_transform_factory

    fig, (main, sens) = plt.subplots(1, 2, figsize=(10, 4.2), sharey=True)
    follow = max(r.follow_up_days for r in results.values())
    for ax in (main, sens):
        ax.axvspan(1, 3, color="#eeeeee", zorder=0, lw=0)
        ax.axhline(0.5, color="#999999", lw=0.8, ls=":", zorder=1)
        ax.set_xlim(0, follow / DAYS_PER_YEAR + 0.1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("Years since the report")
    main.set_ylabel("Cumulative incidence of partnership")

    for variant, (colour, label) in VARIANT_STYLE.items():
        result = results[f"km_{variant}"]
        if result.curve is None:
            continue
        x, cols = km_path(result.curve, result.follow_up_days)
        main.step(x, cols["cum_incidence"], where="post", color=colour, lw=1.8, label=label, zorder=3)
        main.fill_between(x, cols["ci_low"], cols["ci_high"], step="post", color=colour, alpha=0.15, lw=0,
                          zorder=2)
        cx, cy = _censor_marks(result)
        main.plot(cx, cy, ls="none", marker="|", ms=9, mew=1.5, color=colour, zorder=4)

        sens.step(x, cols["cum_incidence"], where="post", color=colour, lw=1, alpha=0.6, zorder=2)
        turnbull = results[f"turnbull_{variant}"]
        if turnbull.curve is not None:
            tx, ty = turnbull_path(turnbull.curve, turnbull.follow_up_days)
            sens.plot(tx, ty, color=colour, lw=1.8, ls="--", zorder=3)
        censored = results[f"km_{variant}_insufficient_censored"]
        if censored.curve is not None:
            ix, icols = km_path(censored.curve, censored.follow_up_days)
            sens.step(ix, icols["cum_incidence"], where="post", color=colour, lw=1.8, ls=":", zorder=3)

    # two lines each: side by side at the text width, one-line titles would run into each other
    main.set_title(f"1 − Kaplan–Meier,\n{level_text(level)} pointwise CI", fontsize=8)
    sens.set_title("Interval censoring;\ninsufficient cases censored", fontsize=8)

    below = blended_transform_factory(main.transData, main.transAxes)
    main.text(-0.02, -0.25, "At risk", transform=main.transAxes, ha="right", va="center", fontsize=7,
              style="italic")
    for row, (variant, (colour, _)) in enumerate(VARIANT_STYLE.items()):
        result = results[f"km_{variant}"]
        if result.curve is None:
            continue
        times, _ = midpoint_times(result.events)
        for year in at_risk_years:
            if year * DAYS_PER_YEAR <= follow:
                main.text(year, -0.32 - 0.07 * row, str(int((times >= year * DAYS_PER_YEAR).sum())),
                          transform=below, ha="center", va="center", fontsize=7, color=colour)

    handles, _ = main.get_legend_handles_labels()
    handles += [Line2D([], [], color="#555555", ls="none", marker="|", ms=9, mew=1.5, label=censored_label),
                Line2D([], [], color="#e4e4e4", lw=8, label="One to three years after the report (the brief's claim)"),
                Line2D([], [], color="#555555", lw=1, alpha=0.6,
                       label="Kaplan–Meier as on the left (midpoint imputation)"),
                Line2D([], [], color="#555555", lw=1.8, ls="--", label="Turnbull NPMLE, date intervals as they are"),
                Line2D([], [], color="#555555", lw=1.8, ls=":",
                       label="Kaplan–Meier, insufficient-information cases censored")]
    fig.subplots_adjust(bottom=0.36, wspace=0.06)
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.08), ncol=1, fontsize=7.5,
               frameon=False)
    return fig
