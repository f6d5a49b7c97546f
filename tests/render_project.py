"""A one-document Quarto project for the render tests: the study's Lua filter, typst header and
project options, a manuscript/index.qmd (or another name, as manuscript/supplement.qmd) and a
_variables.yml (as collect_numbers writes it)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PROJECT_OPTIONS = (
    "project:\n  type: default\n  render: [manuscript/index.qmd, manuscript/supplement.qmd]\n"
    "format:\n  html:\n    format-links: false\n  typst:\n    include-in-header: manuscript/paper.typ\n"
    "filters:\n  - at: post-quarto\n    path: manuscript/filters/quarto-subset.lua\n")


def write_project(root: Path, document: str, variables: dict | None = None, name: str = "index") -> Path:
    """The project under `root`; returns its manuscript/<name>.qmd."""
    (root / "manuscript" / "filters").mkdir(parents=True)
    shutil.copy2(ROOT / "manuscript/filters/quarto-subset.lua", root / "manuscript/filters")
    shutil.copy2(ROOT / "manuscript/paper.typ", root / "manuscript/paper.typ")
    (root / "_quarto.yml").write_text(PROJECT_OPTIONS, encoding="utf-8")
    (root / "_variables.yml").write_text(yaml.safe_dump(variables or {}, allow_unicode=True), encoding="utf-8")
    qmd = root / f"manuscript/{name}.qmd"
    qmd.write_text(document, encoding="utf-8")
    return qmd
