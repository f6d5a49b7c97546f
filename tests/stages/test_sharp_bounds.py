"""Rule sharp_bounds: bounds.csv and readings.csv of a small brief (tests/stages/identification_brief.py)."""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

import pandas as pd
import pytest
from identification_brief import write_brief

from wishlist.stages.identification_inputs import read_bounds
from wishlist.stages.sharp_bounds import (
    BOUND_COLUMNS,
    bounds_frame,
    main,
    readings_frame,
)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sharp_bounds")
    output = SimpleNamespace(bounds=folder / "bounds.csv", readings=folder / "readings.csv")
    main(SimpleNamespace(input=write_brief(folder / "data"), output=output))
    return (read_bounds(output.bounds).set_index(["quantity", "reading"]),
            pd.read_csv(output.readings, keep_default_na=False).set_index("reading"))


def test_the_bounds_are_the_hand_derived_ones(outputs):
    bounds, _ = outputs
    share = bounds.loc[("a_share", "plain")]
    assert (share["lower_exact"], share["upper_exact"], share["label"]) == ("5/12", "5/12", "determined")
    assert (share["lower"], share["unit"]) == (round(5 / 12, 6), "share")  # six decimals beside the fraction
    others = bounds.loc[("others_x", "plain")]
    assert (others["lower"], others["upper"], others["label"]) == (0, 6, "constrained")
    assert (others["structural_lower"], others["structural_upper"]) == (0, 8)
    # A's 3 x records and its lead cap each other country at 2: without either figure alone the cap goes
    assert others["binding_upper"].split(";") == ["a_x", "lead"]


def test_a_claim_is_held_out_and_checked_per_reading(outputs):
    bounds, _ = outputs
    count = bounds.loc[("a_count", "plain")]
    assert (count["lower"], count["upper"], count["held_out"]) == (5, 5, "a")
    assert (count["lower_without_claim"], count["upper_without_claim"]) == (4, 9)
    assert str(count["stated_feasible"]) == "True"  # the stated 5 lies in 4..9
    strict = bounds.loc[("a_count", "strict")]  # a quantity with a claim gets a row per reading
    assert (strict["feasible"], strict["label"]) == (False, "infeasible") and pd.isna(strict["lower"])
    assert ("a_share", "strict") not in bounds.index  # no claim: the study reading only


def test_an_infeasible_reading_names_its_conflict(outputs):
    _, readings = outputs
    assert str(readings.loc["plain", "feasible"]) == "True" and readings.loc["plain", "conflict_sets"] == ""
    assert str(readings.loc["strict", "feasible"]) == "False"
    assert readings.loc["strict", "conflict_sets"] == "a;a_big"  # A = 5 and A > 6 cannot both hold
    assert [str(v) for v in readings["study_reading"]] == ["True", "False"]


def test_bounds_frame_writes_decimals_fractions_and_id_lists():
    row = {"quantity": "q", "description": "d", "unit": "share", "group": None, "reading": "r", "feasible": True,
           "lower": Fraction(1, 3), "upper": Fraction(2, 3), "label": "constrained",
           "structural_lower": Fraction(0), "structural_upper": Fraction(1), "binding_lower": [],
           "binding_upper": ["f", "g"], "stated": None, "stated_kind": None, "held_out": ["c"],
           "lower_without_claim": None, "upper_without_claim": None, "stated_feasible": None}
    [out] = bounds_frame([row]).to_dict("records")
    assert list(bounds_frame([row]).columns) == BOUND_COLUMNS
    assert (out["lower"], out["lower_exact"], out["upper_exact"]) == (0.333333, "1/3", "2/3")
    assert (out["binding_lower"], out["binding_upper"], out["held_out"], out["group"]) == ("", "f;g", "c", "")
    assert out["lower_without_claim"] is None and out["stated_feasible"] == ""


def test_readings_frame_joins_conflict_sets():
    frame = readings_frame({"a": "first", "b": "second"}, "a", {"a": True, "b": False}, {"b": [["x", "y"], ["z"]]})
    assert frame["conflict_sets"].tolist() == ["", "x;y | z"]
    assert frame["study_reading"].tolist() == [True, False]
