"""Rule identification_exhibits: the identification table as printed, and the figure drawn from the summary."""

from __future__ import annotations

import math

import pandas as pd
from reader_view import markdown_literal

from wishlist.present.figures import style
from wishlist.present.figures.identification import identification_figure, without_claim
from wishlist.present.identification_exhibits import (
    identification_caption,
    identification_shown,
    stated_text,
)
from wishlist.present.tables import markdown_table

SUMMARY = pd.DataFrame([
    {"quantity": "a_share", "description": "A's share", "unit": "share", "label": "determined", "lower": 5 / 12,
     "upper": 5 / 12, "default": 5 / 12, "stated": 70.0,
     "stated_kind": "lower bound"},
    {"quantity": "others_x", "description": "B, C and D's x records", "unit": "count", "label": "constrained",
     "lower": 0.0, "upper": 6.0, "default": 2.0, "stated": math.nan,
     "stated_kind": math.nan},
])
BOUNDS = pd.DataFrame([
    {"quantity": "a_share", "reading": "plain", "binding_lower": "a", "binding_upper": "a;records_in_window"},
    {"quantity": "others_x", "reading": "plain", "binding_lower": math.nan, "binding_upper": "a_x;lead"},
    {"quantity": "a_share", "reading": "strict", "binding_lower": "ignored", "binding_upper": "ignored"},
])


def test_the_table_as_printed():
    text = markdown_table(identification_shown(SUMMARY, BOUNDS, "plain"),
                          identification_caption("plain", "reconstructed corpus"), "tbl-identification")
    lines = markdown_literal(text).splitlines()
    assert lines[0] == "| Quantity | Label | Sharp bounds | This corpus | Brief states | Binding (lower / upper) |"
    assert lines[2] == "| A's share | determined | 41.7\u00a0% | 41.7\u00a0% | >\u00a070\u00a0% | a / a, records_in_window |"
    assert lines[3] == "| B, C and D's x records | constrained | 0–6 | 2 |  | – / a_x, lead |"
    assert lines[-1] == (": What the brief's published figures determine. Sharp bounds: smallest and largest value "
                         "over every corpus meeting the published figures (the study's reading, plain); this corpus: "
                         "the reconstructed corpus. "
                         "Binding: the figures whose removal alone loosens the lower / upper bound. Full table: "
                         "results/identification/bounds.csv. {#tbl-identification}")


def test_what_the_brief_states():
    assert stated_text({"stated": 12.0, "unit": "share", "stated_kind": "upper bound"}) == "< 12 %"
    assert stated_text({"stated": 77, "unit": "count", "stated_kind": "exact count"}) == "77"
    assert stated_text({"stated": None, "unit": "count", "stated_kind": None}) == ""


def test_the_figure_has_a_row_per_share():
    plt = style.setup()
    fig = identification_figure(plt, SUMMARY)
    try:
        [ax] = fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A's share [determined]"]  # counts are not drawn
        assert ax.get_xlim() == (0, 100)
        # three marks, bounds first, and no ensemble bar: one bar per share
        legend = ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == ["sharp bounds (published figures)", "the records used",
                                                              "the brief's figure"]
        assert legend.get_texts()[0].get_fontsize() >= 9
        assert len(ax.patches) == 1
    finally:
        plt.close(fig)


def test_the_paper_figure_keeps_the_discussed_shares_and_no_record_value():
    plt = style.setup()
    summary = pd.concat([SUMMARY, SUMMARY.iloc[[0]].assign(quantity="b_share", description="B's share")])
    fig = identification_figure(plt, summary, quantities=["b_share"], show_records=False)
    try:
        [ax] = fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == ["B's share [determined]"]
        # the published layer only: bounds and the brief's figure, no dot for the records
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["sharp bounds (published figures)",
                                                                       "the brief's figure"]
    finally:
        plt.close(fig)


def test_the_note_figure_holds_each_claim_out():
    """The note's bars: the range the brief's other figures allow (lower/upper_without_claim), under the study's
    reading only; a claimed 70 % against 42.5–67.8 % (273/642, 435/642) lies outside its bar."""
    bounds = pd.DataFrame([
        {"quantity": "a_share", "description": "A's share", "unit": "share", "reading": "plain",
         "lower": 373 / 642, "upper": 435 / 642, "lower_without_claim": 273 / 642, "upper_without_claim": 435 / 642,
         "label": "constrained", "stated": 70.0},
        {"quantity": "a_share", "description": "A's share", "unit": "share", "reading": "strict",
         "lower": 0.6, "upper": 0.7, "lower_without_claim": 0.1, "upper_without_claim": 0.9,
         "label": "constrained", "stated": 70.0},
        {"quantity": "x", "description": "x records", "unit": "count", "reading": "plain", "lower": 0.0,
         "upper": 6.0, "lower_without_claim": 0.0, "upper_without_claim": 9.0, "label": "constrained",
         "stated": math.nan},
    ])
    rows = without_claim(bounds, "plain")
    assert list(rows["quantity"]) == ["a_share"]  # the plain reading's shares only
    assert (round(100 * rows["lower"][0], 1), round(100 * rows["upper"][0], 1)) == (42.5, 67.8)
    plt = style.setup()
    fig = identification_figure(plt, rows, show_records=False, bounds_label="range the brief's other figures allow",
                                show_labels=False)
    try:
        [ax] = fig.axes
        assert [t.get_text() for t in ax.get_yticklabels()] == ["A's share"]
        [bar] = ax.patches
        assert (round(bar.get_x(), 1), round(bar.get_x() + bar.get_width(), 1)) == (42.5, 67.8)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["range the brief's other figures allow",
                                                                       "the brief's figure"]
    finally:
        plt.close(fig)
