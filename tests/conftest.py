"""Shared helpers: build a throw-away copy of the study on the fixture corpus and run it."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests/fixtures/corpus"
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
WORKFLOW_FILES = ("Snakefile", "_quarto.yml", "CITATION.cff", "workflow", "manuscript", "config", "profiles")


def copy_from_repository(names, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("_variables.yml", ".quarto", "__pycache__"))
        else:
            shutil.copy2(source, destination / name)


def make_study(destination: Path, **config_changes) -> Path:
    """Copy the workflow, the codebook and the fixture data into `destination`."""
    copy_from_repository(WORKFLOW_FILES, destination)
    shutil.copytree(FIXTURE / "data", destination / "data")
    shutil.copy2(ROOT / "data/codebook.yaml", destination / "data/codebook.yaml")
    (destination / "data/reference").mkdir(exist_ok=True)
    for name in ("calibration_targets.yaml", "brief_claims.yaml", "published_cases.yaml", "identification.yaml",
                 "alliances.csv", "reconstruction.sha256"):
        shutil.copy2(ROOT / "data/reference" / name, destination / "data/reference")
    edit_config(destination, config_changes, separator="__")
    accept_data(destination)
    return destination


def accept_data(study: Path) -> None:
    """Rewrite the copy's checksum manifests as `make manifests` does. A fresh copy is pinned;
    a test that edits a data file on purpose calls this to get past the checksum gate."""
    from wishlist.core.checksums import write_data_manifests

    config = yaml.safe_load((study / "config/config.yaml").read_text(encoding="utf-8"))
    write_data_manifests("data", config, root=study)


def edit_config(study: Path, changes: dict, separator: str = ".") -> None:
    """Set config values by path ('sample.seed', or 'sample__seed' from keyword arguments)."""
    config_path = study / "config/config.yaml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = config
        *parents, leaf = dotted.split(separator)
        for part in parents:
            node = node[part]
        node[leaf] = value
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


# The published-layer identification rule depends on data/reference only, so copies of the study
# share it through Snakemake's between-workflow cache (one computation per test session).
CACHED_RULES = ("sharp_bounds",)
CACHE = Path(tempfile.mkdtemp(prefix="wishlist-snakemake-cache-"))


WORKFLOW_FIXTURES = {"fixture_study", "default_study"}
_current = {"workflow": False, "test": None}


def pytest_collection_modifyitems(items):
    """Tests that use a study fixture are workflow tests, whether or not their module says so."""
    for item in items:
        if WORKFLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)


@pytest.fixture(autouse=True)
def _tier(request):
    _current.update(workflow=request.node.get_closest_marker("workflow") is not None, test=request.node.nodeid)
    yield


def run_study(study: Path, *args: str, cache: bool = True) -> subprocess.CompletedProcess:
    """Run the workflow in a copy; `cache=False` recomputes even the shareable rules.

    Only a test marked `workflow` may start Snakemake, so the unit tier never does.
    """
    if not _current["workflow"]:
        pytest.fail(f"{_current['test']} starts Snakemake but is not marked `workflow`")
    return _snakemake(study, *args, cache=cache)


def _snakemake(study: Path, *args: str, cache: bool = True) -> subprocess.CompletedProcess:
    """Snakemake in `study` with the between-copies cache of the published-layer rules."""
    extra = ["--cache", *CACHED_RULES] if cache else []
    env = {**os.environ, "SNAKEMAKE_OUTPUT_CACHE": str(CACHE)}
    return subprocess.run([SNAKEMAKE, "--cores", "2", *args, *extra], cwd=study, capture_output=True, text=True,
                          env=env)


def tree_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# The study fixtures render with the pandoc path whether or not Quarto is installed, so that
# the tests of the paper's HTML see one structure; `quarto_paper` renders it with Quarto.
FIXTURE_CONFIG = {"study_window__last_year": 2016, "sample__size": 10, "sample__seed": 20210509,
                  "reliability__bootstrap_resamples": 200, "manuscript__renderer": "pandoc"}


@pytest.fixture(scope="session")
def fixture_study(tmp_path_factory):
    """The fixture study, run once for every test that reads its outputs."""
    study = make_study(tmp_path_factory.mktemp("study"), **FIXTURE_CONFIG)
    result = _snakemake(study)
    assert result.returncode == 0, result.stderr[-3000:]
    return study


def make_default_study(destination: Path) -> Path:
    """A copy of the real study (workflow and the committed default data), not yet run,
    rendering with the pandoc path (see FIXTURE_CONFIG)."""
    copy_from_repository((*WORKFLOW_FILES, "data"), destination)
    edit_config(destination, {"manuscript.renderer": "pandoc"})
    return destination


@pytest.fixture(scope="session")
def default_study(tmp_path_factory):
    """The full study on the default (reconstructed) corpus, run once per test session."""
    study = make_default_study(tmp_path_factory.mktemp("default"))
    result = _snakemake(study, cache=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return study


# ---------------------------------------------------------------- Quarto --
QUARTO_KIT = Path(os.environ.get("QUARTO_KIT") or ROOT.parent / "shared" / "tools" / "quarto")  # as .ci/run finds it


@pytest.fixture(scope="session")
def quarto() -> str:
    """The `quarto` on PATH. Tests that need it run wherever it is installed; under
    CI (CI=true) with the Quarto kit present (.ci/run installs it) a missing Quarto is
    a failure, elsewhere a skip that says why."""
    found = shutil.which("quarto")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true" and QUARTO_KIT.is_dir():
        pytest.fail(f"CI=true and {QUARTO_KIT} exists, but quarto is not on PATH: .ci/run should have "
                    "installed it (bash ../shared/tools/quarto/install.sh DIR; PATH=DIR/bin:$PATH)")
    pytest.skip("quarto is not on PATH (install it: bash ../shared/tools/quarto/install.sh DIR, "
                "then put DIR/bin on PATH)")


@pytest.fixture(scope="session")
def quarto_paper(default_study, quarto, tmp_path_factory):
    """The default study's paper rendered by the workflow with Quarto (renderer auto,
    quarto on PATH), next to the pandoc render of default_study: a copy of that study
    whose only rerun is render_manuscript (and the manifest). Rendered once per session."""
    study = tmp_path_factory.mktemp("quarto") / "study"
    shutil.copytree(default_study, study, symlinks=True, ignore=shutil.ignore_patterns(".snakemake"))
    edit_config(study, {"manuscript.renderer": "auto"})
    result = _snakemake(study, "--forcerun", "render_manuscript", cache=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return study


# ------------------------------------------------------ tests that pin the reconstruction --
# A test marked `reconstruction` asserts values of the shipped reconstruction (data/raw,
# data/coding, data/reference/reconstruction_key.csv, as scripts/reconstruct_corpus.py writes
# them), not properties every corpus has. It runs only while the data it names are byte for byte
# the reconstruction (wishlist.core.checksums.matches_reconstruction, against
# data/reference/reconstruction.sha256), and skips with a reason otherwise, so a legitimate data
# change (real records, corrected sheets) skips these tests instead of failing them.
#   @pytest.mark.reconstruction                  needs every group: raw, coding and key
#   @pytest.mark.reconstruction("raw", "key")    needs only those
RECONSTRUCTION_PLACES = {"raw": "data/raw", "coding": "data/coding", "key": "data/reference/reconstruction_key.csv"}

def reconstruction_groups(marker) -> tuple[str, ...]:
    """The groups a `reconstruction` marker names (all of them when it names none)."""
    groups = tuple(marker.args) or tuple(RECONSTRUCTION_PLACES)
    unknown = sorted(set(groups) - set(RECONSTRUCTION_PLACES))
    if unknown:
        raise pytest.UsageError(f"@pytest.mark.reconstruction{unknown}: the groups are {sorted(RECONSTRUCTION_PLACES)}")
    return groups


def reconstruction_skip_reason(groups, matches: dict[str, bool]) -> str | None:
    """Why a test needing `groups` must skip, given matches_reconstruction's answer; None to run it."""
    differing = [group for group in groups if not matches.get(group, False)]
    if not differing:
        return None
    places = " and ".join(RECONSTRUCTION_PLACES[group] for group in differing)
    verb = "differs" if len(differing) == 1 else "differ"
    return (f"{places} {verb} from the shipped reconstruction (data/reference/reconstruction.sha256): "
            "this test pins the reconstruction")


@functools.cache
def repository_matches_reconstruction() -> dict[str, bool]:
    """matches_reconstruction(ROOT), computed once per session."""
    from wishlist.core.checksums import matches_reconstruction

    return matches_reconstruction(ROOT)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Skip a `reconstruction` test whose data differ from the reconstruction: before any fixture
    is set up (an autouse fixture would come after session fixtures such as default_study)."""
    marker = item.get_closest_marker("reconstruction")
    if marker is None:
        return
    reason = reconstruction_skip_reason(reconstruction_groups(marker), repository_matches_reconstruction())
    if reason:
        pytest.skip(reason)
