"""Checks that must run before Snakemake reads the configuration."""

from __future__ import annotations

from pathlib import Path


def readable_yaml(path: str | Path) -> None:
    """Fail with the file, line and column of a YAML syntax error.

    Snakemake's own message for a broken config file names neither the file nor
    the line; this check runs first so a user can find the mistake.
    """
    import yaml

    path = Path(path)
    try:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{path}{where}: not valid YAML ({problem})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not valid UTF-8") from None
