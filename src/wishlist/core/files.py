"""Deterministic, atomic output writers (a failed rule must leave no partial file), and the YAML reader."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import yaml

from wishlist.core.errors import StudyInputError


def read_yaml(path: str | Path):
    """Safe-load a YAML input; a syntax error names the file (and YAML's line and column)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise StudyInputError(path, f"is not valid YAML: {error}") from None


@contextlib.contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside `path`; rename it into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
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


def write_csv(path: str | Path, frame, float_format: str = SHOWN_FLOATS) -> None:
    """CSV with LF line ends and a fixed float format: byte-identical across runs."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n", float_format=float_format)


def read_sheet(path: str | Path, columns: list[str] | None = None):
    """A CSV coding sheet as text columns; bad bytes, emptiness or wrong columns name the file."""
    import pandas as pd

    try:
        sheet = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
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
