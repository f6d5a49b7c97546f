"""requirements.in (pip path), requirements.lock and environment.yml (conda path) must agree."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip", "quarto"}  # the interpreter, the installer, and Quarto (not on PyPI)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[<>=!~ \[]", name.strip())[0]).lower()


def direct_requirements() -> set[str]:
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return {canonical(line) for line in lines if line.strip() and not line.startswith("#")}


def test_environment_yml_lists_the_same_direct_dependencies():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {canonical(p) for p in dep["pip"] if not p.startswith("-e")}
        else:
            conda.add(canonical(dep.split("=")[0]))
    assert (conda - CONDA_ONLY) | pip == direct_requirements()
    assert "quarto" in conda


def test_lock_pins_every_direct_dependency_exactly():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.split()[0]
    missing = direct_requirements() - set(pins)
    assert not missing, f"requirements.lock lacks {missing}: run `make lock`"


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version.split()[0]
    return pins


def rule_environment(path: Path) -> dict[str, str]:
    """name -> pinned version of a workflow/envs/*.yaml file (conda `name=v`, pip `name==v`)."""
    env = yaml.safe_load(path.read_text())
    pinned = {}
    for dep in env["dependencies"]:
        entries = dep["pip"] if isinstance(dep, dict) else [dep]
        for entry in entries:
            if entry.startswith("-e"):
                continue
            name, _, version = re.split(r"(==|=)", entry, maxsplit=1) if "=" in entry else (entry, "", "")
            pinned[canonical(name)] = version
    return pinned


RULE_ENVIRONMENTS = sorted((ROOT / "workflow/envs").glob("*.yaml"))


@pytest.mark.parametrize("path", RULE_ENVIRONMENTS, ids=lambda p: p.name)
def test_rule_environment_pins_the_lock_versions_of_environment_yml_packages(path):
    """Each rule's conda environment lists packages of environment.yml, at requirements.lock's versions."""
    pinned = rule_environment(path)
    pins = lock_pins()
    names = direct_requirements() | CONDA_ONLY
    assert pinned, f"{path} lists no packages"
    for name, version in pinned.items():
        if name in ("python", "pip"):
            continue
        assert name in names, f"{path.name}: {name} is not a direct dependency in requirements.in/environment.yml"
        assert version == pins[name], f"{path.name}: {name}={version}, requirements.lock pins {pins[name]}"
    assert pinned["python"] == "3.11", "the rules' Python must be environment.yml's"

