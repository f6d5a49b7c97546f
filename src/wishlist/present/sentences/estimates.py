"""Conditions on the estimates: which of the paper's comparative sentences the records support."""

from __future__ import annotations

from collections.abc import Mapping

from wishlist.brief.vocabulary import HOUSTON


def sentences(fragment: Mapping) -> dict:
    us_it = fragment.get("us_it") or {}
    return {"when": {"us_leads_it": bool(us_it.get("largest")) and not bool(us_it.get("tied_largest")),
                     "houston_largest": fragment.get("largest_post") == HOUSTON}}
