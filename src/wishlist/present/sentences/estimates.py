"""Conditions and words on the estimates: which comparative sentences the records support.

`ranking_sentence`: does the largest category stay ahead of every other when coding
errors move each category's count to the ends of its misclassification bounds
(wishlist.stats.misclassification)?
"""

from __future__ import annotations

from collections.abc import Mapping

from wishlist.brief.vocabulary import HOUSTON


def _pct(value) -> str:
    return f"{100 * float(value):.1f}"


def ranking_sentence(misclassification: Mapping) -> str:
    largest = misclassification.get("largest_category") or {}
    if not largest:
        return "Without an estimate of the coders' error rate, the ranking of the categories is not checked."
    rate = _pct(misclassification["error_rate_high_pct"])
    if largest.get("robust"):
        return (f"Even if {rate} % of codes were wrong, {largest['largest']} would keep at least "
                f"{_pct(largest['largest_low_pct'])} % of records, more than any other category could reach, "
                f"so its lead does not depend on coding error.")
    return (f"If {rate} % of codes were wrong, {largest['largest']} could fall to {_pct(largest['largest_low_pct'])} % "
            f"while {largest['highest_other']} could reach {_pct(largest['highest_other_high_pct'])} %: "
            f"the order of the largest categories rests on the codes being right.")


def sentences(fragment: Mapping) -> dict:
    us_it = fragment.get("us_it") or {}
    return {"when": {"us_leads_it": bool(us_it.get("largest")) and not bool(us_it.get("tied_largest")),
                     "houston_largest": fragment.get("largest_post") == HOUSTON},
            "ranking_sentence": ranking_sentence(fragment.get("misclassification") or {})}
