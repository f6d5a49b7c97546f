"""Hostile records, sheets and reference files end to end (issue 17): the real workflow on the fixture
corpus either stops with one line naming file, line and field (no traceback, no output, data/ unchanged),
or, for valid input, reads it as typed; an outcome row of a record the seed did not draw stays out of the
time-to-partnership estimates."""

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study, tree_hashes

pytestmark = pytest.mark.workflow

RECORDS = "results/records/records.csv"
RELIABILITY = "results/numbers/reliability.yml"
RAW_2015, RAW_2016 = "data/raw/2015.jsonl", "data/raw/2016.jsonl"


def lines_of(study: Path, relpath: str) -> list[str]:
    return (study / relpath).read_text(encoding="utf-8").split("\n")[:-1]


def write_lines(study: Path, relpath: str, lines: list[str]) -> None:
    (study / relpath).write_text("".join(text + "\n" for text in lines), encoding="utf-8")


def append_record(relpath, make):
    """Append `make(first record of the file)` (a dict, or raw text) as a new last line."""
    def apply(study):
        lines = lines_of(study, relpath)
        new = make(json.loads(lines[0]))
        write_lines(study, relpath, [*lines, new if isinstance(new, str) else json.dumps(new, ensure_ascii=False)])
        return len(lines) + 1
    return apply


def edit_first_record(relpath, make):
    """Replace line 1 by `make(record)` (raw text)."""
    def apply(study):
        lines = lines_of(study, relpath)
        write_lines(study, relpath, [make(json.loads(lines[0])), *lines[1:]])
        return 1
    return apply


def dumps(record):
    return json.dumps(record, ensure_ascii=False)


def moved_2016_record(study):
    """The first 2016 record moved into 2015.jsonl (its last line)."""
    lines_2016 = lines_of(study, RAW_2016)
    lines_2015 = lines_of(study, RAW_2015)
    write_lines(study, RAW_2015, [*lines_2015, lines_2016[0]])
    write_lines(study, RAW_2016, lines_2016[1:])
    return len(lines_2015) + 1


def replace_text(relpath, old, new):
    def apply(study):
        path = study / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture lacks {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return 1
    return apply


def duplicate_gazetteer_row(study):
    lines = lines_of(study, "data/gazetteer.csv")
    first = 1 + next(i for i, text in enumerate(lines) if text.startswith("伦敦,"))
    write_lines(study, "data/gazetteer.csv", [*lines, "伦敦,Londres,United Kingdom,consulate"])
    return first, len(lines) + 1


def unknown_target_key(study):
    path = study / "data/reference/calibration_targets.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntargets:", "\nextra: 1\ntargets:", 1),
                    encoding="utf-8")


def run_bad(tmp_path, setup, target):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    where = setup(study)
    accept_data(study)  # the edit is deliberate: past the checksum gate, to the stage that reads it
    before = tree_hashes(study / "data")
    result = run_study(study, target)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    assert "Traceback" not in said, said[-3000:]
    assert tree_hashes(study / "data") == before
    assert not (study / target).exists()
    return where, said


BAD = {
    "key given twice in one record": (
        edit_first_record(RAW_2015, lambda r: dumps(r)[:-1] + ', "country": "Japan"}'), RECORDS,
        ["2015.jsonl, line 1", "field 'country'", "given twice"]),
    "lone surrogate": (
        edit_first_record(RAW_2015, lambda r: dumps(r).replace("超声", "超\\udbff声")), RECORDS,
        ["2015.jsonl, line 1", "field 'title_zh'", "lone surrogate (\\udbff)"]),
    "right-to-left override": (
        edit_first_record(RAW_2015, lambda r: dumps(dict(r, target_name="Tribo\u202esonics"))), RECORDS,
        ["2015.jsonl, line 1", "field 'target_name'", "U+202E"]),
    "zero-width joiner": (
        edit_first_record(RAW_2015, lambda r: dumps(dict(r, description_zh="传感\u200d器"))), RECORDS,
        ["2015.jsonl, line 1", "field 'description_zh'", "U+200D"]),
    "zero-padded file number alias": (
        append_record(RAW_2015, lambda r: dict(r, file_number="2015-01-伦敦-06")), RECORDS,
        ["2015.jsonl, line {where}", "record 2015-01-伦敦-06", "field 'file_number'",
         "duplicate file number, first seen at 2015.jsonl line 1 as '2015-01-伦敦-6'"]),
    "Arabic-Indic file number alias": (
        append_record(RAW_2015, lambda r: dict(r, file_number="٢٠١٥-01-伦敦-6")), RECORDS,
        ["2015.jsonl, line {where}", "field 'file_number'", "first seen at 2015.jsonl line 1 as '2015-01-伦敦-6'"]),
    "record in the wrong year's file": (
        moved_2016_record, RECORDS, ["2015.jsonl, line {where}", "field 'file_number'", "is of 2016"]),
    "renamed coder-sheet column (reliability)": (
        replace_text("data/coding/coder_b.csv", "file_number,", "record_id,"), RELIABILITY,
        ["coder_b.csv, line 1", "missing ['file_number']", "unknown ['record_id']"]),
    "unknown key in calibration_targets.yaml": (
        unknown_target_key, RELIABILITY, ["calibration_targets.yaml", "field 'extra'", "unknown key 'extra'"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_hostile_input_is_named_and_harmless(tmp_path, case):
    setup, target, expected = BAD[case]
    where, said = run_bad(tmp_path, setup, target)
    for fragment in expected:
        fragment = fragment.format(where=where)
        assert fragment in said, f"{fragment!r} not in output:\n{said[-3000:]}"


def test_a_post_listed_twice_in_the_gazetteer_names_both_lines(tmp_path):
    (first, second), said = run_bad(tmp_path, duplicate_gazetteer_row, RECORDS)
    assert f"gazetteer.csv, line {second}, field 'post_zh'" in said
    assert f"post '伦敦' is listed twice (first at line {first})" in said


def test_valid_json_with_a_line_separator_is_ingested(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    lines = lines_of(study, RAW_2015)
    record = json.loads(lines[0])
    record["description_zh"] = "布里斯托大学\u2028与Tribosonics公司\u2029开发传感器"
    write_lines(study, RAW_2015, [dumps(record), *lines[1:]])  # U+2028/9 stay raw: valid JSON
    accept_data(study)
    result = run_study(study, RECORDS)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    records = pd.read_csv(study / RECORDS, dtype=str, keep_default_na=False).set_index("file_number")
    assert len(records) == 19  # the fixture's 19 in-window records, none split or lost
    assert records.loc["2015-01-伦敦-6", "description_zh"] == "布里斯托大学 与Tribosonics公司 开发传感器"


def test_an_outcome_for_an_undrawn_record_stays_out_of_the_estimates(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    sheet = study / "data/coding/case_outcomes.csv"
    # 2016-08-东京-3 is a 2016 company record (in the frame) that the fixture seed does not draw
    sheet.write_text(sheet.read_text(encoding="utf-8") + "2016-08-东京-3,Undrawn KK,partnered,partnership_agreement,"
                     "joint venture,2016-10,hand-added,test,reconstructed\n", encoding="utf-8")
    accept_data(study)
    numbers_path = "results/numbers/time_to_partnership.yml"
    result = run_study(study, numbers_path, "results/sample/outcome_report.yml")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]

    drawn = set(pd.read_csv(study / "results/sample/sample_draw.csv", dtype=str)["file_number"])
    outcomes = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert "2016-08-东京-3" not in drawn
    not_drawn = sorted(set(outcomes["file_number"]) - drawn)
    drawn_partnered = int((outcomes["file_number"].isin(drawn) & outcomes["outcome"].eq("partnered")).sum())

    cases = pd.read_csv(study / "results/time_to_partnership/analysis_cases.csv", dtype=str, keep_default_na=False)
    analysed = cases[cases["analysis_role"].ne("excluded")]
    assert set(analysed["file_number"]) <= drawn  # no analysis uses an undrawn case
    added = cases[cases["file_number"].eq("2016-08-东京-3")]
    assert len(added) == cases["analysis"].nunique()  # listed once in every analysis ...
    assert set(added["analysis_role"]) == {"excluded"}  # ... as an exclusion with its reason
    assert added["reason"].str.startswith("not in the case-study draw").all()

    n = yaml.safe_load((study / numbers_path).read_text(encoding="utf-8"))
    assert n["outcome_rows_not_in_draw"] == len(not_drawn) == 7  # the fixture's 6 Table 1 rows and the new one
    assert "2016-08-东京-3" in n["outcome_rows_not_in_draw_records"]
    assert n["km_time_zero"]["events"] == drawn_partnered == 8 and n["cases_partnered"] == drawn_partnered

    # Table 1 keeps the brief's published cases (also outside the draw), never the undrawn reconstructed row
    table1 = pd.read_csv(study / "results/time_to_partnership/table1.csv", dtype=str, keep_default_na=False)
    published = outcomes[outcomes["provenance"].eq("brief")]
    assert sorted(table1["Company"]) == sorted(published["company"]) and "Undrawn KK" not in set(table1["Company"])

    report = yaml.safe_load((study / "results/sample/outcome_report.yml").read_text(encoding="utf-8"))
    assert report["drawn_cases"] == 10 and report["outcome_rows_not_in_draw"]["records"] == not_drawn
