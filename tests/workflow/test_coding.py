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
BERLIN_RECORD = {"file_number": "2021-03-柏林-1", "filing_date": "2021-02", "post": "柏林", "country": "Germany",
                 "title_zh": "工业机器人控制系统", "description_zh": "德国企业开发工业机器人控制系统，寻求技术转让。",
                 "provenance": "bulletin"}
SHEET_COLUMNS = ["file_number", "mic2025_category", "institution_type", "provenance"]


def study_with_a_new_year(path, *records, **changes):
    study = make_study(path, **dict(FIXTURE_CONFIG, study_window__last_year=2021, **changes))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (records or (NEW_RECORD,)))
    (study / "data/raw/2021.jsonl").write_text(lines, encoding="utf-8")
    accept_data(study)  # `make manifests`
    return study


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_uncoded_records_stop_with_a_worksheet_that_is_a_coder_sheet(tmp_path):
    study = study_with_a_new_year(tmp_path / "stop")
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode != 0
    assert "1 record(s) have no manual codes (first 2021-02-东京-1)" in result.stderr
    assert "results/worksheets/to_code.csv" in result.stderr
    assert "results/worksheets/to_code_context.csv" in result.stderr
    assert "pre-filled 'bulletin'" in result.stderr and "make manifests" in result.stderr
    columns, rows = read_rows(study / "results/worksheets/to_code.csv")
    assert columns == SHEET_COLUMNS
    assert rows == [{"file_number": "2021-02-东京-1", "mic2025_category": "", "institution_type": "",
                     "provenance": "bulletin"}]
    _, context = read_rows(study / "results/worksheets/to_code_context.csv")
    assert [r["file_number"] for r in context] == ["2021-02-东京-1"]
    assert context[0]["title_zh"] == NEW_RECORD["title_zh"] and context[0]["country"] == "Japan"
    assert not (study / "results/coding/coded_records.csv").exists()

    # the coder fills in the worksheet and adds its rows to a coder sheet: the study runs
    rows[0].update(mic2025_category="new_materials", institution_type="company")
    sheet = study / "data/coding/coder_a.csv"
    with open(sheet, "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=SHEET_COLUMNS, lineterminator="\n").writerows(rows)
    accept_data(study)
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    _, coded = read_rows(study / "results/coding/coded_records.csv")
    new = next(r for r in coded if r["file_number"] == "2021-02-东京-1")
    assert (new["mic2025_category"], new["code_source"]) == ("new_materials", "coder_a_only")
    assert not (study / "results/worksheets/to_code.csv").exists()  # the stale worksheet is removed
    assert not (study / "results/worksheets/to_code_context.csv").exists()


def test_provisional_run_labels_the_suggested_codes_and_discloses_the_model(tmp_path):
    study = study_with_a_new_year(tmp_path / "provisional", coding__provisional=True)
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    _, rows = read_rows(study / "results/coding/coded_records.csv")
    coded = {r["file_number"]: r for r in rows}
    assert coded["2021-02-东京-1"]["code_source"] == "provisional"
    codebook = yaml.safe_load((study / "data/codebook.yaml").read_text(encoding="utf-8"))
    assert coded["2021-02-东京-1"]["mic2025_category"] in {c["code"] for c in codebook["mic2025_categories"]}
    assert sum(r["code_source"] == "provisional" for r in coded.values()) == 1
    numbers = yaml.safe_load((study / "results/numbers/coding.yml").read_text(encoding="utf-8"))
    assert numbers["provisional_codes"] == numbers["provisional_records"] == 1
    assert "LinearSVC" in numbers["provisional_model"]
    # the model learnt from every human-coded in-window record: all but the new one
    assert numbers["provisional_training_records"] == len(coded) - 1
    assert f"trained on the {len(coded) - 1} human-coded records" in numbers["provisional_model"]
    columns, _ = read_rows(study / "results/worksheets/to_code.csv")
    assert columns == SHEET_COLUMNS
    _, context = read_rows(study / "results/worksheets/to_code_context.csv")
    assert context[0]["suggested_category"] == coded["2021-02-东京-1"]["mic2025_category"]
    # the log says how many, which model, and its agreement on real-text and reconstructed-text records
    log = (study / "results/logs/code_records.log").read_text(encoding="utf-8")
    assert "PROVISIONAL CODES: 1 record(s)" in log and "LinearSVC" in log
    suggestions = yaml.safe_load((study / "results/numbers/suggestions.yml").read_text(encoding="utf-8"))
    assert f"n = {suggestions['real_text']['records']};" in log
    assert f"n = {suggestions['reconstructed_text']['records']};" in log
    assert suggestions["real_text"]["records"] + suggestions["reconstructed_text"]["records"] == len(coded) - 1


def test_a_2021_berlin_record_is_an_ally_by_the_alliance_table(tmp_path):
    study = study_with_a_new_year(tmp_path / "berlin", NEW_RECORD, BERLIN_RECORD, coding__provisional=True)
    # a new post and country, as the README says: a gazetteer row and a countries row
    with open(study / "data/countries.csv", "a", encoding="utf-8") as handle:
        handle.write("Germany\n")  # the fixture's table has the `country` column only
    with open(study / "data/gazetteer.csv", "a", encoding="utf-8") as handle:
        handle.write("柏林,Berlin,Germany,embassy\n")
    accept_data(study)
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    _, rows = read_rows(study / "results/coding/coded_records.csv")
    coded = {r["file_number"]: r for r in rows}
    # Germany: NATO since 1955; Japan: MNNA since 1987 (data/reference/alliances.csv)
    assert coded["2021-03-柏林-1"]["us_ally"] == "True" and coded["2021-03-柏林-1"]["post_en"] == "Berlin"
    assert coded["2021-02-东京-1"]["us_ally"] == "True"
    numbers = yaml.safe_load((study / "results/numbers/coding.yml").read_text(encoding="utf-8"))
    assert numbers["provisional_records"] == 2
