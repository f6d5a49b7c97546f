"""Pinned inputs: a changed data file stops the workflow until its manifest is deliberately updated."""

import hashlib

import pytest
from conftest import FIXTURE_CONFIG, make_study, run_study, tree_hashes

from wishlist.core.checksums import verify_data, write_data_manifests


def test_manifest_is_sha256sum_format(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw/2015.jsonl").write_text("{}\n", encoding="utf-8")
    write_data_manifests(tmp_path)
    line = (tmp_path / "raw/MANIFEST.sha256").read_text(encoding="utf-8")
    digest = hashlib.sha256("{}\n".encode()).hexdigest()
    assert line == f"{digest}  2015.jsonl\n"
    assert verify_data(tmp_path) == []


def test_changed_missing_and_new_files_are_each_named(tmp_path):
    (tmp_path / "raw").mkdir()
    for year in (2015, 2016):
        (tmp_path / f"raw/{year}.jsonl").write_text(f"{year}\n", encoding="utf-8")
    write_data_manifests(tmp_path)
    (tmp_path / "raw/2015.jsonl").write_text("changed\n", encoding="utf-8")
    (tmp_path / "raw/2016.jsonl").unlink()
    (tmp_path / "raw/2021.jsonl").write_text("new\n", encoding="utf-8")
    problems = verify_data(tmp_path)
    assert any("2015.jsonl has changed" in p for p in problems)
    assert any("2016.jsonl is listed" in p and "missing" in p for p in problems)
    assert any("2021.jsonl is not listed" in p for p in problems)


@pytest.mark.workflow
def test_workflow_refuses_a_changed_raw_file_once_before_any_job(tmp_path):
    """The check runs in onstart: a real run stops before its first job; a dry run (planning only) does not check."""
    study = make_study(tmp_path / "pinned", **FIXTURE_CONFIG)
    write_data_manifests(study / "data")
    raw = study / "data/raw/2015.jsonl"
    raw.write_text(raw.read_text(encoding="utf-8").replace("超声膜厚传感器", "超声传感器"), encoding="utf-8")
    before = tree_hashes(study / "data")
    planned = run_study(study, "--dry-run")
    assert planned.returncode == 0, planned.stderr[-2000:]
    result = run_study(study)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "data/raw/2015.jsonl has changed since data/raw/MANIFEST.sha256 was written" in said
    assert "make manifests" in said
    assert tree_hashes(study / "data") == before
    written = [p for p in (study / "results").rglob("*") if p.is_file()] if (study / "results").exists() else []
    assert written == []
