"""Reruns reproduce the study: identical output hashes (any data), and the committed headline snapshot
(the shipped reconstruction only: the test skips once data/ differs from data/reference/reconstruction.sha256)."""

from pathlib import Path

import pytest
import yaml
from conftest import make_default_study, run_study

from wishlist.present.numbers import moved

pytestmark = pytest.mark.workflow

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots/headline_numbers.yml"


def manifest(study: Path) -> dict[str, str]:
    lines = (study / "results/MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    return {path: digest for digest, path in (line.split("  ", 1) for line in lines)}


@pytest.mark.reconstruction  # the snapshot holds the reconstruction's numbers; other data skip, saying so
def test_headline_numbers_match_the_committed_snapshot(default_study):
    snapshot = yaml.safe_load(SNAPSHOT.read_text(encoding="utf-8"))
    numbers = yaml.safe_load((default_study / "results/numbers.yml").read_text(encoding="utf-8"))
    changes = moved(snapshot, numbers)
    assert not changes, "headline numbers moved (update the snapshot only for an intended change):\n" + \
        "\n".join(changes)


def test_moved_names_every_change():
    snapshot = {"a.b": 1, "a.c": 0.5, "d": 2}
    assert moved(snapshot, {"a": {"b": 1, "c": 0.25}}) == ["a.c: 0.5 -> 0.25", "d: 2 -> missing"]


def test_two_clean_runs_give_identical_outputs(default_study, tmp_path):
    second = make_default_study(tmp_path / "second")
    result = run_study(second, cache=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    first_hashes, second_hashes = manifest(default_study), manifest(second)
    assert sorted(first_hashes) == sorted(second_hashes)
    differing = sorted(path for path in first_hashes if first_hashes[path] != second_hashes[path])
    assert differing == [], f"outputs differ between two clean runs: {differing}"
    kinds = {Path(p).suffix for p in first_hashes}
    assert {".csv", ".yml", ".svg", ".png", ".md", ".html", ".pdf"} <= kinds
