"""Rule identification_summary: the small brief's quantities on its corpus beside their bounds, and the numbers."""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from identification_brief import CODED, write_brief, write_coded

from wishlist.stages import identification_summary, sharp_bounds


def run_summary(folder, coded_rows=None):
    """The identification rules on the small brief, the summary on `coded_rows` (default CODED)."""
    brief = write_brief(folder / "data")
    bounds = SimpleNamespace(bounds=folder / "bounds.csv", readings=folder / "readings.csv")
    sharp_bounds.main(SimpleNamespace(input=brief, output=bounds))
    output = SimpleNamespace(summary=folder / "records_vs_bounds.csv",
                             unrounded=folder / "records_vs_bounds_unrounded.csv",
                             figures=folder / "figures_on_records.csv", numbers=folder / "identification.yml")
    inputs = SimpleNamespace(**vars(brief), **vars(bounds), coded=write_coded(folder / "coded.csv", coded_rows))
    identification_summary.main(SimpleNamespace(input=inputs, output=output,
                                                params=SimpleNamespace(frame_years=[2015, 2016])))
    return output


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return run_summary(tmp_path_factory.mktemp("identification_summary"))


@pytest.fixture(scope="module")
def departing(tmp_path_factory):
    """CODED less one of A's 'y' records: 11 records, A has 4."""
    rows = list(CODED)
    rows.remove(("A", "y", False))
    return run_summary(tmp_path_factory.mktemp("identification_departing"), rows)


def test_a_corpus_consistent_with_the_brief_departs_from_no_figure(study):
    numbers = yaml.safe_load(study.numbers.read_text(encoding="utf-8"))
    assert (numbers["departures"], numbers["values_outside_bounds"]) == (0, 0)
    # the figures stated as rules under `plain`: records_in_window, countries, a, a_x, lead (a_big is `strict`'s)
    assert numbers["figures_modelled"] == 5
    table = pd.read_csv(study.figures)
    assert list(table["figure"]) == ["a", "a_x", "countries", "lead", "records_in_window"]
    assert table["met_by_records"].all()


def test_records_the_brief_does_not_describe_are_listed_as_departures(departing):
    # by hand: 11 records (not 12), A has 4 (not 5); A still leads (4 > 3), has 3 x records, and leads in x
    numbers = yaml.safe_load(departing.numbers.read_text(encoding="utf-8"))
    assert numbers["departures"] == 2 and numbers["raw"]["departures"] == ["a", "records_in_window"]
    table = pd.read_csv(departing.figures).set_index("figure")
    assert list(table.index[~table["met_by_records"]]) == ["a", "records_in_window"]
    assert list(table.loc[["a", "records_in_window"], "statement"]) == ["A has five records",
                                                                         "The brief counts 12 records"]
    # A's share 4/11 and A's count 4 lie outside their determined bounds (5/12, 5); B-D's x records (2) inside 0-6
    assert numbers["values_outside_bounds"] == 2
    by_quantity = numbers["raw"]["by_quantity"]
    assert sorted(q for q, v in by_quantity.items() if not v["within_bounds"]) == ["a_count", "a_share"]
    assert by_quantity["a_share"]["value"] == pytest.approx(4 / 11)


def test_the_corpus_is_measured_beside_the_bounds(study):
    summary = pd.read_csv(study.summary).set_index("quantity")
    # identification_brief.CODED: A has 5 of the 12 records, B 2 x records
    assert summary.loc["a_share", "default"] == round(5 / 12, 6)
    assert summary.loc["others_x", "default"] == 2 and summary.loc["a_count", "default"] == 5
    assert summary["default_within_bounds"].all()
    assert summary.loc["others_x", "lower"] == 0 and summary.loc["others_x", "upper"] == 6
    assert not [column for column in summary.columns if column.startswith("ensemble")]
    assert (summary["label"] == pd.Series({"a_share": "determined", "others_x": "constrained",
                                           "a_count": "determined"})).all()


def test_the_unrounded_summary_keeps_every_digit(study):
    rounded, unrounded = pd.read_csv(study.summary), pd.read_csv(study.unrounded, float_precision="round_trip")
    assert list(rounded.columns) == list(unrounded.columns)
    assert unrounded.set_index("quantity").loc["a_share", "default"] == 5 / 12  # the float itself, not 0.416667


def test_the_fragment_holds_values_and_the_raw_values_the_sentences_need(study):
    numbers = yaml.safe_load(study.numbers.read_text(encoding="utf-8"))
    assert (numbers["quantities"], numbers["determined"], numbers["constrained"], numbers["free"]) == (3, 2, 1, 0)
    assert (numbers["readings"], numbers["infeasible_readings"], numbers["study_reading"]) == (2, 1, "plain")
    assert numbers["conflict_count"] == {"strict": 1}
    assert not [key for key in numbers if key.startswith("ensemble")]
    raw = numbers["raw"]
    assert raw["conflict_sets"] == {"strict": [["a", "a_big"]]}
    others = raw["by_quantity"]["others_x"]
    assert (others["unit"], others["lower"], others["upper"], others["binding_upper"]) == ("count", 0, 6,
                                                                                          ["a_x", "lead"])
    assert not [key for key in others if key.startswith("ensemble")]
    assert (raw["by_quantity"]["a_count"]["lower_without_claim"], raw["by_quantity"]["a_count"]["upper_without_claim"]
            ) == (4, 9)
    # identification.yaml's own statement of a figure wins over the target's
    assert raw["statements"]["a"] == "A has five records"
    assert raw["statements"]["a_big"] == "More than six records are A's"
    assert "records_in_window" not in raw["statements"]  # named by no binding side and no conflict


def test_records_of_other_years_or_new_countries_lie_outside_the_brief_s_corpus():
    from identification_brief import write_brief

    from wishlist.stages.identification_inputs import load_model
    from wishlist.stages.identification_summary import outside_brief_corpus

    brief = write_brief(Path(tempfile.mkdtemp()) / "data")
    model, _ = load_model(brief.spec, brief.targets, brief.cases, brief.codebook)
    # the small brief's countries are A-D; E is new, and 2021 lies after the brief's 2015-2020
    records = {"country": ["A", "E", "B", "C"], "year": [2015, 2016, 2021, 2020]}
    assert outside_brief_corpus(records, model) == 2

