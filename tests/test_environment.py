"""requirements.in (pip path), requirements.lock and environment.yml (conda path) must agree."""

import re
from pathlib import Path

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
