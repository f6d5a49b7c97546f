"""End to end: descriptives, estimates, the published layer and the case study on the fixture corpus.

Fixture: 19 in-window records, a frame of 17 companies, 10 drawn with seed 20210509
(8 Table 1 companies partnered, 2016-12-巴黎-1 no, 2016-05-首尔-1 insufficient;
the other 6 Table 1 rows of the outcome sheet are not in the draw).
"""

import csv
import shutil

import yaml
from conftest import FIXTURE_CONFIG, make_study, run_study


def numbers(study):
    return yaml.safe_load((study / "results/numbers.yml").read_text(encoding="utf-8"))


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_estimates_and_descriptives_numbers(fixture_study):
    n = numbers(fixture_study)
    estimates, descriptives = n["estimates"], n["descriptives"]
    assert (estimates["ai_share"]["count"], estimates["ai_share"]["n"]) == (2, 19)
    # both US records are Houston's; one government lab (Moscow), AI-flagged
    assert (estimates["houston_share_of_us"]["count"], estimates["houston_share_of_us"]["n"]) == (2, 2)
    assert (estimates["government_lab_ai_share"]["count"], estimates["government_lab_ai_share"]["n"]) == (1, 1)
    assert estimates["us_it"]["records"] == 0 and not estimates["us_it"]["largest"]
    assert descriptives["records"] == 19 and descriptives["categories"]["information_technology"]["count"] == 4
    for share in (estimates["ai_share"], descriptives["categories"]["other"]):
        assert share["ci_low_pct"] <= share["share_pct"] <= share["ci_high_pct"]


def test_case_study_joins_every_drawn_case(fixture_study):
    cases = rows(fixture_study / "results/sample/case_outcomes.csv")
    draw = rows(fixture_study / "results/sample/sample_draw.csv")
    assert [c["file_number"] for c in cases] == [d["file_number"] for d in draw]
    assert all(c["outcome"] for c in cases)
    case_study = numbers(fixture_study)["case_study"]
    assert (case_study["partnered"], case_study["not_partnered"], case_study["insufficient"]) == (8, 1, 1)
    assert case_study["frame_size"] == 17 and case_study["outcome_rows_not_in_draw"] == 6
    assert case_study["frame_partnering"]["firms_low"] <= 8 * 17 / 10 <= case_study["frame_partnering"]["firms_high"]
    assert not (fixture_study / "results/worksheets/to_investigate.csv").exists()


def test_published_layer_is_in_the_numbers(fixture_study):
    published = numbers(fixture_study)["published"]
    assert published["biopharma_printed_count"]["check"] == "mismatch"
    assert published["ai_share"]["check"] == "consistent" and published["ai_share"]["count"] == 171


def test_every_figure_has_svg_and_png_and_every_table_a_csv(fixture_study):
    results = fixture_study / "results"
    for name in ("records_per_year", "records_by_category", "top_countries", "institution_types",
                 "cooperation_forms", "headline_shares", "case_study", "published_shares"):
        assert (results / f"figures/{name}.svg").stat().st_size > 0
        assert (results / f"figures/{name}.png").read_bytes().startswith(b"\x89PNG")
    for table in ("proportions", "sensitivity", "categories", "countries", "institution_types", "cooperation_forms",
                  "case_study", "precision", "published_shares"):
        text = (results / f"tables/{table}.md").read_text(encoding="utf-8")
        assert "{#tbl-" in text
    assert "{#tbl-proportions}" in (results / "tables/proportions.md").read_text(encoding="utf-8")
    for csv_file in ("estimates/proportions.csv", "estimates/sensitivity.csv", "descriptives/categories.csv",
                     "case_study/precision.csv", "published/published_shares.csv"):
        assert rows(results / csv_file)


def test_another_seed_writes_a_worksheet_and_stops(tmp_path):
    study = make_study(tmp_path / "seed", **dict(FIXTURE_CONFIG, sample__seed=1))
    result = run_study(study, "results/sample/case_outcomes.csv")
    assert result.returncode != 0
    drawn = [r["file_number"] for r in rows(study / "results/sample/sample_draw.csv")]
    known = {r["file_number"] for r in rows(study / "data/coding/case_outcomes.csv")}
    missing = [f for f in drawn if f not in known]
    assert missing, "seed 1 must draw a case without an outcome for this test to mean anything"
    worksheet = rows(study / "results/worksheets/to_investigate.csv")
    assert [w["file_number"] for w in worksheet] == missing
    assert all(w["outcome"] == "" and w["indicator_date"] == "" and w["title_zh"] for w in worksheet)
    assert f"{len(missing)} of the 10 drawn cases" in result.stderr
    assert "results/worksheets/to_investigate.csv" in result.stderr
    assert not (study / "results/sample/case_outcomes.csv").exists()


def test_published_layer_runs_without_the_record_layer(tmp_path):
    study = make_study(tmp_path / "published", **FIXTURE_CONFIG)
    shutil.rmtree(study / "data/raw")
    shutil.rmtree(study / "data/coding")
    result = run_study(study, "results/numbers/published.yml", "results/tables/published_shares.md")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "published_layer" in result.stderr and "ingest_records" not in result.stderr
