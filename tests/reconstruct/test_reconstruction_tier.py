"""The reconstruction tier: tests marked `reconstruction` run only on the shipped reconstruction.

A legitimate data change (one record corrected, real records substituted) must skip the tests
that pin the reconstruction, with a reason, and leave every other test to run. The decision is
tests/conftest.py's, keyed on wishlist.core.checksums.matches_reconstruction.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import conftest
import pytest
from conftest import ROOT, reconstruction_groups, reconstruction_skip_reason

from wishlist.core.checksums import RECONSTRUCTION_LISTING, matches_reconstruction

RAW_REASON = ("data/raw differs from the shipped reconstruction (data/reference/reconstruction.sha256): "
              "this test pins the reconstruction")


def study_with_the_repository_data(destination: Path) -> Path:
    shutil.copytree(ROOT / "data", destination / "data")
    return destination


def change_one_record(study: Path) -> None:
    path = study / "data/raw/2017.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(lines[0])
    record["title_zh"] += "（更正）"
    lines[0] = json.dumps(record, ensure_ascii=False) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.reconstruction
def test_the_repository_data_are_the_reconstruction():
    # runs only when they are: then the listing and the files agree group by group
    assert matches_reconstruction(ROOT) == {"raw": True, "coding": True, "key": True}


def test_an_unchanged_copy_runs_the_pinned_tests(tmp_path):
    study = study_with_the_repository_data(tmp_path)
    matches = matches_reconstruction(study)
    assert matches == matches_reconstruction(ROOT)
    if all(matches.values()):
        assert reconstruction_skip_reason(("raw", "coding", "key"), matches) is None


def test_one_changed_record_skips_the_tests_that_need_the_raw_records(tmp_path):
    study = study_with_the_repository_data(tmp_path)
    before = matches_reconstruction(study)
    change_one_record(study)
    matches = matches_reconstruction(study)
    assert matches["raw"] is False
    assert {k: v for k, v in matches.items() if k != "raw"} == {k: v for k, v in before.items() if k != "raw"}
    assert reconstruction_skip_reason(("raw",), matches) == RAW_REASON
    if matches["key"]:
        assert reconstruction_skip_reason(("raw", "key"), matches) == RAW_REASON
    if matches["coding"] and matches["key"]:
        assert reconstruction_skip_reason(("coding", "key"), matches) is None  # the sheets' tests still run


def test_the_reason_names_every_group_that_differs():
    matches = {"raw": False, "coding": False, "key": True}
    assert reconstruction_skip_reason(("raw", "coding", "key"), matches) == (
        "data/raw and data/coding differ from the shipped reconstruction (data/reference/reconstruction.sha256): "
        "this test pins the reconstruction")
    assert reconstruction_skip_reason(("key",), matches) is None


def test_a_new_file_a_missing_file_or_a_missing_listing_is_not_the_reconstruction(tmp_path):
    extra = study_with_the_repository_data(tmp_path / "extra")
    (extra / "data/raw/2022.jsonl").write_text("{}\n", encoding="utf-8")
    assert matches_reconstruction(extra)["raw"] is False
    missing = study_with_the_repository_data(tmp_path / "missing")
    (missing / "data/coding/adjudication.csv").unlink()
    assert matches_reconstruction(missing)["coding"] is False
    unlisted = study_with_the_repository_data(tmp_path / "unlisted")
    (unlisted / RECONSTRUCTION_LISTING).unlink()
    assert matches_reconstruction(unlisted) == {"raw": False, "coding": False, "key": False}


class FakeItem:
    def __init__(self, marker):
        self.marker = marker

    def get_closest_marker(self, name):
        return self.marker if name == "reconstruction" else None


def test_the_setup_hook_skips_a_marked_test_with_the_reason(monkeypatch):
    monkeypatch.setattr(conftest, "repository_matches_reconstruction",
                        lambda: {"raw": False, "coding": True, "key": True})
    with pytest.raises(pytest.skip.Exception, match=r"^data/raw differs from the shipped reconstruction"):
        conftest.pytest_runtest_setup(FakeItem(pytest.mark.reconstruction("raw").mark))
    with pytest.raises(pytest.skip.Exception) as skipped:
        conftest.pytest_runtest_setup(FakeItem(pytest.mark.reconstruction.mark))  # no groups: all of them
    assert str(skipped.value.msg) == RAW_REASON
    assert conftest.pytest_runtest_setup(FakeItem(pytest.mark.reconstruction("coding", "key").mark)) is None
    assert conftest.pytest_runtest_setup(FakeItem(None)) is None  # unmarked tests run on any data


def test_a_marker_naming_an_unknown_group_is_an_error():
    with pytest.raises(pytest.UsageError, match="the groups are"):
        reconstruction_groups(pytest.mark.reconstruction("raws").mark)


def test_the_marker_is_registered():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = config["tool"]["pytest"]["ini_options"]["markers"]
    assert any(m.startswith("reconstruction(*groups):") for m in markers)
