"""Deterministic, atomic output writers (a failed rule must leave no partial file), and the readers.

Two rules live here so that every stage follows them:

- YAML is read by `read_yaml` only: a safe loader that builds plain data (no tag that
  could run code), refuses a key given twice in one mapping, and refuses aliases that
  expand beyond `YAML_ALIAS_BUDGET` nodes (a "billion laughs" file) before building it.
- CSV is written by `write_csv` and read by `read_csv` / `read_sheet`: a text cell a
  spreadsheet would run as a formula is written with a leading ``'`` and the readers
  remove that one quote again (`guard_cell` / `unguard_cell`; data/README.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

import yaml

from wishlist.core.errors import OutputWriteError, StudyInputError

YAML_ALIAS_BUDGET = 10_000  # nodes the aliases of one YAML file may add; the study's own files use a few dozen
_MERGE_TAG = "tag:yaml.org,2002:merge"


class StudyYamlLoader(yaml.SafeLoader):
    """SafeLoader that names the file and refuses alias bombs, duplicate keys and unknown tags.

    Aliases are counted while the file is composed, before any object is built: each alias
    adds the size of the node it repeats (with the aliases inside that node, expanded), so
    a file whose aliases would expand to more than `YAML_ALIAS_BUDGET` nodes fails at once.
    """

    def __init__(self, stream, path: str | Path = "<yaml>", alias_budget: int = YAML_ALIAS_BUDGET):
        super().__init__(stream)
        self.path, self.alias_budget = str(path), alias_budget
        self._alias_nodes = 0
        self._open_anchors: list[str] = []
        self._sizes: dict[int, int] = {}

    def _line(self, mark) -> int | None:
        return mark.line + 1 if mark is not None else None

    def _expanded_size(self, node) -> int:
        """Nodes `node` stands for with every alias inside it expanded (memoised per node)."""
        key = id(node)
        if key not in self._sizes:
            if isinstance(node, yaml.SequenceNode):
                inner = sum(self._expanded_size(item) for item in node.value)
            elif isinstance(node, yaml.MappingNode):
                inner = sum(self._expanded_size(k) + self._expanded_size(v) for k, v in node.value)
            else:
                inner = 0
            self._sizes[key] = 1 + inner
        return self._sizes[key]

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = self.anchors.get(event.anchor)
            if node is not None:  # an undefined alias: PyYAML's own error says so
                line = self._line(event.start_mark)
                if event.anchor in self._open_anchors:
                    raise StudyInputError(self.path, f"YAML alias *{event.anchor} refers to a node that contains "
                                                     "it (it would expand for ever)", row=line)
                self._alias_nodes += self._expanded_size(node)
                if self._alias_nodes > self.alias_budget:
                    raise StudyInputError(self.path, f"YAML aliases expand beyond {self.alias_budget} nodes",
                                          row=line)
            return super().compose_node(parent, index)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._open_anchors.append(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            if anchor is not None:
                self._open_anchors.pop()

    def compose_mapping_node(self, anchor):
        node = super().compose_mapping_node(anchor)
        self._refuse_duplicate_keys(node)
        return node

    def _refuse_duplicate_keys(self, node) -> None:
        """A key given twice in one mapping (PyYAML would keep the last one silently)."""
        seen: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                continue  # merged keys may be overridden; complex keys are left to the constructor
            key = self.construct_object(key_node)
            try:
                first = seen.setdefault(key, key_node)
            except TypeError:
                continue
            if first is not key_node:
                raise StudyInputError(self.path, f"duplicate key (first given on line {self._line(first.start_mark)})",
                                      row=self._line(key_node.start_mark), key=key_node.value)

    def _refuse_tag(self, node):
        raise StudyInputError(self.path, f"the YAML tag {node.tag!r} is not allowed (a study file is plain data "
                                         "and must not run code)", row=self._line(node.start_mark))


StudyYamlLoader.add_constructor(None, StudyYamlLoader._refuse_tag)


def _yaml_problem(error: yaml.YAMLError) -> tuple[int | None, str]:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    return (mark.line + 1 if mark is not None else None), (f"{context}, {problem}" if context else problem)


def load_yaml(text: str, source: str | Path = "<yaml>"):
    """Parse YAML text with the study's loader (see StudyYamlLoader); errors name `source` and the line."""
    loader = StudyYamlLoader(text, source)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        line, problem = _yaml_problem(error)
        raise StudyInputError(source, f"is not valid YAML ({problem})", row=line) from None
    except RecursionError:
        raise StudyInputError(source, "YAML is nested too deeply") from None
    finally:
        loader.dispose()


def read_yaml(path: str | Path):
    """A YAML input as plain data, through the study's loader; every problem names the file and line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StudyInputError(path, "is not valid UTF-8") from None
    return load_yaml(text, path)


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside `path`; rename it into place only on success.

    The file gets the mode a plain ``open(path, "w")`` would give (0666 less the umask),
    not mkstemp's private 0600. An OSError while writing (a full disk, a quota) becomes an
    OutputWriteError naming `path`.
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OutputWriteError:
        raise
    except OSError as error:
        if error.filename not in (None, tmp, str(path)):
            raise  # about another file (an input read inside the block): leave it as it is
        raise OutputWriteError(error.errno, error.strerror or str(error), str(path)) from error
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_yaml(path: str | Path, data) -> None:
    """YAML with sorted keys and unicode kept readable, so diffs are meaningful."""
    write_text(path, yaml.safe_dump(data, sort_keys=True, allow_unicode=True, width=100))


SHOWN_FLOATS = "%.6g"  # tables people read: six significant digits
EXACT_FLOATS = "%.17g"  # intermediates another rule computes from: round-trip precision


# A spreadsheet runs a cell that starts with one of these as a formula (or, for TAB and CR,
# may drop the character and look at what follows). Numbers are not at risk: "-0.5" stays.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _needs_guard(text: str) -> bool:
    """True for text a spreadsheet would run: a formula start after any leading quotes, not a number.

    Leading quotes are skipped so that the rule can be undone exactly: a cell that already
    begins with quotes before a formula start gets one more, and `unguard_cell` removes one.
    """
    bare = text.lstrip(GUARD)
    return bare.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(bare)


def guard_cell(value):
    """A CSV cell for people: text a spreadsheet would run as a formula gets a leading "'"."""
    if isinstance(value, str) and _needs_guard(value):
        return GUARD + value
    return value


def unguard_cell(value):
    """Undo `guard_cell`: remove the one "'" it added (and only that)."""
    if isinstance(value, str) and value.startswith(GUARD) and _needs_guard(value[1:]):
        return value[1:]
    return value


def _text_columns(frame) -> list:
    return [c for c in frame.columns if frame[c].dtype == object or str(frame[c].dtype) in ("string", "category")]


def _map_text_columns(frame, cell):
    """`frame` with `cell` applied to every text cell and column name (numbers untouched)."""
    changed = {}
    for column in _text_columns(frame):
        values = frame[column].map(cell)
        if not values.equals(frame[column]):
            changed[column] = values
    names = [cell(c) for c in frame.columns]
    if not changed and names == list(frame.columns):
        return frame
    frame = frame.copy()
    for column, values in changed.items():
        frame[column] = values
    frame.columns = names
    return frame


def write_csv(path: str | Path, frame, float_format: str = SHOWN_FLOATS) -> None:
    """CSV with LF line ends and a fixed float format: byte-identical across runs.

    Text a spreadsheet would run as a formula is written with a leading "'" (guard_cell);
    read the file back with `read_csv` or `read_sheet`, which remove it. A cell holding a
    carriage return makes the file quote every cell (see below), so rows stay rows.
    """
    import csv

    frame = _map_text_columns(frame, guard_cell)
    # csv quotes a cell holding the line terminator ("\n") but not a lone CR, which readers take
    # for a line end: a table with such a cell is written with every cell quoted.
    quoting = csv.QUOTE_ALL if _has_carriage_return(frame) else csv.QUOTE_MINIMAL
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n", float_format=float_format, quoting=quoting)


def _has_carriage_return(frame) -> bool:
    def has(value) -> bool:
        return isinstance(value, str) and "\r" in value

    return any(map(has, frame.columns)) or any(
        frame[c].map(has).any() for c in _text_columns(frame))


def read_csv(path: str | Path, **options):
    """pandas.read_csv, then the formula guard of `write_csv` undone on every text cell and column name."""
    import pandas as pd

    return _map_text_columns(pd.read_csv(path, **options), unguard_cell)


def read_sheet(path: str | Path, columns: list[str] | None = None):
    """A CSV coding sheet as text columns; bad bytes, emptiness or wrong columns name the file."""
    import pandas as pd

    try:
        sheet = read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise StudyInputError(path, "is not valid UTF-8") from None
    except pd.errors.EmptyDataError:
        raise StudyInputError(path, "is empty") from None
    if columns is not None and list(sheet.columns) != list(columns):
        raise StudyInputError(path, f"columns are {list(sheet.columns)}, expected {list(columns)}", row=1)
    return sheet


TRUE_TEXTS, FALSE_TEXTS = ("true", "1"), ("false", "0")


def parse_bool(value) -> bool:
    """A flag read back from a CSV: a bool, or the text True/False (any case), 1/0.

    The one definition of how the study reads its own CSV flags; anything else is an
    error, never silently False.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE_TEXTS:
        return True
    if text in FALSE_TEXTS:
        return False
    raise ValueError(f"{value!r} is not a true/false flag")


def bool_column(series):
    """A CSV column of flags as booleans (parse_bool on every cell)."""
    if series.dtype == bool:
        return series
    return series.map(parse_bool).astype(bool)
