"""Rule data_origin: the records and sheets in use are the shipped reconstruction only if every file is."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import yaml

from wishlist.stages.data_origin import main


def repository(tmp_path, listed=True):
    """A tiny repository: two raw files and four sheets, listed (by hashlib) as the reconstruction's."""
    files = {"data/raw/2015.jsonl": "{}\n", "data/raw/2016.jsonl": "{}\n{}\n",
             "data/coding/coder_a.csv": "a\n", "data/coding/coder_b.csv": "b\n",
             "data/coding/adjudication.csv": "c\n", "data/coding/case_outcomes.csv": "d\n"}
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    listing = tmp_path / "data/reference/reconstruction.sha256"
    listing.parent.mkdir(parents=True, exist_ok=True)
    if listed:
        listing.write_text("".join(f"{hashlib.sha256(text.encode()).hexdigest()}  {path}\n"
                                   for path, text in sorted(files.items())), encoding="utf-8")
    return listing


def run(tmp_path, listing, raw=("2015.jsonl", "2016.jsonl")):
    out = tmp_path / "out/data_origin.yml"
    coding = tmp_path / "data/coding"
    main(SimpleNamespace(
        input=SimpleNamespace(raw=[str(tmp_path / "data/raw" / name) for name in raw],
                              coder_sheets=[str(coding / "coder_a.csv"), str(coding / "coder_b.csv")],
                              adjudication=str(coding / "adjudication.csv"),
                              case_outcomes=str(coding / "case_outcomes.csv"), listing=str(listing)),
        output=SimpleNamespace(numbers=str(out))))
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_the_generator_s_own_files_are_the_reconstruction(tmp_path):
    assert run(tmp_path, repository(tmp_path)) == {"raw_is_reconstruction": True, "coding_is_reconstruction": True,
                                                    "data_are_reconstruction": True}


def test_one_changed_record_makes_the_records_not_the_reconstruction(tmp_path):
    listing = repository(tmp_path)
    (tmp_path / "data/raw/2016.jsonl").write_text("{}\n{\"x\": 1}\n", encoding="utf-8")
    assert run(tmp_path, listing) == {"raw_is_reconstruction": False, "coding_is_reconstruction": True,
                                      "data_are_reconstruction": False}


def test_an_added_year_or_a_dropped_file_is_not_the_reconstruction(tmp_path):
    listing = repository(tmp_path)
    (tmp_path / "data/raw/2021.jsonl").write_text("{}\n", encoding="utf-8")
    assert run(tmp_path, listing, raw=("2015.jsonl", "2016.jsonl", "2021.jsonl"))["raw_is_reconstruction"] is False
    assert run(tmp_path, listing, raw=("2015.jsonl",))["raw_is_reconstruction"] is False


def test_changed_sheets_are_not_the_reconstruction(tmp_path):
    listing = repository(tmp_path)
    (tmp_path / "data/coding/case_outcomes.csv").write_text("real outcomes\n", encoding="utf-8")
    assert run(tmp_path, listing)["coding_is_reconstruction"] is False


def test_without_the_listing_nothing_is_the_reconstruction(tmp_path):
    assert run(tmp_path, repository(tmp_path, listed=False))["data_are_reconstruction"] is False
