"""A hostile or mistaken config, end to end: it cannot run code or exhaust the machine, every bad value is
reported on its own field before any job, result CSVs cannot run formulas, and files get the umask's mode."""

import csv
import json
import os
import stat
import time

import pytest
from conftest import FIXTURE_CONFIG, accept_data, edit_config, make_study, run_study, tree_hashes

pytestmark = pytest.mark.workflow

CONFIG = "config/config.yaml"
DRY_RUN = "--dry-run"


def refused(study, target, *fragments):
    before = tree_hashes(study / "data")
    started = time.monotonic()
    result = run_study(study, target)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    assert "Traceback" not in said, said[-3000:]
    for fragment in fragments:
        assert fragment in said, f"{fragment!r} not in output:\n{said[-3000:]}"
    assert tree_hashes(study / "data") == before
    return said, time.monotonic() - started


def set_text(study, text):
    (study / CONFIG).write_text(text, encoding="utf-8")


def config_text(study):
    return (study / CONFIG).read_text(encoding="utf-8")


def test_a_templated_config_runs_no_code_even_on_a_dry_run(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    marker = tmp_path / "the-config-ran-code"
    text = config_text(study)
    assert "confidence_level: 0.95\n" in text
    expression = f"?__import__('pathlib').Path({str(marker)!r}).touch() or 0.95"
    text = text.replace("confidence_level: 0.95\n", f"confidence_level: {expression}\n")
    set_text(study, "__use_yte__: true\n" + text)
    refused(study, DRY_RUN, f"{CONFIG}, key '__use_yte__': templating is not allowed (the config must not run code)")
    assert not marker.exists()


def test_an_alias_bomb_in_the_config_is_refused_at_once(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    bomb = ["lol0: &l0 [" + ", ".join(['"lol"'] * 9) + "]"]
    bomb += [f"lol{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, 9)]
    lines = config_text(study).count("\n")
    set_text(study, config_text(study) + "\n".join(bomb) + "\n")
    # the aliases first pass 10000 nodes on the bomb's fifth line (see tests/core/test_files.py)
    _, seconds = refused(study, DRY_RUN, f"{CONFIG}, line {lines + 5}: YAML aliases expand beyond 10000 nodes")
    assert seconds < 60


def test_a_section_given_twice_is_refused(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    text = config_text(study)
    lines = text.count("\n")
    set_text(study, text + "sample:\n  size: 3\n")
    first = text.splitlines().index("sample:") + 1
    refused(study, DRY_RUN, f"{CONFIG}, line {lines + 1}, key 'sample': duplicate key (first given on line {first})")


@pytest.mark.parametrize(("change", "fragment"), [
    ({"confidence_level": float("nan")}, "field 'confidence_level': must be a finite number, not nan"),
    ({"confidence_level": float("inf")}, "field 'confidence_level': must be a finite number, not inf"),
    ({"time_to_partnership.investigation_cutoff": "2021-02-30"},
     "field 'time_to_partnership.investigation_cutoff': '2021-02-30' is not a date that exists"),
    ({"sample.frame_institution_type": "compnay"},
     "field 'sample.frame_institution_type': 'compnay' is not an institution type of data/codebook.yaml"),
    ({"sample.frame_years": [2016, 2019]},
     "field 'sample.frame_years': 2019 is outside the study window 2015-2016"),
], ids=["nan level", "infinite level", "cut-off that does not exist", "misspelt frame type",
        "frame year outside the window"])
def test_a_bad_value_is_named_on_its_own_field_before_any_job(tmp_path, change, fragment):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    edit_config(study, change)
    said, _ = refused(study, DRY_RUN, f"{CONFIG}, {fragment}")
    assert "sample.size" not in said


def test_nan_typed_as_yaml_is_named_at_the_config(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    set_text(study, config_text(study).replace("confidence_level: 0.95\n", "confidence_level: .nan\n"))
    refused(study, DRY_RUN, f"{CONFIG}, field 'confidence_level': must be a finite number, not nan")


def test_an_empty_study_window_is_named_as_such(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    edit_config(study, {"study_window.first_year": 2030, "study_window.last_year": 2030, "sample.frame_years": [2030]})
    said, _ = refused(study, "results/sample/sample_draw.csv",
                      f"error: {CONFIG}, field 'study_window': no record was filed in the study window 2030-2030")
    assert "sample.size" not in said
    assert not (study / "results/records/records.csv").exists()


FORMULA = '=HYPERLINK("http://evil.example","click")'
TARGET = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_result_csvs_cannot_run_formulas_and_stages_see_the_text_as_typed(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    raw = study / "data/raw/2015.jsonl"
    lines = raw.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    record.update(title_en=FORMULA, target_name=TARGET)
    lines[0] = json.dumps(record, ensure_ascii=False)
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    accept_data(study)
    result = run_study(study, "results/coding/coded_records.csv")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    rows = {}
    for table in ("results/records/records.csv", "results/coding/coded_records.csv"):
        with open(study / table, encoding="utf-8", newline="") as handle:
            rows[table] = next(r for r in csv.DictReader(handle) if r["file_number"] == record["file_number"])
    # exactly one quote in front, in the table the records are read from and in the one made from it
    assert rows["results/records/records.csv"]["title_en"] == "'" + FORMULA
    assert rows["results/records/records.csv"]["target_name"] == "'" + TARGET
    assert rows["results/coding/coded_records.csv"]["target_name"] == "'" + TARGET


def test_result_files_get_the_umask_mode(tmp_path):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    old = os.umask(0o022)
    try:
        result = run_study(study, "results/records/records.csv")
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("records/records.csv", "records/ingest_report.yml", "numbers/ingest.yml"):
        assert stat.S_IMODE((study / "results" / name).stat().st_mode) == 0o644, name
