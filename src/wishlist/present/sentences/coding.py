"""Conditions on the coding stage: whether any record runs on provisional (model) codes."""

from __future__ import annotations

from collections.abc import Mapping


def provisional_sentence(fragment: Mapping) -> str:
    n = int(fragment.get("provisional_records", fragment.get("provisional_codes", 0)))
    if not n:
        return "Every record of this run carries human codes."
    return (f"This run uses provisional codes for {n} record{'' if n == 1 else 's'} without human codes, made by "
            f"the {fragment.get('provisional_model', 'suggestion model')}; every such code is labelled provisional.")


def sentences(fragment: Mapping) -> dict:
    n = int(fragment.get("provisional_records", fragment.get("provisional_codes", 0)))
    by_table = int(fragment.get("allies_by_table_records", 0))
    return {"provisional_sentence": provisional_sentence(fragment),
            "when": {"provisional": n > 0, "allies_by_table": by_table > 0}}
