"""The checksum gate, end to end: a real run (no target) on a copy of the study stops before its
first job when an input escapes its manifest, naming the file; data/ is left as it was and
nothing is written under results/."""

import shutil

import pytest
from conftest import FIXTURE_CONFIG, accept_data, edit_config, make_study, run_study, tree_hashes

pytestmark = pytest.mark.workflow


def delete_raw_manifest(study, tmp_path):
    (study / "data/raw/MANIFEST.sha256").unlink()
    return ["data/raw: MANIFEST.sha256 is missing; run `make manifests`", "2015.jsonl"]


def raw_records_elsewhere(study, tmp_path):
    """A copy of the raw records, one of them altered, in a folder no manifest covers."""
    shutil.copytree(study / "data/raw", study / "incoming/raw", ignore=shutil.ignore_patterns("MANIFEST.sha256"))
    year = study / "incoming/raw/2015.jsonl"
    year.write_text(year.read_text(encoding="utf-8").replace("超声膜厚传感器", "超声传感器"), encoding="utf-8")
    edit_config(study, {"inputs.raw_records": "incoming/raw"})
    return ["incoming/raw: MANIFEST.sha256 is missing; run `make manifests`", "2015.jsonl"]


def coder_sheet_elsewhere(study, tmp_path):
    shutil.copytree(study / "data/coding", study / "incoming", ignore=shutil.ignore_patterns("MANIFEST.sha256"))
    edit_config(study, {"inputs.coder_sheets": ["incoming/coder_a.csv", "data/coding/coder_b.csv"]})
    return ["incoming: MANIFEST.sha256 is missing", "coder_a.csv"]


def year_file_linked_outside(study, tmp_path):
    """The same bytes the manifest pins, but read from outside the study: refused all the same."""
    outside = tmp_path / "outside/2015.jsonl"
    outside.parent.mkdir()
    shutil.move(study / "data/raw/2015.jsonl", outside)
    (study / "data/raw/2015.jsonl").symlink_to(outside)
    return [f"data/raw/2015.jsonl points outside the repository (to {outside.resolve()})", "inputs.outside"]


CASES = {"deleted manifest": delete_raw_manifest, "raw records pointed at an unpinned folder": raw_records_elsewhere,
         "coder sheet pointed at an unpinned folder": coder_sheet_elsewhere,
         "year file symlinked outside the study": year_file_linked_outside}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_gate_stops_the_run_and_names_the_file(tmp_path, case):
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    expected = CASES[case](study, tmp_path)
    before = tree_hashes(study / "data")
    result = run_study(study)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    assert "Traceback" not in said
    for fragment in expected:
        assert fragment in said, f"{fragment!r} not in output:\n{said[-3000:]}"
    assert tree_hashes(study / "data") == before
    written = [p for p in (study / "results").rglob("*") if p.is_file()] if (study / "results").exists() else []
    assert written == []


def test_an_outside_input_named_in_the_config_is_verified_and_read(tmp_path):
    """inputs.outside accepts the place; the manifest still pins the bytes: accepted unchanged,
    refused once they change."""
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    year_file_linked_outside(study, tmp_path)
    outside = tmp_path / "outside"
    edit_config(study, {"inputs.outside": [str(outside)]})
    result = run_study(study, "results/records/records.csv")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    year = outside / "2015.jsonl"
    year.write_text(year.read_text(encoding="utf-8").replace("超声膜厚传感器", "超声传感器"), encoding="utf-8")
    result = run_study(study, "results/records/records.csv", "--forceall")
    assert result.returncode != 0
    assert "data/raw/2015.jsonl has changed since data/raw/MANIFEST.sha256 was written" in result.stderr
    accept_data(study)  # `make manifests` accepts the change, outside file included
    assert run_study(study, "results/records/records.csv").returncode == 0
