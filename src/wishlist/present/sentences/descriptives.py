"""Words on the descriptive tables: whether the largest categories can be ranked."""

from __future__ import annotations

from collections.abc import Mapping


def ranking_sentence(separated) -> str:
    if separated is None:
        return "Without simultaneous intervals, the categories are not ranked with confidence here."
    if separated:
        return ("The simultaneous intervals of the two largest categories do not overlap, so the largest leads "
                "with confidence; smaller neighbours may still be tied.")
    return "The simultaneous intervals are wide enough that even the two largest categories cannot be ranked with confidence."


def sentences(fragment: Mapping) -> dict:
    return {"ranking_sentence": ranking_sentence(fragment.get("top_two_categories_separated"))}
