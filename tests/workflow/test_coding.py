"""End to end: records nobody coded stop the study with a worksheet, or run provisionally."""

import csv
import json

import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study

pytestmark = pytest.mark.workflow

NEW_RECORD = {"file_number": "2021-02-东京-1", "filing_date": "2021-01", "post": "东京", "country": "Japan",
              "title_zh": "高强度复合材料", "description_zh": "日本企业开发高强度轻质复合材料，寻求合资。",
              "provenance": "reconstructed"}


def study_with_a_new_year(path, **changes):
    study = make_study(path, **dict(FIXTURE_CONFIG, study_window__last_year=2021, **changes))
    (study / "data/raw/2021.jsonl").write_text(json.dumps(NEW_RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    accept_data(study)  # `make manifests`
    return study


def test_uncoded_records_stop_with_a_worksheet(tmp_path):
    study = study_with_a_new_year(tmp_path / "stop")
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode != 0
    assert "1 record(s) have no manual codes (first 2021-02-东京-1)" in result.stderr
    assert "results/worksheets/to_code.csv" in result.stderr
    with open(study / "results/worksheets/to_code.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["file_number"] for r in rows] == ["2021-02-东京-1"]
    assert rows[0]["mic2025_category"] == "" and rows[0]["title_zh"] == NEW_RECORD["title_zh"]
    assert not (study / "results/coding/coded_records.csv").exists()


def test_provisional_run_labels_the_suggested_codes(tmp_path):
    study = study_with_a_new_year(tmp_path / "provisional", coding__provisional=True)
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    with open(study / "results/coding/coded_records.csv", encoding="utf-8") as handle:
        coded = {r["file_number"]: r for r in csv.DictReader(handle)}
    assert coded["2021-02-东京-1"]["code_source"] == "provisional"
    codebook = yaml.safe_load((study / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert coded["2021-02-东京-1"]["mic2025_category"] in {c["code"] for c in codebook["mic2025_categories"]}
    assert sum(r["code_source"] == "provisional" for r in coded.values()) == 1
    numbers = yaml.safe_load((study / "results/numbers/coding.yml").read_text(encoding="utf-8"))
    assert numbers["provisional_codes"] == 1
    with open(study / "results/worksheets/to_code.csv", encoding="utf-8") as handle:
        suggested = next(csv.DictReader(handle))
    assert suggested["suggested_category"] == coded["2021-02-东京-1"]["mic2025_category"]
