"""The package's layers: imports point down only, and each kind of code stays in its room.

Layers, lowest first: core < brief < stats < stages < present. A module may import
its own layer and the layers below (function-level imports included). `reconstruct`
(the generators of the default data) may import core, brief and stats, and nothing in
the package imports it. stats is pure (no file I/O, no plotting); stages compute
(no plotting, no presentation).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src/wishlist"
LAYERS = ("core", "brief", "stats", "stages", "present")
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}
PLOTTING = ("matplotlib", "seaborn")
FILE_IO_CALLS = {"open", "read_csv", "to_csv", "read_yaml", "write_csv", "write_text", "write_yaml", "safe_load",
                 "read_text", "write_numbers", "read_sheet"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str | None:
    """The subpackage a dotted module name lives in ('wishlist.stats.survival' -> 'stats')."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "wishlist" else None


def imports(path: Path) -> set[str]:
    """Every module this file imports, at any depth, as absolute dotted names."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    return found


def test_every_module_is_in_a_layer():
    loose = [m for m in MODULES if m != "wishlist" and layer_of(m) not in (*LAYERS, "reconstruct")]
    assert not loose, f"modules outside core/brief/stats/stages/present/reconstruct: {loose}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in LAYERS))
def test_imports_point_down(module):
    own = RANK[layer_of(module)]
    above = sorted(i for i in imports(MODULES[module]) if layer_of(i) in RANK and RANK[layer_of(i)] > own)
    assert not above, f"{module} ({layer_of(module)}) imports a layer above it: {above}"
    assert not any(layer_of(i) == "reconstruct" for i in imports(MODULES[module])), \
        f"{module} imports the reconstruction generators"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "reconstruct"))
def test_the_generators_use_only_core_brief_and_stats(module):
    bad = sorted(i for i in imports(MODULES[module]) if layer_of(i) in ("stages", "present"))
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) in ("core", "brief", "stats", "stages")))
def test_computation_imports_no_plotting_library(module):
    plotting = sorted(i for i in imports(MODULES[module]) if i.split(".")[0] in PLOTTING)
    assert not plotting, f"{module} imports {plotting}: plotting belongs to wishlist.present"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) == "stats"))
def test_estimators_do_no_file_io(module):
    calls = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            calls.add(name)
    assert not calls & FILE_IO_CALLS, f"{module} calls {sorted(calls & FILE_IO_CALLS)}: file I/O belongs to stages"
    assert not any(i.startswith("wishlist.core.files") for i in imports(MODULES[module]))


def test_no_import_cycles():
    graph = {m: {i for i in imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}

    def visit(node, trail):
        assert node not in trail, f"import cycle: {' -> '.join([*trail, node])}"
        for child in graph.get(node, ()):
            visit(child, [*trail, node])

    for module in graph:
        visit(module, [])


def test_the_architecture_check_sees_a_violation(tmp_path):
    """The import reader resolves relative and function-level imports (so the checks above can fail)."""
    probe = PACKAGE / "stats" / "_probe_for_test.py"
    probe.write_text("def f():\n    from ..present import numbers\n    import matplotlib.pyplot\n", encoding="utf-8")
    try:
        found = imports(probe)
    finally:
        probe.unlink()
    assert "wishlist.present.numbers" in found and "matplotlib.pyplot" in found


RULE = re.compile(r"^rule (\w+):", re.M)
SCRIPT = re.compile(r'^\s+script:\s*\n?\s*"\.\./scripts/(\w+)\.py"', re.M)
THIN = re.compile(r'^"""Rule (\w+): .+"""\n\nfrom wishlist\.core\.errors import run_rule\n'
                  r'from wishlist\.(stages|present)\.(\w+) import main\n\nrun_rule\(main, snakemake\)  # noqa: F821\n$')


def rule_scripts() -> dict[str, str]:
    """rule -> the script its `script:` names, for every rule of workflow/rules/*.smk."""
    found = {}
    for smk in sorted((ROOT / "workflow/rules").glob("*.smk")):
        text = smk.read_text(encoding="utf-8")
        starts = [(m.start(), m.group(1)) for m in RULE.finditer(text)] + [(len(text), None)]
        for (start, rule), (end, _) in zip(starts, starts[1:]):
            script = SCRIPT.search(text[start:end])
            if script:
                found[rule] = script.group(1)
    return found


def test_rule_x_calls_script_x_which_calls_module_x():
    scripts = rule_scripts()
    assert len(scripts) >= 20
    for rule, script in scripts.items():
        assert script == rule, f"rule {rule} calls workflow/scripts/{script}.py"
        text = (ROOT / f"workflow/scripts/{rule}.py").read_text(encoding="utf-8")
        match = THIN.match(text)
        assert match, f"workflow/scripts/{rule}.py is not the thin wrapper (docstring, run_rule, main)"
        assert match.group(1) == rule and match.group(3) == rule, f"workflow/scripts/{rule}.py calls {match.group(3)}"
        assert f"wishlist.{match.group(2)}.{rule}" in MODULES, f"no module wishlist.{match.group(2)}.{rule}"


def test_every_workflow_script_belongs_to_a_rule():
    orphans = sorted({p.stem for p in (ROOT / "workflow/scripts").glob("*.py")} - set(rule_scripts()))
    assert not orphans, f"workflow/scripts without a rule: {orphans}"
