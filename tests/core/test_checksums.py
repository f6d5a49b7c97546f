"""Pinned inputs: a changed data file stops the workflow until its manifest is deliberately updated."""

import hashlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_CONFIG, make_study, run_study, tree_hashes

from wishlist.core.checksums import (
    DATA_NAMES,
    DATA_PATTERNS,
    RECONSTRUCTION_LISTING,
    matches_reconstruction,
    reconstruction_listing_text,
    verify_data,
    write_data_manifests,
)


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


# ------------------------------------------------------------------ matches_reconstruction --
def reconstruction_tree(root):
    for relative, text in {"data/raw/2015.jsonl": "{}\n", "data/raw/2016.jsonl": "[]\n",
                           "data/coding/coder_a.csv": "file_number\n",
                           "data/reference/reconstruction_key.csv": "file_number,provenance\n"}.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (root / RECONSTRUCTION_LISTING).write_text(reconstruction_listing_text(root), encoding="utf-8")
    return root


def test_the_reconstruction_listing_is_sha256sum_format_with_repository_paths(tmp_path):
    listing = (reconstruction_tree(tmp_path) / "data/reference/reconstruction.sha256").read_text(encoding="utf-8")
    expected = [(hashlib.sha256((tmp_path / path).read_bytes()).hexdigest(), path) for path in sorted(
        ["data/raw/2015.jsonl", "data/raw/2016.jsonl", "data/coding/coder_a.csv",
         "data/reference/reconstruction_key.csv"])]
    assert listing == "".join(f"{digest}  {path}\n" for digest, path in expected)


def test_matches_reconstruction_group_by_group(tmp_path):
    root = reconstruction_tree(tmp_path)
    (root / "data/raw/MANIFEST.sha256").write_text("not counted\n", encoding="utf-8")
    (root / "data/reference/codebook_notes.yaml").write_text("not counted\n", encoding="utf-8")
    assert matches_reconstruction(root) == {"raw": True, "coding": True, "key": True}
    (root / "data/raw/2016.jsonl").write_text("[1]\n", encoding="utf-8")           # changed
    (root / "data/coding/coder_b.csv").write_text("file_number\n", encoding="utf-8")  # extra
    assert matches_reconstruction(root) == {"raw": False, "coding": False, "key": True}
    (root / "data/reference/reconstruction_key.csv").unlink()                       # missing
    assert matches_reconstruction(root)["key"] is False


def test_matches_reconstruction_without_a_listing_or_with_a_broken_one(tmp_path):
    root = reconstruction_tree(tmp_path)
    (root / "data/reference/reconstruction.sha256").write_text("garbage\n", encoding="utf-8")
    assert matches_reconstruction(root) == {"raw": False, "coding": False, "key": False}
    (root / "data/reference/reconstruction.sha256").unlink()
    assert matches_reconstruction(root) == {"raw": False, "coding": False, "key": False}


def test_the_reconstruction_listing_is_pinned_with_the_reference_files(tmp_path):
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference/reconstruction.sha256").write_text("x\n", encoding="utf-8")
    (tmp_path / "reference/notes.sha256").write_text("y\n", encoding="utf-8")
    write_data_manifests(tmp_path)
    listed = (tmp_path / "reference/MANIFEST.sha256").read_text(encoding="utf-8")
    assert listed == f"{hashlib.sha256(b'x' + bytes([10])).hexdigest()}  reconstruction.sha256\n"


# ------------------------------------------------------------- make manifests, stdlib only --
REPOSITORY = Path(__file__).resolve().parents[2]
NO_SITE = [sys.executable, "-S", "-I"]  # no site-packages at all: no PyYAML, no pandas


def copy_of_the_repository(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in ("Makefile", "config", "data", "scripts"):
        source = REPOSITORY / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, destination / name)
    shutil.copytree(REPOSITORY / "src", destination / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return destination


def manifests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("MANIFEST.sha256"))}


def test_the_no_site_python_has_no_third_party_packages():
    result = subprocess.run([*NO_SITE, "-c", "import yaml"], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "No module named 'yaml'" in result.stderr


def test_make_manifests_needs_only_the_standard_library(tmp_path):
    """`make manifests` with a python that has no site-packages writes exactly what
    wishlist.core.checksums.write_data_manifests writes, and each digest is the file's sha256."""
    made = copy_of_the_repository(tmp_path / "made")
    library = copy_of_the_repository(tmp_path / "library")
    for root in (made, library):
        for manifest in root.rglob("MANIFEST.sha256"):
            manifest.unlink()
    result = subprocess.run(["make", "--no-print-directory", "manifests", f"PYTHON={' '.join(NO_SITE)}"], cwd=made,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (made / ".venv").exists(), "make manifests built the environment"
    assert "wrote data/raw/MANIFEST.sha256" in result.stdout
    config = yaml.safe_load((library / "config/config.yaml").read_text(encoding="utf-8"))
    write_data_manifests("data", config, root=library)
    assert manifests(made) == manifests(library)
    assert verify_data("data", config, root=made) == []
    # independently: every file the manifests pin is listed with its sha256, and nothing else
    for sub, patterns in DATA_PATTERNS.items():
        folder = made / "data" / sub
        expected = {p.name for pattern in patterns for p in folder.glob(pattern)}
        expected |= {name for name in DATA_NAMES.get(sub, ()) if (folder / name).is_file()}
        lines = (folder / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
        listed = dict(reversed(line.split("  ", 1)) for line in lines)
        assert [line.split("  ", 1)[1] for line in lines] == sorted(expected)
        for name, digest in listed.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{sub}/{name}"


def test_make_manifests_leaves_the_committed_manifests_as_they_are(tmp_path):
    """Rewriting the manifests of unchanged data changes no byte (the format is the old one)."""
    copy = copy_of_the_repository(tmp_path / "copy")
    config = yaml.safe_load((copy / "config/config.yaml").read_text(encoding="utf-8"))
    write_data_manifests("data", config, root=copy)
    before = manifests(copy)
    result = subprocess.run([*NO_SITE, "scripts/write_manifests.py"], cwd=copy, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert manifests(copy) == before


def test_make_manifests_refuses_an_outside_input_without_the_environment(tmp_path):
    copy = copy_of_the_repository(tmp_path / "copy")
    outside = tmp_path / "elsewhere.jsonl"
    outside.write_text("{}\n", encoding="utf-8")
    (copy / "data/raw/2015.jsonl").unlink()
    (copy / "data/raw/2015.jsonl").symlink_to(outside)
    before = manifests(copy)
    result = subprocess.run([*NO_SITE, "scripts/write_manifests.py"], cwd=copy, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "no manifest written" in result.stderr and "data/raw/2015.jsonl points outside the repository" in result.stderr
    assert manifests(copy) == before


def load_write_manifests():
    spec = importlib.util.spec_from_file_location("write_manifests", REPOSITORY / "scripts/write_manifests.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CONFIG_VARIANTS = {
    "the repository's": (REPOSITORY / "config/config.yaml").read_text(encoding="utf-8"),
    "quoted, flow lists, same-indent items": (
        "study_window:\n  first_year: 2015\n"
        "inputs:\n"
        "    raw_records: 'archive/raw'   # moved\n"
        '    codebook: "data/codebook.yaml"\n'
        "    coder_sheets:\n"
        "    - data/coding/coder_a.csv\n"
        "    - 'data/coding/it''s.csv'\n"
        "    case_outcomes: data/coding/case outcomes.csv\n"
        "    adjudication: [data/coding/adjudication.csv]\n"
        "    outside: [ /srv/records, '/srv/more' ]\n"
        "\n"
        "# trailing comment\n"
        "coding:\n  provisional: false\n"),
    "no inputs": "sample:\n  seed: 1\n",
}


@pytest.mark.parametrize("name", sorted(CONFIG_VARIANTS))
def test_the_stdlib_config_reader_agrees_with_yaml(name):
    text = CONFIG_VARIANTS[name]
    assert load_write_manifests().read_inputs(text) == (yaml.safe_load(text).get("inputs") or {})


@pytest.mark.parametrize("text", [
    "inputs:\n  raw_records: &raw data/raw\n",
    "inputs:\n  raw_records: !!str data/raw\n",
    "inputs:\n  raw_records:\n    nested: data/raw\n",
    "inputs:\n  raw_records: data/raw\n  raw_records: data/other\n",
    "inputs: {raw_records: data/raw}\n",
    "inputs:\n  coder_sheets: |\n    data/coding/coder_a.csv\n",
])
def test_the_stdlib_config_reader_refuses_what_it_does_not_understand(text):
    module = load_write_manifests()
    with pytest.raises(module.ConfigError):
        module.read_inputs(text)
