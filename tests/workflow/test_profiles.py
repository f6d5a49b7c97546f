"""Scale-out: the shipped SLURM profile parses and plans the whole study (dry run, no cluster needed)."""

import pytest
from conftest import FIXTURE_CONFIG, make_study, run_study

pytestmark = pytest.mark.workflow


def test_slurm_profile_plans_the_study(tmp_path):
    study = make_study(tmp_path / "cluster", **FIXTURE_CONFIG)
    result = run_study(study, "--profile", "profiles/slurm", "--dry-run")
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-3000:]
    for rule in ("ingest_records", "code_records", "render_manuscript", "results_manifest"):
        assert rule in said
