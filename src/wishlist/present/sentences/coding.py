"""Conditions on the coding stage: whether any record runs on provisional (model) codes, and whether
any takes its ally status from the dated alliance table."""

from __future__ import annotations

from collections.abc import Mapping


def provisional_sentence(fragment: Mapping) -> str:
    n = int(fragment.get("provisional_records", 0))
    if not n:
        return "Every record of this run carries human codes."
    return (f"This run uses provisional codes for {n} record{'' if n == 1 else 's'} without human codes, made by "
            f"the {fragment.get('provisional_model', 'suggestion model')}; every such code is labelled provisional.")


def sentences(fragment: Mapping) -> dict:
    return {"provisional_sentence": provisional_sentence(fragment),
            "when": {"provisional": int(fragment.get("provisional_records", 0)) > 0,
                     "allies_by_table": int(fragment.get("allies_by_table_records", 0)) > 0}}
