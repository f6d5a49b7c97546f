"""Words on the claims audit: the verdicts counted by tier, and which claims each tier holds.

The claims_audit stage stores counts per verdict and, per fault tier, the numbers of its
claims (``numbers_<tier>``, "11;23;65"); the sentences name them with grammatical number
following the counts, so the paper's account of the audit is true of whatever verdicts the
claims file and the records give.
"""

from __future__ import annotations

from collections.abc import Mapping

from wishlist.present.sentences.ingest import listed, plural

TIERS = ("arithmetic_conflict", "unsupported", "wording")
RAW_KEYS = tuple(f"numbers_{tier}" for tier in TIERS)


def claim_list(numbers: str) -> str:
    """"claim 29", "claims 11 and 23", "claims 11, 23 and 65", or "no claim"."""
    items = [n for n in str(numbers or "").split(";") if n]
    if not items:
        return "no claim"
    return ("claim " if len(items) == 1 else "claims ") + listed(items)


def tiers_sentence(fragment: Mapping) -> str:
    """The checkable claims by tier, gravest first."""
    arithmetic, unsupported = int(fragment["arithmetic_conflict"]), int(fragment["unsupported"])
    wording, consistent = int(fragment["wording"]), int(fragment["consistent"])
    checkable = int(fragment["checkable"])
    return (f"Of the {plural(checkable, 'claim')} that published material can check, "
            f"{arithmetic} {'is an arithmetic conflict' if arithmetic == 1 else 'are arithmetic conflicts'} "
            f"between published figures ({claim_list(fragment.get('numbers_arithmetic_conflict'))}), "
            f"{unsupported} {'is' if unsupported == 1 else 'are'} not supported by the brief’s own evidence "
            f"({claim_list(fragment.get('numbers_unsupported'))}), "
            f"{wording} {'fails' if wording == 1 else 'fail'} under one reading but {'holds' if wording == 1 else 'hold'} "
            f"under another, a matter of wording or rounding ({claim_list(fragment.get('numbers_wording'))}), "
            f"and {consistent} {'is' if consistent == 1 else 'are'} consistent under every reading.")


def sentences(fragment: Mapping) -> dict:
    return {"tiers_sentence": tiers_sentence(fragment),
            **{f"claims_{tier}": claim_list(fragment.get(f"numbers_{tier}")) for tier in TIERS}}
