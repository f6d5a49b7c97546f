"""The checksum gate cannot be bypassed: every configured input is verified against a manifest,
a missing manifest is an error, and nothing is read through a symlink pointing outside the
repository unless the config names that place under `inputs.outside` (and then it is verified).

Each test builds a small repository in a tmp dir; manifests are written here with hashlib
(sha256sum format), independently of the code under test, unless the test is about
`make manifests` itself.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wishlist.core import checksums
from wishlist.core.checksums import verify_data, write_data_manifests
from wishlist.core.preflight import verify_data_or_exit

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "data/codebook.yaml": "categories: []\n",
    "data/gazetteer.csv": "post,name\n",
    "data/countries.csv": "country\nJapan\n",
    "data/raw/2015.jsonl": '{"file_number": "2015-01-伦敦-6"}\n',
    "data/raw/2016.jsonl": '{"file_number": "2016-01-东京-1"}\n',
    "data/coding/coder_a.csv": "file_number,code\n",
    "data/coding/coder_b.csv": "file_number,code\n",
    "data/coding/adjudication.csv": "file_number\n",
    "data/coding/case_outcomes.csv": "file_number,outcome\n",
    "data/reference/calibration_targets.yaml": "targets: []\n",
}
INPUTS = {"raw_records": "data/raw", "codebook": "data/codebook.yaml", "gazetteer": "data/gazetteer.csv",
          "countries": "data/countries.csv", "coder_sheets": ["data/coding/coder_a.csv", "data/coding/coder_b.csv"],
          "adjudication": "data/coding/adjudication.csv", "case_outcomes": "data/coding/case_outcomes.csv",
          "calibration_targets": "data/reference/calibration_targets.yaml", "outside": []}


def pin(folder: Path) -> None:
    """sha256sum of every file in `folder` (its manifest excepted), written by hand."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
             for p in sorted(folder.iterdir()) if p.is_file() and p.name != "MANIFEST.sha256"]
    (folder / "MANIFEST.sha256").write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for folder in ("data", "data/raw", "data/coding", "data/reference"):
        pin(root / folder)
    return root


def config(**inputs):
    return {"inputs": {**INPUTS, **inputs}}


def check(root, cfg=None):
    return verify_data("data", config() if cfg is None else cfg, root=root)


def make_outside(tmp_path, text='{"file_number": "2015-01-伦敦-6"}\n') -> Path:
    target = tmp_path / "elsewhere/2015.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def test_a_pinned_repository_passes(repo):
    assert check(repo) == []


def test_a_deleted_manifest_is_an_error_naming_the_folder(repo):
    (repo / "data/raw/MANIFEST.sha256").unlink()
    problems = check(repo)
    assert len(problems) == 1
    assert problems[0].startswith("data/raw: MANIFEST.sha256 is missing; run `make manifests`")
    assert "2015.jsonl" in problems[0] and "2016.jsonl" in problems[0]


def test_an_unlisted_file_and_a_listed_missing_file_are_each_named(repo):
    (repo / "data/raw/2017.jsonl").write_text("{}\n", encoding="utf-8")
    (repo / "data/raw/2016.jsonl").unlink()
    assert sorted(check(repo)) == [
        "data/raw/2016.jsonl is listed in data/raw/MANIFEST.sha256 but missing",
        "data/raw/2017.jsonl is not listed in data/raw/MANIFEST.sha256",
    ]


def test_a_changed_configured_file_is_named(repo):
    (repo / "data/coding/coder_b.csv").write_text("file_number,code\nx,y\n", encoding="utf-8")
    assert check(repo) == ["data/coding/coder_b.csv has changed since data/coding/MANIFEST.sha256 was written"]


def test_raw_records_pointed_at_an_unpinned_folder_is_checked(repo):
    shutil.copytree(repo / "data/raw", repo / "archive/raw")
    (repo / "archive/raw/MANIFEST.sha256").unlink()
    problems = check(repo, config(raw_records="archive/raw"))
    assert len(problems) == 1 and problems[0].startswith("archive/raw: MANIFEST.sha256 is missing")
    pin(repo / "archive/raw")
    assert check(repo, config(raw_records="archive/raw")) == []
    (repo / "archive/raw/2015.jsonl").write_text("{}\n", encoding="utf-8")
    assert check(repo, config(raw_records="archive/raw")) == [
        "archive/raw/2015.jsonl has changed since archive/raw/MANIFEST.sha256 was written"]


def test_a_configured_file_elsewhere_must_be_listed_in_its_folders_manifest(repo):
    (repo / "alt").mkdir()
    (repo / "alt/codebook.yaml").write_text("categories: [x]\n", encoding="utf-8")
    cfg = config(codebook="alt/codebook.yaml")
    assert check(repo, cfg)[0].startswith("alt: MANIFEST.sha256 is missing")
    (repo / "alt/MANIFEST.sha256").write_text("", encoding="utf-8")
    assert check(repo, cfg) == ["alt/codebook.yaml is not listed in alt/MANIFEST.sha256"]
    pin(repo / "alt")
    assert check(repo, cfg) == []


def test_a_configured_folder_that_does_not_exist_reads_nothing_and_is_skipped(repo):
    shutil.rmtree(repo / "data/coding")
    assert check(repo) == []


def test_a_symlink_inside_the_repository_is_verified_by_content(repo):
    (repo / "archive").mkdir()
    shutil.move(repo / "data/raw/2015.jsonl", repo / "archive/2015.jsonl")
    (repo / "data/raw/2015.jsonl").symlink_to("../../archive/2015.jsonl")
    assert check(repo) == []  # same bytes as pinned
    (repo / "archive/2015.jsonl").write_text("{}\n", encoding="utf-8")
    assert check(repo) == ["data/raw/2015.jsonl has changed since data/raw/MANIFEST.sha256 was written"]


def test_a_year_file_symlinked_outside_is_refused_and_not_read(repo, tmp_path, monkeypatch):
    target = make_outside(tmp_path)  # the very bytes the manifest pins: a checksum alone would pass it
    (repo / "data/raw/2015.jsonl").unlink()
    (repo / "data/raw/2015.jsonl").symlink_to(target)
    hashed = []
    real = checksums.sha256
    monkeypatch.setattr(checksums, "sha256", lambda p: hashed.append(Path(p).name) or real(p))
    problems = check(repo)
    assert len(problems) == 1
    assert problems[0].startswith(f"data/raw/2015.jsonl points outside the repository (to {target.resolve()})")
    assert "inputs.outside" in problems[0]
    assert "2015.jsonl" not in hashed and "2016.jsonl" in hashed


def test_a_configured_folder_symlinked_outside_is_refused(repo, tmp_path):
    outside = tmp_path / "elsewhere_raw"
    shutil.copytree(repo / "data/raw", outside)
    (repo / "raw_link").symlink_to(outside, target_is_directory=True)
    assert check(repo, config(raw_records="raw_link")) == [
        f"raw_link points outside the repository (to {outside.resolve()}); it is not read. If it is meant, add "
        f"{outside.resolve()} (or a folder holding it) to inputs.outside in config/config.yaml"]


def test_a_configured_file_symlinked_outside_is_refused(repo, tmp_path):
    target = tmp_path / "codebook.yaml"
    target.write_text(FILES["data/codebook.yaml"], encoding="utf-8")
    (repo / "data/codebook.yaml").unlink()
    (repo / "data/codebook.yaml").symlink_to(target)
    problems = check(repo)
    assert len(problems) == 1 and problems[0].startswith(
        f"data/codebook.yaml points outside the repository (to {target.resolve()})")


def test_a_manifest_symlinked_outside_is_refused(repo, tmp_path):
    fake = tmp_path / "MANIFEST.sha256"
    shutil.move(repo / "data/raw/MANIFEST.sha256", fake)
    (repo / "data/raw/MANIFEST.sha256").symlink_to(fake)
    problems = check(repo)
    assert len(problems) == 1 and problems[0].startswith("data/raw/MANIFEST.sha256 points outside the repository")


def test_an_explicit_outside_input_is_verified_then_refused_when_changed(repo, tmp_path):
    target = make_outside(tmp_path)
    (repo / "data/raw/2015.jsonl").unlink()
    (repo / "data/raw/2015.jsonl").symlink_to(target)
    allowed = config(outside=[str(target.parent)])
    assert check(repo, allowed) == []
    target.write_text('{"file_number": "2015-01-伦敦-7"}\n', encoding="utf-8")
    assert check(repo, allowed) == ["data/raw/2015.jsonl has changed since data/raw/MANIFEST.sha256 was written"]
    # naming the link itself (relative to the repository) allows the same place
    target.write_text(FILES["data/raw/2015.jsonl"], encoding="utf-8")
    assert check(repo, config(outside=["data/raw/2015.jsonl"])) == []


def test_an_outside_entry_allows_only_the_place_it_names(repo, tmp_path):
    target = make_outside(tmp_path)
    (tmp_path / "other").mkdir()
    (repo / "data/raw/2015.jsonl").unlink()
    (repo / "data/raw/2015.jsonl").symlink_to(target)
    problems = check(repo, config(outside=[str(tmp_path / "other"), str(tmp_path / "elsewhere/2015.jsonl.bak")]))
    assert len(problems) == 1 and "data/raw/2015.jsonl points outside the repository" in problems[0]


def test_an_allowed_outside_folder_is_verified_against_the_manifest_beside_its_files(repo, tmp_path):
    outside = tmp_path / "archive_raw"
    shutil.copytree(repo / "data/raw", outside)
    (repo / "raw_link").symlink_to(outside, target_is_directory=True)
    cfg = config(raw_records="raw_link", outside=[str(outside)])
    assert check(repo, cfg) == []
    (outside / "2018.jsonl").write_text("{}\n", encoding="utf-8")
    assert check(repo, cfg) == ["raw_link/2018.jsonl is not listed in raw_link/MANIFEST.sha256"]


def test_a_manifest_line_naming_another_folder_is_malformed(repo):
    manifest = repo / "data/raw/MANIFEST.sha256"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "0" * 64 + "  ../codebook.yaml\n", encoding="utf-8")
    assert check(repo) == ["data/raw/MANIFEST.sha256, line 3: not a '<sha256>  <file>' line"]


def test_make_manifests_pins_every_configured_folder(repo):
    shutil.copytree(repo / "data/raw", repo / "archive/raw")
    (repo / "archive/raw/MANIFEST.sha256").unlink()
    cfg = config(raw_records="archive/raw")
    write_data_manifests("data", cfg, root=repo)
    expected = "".join(f"{hashlib.sha256(FILES[f'data/raw/{y}.jsonl'].encode()).hexdigest()}  {y}.jsonl\n"
                       for y in (2015, 2016))
    assert (repo / "archive/raw/MANIFEST.sha256").read_text(encoding="utf-8") == expected
    assert check(repo, cfg) == []


def test_make_manifests_refuses_an_outside_input_and_writes_nothing(repo, tmp_path):
    (repo / "data/raw/2015.jsonl").unlink()
    (repo / "data/raw/2015.jsonl").symlink_to(make_outside(tmp_path, "{}\n"))
    before = {p: p.read_bytes() for p in repo.rglob("MANIFEST.sha256")}
    with pytest.raises(ValueError, match="data/raw/2015.jsonl points outside the repository"):
        write_data_manifests("data", config(), root=repo)
    assert {p: p.read_bytes() for p in repo.rglob("MANIFEST.sha256")} == before


def test_update_manifests_script_reads_the_config(repo):
    """scripts/update_manifests.py (`make manifests`) pins the folders config/config.yaml names."""
    shutil.copytree(repo / "data/raw", repo / "archive/raw")
    (repo / "archive/raw/MANIFEST.sha256").unlink()
    (repo / "config").mkdir()
    (repo / "config/config.yaml").write_text(yaml.safe_dump(config(raw_records="archive/raw")), encoding="utf-8")
    (repo / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts/update_manifests.py", repo / "scripts")
    result = subprocess.run([sys.executable, "scripts/update_manifests.py"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "wrote archive/raw/MANIFEST.sha256" in result.stdout and "wrote data/raw/MANIFEST.sha256" in result.stdout
    assert check(repo, config(raw_records="archive/raw")) == []


def test_verify_data_or_exit_prints_one_message_and_exits_1(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    assert verify_data_or_exit(config()) is None
    (repo / "data/raw/MANIFEST.sha256").unlink()
    with pytest.raises(SystemExit) as stop:
        verify_data_or_exit(config())
    assert stop.value.code == 1
    said = capsys.readouterr().err
    assert "data/raw: MANIFEST.sha256 is missing; run `make manifests`" in said and "Traceback" not in said


def test_a_missing_manifest_does_not_hide_a_file_linked_outside(repo, tmp_path):
    (repo / "data/raw/MANIFEST.sha256").unlink()
    (repo / "data/raw/2015.jsonl").unlink()
    (repo / "data/raw/2015.jsonl").symlink_to(make_outside(tmp_path))
    problems = check(repo)
    assert len(problems) == 2 and problems[0].startswith("data/raw: MANIFEST.sha256 is missing")
    assert problems[1].startswith("data/raw/2015.jsonl points outside the repository")
