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

# The keys each reference file may use. A misspelt key ("denomintor") would otherwise be
# ignored and its default used in silence. A schema is a dict of the keys a mapping may
# hold (each with the schema of its value; None: any value), or a one-item list: a list
# whose every item follows that schema.
_CLAIM_CHECK_KEYS = (
    "allowed", "allowed_label", "alternatives", "band", "coders", "container", "container_label", "count_limit",
    "count_op", "countries", "denominator", "denominator_label", "end", "evidence", "excluded", "excluded_label",
    "first", "first_year", "group_label", "items", "items_label", "k", "known", "last_year", "limit", "limit_label",
    "matching_label", "matching_types", "min_each", "minus", "mode", "named_types", "note", "numerator",
    "numerator_label", "op", "other_excluded_countries", "overlap", "pairs", "parts", "parts_label", "pattern",
    "quantifier", "reading", "rounding", "sample_size", "second", "sentence", "sequence", "start", "stated",
    "stated_count", "stated_percent", "stated_post", "stated_year", "target", "top_total", "total", "type", "unit",
    "value", "value_label", "why", "low_years", "high_years", "whole_years",
    "population_label")


def _keys(*names, **nested) -> dict:
    return {**dict.fromkeys(names), **nested}


_DATED = [_keys("date", "summary", "source", "note")]
_IDENTIFIED = _keys("alternatives", "figure", "quantity")
REFERENCE_SCHEMAS: dict[str, dict] = {
    "calibration_targets.yaml": _keys(targets=[_keys(
        "id", "statement", "source", "value", "kind", "expected", "reading", "computed_from", "denominator",
        "rounding", "conflict")]),
    "published_cases.yaml": _keys(
        cases=[_keys(
            "id", "group", "company", "country", "post", "post_basis", "post_note", "report_date", "report_source",
            "target_name", "target_note", "institution_type", "institution_basis", "mic2025_category",
            "category_basis", "ai_planted", "ai_basis", "cooperation_forms", "title_zh", "title_en", "title_basis",
            "archive_url", "description_zh", "source_note", "file_number",
            partnership_indicator=_keys("type", "date", "summary", "source", "note"), follow_up=_DATED)],
        government_labs_endnote_60=[_keys("target_name", "country", "records", "note")]),
    "brief_claims.yaml": _keys("quantifiers", claims=[_keys(
        "id", "location", "claim", "published", "relates_to", "source_basis", "primary_reading",
        check=_keys(*_CLAIM_CHECK_KEYS), identification=_IDENTIFIED,
        readings=[_keys("label", check=_keys(*_CLAIM_CHECK_KEYS), identification=_IDENTIFIED)])]),
    "identification.yaml": _keys(
        "brief_countries", "frame_years", "sets", "readings", "study_reading", "not_modelled",
        constraints=[_keys(
            "id", "count", "rule", "country", "chain", "then_each_country_not_in", "of", "each_country_in",
            "at_least_each_country_not_in", "readings", "base", "statement", "covers", "each", "categories")],
        quantities=[_keys("id", "quantity", "count", "of", "claims", "stated", "stated_kind", "stated_rounding",
                          "group")]),
}


def _check_keys(value, schema, path, where: str, record=None) -> None:
    """Refuse a key `schema` does not allow, anywhere in `value`; the error names the key and its entry."""
    if schema is None:
        return
    if isinstance(schema, list):
        if isinstance(value, list):
            for number, item in enumerate(value, start=1):
                identifier = item.get("id") if isinstance(item, Mapping) else None
                _check_keys(item, schema[0], path, f"{where}[{number}]",
                            identifier if identifier is not None else record or f"{where} entry {number}")
        return
    if not isinstance(value, Mapping):
        return  # the readers check types; this only checks names
    for key in value:
        if key not in schema:
            raise StudyInputError(path, f"unknown key {key!r} in {where or 'the top level'}; allowed: "
                                        f"{sorted(map(str, schema))}", record=record,
                                  field=f"{where}.{key}" if where else str(key))
        _check_keys(value[key], schema[key], path, f"{where}.{key}" if where else str(key), record)


def read_reference(path: str | Path, key: str | None = None) -> dict:
    """A reference YAML file as a mapping (empty file: {}); `key`, if given, must hold a list.

    Read with the study's YAML reader (duplicate keys and alias bombs refused); the four
    files of data/reference are checked against REFERENCE_SCHEMAS, so an unknown or misspelt
    key stops the study instead of being ignored.
    """
    document = read_yaml(path) or {}
    if not isinstance(document, Mapping):
        raise StudyInputError(path, "must be a YAML mapping at the top level")
    if key is not None and not isinstance(document.get(key, []), list):
        raise StudyInputError(path, f"'{key}' must be a list", field=key)
    schema = REFERENCE_SCHEMAS.get(Path(path).name)
    if schema is not None:
        _check_keys(document, schema, path, "")
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
