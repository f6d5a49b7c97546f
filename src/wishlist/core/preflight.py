"""Checks that run once per invocation: the config before Snakemake reads it, the data before any job.

The Snakefile calls `readable_yaml` and `validate_config` while it is parsed (a DAG
cannot be built from a broken config), and `verify_data_or_exit` from its
``onstart`` handler: once, in the invoking process, before the first job, and never
on a dry run, a lint or inside a cluster job.
"""

from __future__ import annotations

import datetime
import math
import sys
from pathlib import Path

# Keys that switch on Snakemake's YAML templating (yte), which evaluates Python in the
# config's values; yte reads them at the top level of the document.
TEMPLATING_KEYS = ("__use_yte__", "__definitions__", "__variables__")


def readable_yaml(path: str | Path) -> None:
    """Read the config the way the study reads every YAML file, before Snakemake does.

    Snakemake's own message for a broken config file names neither the file nor the
    line, and its loader runs YAML templating (yte: ``__use_yte__: true`` makes every
    ``?``-value a Python expression, evaluated even on a dry run). This check runs first,
    with the study's loader (wishlist.core.files.read_yaml: no code-running tags, no
    duplicate keys, no alias bombs), and refuses the templating keys, so a config can
    neither run code nor exhaust the machine.
    """
    from wishlist.core.files import read_yaml

    path = Path(path)
    try:
        document = read_yaml(path)
    except ValueError as exc:  # StudyInputError: already 'file, line N: problem'
        raise ValueError(str(exc)) from None
    if isinstance(document, dict):
        for key in TEMPLATING_KEYS:
            if key in document:
                raise ValueError(f"{path}, key '{key}': templating is not allowed (the config must not run code)")


def _non_finite(value, where: str = ""):
    """(field, value) of the first NaN or infinite number in a config, depth first; None if none."""
    if isinstance(value, float) and not math.isfinite(value):
        return where, value
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found = _non_finite(child, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


def _date_fields(schema: dict, config, where: str = ""):
    """(field, value) of every config string whose schema says `format: date`."""
    if schema.get("format") == "date" and isinstance(config, str):
        yield where, config
    for key, sub in (schema.get("properties") or {}).items():
        if isinstance(config, dict) and key in config:
            yield from _date_fields(sub, config[key], f"{where}.{key}" if where else key)


def _institution_types(codebook_path) -> list[str] | None:
    """The codes of the codebook's institution types, or None if the codebook cannot say (its rule will)."""
    from wishlist.core.files import read_yaml

    try:
        entries = read_yaml(codebook_path)["institution_types"]
        return [entry["code"] for entry in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def validate_config(config: dict, schema_path: str | Path, config_file: str = "config/config.yaml") -> None:
    """Validate against the JSON schema (filling defaults); restate the first error as 'file, field: problem'.

    Beyond the schema, each value is checked on its own field: numbers must be finite (the
    schema's bounds let NaN through), dates must exist, the sample frame's institution type
    must be a code of the codebook and its years must lie in the study window.
    """
    from snakemake.utils import validate

    from wishlist.core.files import read_yaml

    found = _non_finite(config)
    if found:
        raise ValueError(f"{config_file}, field '{found[0]}': must be a finite number, not {found[1]}")
    try:
        validate(config, str(schema_path))
    except Exception:
        import jsonschema

        schema = read_yaml(schema_path)
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
        if not errors:
            raise
        first = errors[0]
        field = ".".join(str(p) for p in first.path) or "(top level)"
        problem = first.message
        if first.validator == "pattern" and field.startswith("inputs."):
            problem = f"path {first.instance!r} must be relative and stay inside the repository (no '..')"
        raise ValueError(f"{config_file}, field '{field}': {problem}") from None
    for field, value in _date_fields(read_yaml(schema_path), config):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{config_file}, field '{field}': {value!r} is not a date that exists "
                             "(YYYY-MM-DD)") from None
    window = config["study_window"]
    if window["first_year"] > window["last_year"]:
        raise ValueError(f"{config_file}, field 'study_window': first_year {window['first_year']} is after "
                         f"last_year {window['last_year']}")
    sample = config["sample"]
    outside = [y for y in sample["frame_years"] if not window["first_year"] <= y <= window["last_year"]]
    if outside:
        raise ValueError(f"{config_file}, field 'sample.frame_years': {outside[0]} is outside the study window "
                         f"{window['first_year']}-{window['last_year']} (no record of it is studied)")
    codebook = config["inputs"]["codebook"]
    codes = _institution_types(codebook)
    if codes is not None and sample["frame_institution_type"] not in codes:
        raise ValueError(f"{config_file}, field 'sample.frame_institution_type': "
                         f"{sample['frame_institution_type']!r} is not an institution type of {codebook} "
                         f"(one of {', '.join(codes)})")


def verify_data_or_exit(config: dict, data_dir: str | Path = "data", root: str | Path = ".") -> None:
    """Stop before any job unless every input the workflow reads is pinned (see wishlist.core.checksums).

    Checked: the data folders (data/, data/raw, data/coding, data/reference) and every path
    under the config's `inputs` (a folder such as `inputs.raw_records`: every file the
    workflow reads from it; a file: itself). Each folder holding such files needs a
    MANIFEST.sha256 (missing: an error naming the folder); each such file must be listed
    there and match; each listed file must exist.

    Outside inputs: a checked path, a file read through it, or a manifest that resolves
    (after following symlinks) outside `root` (the repository, the working directory) is
    refused, naming the path and where it points, and is not read. It is accepted only when
    an entry of `inputs.outside` (a path, absolute or relative to the root) is where it
    points or a folder above that. An accepted outside file is verified like any other:
    against the manifest of the folder it is named through (for a symlinked year file,
    data/raw/MANIFEST.sha256 inside the repository; for a configured folder that itself
    points outside, the manifest beside its files there).

    Prints one message and exits 1 (no traceback); called from the Snakefile's onstart,
    so never on a dry run.
    """
    from wishlist.core.checksums import verify_data

    problems = verify_data(data_dir, config, root)
    if problems:
        refused = [p for p in problems if "points outside the repository" in p]
        advice = ("\nIf a change is deliberate, run `make manifests` and commit the manifests."
                  if len(refused) < len(problems) else "")
        print("error: the inputs fail the checksum gate (nothing was run):\n  " + "\n  ".join(problems) + advice,
              file=sys.stderr)
        sys.exit(1)
