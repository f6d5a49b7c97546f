"""Words on the case study: which readings of the brief's "about half" the interval admits, and how large a
part of the sample the deals after the report are."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction


def about_half_sentence(share: Mapping) -> str:
    """Whether one half, and one in three, lie inside the partnered share's interval, in words."""
    low, high = float(share["ci_low_pct"]), float(share["ci_high_pct"])
    half = low <= 0.5 <= high
    third = low <= float(Fraction(1, 3)) <= high
    if half and third:
        return "“About half” is compatible with these data, but so is one in three."
    if half:
        return "“About half” is compatible with these data, and one in three is not."
    return "“About half” lies outside this interval" + (", and one in three inside it." if third else ", and so does one in three.")


def part_of(count: int, n: int) -> str:
    """How large a part `count` of `n` is, in words: 'a minority', 'half', 'a majority'."""
    if 2 * count < n:
        return "a minority"
    return "half" if 2 * count == n else "a majority"


def sentences(fragment: Mapping) -> dict:
    share = fragment.get("partnered_share") or {}
    out = {}
    after = (fragment.get("typology") or {}).get("deal_after_report") or {}
    if "count" in after:
        out["deals_after_report_part"] = part_of(int(after["count"]), int(after["n"]))
    if "ci_low_pct" not in share:
        return out | {"about_half_sentence": "With no investigated case, the share cannot be estimated."}
    return out | {"about_half_sentence": about_half_sentence(share)}
