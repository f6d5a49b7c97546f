"""Readers of data/reference: the brief's published figures, the cases it names, its claims.

Each file is read once per stage through these functions, so how a target is found by
id, or which cases are Table 1's, is written once:

- calibration_targets.yaml: every figure the brief publishes (`targets`, each with an `id`);
- published_cases.yaml: every case the brief names (`cases`; Table 1's have `group: table_1`);
- brief_claims.yaml: the brief's quantitative claims (`claims`);
- identification.yaml: the published figures as constraints on cell counts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from wishlist.core.errors import StudyInputError
from wishlist.core.files import read_yaml

TABLE_1 = "table_1"  # the `group` of the 14 Table 1 companies in published_cases.yaml


def read_reference(path: str | Path, key: str | None = None) -> dict:
    """A reference YAML file as a mapping (empty file: {}); `key`, if given, must hold a list."""
    document = read_yaml(path) or {}
    if not isinstance(document, Mapping):
        raise StudyInputError(path, "must be a YAML mapping at the top level")
    if key is not None and not isinstance(document.get(key, []), list):
        raise StudyInputError(path, f"'{key}' must be a list", field=key)
    return dict(document)


def targets_by_id(targets: Mapping | Sequence[Mapping], path: str | Path = "calibration_targets.yaml") -> dict:
    """Calibration targets keyed by id (a document with `targets`, or the list itself); ids must be unique."""
    rows = targets.get("targets", []) if isinstance(targets, Mapping) else list(targets)
    by_id: dict[str, Mapping] = {}
    for number, target in enumerate(rows, start=1):
        identifier = target.get("id")
        if identifier in by_id:
            raise StudyInputError(path, f"target id {identifier!r} appears twice", record=number, field="id")
        by_id[identifier] = target
    return by_id


def table1_cases(published_cases: Mapping) -> list[Mapping]:
    """The Table 1 companies of published_cases.yaml, in file order."""
    return [case for case in published_cases.get("cases") or [] if case.get("group") == TABLE_1]


def statements(document: Mapping, key: str) -> dict[str, str]:
    """id -> statement (the brief's words) of the entries under `key` that have one."""
    return {entry["id"]: entry["statement"] for entry in document.get(key) or [] if entry.get("statement")}
