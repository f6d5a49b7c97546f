"""Words on coder agreement: the records' agreement beside the brief's published one."""

from __future__ import annotations

from collections.abc import Mapping


def agreement_sentence(fragment: Mapping) -> str:
    category, published = fragment.get("mic2025_category") or {}, fragment.get("published") or {}
    count, n = category.get("agreements"), fragment.get("double_coded")
    if count is None or not n:
        return "No record is coded by both coders, so their agreement cannot be measured."
    said = f"The {n} double-coded records agree on the category in {count}"
    if published and (count, n) == (published.get("count"), published.get("n")):
        return f"{said}, as often as the brief reports."
    if published:
        return f"{said}; the brief reports {published['count']} of {published['n']}."
    return f"{said}."


def sentences(fragment: Mapping) -> dict:
    return {"agreement_sentence": agreement_sentence(fragment)}
