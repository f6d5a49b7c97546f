"""The numbers contract's storage side: a stage's numbers fragment, cleaned and written.

Every number the manuscript cites lives in results/numbers.yml, joined from one
fragment per stage. Stages only store values here; how a value is shown (the
key-suffix rule: ``*_pct`` a fraction shown as a percentage, ...) is decided once,
in wishlist.present.numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from wishlist.core.files import write_yaml

PRECISION = 6  # decimals kept in numbers.yml: enough for any derived display value


def clean(value):
    """Make a value YAML-safe and stable: round floats, turn numpy scalars into Python."""
    if isinstance(value, Mapping):
        dotted = [k for k in value if "." in str(k)]
        if dotted:
            raise ValueError(f"number key {dotted[0]!r} contains '.', which separates nested keys")
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("NaN cannot be a manuscript number")
        return round(value, PRECISION)
    raise TypeError(f"unsupported number type {type(value).__name__}")


def write_numbers(path, fragment) -> None:
    """Write a stage's numbers fragment: cleaned (plain, rounded types), sorted YAML."""

    write_yaml(path, clean(fragment))


def share_numbers(count, n) -> dict:
    """The numbers.yml fragment of a census share: count, n and share, no interval (an empty base: count and n)."""
    if int(n) == 0:
        return {"count": int(count), "n": 0}
    return {"count": int(count), "n": int(n), "share_pct": int(count) / int(n)}


def proportion_numbers(count, n, share, low, high, method) -> dict:
    """The numbers.yml fragment of one share (*_pct are proportions in [0, 1])."""
    return {"count": int(count), "n": int(n), "share_pct": float(share), "ci_low_pct": float(low),
            "ci_high_pct": float(high), "ci_method": method}


def row_numbers(row) -> dict:
    """numbers.yml fragment of a share-table row; an empty base gives only count and n."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    if int(get("n")) == 0:
        return {"count": int(get("count")), "n": 0}
    return proportion_numbers(get("count"), get("n"), get("share"), get("ci_low"), get("ci_high"), get("ci_method"))
