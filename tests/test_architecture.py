"""Imports only point down: base modules import only base, foundation modules only base and foundation."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src/wishlist"
BASE = {"errors", "files", "checksums", "preflight"}
FOUNDATION = {"codebook", "proportions", "numbers", "figures", "tables", "render"}


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level == 1:
                found.add(node.module.split(".")[0])
            elif node.module.startswith("wishlist."):
                found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("module", sorted(BASE | FOUNDATION))
def test_lower_layers_import_nothing_above_them(module):
    allowed = BASE if module in BASE else BASE | FOUNDATION
    assert imported_modules(PACKAGE / f"{module}.py") <= allowed


def test_no_import_cycles():
    graph = {p.stem: imported_modules(p) & {q.stem for q in PACKAGE.glob("*.py")} for p in PACKAGE.glob("*.py")}

    def visit(node, trail):
        assert node not in trail, f"import cycle: {' -> '.join([*trail, node])}"
        for child in graph.get(node, ()):
            visit(child, [*trail, node])

    for module in graph:
        visit(module, [])
