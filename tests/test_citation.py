"""CITATION.cff is valid CFF 1.2.0 and agrees with pyproject.toml and the manuscript's bibliography.

Validation uses cffconvert 2.0.0 from the tools environment (.venv-tools, built by `make test` from
requirements-tools.lock; kept apart because cffconvert pins jsonschema<4 and Snakemake needs 4.x).
Broken copies must fail, so the validity test cannot pass vacuously.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

CITATION = ROOT / "CITATION.cff"
CFFCONVERT = Path(os.environ.get("WISHLIST_CFFCONVERT", ROOT / ".venv-tools/bin/cffconvert"))
BRIEF_DOI = "10.51593/20210009"


def validate(path: Path) -> subprocess.CompletedProcess:
    if not CFFCONVERT.exists():
        pytest.fail(f"{CFFCONVERT} is missing: run `make tools` (part of `make test`)")
    return subprocess.run([str(CFFCONVERT), "--validate", "-i", str(path)], check=False, capture_output=True, text=True)


def citation() -> dict:
    return yaml.safe_load(CITATION.read_text(encoding="utf-8"))


def brief_reference(cff: dict) -> dict:
    reports = [r for r in cff.get("references", []) if r.get("type") == "report"]
    assert len(reports) == 1, "CITATION.cff references the brief, as its one report"
    return reports[0]


def test_citation_file_is_valid_cff():
    result = validate(CITATION)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "valid according to schema version 1.2.0" in result.stdout


def without_title(cff: dict) -> dict:
    del cff["title"]
    return cff


def with_resolver_url_as_doi(cff: dict) -> dict:
    brief_reference(cff)["doi"] = f"https://doi.org/{BRIEF_DOI}"  # the DOI field takes the bare DOI
    return cff


def with_unknown_key(cff: dict) -> dict:
    cff["licence"] = cff.pop("license")  # British spelling: not a CFF key
    return cff


@pytest.mark.parametrize("breakage, complaint", [
    (without_title, "'title' is a required property"),
    (with_resolver_url_as_doi, "does not match"),
    (with_unknown_key, "Additional properties are not allowed"),
])
def test_a_broken_copy_fails_validation(tmp_path, breakage, complaint):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(yaml.safe_dump(breakage(citation()), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = validate(broken)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    assert complaint in said


def test_an_unbroken_round_trip_still_validates(tmp_path):
    """The broken copies differ from a valid file only by their breakage (the YAML round trip is harmless)."""
    copy = tmp_path / "CITATION.cff"
    copy.write_text(yaml.safe_dump(citation(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = validate(copy)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_version_and_licence_match_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    cff = citation()
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == project["license"]["text"] == "MIT"


def test_the_brief_is_cited_with_the_bibliography_doi():
    bib = (ROOT / "manuscript/references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@techreport\{fedasiuk2021,(?P<body>.*?)\n\}", bib, re.DOTALL)
    assert entry, "manuscript/references.bib has no fedasiuk2021 entry"
    bib_doi = re.search(r"doi\s*=\s*\{([^}]+)\}", entry["body"])[1]
    brief = brief_reference(citation())
    assert brief["doi"] == bib_doi == BRIEF_DOI
    assert [a["family-names"] for a in brief["authors"]] == ["Fedasiuk", "Weinstein", "Puglisi"]
    assert brief["institution"]["name"] == "Center for Security and Emerging Technology"
    assert (brief["year"], brief["month"]) == (2021, 5)
