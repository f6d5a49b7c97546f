"""A small brief for the identification stage tests (tests/stages/test_sharp_bounds.py and its siblings).

Four countries A..D, categories x, y, z, one institution type (company). The figures: 12 records
(`records_in_window`); every country has a record and A has more than each other (`countries`);
A has 5 records (`a`) and 3 'x' records (`a_x`) and more 'x' records than any other (`lead`).
Reading `strict` adds "A has more than 6 records" (`a_big`), which contradicts `a`.

By hand (reading `plain`):
- A's share is 5/12, determined.
- The 'x' records of B, C and D: at most 2 each (fewer than A's 3), so 0..6. The bare structure
  (12 records, each country one or more, A the largest) allows 0..8: A = 4 leaves 8 records to
  B, C, D (at most 3 each), all of them possibly 'x'. So: constrained.
- A's records without the figure `a`: A has 3 'x' records and more than each other country, so
  12 - A <= 3 (A - 1), A >= 4; the others have one each at least, A <= 9: 4..9.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import yaml

SPEC = {
    "brief_countries": ["A", "B", "C", "D"],
    "readings": {"plain": {"description": "every figure as printed, but a_big"},
                 "strict": {"description": "with a_big"}},
    "study_reading": "plain",
    "constraints": [
        {"id": "records_in_window", "count": {}},
        {"id": "countries", "rule": "at_least_one_each", "country": "@all"},
        {"id": "countries", "rule": "decreasing", "chain": [{"country": "A"}], "then_each_country_not_in": ["A"]},
        {"id": "a", "count": {"country": "A"}, "statement": "A has five records"},
        {"id": "a_x", "count": {"country": "A", "category": "x"}},
        {"id": "lead", "rule": "largest", "count": {"country": "A", "category": "x"}, "each": "country",
         "base": {"category": "x"}},
        {"id": "a_big", "count": {"country": "A"}, "readings": ["strict"]},
    ],
    "quantities": [
        {"id": "a_share", "quantity": "A's share", "count": {"country": "A"}, "of": {}},
        {"id": "others_x", "quantity": "B, C and D's x records", "count": {"country": ["B", "C", "D"],
                                                                         "category": "x"}},
        {"id": "a_count", "quantity": "A's records", "count": {"country": "A"}, "claims": ["a"], "stated": 5,
         "stated_kind": "exact count"},
    ],
}
TARGETS = {"targets": [
    {"id": "records_in_window", "kind": "exact count", "value": 12, "statement": "The brief counts 12 records"},
    {"id": "countries", "kind": "exact count", "value": 4, "statement": "the records lie in four countries"},
    {"id": "a", "kind": "exact count", "value": 5, "statement": "Country A hosted five records."},
    {"id": "a_x", "kind": "exact count", "value": 3, "statement": "A has three x records"},
    {"id": "lead", "kind": "exact count", "value": 0, "statement": "A leads in x"},
    {"id": "a_big", "kind": "lower bound", "value": 6, "statement": "More than six records are A's"},
]}
CODEBOOK = {"mic2025_categories": [{"code": c, "en": c} for c in ("x", "y", "z")],
            "institution_types": [{"code": "company", "en": "Company"}],
            "ai_ml_keywords": {"terms": [], "matching": {}}, "cooperation_forms": {"forms": []},
            "country_groups": {"us_allies": {"countries": []}}}
# A corpus meeting the figures: A 5 (3 x, 2 y), B 3 (2 x, 1 z), C 2 (y), D 2 (z); two AI records.
CODED = [("A", "x", True)] * 3 + [("A", "y", False)] * 2 + [("B", "x", True), ("B", "x", False), ("B", "z", False)] \
    + [("C", "y", False)] * 2 + [("D", "z", False)] * 2


def write_brief(folder: Path, spec: dict | None = None) -> SimpleNamespace:
    """The four input files of the identification rules, as the rules' `input` namespace."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"spec": spec or SPEC, "targets": TARGETS, "cases": {}, "codebook": CODEBOOK}
    paths = {}
    for name, document in files.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return SimpleNamespace(**paths)


def write_coded(path: Path, rows=None) -> Path:
    """A coded-records table of `rows` (default CODED; the columns the identification rules read)."""
    lines = [("country,institution_type,mic2025_category,ai_flag,year,post_en,target_name,n_cooperation_forms,"
              "provenance")]
    lines += [f"{c},company,{k},{ai},2015,Berlin,t{i},1,reconstructed" for i, (c, k, ai) in enumerate(rows or CODED)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
