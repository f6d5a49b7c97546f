"""The identification rules (workflow/rules/identify.smk) end to end, on the default study: bounds, conflicts,
ensemble, audit, paper."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study, tree_hashes

from wishlist.brief.records import read_coded_records
from wishlist.stages.identification_inputs import load_model, read_members
from wishlist.stats.identification.bounds import LABELS
from wishlist.stats.identification.ensemble import record_table

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
def test_every_ensemble_member_and_the_corpus_meet_the_published_figures(default_study):
    model, _ = study_model(default_study)
    members = read_members(model, default_study / "results/identification/ensemble_members.csv")
    config = yaml.safe_load((default_study / "config/config.yaml").read_text(encoding="utf-8"))
    assert len(members) == config["identification"]["ensemble_size"]
    coded = read_coded_records(default_study / "results/coding/coded_records.csv")
    corpus = record_table(model, coded, config["sample"]["frame_years"])
    rows = model.rows_for(model.study_reading)
    matrix = np.vstack([r.coefficients for r in rows])
    low, high = np.array([r.lower for r in rows]), np.array([r.upper for r in rows])
    for table in [corpus, *members]:
        values = matrix @ table
        assert np.all(values >= low - 1e-9) and np.all(values <= high + 1e-9)
    summary = pd.read_csv(default_study / "results/identification/ensemble.csv")
    assert summary["default_within_bounds"].all()
    # bounds.csv keeps six decimals (and exact fractions); the ensemble values are unrounded
    inside = ((summary["ensemble_low"] >= summary["lower"] - 1e-6)
              & (summary["ensemble_high"] <= summary["upper"] + 1e-6))
    assert inside.all()


def test_the_claims_audit_marks_the_proved_inconsistencies(default_study):
    audit = pd.read_csv(default_study / "results/claims/claims_audit.csv").set_index("id")
    for claim in ("es_allies_over_70", "bio_190_25pct", "gov_lab_countries_romania"):
        assert audit.loc[claim, "status"] == "inconsistent (proved)", claim
    assert "at most 67.8 %" in audit.loc["es_allies_over_70", "inconsistency"]
    assert audit.loc["gov_labs_ai_41", "status"] == "consistent"


def test_the_paper_labels_record_layer_figures(default_study):
    numbers = yaml.safe_load((default_study / "results/numbers.yml").read_text(encoding="utf-8"))
    labels = numbers["identification"]["label"]
    assert set(labels.values()) <= set(LABELS)
    html = " ".join((default_study / "results/manuscript/index.html").read_text(encoding="utf-8").split())
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
