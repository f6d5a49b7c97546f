"""The identification rules (workflow/rules/identify.smk) end to end, on the default study: bounds, conflicts,
the records against them, audit, paper."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study, tree_hashes

from wishlist.brief.records import read_coded_records
from wishlist.stages.identification_inputs import load_model
from wishlist.stats.identification.bounds import LABELS
from wishlist.stats.identification.records import record_table

pytestmark = pytest.mark.workflow


def study_model(study):
    reference = study / "data/reference"
    return load_model(reference / "identification.yaml", reference / "calibration_targets.yaml",
                          reference / "published_cases.yaml", study / "data/codebook.yaml")


@pytest.fixture(scope="module")
def bounds(default_study):
    return pd.read_csv(default_study / "results/identification/bounds.csv", keep_default_na=False)


def row(bounds, quantity, reading="reconstruction"):
    return bounds[(bounds["quantity"] == quantity) & (bounds["reading"] == reading)].iloc[0]


def test_headline_bounds_are_the_hand_derived_ones(bounds):
    union = row(bounds, "biotech_or_ai_share")
    # the claim's own 50 % rounding range 318..324, and without it Fréchet's 171 .. 163 + 171
    assert (Fraction(union["lower_exact"]), Fraction(union["upper_exact"])) == (Fraction(318, 642), Fraction(324, 642))
    without = [round(float(union[side]) * 642) for side in ("lower_without_claim", "upper_without_claim")]
    assert without == [171, 334]
    allies = row(bounds, "allies_share")
    # 642 - 112 - 77 - 14 one-record non-allies - 2 Finland - 2 Indonesia (endnote 60)
    assert Fraction(allies["upper_exact"]) == Fraction(435, 642)
    assert allies["binding_upper"].split(";") == ["countries", "country_russia", "country_united_states",
                                                   "lab_records_endnote_60"]
    assert row(bounds, "government_lab_ai_records")["label"] == "determined"
    assert row(bounds, "houston_share")["lower_exact"] == row(bounds, "houston_share")["upper_exact"] == "23/214"
    assert str(row(bounds, "allies_share", "literal")["feasible"]) == "False"


def test_the_literal_reading_fails_on_three_proved_conflicts(default_study):
    readings = pd.read_csv(default_study / "results/identification/readings.csv", keep_default_na=False)
    literal = readings[readings["reading"] == "literal"].iloc[0]
    groups = [set(g.split(";")) for g in literal["conflict_sets"].split(" | ")]
    assert groups == [{"records_in_window", "countries", "country_russia", "country_united_states",
                       "allies_share_over_70"},
                      {"government_lab_countries", "lab_records_endnote_60"},
                      {"category_biopharma_share", "category_biopharma_count"}]
    assert {str(v) for v in readings.loc[readings["reading"] != "literal", "feasible"]} == {"True"}


# "the corpus meets the published figures" holds by construction of the shipped reconstruction
@pytest.mark.reconstruction("raw", "coding")
def test_the_corpus_meets_the_published_figures_and_lies_within_every_bound(default_study):
    model, _ = study_model(default_study)
    config = yaml.safe_load((default_study / "config/config.yaml").read_text(encoding="utf-8"))
    coded = read_coded_records(default_study / "results/coding/coded_records.csv")
    corpus = record_table(model, coded, config["sample"]["frame_years"])
    rows = model.rows_for(model.study_reading)
    values = np.vstack([r.coefficients for r in rows]) @ corpus
    assert np.all(values >= np.array([r.lower for r in rows]) - 1e-9)
    assert np.all(values <= np.array([r.upper for r in rows]) + 1e-9)
    figures = pd.read_csv(default_study / "results/identification/figures_on_records.csv")
    assert figures["met_by_records"].all()
    summary = pd.read_csv(default_study / "results/identification/records_vs_bounds.csv")
    assert summary["default_within_bounds"].all()
    # bounds.csv keeps six decimals (and exact fractions); the summary's values are rounded the same way
    assert ((summary["default"] >= summary["lower"] - 1e-6) & (summary["default"] <= summary["upper"] + 1e-6)).all()
    # the study draws no ensemble of corpora (issue 19): no members, no ensemble columns
    assert not list((default_study / "results/identification").glob("ensemble*"))
    assert not [column for column in summary.columns if column.startswith("ensemble")]


def test_the_claims_audit_proves_the_readings_that_fail(default_study):
    audit = pd.read_csv(default_study / "results/claims/claims_audit.csv").set_index("id")
    # 190 projects and "25 percent" cannot both hold: a proved arithmetic conflict
    assert audit.loc["bio_190_25pct", "status"] == "arithmetic conflict between published figures"
    assert audit.loc["bio_190_25pct", "proved"]
    # the body's "U.S. allies" read with endnote 55 (US not counted) is proved impossible, at most 67.8 % on
    # every corpus meeting the other figures; read as the summary's words, with the US, it holds: wording
    allies = audit.loc["loc_us_allies_over_70"]
    assert allies["status"] == "wording or rounding" and allies["proved"]
    assert "at most 67.8 %" in allies["inconsistency"]
    # the summary's own words count the US (54.5-79.8 % from the other figures), and "including" lists examples
    assert audit.loc["es_allies_over_70", "status"] == "consistent"
    assert audit.loc["gov_lab_countries_romania", "status"] == "consistent"
    assert audit.loc["gov_labs_ai_41", "status"] == "consistent"


def test_the_paper_labels_record_layer_figures(default_study):
    numbers = yaml.safe_load((default_study / "results/numbers.yml").read_text(encoding="utf-8"))
    labels = numbers["identification"]["label"]
    assert set(labels.values()) <= set(LABELS)
    # the record-layer labels are the supplement's (the note shows the published layer only)
    html = " ".join((default_study / "results/manuscript/supplement.html").read_text(encoding="utf-8").split())
    assert "What the published numbers determine" in html
    # the reconstruction's allied share lies within its bounds, so it is labelled by them, with the range
    assert labels["allies_share"] == "constrained"
    assert numbers["identification"]["value_label"]["allies_share"] == \
        f"constrained by the published figures to {numbers['identification']['bounds']['allies_share']}"
    assert f"constrained by the published figures to {numbers['identification']['bounds']['allies_share']}" in html
    assert 'id="fig-identification"' in html  # the figure is embedded (self-contained HTML), so its id is what shows


def test_a_bad_identification_entry_stops_the_workflow_and_names_it(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    spec = study / "data/reference/identification.yaml"
    text = spec.read_text(encoding="utf-8").replace("{id: country_japan, count: {country: Japan}}",
                                                     "{id: country_japan, count: {country: Atlantis}}")
    spec.write_text(text, encoding="utf-8")
    accept_data(study)
    before = tree_hashes(study / "data")
    result = run_study(study, "results/identification/bounds.csv", cache=False)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/reference/identification.yaml" in said and "(country_japan): unknown country 'Atlantis'" in said
    assert not (study / "results/identification/bounds.csv").exists()
    assert tree_hashes(study / "data") == before
