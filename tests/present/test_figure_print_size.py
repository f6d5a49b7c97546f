"""Figures a reader can read: every label at least 7 pt as printed (present/figures/style.py).

The PDF prints a figure at its natural width, shrunk to the text width (453 pt) if wider,
so a label prints at its font size times min(1, 453 pt / saved width). Each figure below
is drawn from small hand-made tables, narrowed as save() narrows it, and measured: its saved
width from matplotlib's tight bounding box, its smallest font from its text artists."""

import matplotlib
import pandas as pd
import pytest

from wishlist.present.figures import style
from wishlist.present.figures.case_study import case_study_figure
from wishlist.present.figures.descriptives import forms_figure, share_bars
from wishlist.present.figures.estimates import per_year_figure
from wishlist.present.figures.identification import identification_figure

matplotlib.use("Agg")
PLT = style.setup()
TEXT_WIDTH_PT = 453.0  # A4 less 2 x 2.5 cm margins (_quarto.yml), in pt: (210 - 50) / 25.4 * 72 = 453.5

LONG = "Biopharmaceuticals and high-performance medical devices"  # the longest category label
CATEGORIES = pd.DataFrame({"category": ["it", "bio"], "label": ["Information technology", LONG],
                           "count": [6, 3], "n": [10, 10], "share": [0.6, 0.3]})
SUMMARY = pd.DataFrame([{"quantity": "a_share", "description": LONG, "unit": "share", "label": "constrained",
                         "lower": 0.2, "upper": 0.6, "default": 0.4, "stated": 50.0, "stated_kind": "exact"}])


def printed(fig) -> tuple[float, float]:
    """(saved width in pt, smallest printed font in pt) of a figure as save() writes it."""
    return style.saved_width_pt(fig), style.smallest_printed_font_pt(fig)


def test_the_text_width_is_a4_less_the_margins():
    assert style.TEXT_WIDTH_PT == pytest.approx(TEXT_WIDTH_PT, abs=1) and style.MIN_FONT_PT == 7


def test_a_wide_figure_is_narrowed_to_the_text_width_and_its_labels_keep_their_size():
    fig, ax = PLT.subplots(figsize=(10, 3))  # 720 pt: printed unnarrowed, a 7 pt label would print at 4.4 pt
    ax.set_yticks([0], ["a label of some length"], fontsize=7)
    assert printed(fig)[1] < 7
    style.fit_text_width(fig)
    width, smallest = printed(fig)
    assert width <= TEXT_WIDTH_PT + 0.5 and smallest == 7
    PLT.close(fig)


@pytest.mark.parametrize("make", [
    lambda: share_bars(PLT, CATEGORIES, "Share of records (%)", note="a note"),
    lambda: forms_figure(PLT, CATEGORIES, pd.DataFrame({"category": [0, 1, 2], "share": [0.5, 0.3, 0.2]})),
    lambda: per_year_figure(PLT, pd.DataFrame({"year": [2015, 2016], "records": [3, 7], "n": [10, 10],
                                               "share": [0.3, 0.7]})),
    lambda: identification_figure(PLT, SUMMARY),
    lambda: identification_figure(PLT, SUMMARY, quantities=["a_share"], show_records=False),
], ids=["share_bars", "forms", "per_year", "identification", "identification_paper"])
def test_every_label_prints_at_7_pt_or_more(make):
    try:
        fig = make()
    except (KeyError, TypeError, ValueError) as exc:  # hand-made tables out of step with a figure's columns
        pytest.fail(f"figure could not be drawn from the test's table: {exc!r}")
    style.fit_text_width(fig)  # as style.save narrows every figure before writing it
    width, smallest = printed(fig)
    assert width <= TEXT_WIDTH_PT + 0.5 and smallest >= 7, (width, smallest)
    PLT.close(fig)
