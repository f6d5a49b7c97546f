"""core.files: the one YAML reader (no code, no duplicate keys, no alias bombs), CSV formula guards, file modes,
and a full disk reported as one line."""

import ast
import csv
import errno
import os
import stat
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wishlist.core.errors import OutputWriteError, StudyInputError
from wishlist.core.files import (
    YAML_ALIAS_BUDGET,
    load_yaml,
    read_csv,
    read_sheet,
    read_yaml,
    write_csv,
    write_text,
    write_yaml,
)

ROOT = Path(__file__).resolve().parents[2]


# ------------------------------------------------------------------ YAML --
def laughs(levels: int, width: int = 9) -> str:
    """The billion-laughs document: level k is a list of `width` aliases of level k-1."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for k in range(1, levels):
        lines.append(f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_naming_the_line():
    # Each alias of level k-1 repeats 1 + 9 * (nodes of level k-2) nodes: level 0 is 10 nodes, so the
    # aliases add 9*10 = 90 (line 2), 9*91 = 819 (line 3), 9*820 = 7380 (line 4, total 8289), and the
    # first alias on line 5 adds 1 + 9*820 = 7381 more: 15670 > 10000, so line 5 is named.
    assert YAML_ALIAS_BUDGET == 10_000
    start = time.monotonic()
    with pytest.raises(StudyInputError) as caught:
        load_yaml(laughs(9), "config/config.yaml")
    assert time.monotonic() - start < 2
    assert str(caught.value) == "config/config.yaml, line 5: YAML aliases expand beyond 10000 nodes"


def test_a_merge_key_bomb_is_refused_too():
    text = "k0: &k0 {x: 1}\n" + "".join(f"k{i}: &k{i}\n  <<: *k{i - 1}\n  y: [*k{i - 1}, *k{i - 1}]\n"
                                         for i in range(1, 40))
    start = time.monotonic()
    with pytest.raises(StudyInputError, match=r"^m\.yaml, line \d+: YAML aliases expand beyond 10000 nodes$"):
        load_yaml(text, "m.yaml")
    assert time.monotonic() - start < 2


def test_an_alias_inside_its_own_anchor_is_refused():
    with pytest.raises(StudyInputError, match=r"^r\.yaml, line 2: YAML alias \*a refers to a node that contains it"):
        load_yaml("a: &a\n  - *a\n", "r.yaml")


def test_modest_aliases_and_merges_still_load():
    text = "base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  x: 3\nlist: &l [1, 2]\nagain: *l\n"
    assert load_yaml(text) == {"base": {"x": 1, "y": 2}, "other": {"x": 3, "y": 2}, "list": [1, 2], "again": [1, 2]}


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\nb: 2\na: 3\n", "c.yaml, line 3, key 'a': duplicate key (first given on line 1)"),
    ("top:\n  x: 1\n  y: 2\n  x: 1\n", "c.yaml, line 4, key 'x': duplicate key (first given on line 2)"),
    ("true: 1\nyes: 2\n", "c.yaml, line 2, key 'yes': duplicate key (first given on line 1)"),  # both are True
    ("- {a: 1, a: 2}\n", "c.yaml, line 1, key 'a': duplicate key (first given on line 1)"),
])
def test_a_key_given_twice_is_refused(text, message):
    with pytest.raises(StudyInputError) as caught:
        load_yaml(text, "c.yaml")
    assert str(caught.value) == message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/name:os.system", "!custom"])
def test_a_tag_that_could_build_objects_is_refused_clearly(tmp_path, tag):
    path = tmp_path / "c.yaml"
    path.write_text(f"ok: 1\nrun: {tag} ['touch {tmp_path / 'ran'}']\n", encoding="utf-8")
    with pytest.raises(StudyInputError) as caught:
        read_yaml(path)
    said = str(caught.value)
    assert said.startswith(f"{path}, line 2: the YAML tag ") and "is not allowed" in said and "run code" in said
    assert not (tmp_path / "ran").exists()


def test_a_syntax_error_and_bad_bytes_name_the_file_and_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: 1\nb: [1,\n", encoding="utf-8")
    with pytest.raises(StudyInputError, match=r"broken\.yaml, line 3: is not valid YAML \("):
        read_yaml(broken)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(StudyInputError, match=r"latin\.yaml: is not valid UTF-8"):
        read_yaml(latin)


@pytest.mark.parametrize("name", ["config/config.yaml", "data/codebook.yaml", "data/reference/brief_claims.yaml",
                                  "data/reference/calibration_targets.yaml", "data/reference/published_cases.yaml",
                                  "data/reference/identification.yaml", "workflow/schemas/config.schema.yaml"])
def test_the_study_files_read_as_plain_safe_load_reads_them(name):
    path = ROOT / name
    assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_no_module_parses_yaml_but_core_files():
    """Every YAML input goes through read_yaml / load_yaml, so every one gets the limits above."""
    offenders = []
    for path in sorted((ROOT / "src/wishlist").rglob("*.py")):
        if path == ROOT / "src/wishlist/core/files.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("safe_load", "load", "full_load", "unsafe_load",
                                                                 "safe_load_all", "load_all"):
                if isinstance(node.value, ast.Name) and node.value.id == "yaml":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# ------------------------------------------------------------------- CSV --
HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tx", "\rx"]


def test_formula_cells_are_written_with_a_quote_and_read_back_as_they_were(tmp_path):
    frame = pd.DataFrame({
        "text": [*HOSTILE, "-0.5", "+7", "'=quoted", "'plain", "plain", "1-2", ""],
        "number": [-0.5, 1.0, -2.0, 3.5, 0.0, -1e-9, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
    })
    path = tmp_path / "t.csv"
    write_csv(path, frame)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["text", "number"]
    assert [row[0] for row in rows[1:]] == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)", "'\tx", "'\rx",
        "-0.5", "+7",         # numbers stay as they are
        "''=quoted",          # already quoted: one more quote, so that reading removes exactly one
        "'plain", "plain", "1-2", ""]  # nothing a spreadsheet would run: unchanged
    assert [row[1] for row in rows[1:4]] == ["-0.5", "1", "-2"]  # numeric column untouched
    back = read_csv(path, keep_default_na=False)
    assert back["text"].tolist() == frame["text"].tolist()
    assert back["number"].tolist() == frame["number"].tolist()
    assert read_sheet(path)["text"].tolist() == frame["text"].tolist()


def test_a_column_name_is_guarded_and_restored_too(tmp_path):
    path = tmp_path / "t.csv"
    write_csv(path, pd.DataFrame({"=1+1": ["a"], "ok": ["b"]}))
    assert path.read_text(encoding="utf-8").splitlines()[0] == "'=1+1,ok"
    assert list(read_csv(path).columns) == ["=1+1", "ok"]


def test_writing_twice_through_the_readers_never_adds_quotes(tmp_path):
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    write_csv(first, pd.DataFrame({"title": HOSTILE}))
    write_csv(second, read_sheet(first))
    assert first.read_bytes() == second.read_bytes()


# ----------------------------------------------------------------- modes --
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_text(tmp_path / "a.txt", "x")
        write_yaml(tmp_path / "b.yml", {"a": 1})
        write_csv(tmp_path / "c.csv", pd.DataFrame({"a": [1]}))
    finally:
        os.umask(old)
    for name in ("a.txt", "b.yml", "c.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


# ------------------------------------------------------------- full disk --
def test_a_full_disk_names_the_output_and_leaves_nothing(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    target = tmp_path / "out" / "x.txt"
    with pytest.raises(OutputWriteError) as caught:
        write_text(target, "hello")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert list((tmp_path / "out").iterdir()) == []  # no partial file, no temporary left
