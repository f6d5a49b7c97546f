"""The record-layer and case-study figures (present/figures/descriptives.py, estimates.py, case_study.py),
drawn from small hand-made tables: bars and whiskers are checked on the artists, against the tables' own
share and interval columns (in percent), and every figure saves to the same bytes twice."""

import numpy as np
import pandas as pd
import pytest

from wishlist.present.exhibits import Figures
from wishlist.present.figures.case_study import case_study_figure, case_study_rows
from wishlist.present.figures.descriptives import forms_figure, share_bars
from wishlist.present.figures.estimates import per_year_figure, share_points
from wishlist.present.figures.intervals import SIMULTANEOUS, WILSON, whiskers


@pytest.fixture(scope="module")
def figures():
    figures = Figures()
    yield figures
    figures.plt.close("all")


def error_bars(ax):
    """The ErrorbarContainers of an axes, in drawing order (one per errorbar call)."""
    return [c for c in ax.containers if type(c).__name__ == "ErrorbarContainer"]


def whisker_ends(container, axis):
    """(low, high) ends of each whisker, along x (axis=0) or y (axis=1), in drawing order."""
    segments = container.lines[2][0].get_segments()
    return [(min(s[:, axis]), max(s[:, axis])) for s in segments]


def assert_whiskers(container, axis, low, high):
    ends = np.array(whisker_ends(container, axis))
    assert np.allclose(ends[:, 0], 100 * np.asarray(low)) and np.allclose(ends[:, 1], 100 * np.asarray(high))


CATEGORIES = pd.DataFrame({
    "category": ["it", "bio", "rail"], "label": ["Information technology", "Biopharma", "Railway"],
    "count": [6, 3, 1], "n": [10, 10, 10], "share": [0.6, 0.3, 0.1],
})
RANGES = pd.DataFrame({"category": ["rail", "it", "bio"], "share_low": [0.1, 0.45, 0.2],
                       "share_high": [0.2, 0.8, 0.4]})  # misclassification ranges, in another order


def test_whiskers_are_percentage_points_either_side():
    assert np.allclose(whiskers(0.3, 0.1, 0.6), [20, 30])


def test_share_bars_draw_one_bar_per_row_and_the_misclassification_ranges(figures):
    fig = share_bars(figures.plt, CATEGORIES, "Share of records (%)", ranges=RANGES, note="a note")
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == pytest.approx([60, 30, 10])
    (ranges,) = error_bars(ax)
    assert_whiskers(ranges, 0, [0.45, 0.2, 0.1], [0.8, 0.4, 0.2])  # matched by category, not by row
    assert ranges.lines[2][0].get_color()[0][:3] == pytest.approx((0, 0, 0))  # WILSON (interval colour) is black
    assert WILSON == "black" and SIMULTANEOUS != WILSON
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Range under coder misclassification"]
    assert [t.get_text() for t in ax.texts] == ["6", "3", "1"]  # the counts beside the bars
    assert ax.get_title(loc="left") == "a note" and ax.get_xlabel() == "Share of records (%)"
    assert ax.get_xlim()[1] == pytest.approx(80 * 1.12)  # room for the widest range


def test_share_bars_of_a_census_draw_no_interval(figures):
    ax = share_bars(figures.plt, CATEGORIES, "x").axes[0]
    assert error_bars(ax) == [] and ax.get_legend() is None
    assert ax.get_xlim()[1] == pytest.approx(60 * 1.12)


def test_forms_figure_shows_forms_and_forms_per_record(figures):
    forms = CATEGORIES.assign(label=["Equity", "Joint venture", "Patent licence"])
    per_record = pd.DataFrame({"category": [0, 1, 2, 3], "share": [0.1, 0.5, 0.3, 0.1]})
    left, right = forms_figure(figures.plt, forms, per_record).axes
    assert [p.get_width() for p in left.patches] == pytest.approx([60, 30, 10])
    assert [p.get_height() for p in right.patches] == pytest.approx([10, 50, 30, 10])
    assert error_bars(left) == [] and error_bars(right) == []  # a census: no interval
    assert right.get_title(loc="left") == "40.0 % name two or more"  # 0.3 + 0.1


def test_per_year_figure(figures):
    per_year = pd.DataFrame({"year": [2015, 2016, 2017], "records": [2, 3, 5], "n": [10] * 3,
                             "share": [0.2, 0.3, 0.5]})
    ax = per_year_figure(figures.plt, per_year).axes[0]
    assert [p.get_height() for p in ax.patches] == pytest.approx([20, 30, 50])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2015", "2016", "2017"]
    assert error_bars(ax) == []
    assert [t.get_text() for t in ax.texts] == ["2", "3", "5"]
    assert ax.get_ylim()[1] == pytest.approx(50 * 1.2)


def test_share_points_leave_out_an_empty_base_and_put_the_first_share_on_top(figures):
    proportions = pd.DataFrame({"key": ["ai", "lab_ai", "us"], "quantity": ["AI share", "Lab AI share", "US share"],
                                "count": [3, 0, 4], "n": [10, 0, 10], "share": [0.3, np.nan, 0.4]})
    ax = share_points(figures.plt, proportions).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["US share (4/10)", "AI share (3/10)"]  # bottom to top
    assert error_bars(ax) == []
    bounds = pd.DataFrame({"key": ["ai"], "share_low": [0.2], "share_high": [0.5]})
    ax = share_points(figures.plt, proportions, bounds).axes[0]
    assert_whiskers(error_bars(ax)[0], 0, [0.2], [0.5])


CASE_TABLES = {
    "by_method": pd.DataFrame({"method": ["wilson", "jeffreys"], "count": [14, 14], "n": [30, 30],
                               "share": [14 / 30] * 2, "low": [0.30, 0.29], "high": [0.64, 0.65]}),
    "bounds": pd.DataFrame({"scenario": ["known_only"], "count": [14], "n": [22], "share": [14 / 22],
                            "ci_low": [0.43], "ci_high": [0.80]}),
    "finite": pd.DataFrame({"scenario": ["observed"], "successes": [14], "sample_size": [30],
                            "population_size": [81], "share": [14 / 30], "k_low": [26], "k_high": [50],
                            "share_low": [26 / 81], "share_high": [50 / 81]}),
}


def test_case_study_rows_name_every_estimate():
    rows = case_study_rows(CASE_TABLES)
    assert [r[:3] for r in rows] == [
        ("Wilson, 14 of 30", "interval method", "14 of 30"),
        ("Jeffreys, 14 of 30", "interval method", "14 of 30"),
        ("Wilson, known outcomes only", "unknown outcomes", "14 of 22"),
        ("Frame of 81, observed", "finite population (exact)", "14 of 30; 26–50 of 81 firms"),
    ]


def test_case_study_figure_has_one_colour_per_group_and_the_first_row_on_top(figures):
    ax = case_study_figure(figures.plt, CASE_TABLES).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "Wilson, 14 of 30" and labels[0] == "Frame of 81, observed"
    methods, unknown, finite = error_bars(ax)
    assert [c.get_label() for c in (methods, unknown, finite)] == ["interval method", "unknown outcomes",
                                                                  "finite population (exact)"]
    assert_whiskers(finite, 0, [26 / 81], [50 / 81])
    assert_whiskers(unknown, 0, [0.43], [0.80])
    assert_whiskers(methods, 0, [0.29, 0.30], [0.65, 0.64])  # rows drawn bottom up: Jeffreys, then Wilson
    colours = {tuple(c.lines[2][0].get_color()[0]) for c in (methods, unknown, finite)}
    assert len(colours) == 3


def test_a_figure_saves_to_the_same_bytes_twice(figures, tmp_path):
    saved = []
    for run in (1, 2):
        svg, png = tmp_path / f"{run}.svg", tmp_path / f"{run}.png"
        figures.save(case_study_figure(figures.plt, CASE_TABLES), svg, png)
        saved.append((svg.read_bytes(), png.read_bytes()))
    assert saved[0] == saved[1] and saved[0][1].startswith(b"\x89PNG")
