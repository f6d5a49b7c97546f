"""Checks that run once per invocation: the config before Snakemake reads it, the data before any job.

The Snakefile calls `readable_yaml` and `validate_config` while it is parsed (a DAG
cannot be built from a broken config), and `verify_data_or_exit` from its
``onstart`` handler: once, in the invoking process, before the first job, and never
on a dry run, a lint or inside a cluster job.
"""

from __future__ import annotations

import sys
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


def validate_config(config: dict, schema_path: str | Path, config_file: str = "config/config.yaml") -> None:
    """Validate against the JSON schema (filling defaults); restate the first error as 'file, field: problem'."""
    from snakemake.utils import validate

    try:
        validate(config, str(schema_path))
    except Exception:
        import jsonschema
        import yaml

        schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
        if not errors:
            raise
        first = errors[0]
        field = ".".join(str(p) for p in first.path) or "(top level)"
        problem = first.message
        if first.validator == "pattern" and field.startswith("inputs."):
            problem = f"path {first.instance!r} must be relative and stay inside the repository (no '..')"
        raise ValueError(f"{config_file}, field '{field}': {problem}") from None
    window = config["study_window"]
    if window["first_year"] > window["last_year"]:
        raise ValueError(f"{config_file}, field 'study_window': first_year {window['first_year']} is after "
                         f"last_year {window['last_year']}")


def verify_data_or_exit(data_dir: str | Path = "data") -> None:
    """Stop before any job if a pinned data file changed (see wishlist.core.checksums)."""
    from wishlist.core.checksums import verify_data

    problems = verify_data(data_dir)
    if problems:
        print("error: input data differ from their checksum manifests:\n  " + "\n  ".join(problems)
              + "\nIf the change is deliberate, run `make manifests` and commit the manifests.", file=sys.stderr)
        sys.exit(1)
