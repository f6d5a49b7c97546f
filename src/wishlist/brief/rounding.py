"""Rounding of a percentage against a figure the brief states: one vocabulary, one exact implementation.

The brief prints percentages ("27 percent", "89 percent", "12.5 percent") and bounds
("more than 70 percent", "less than 12 percent"). Checking a count against such a
figure means asking which exact percentages 100·count/n the printed figure admits.
That depends on how the brief rounded, and there are two rules:

- ``HALF_UP``: round to the nearest value at the printed precision, halves up
  (171/642 = 26.63 % -> 27 %; 1/8 = 12.5 % -> 13 %). The brief's usual rule.
- ``TRUNCATE``: drop the decimals beyond the printed precision
  (69/77 = 89.61 % -> 89 %).

Everything is exact rational arithmetic (:class:`fractions.Fraction`): no float
ever decides whether a percentage rounds one way or the other. A stated figure
given as a float (33.3) is read through its decimal text, never its binary value.

The words used in data files are these constants' values (``"half_up"``,
``"truncate"``); a file with other words (brief_claims.yaml's ``nearest``) maps
them onto these constants where it is read.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

HALF_UP = "half_up"
"""Round to the nearest value at the stated precision; an exact half goes up (12.5 -> 13)."""

TRUNCATE = "truncate"
"""Drop the digits beyond the stated precision (89.6 -> 89); never rounds up."""

RULES = (HALF_UP, TRUNCATE)

# statement kinds a percentage can be stated as (the words of calibration_targets.yaml)
ROUNDED = "rounded percentage"
LOWER_BOUND = "lower bound"  # the share is more than the stated percent
UPPER_BOUND = "upper bound"  # the share is less than the stated percent


def exact(value) -> Fraction:
    """A number as an exact fraction; a float is read through its shortest decimal text (33.3 -> 333/10)."""
    if isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def percent(numerator, denominator) -> Fraction:
    """Exact percentage 100 · numerator / denominator."""
    if denominator == 0:
        raise ValueError("denominator is zero")
    return Fraction(100) * exact(numerator) / exact(denominator)


def decimals(value) -> int:
    """How many decimals a stated figure is printed with: 27 -> 0, 12.5 -> 1, 33.30 (float 33.3) -> 1."""
    if isinstance(value, bool):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, int):
        return 0
    if isinstance(value, float):
        text = repr(value).rstrip("0").rstrip(".")
    elif isinstance(value, (str, Decimal)):
        text = str(value)
    else:
        raise TypeError(f"{value!r} is not a printed decimal figure (int, float, str or Decimal)")
    if not text.replace(".", "", 1).lstrip("-").isdigit():
        raise ValueError(f"{value!r} is not a printed decimal figure")
    return len(text.split(".")[1]) if "." in text else 0


def _check(rule: str) -> None:
    if rule not in RULES:
        raise ValueError(f"rounding must be one of {RULES}, got {rule!r}")


def round_to(value, rule: str, places: int = 0) -> Fraction:
    """`value` rounded by `rule` to `places` decimals, exactly (HALF_UP 12.5 -> 13, TRUNCATE 89.61 -> 89)."""
    _check(rule)
    unit = Fraction(1, 10**places)
    steps = exact(value) / unit
    return (math.floor(steps + Fraction(1, 2)) if rule == HALF_UP else math.floor(steps)) * unit


def round_percent(value, rule: str) -> int:
    """Whole percent of an exact percentage `value` by `rule` (HALF_UP 26.63 -> 27, TRUNCATE 89.61 -> 89)."""
    return int(round_to(value, rule, 0))


def rounding_interval(stated, rule: str, places: int = 0) -> tuple[Fraction, Fraction]:
    """The half-open range [low, high) of exact values that round by `rule` to `stated` at `places` decimals.

    HALF_UP: [stated - u/2, stated + u/2); TRUNCATE: [stated, stated + u), with u = 10**-places.
    """
    _check(rule)
    stated, unit = exact(stated), Fraction(1, 10**places)
    return (stated - unit / 2, stated + unit / 2) if rule == HALF_UP else (stated, stated + unit)


def count_range(kind: str, value, denominator: int, rule: str = HALF_UP) -> tuple[int, int]:
    """Whole counts out of `denominator` whose percentage meets a stated figure: (lowest, highest).

    `kind` is ROUNDED (the percentage rounds by `rule` to `value`, at whole-percent
    precision), LOWER_BOUND (more than `value` %) or UPPER_BOUND (less than `value` %).
    E.g. 25 % of 642 half up: 25 ± 0.5 % of 642 is [157.29, 163.71), so 158..163.
    The range is not clipped to 0..denominator (an empty range has lowest > highest).
    """
    v, d = exact(value), denominator
    if kind == LOWER_BOUND:
        return math.floor(v * d / 100) + 1, d
    if kind == UPPER_BOUND:
        return 0, math.ceil(v * d / 100) - 1
    if kind == ROUNDED:
        low, high = rounding_interval(v, rule)
        return math.ceil(low * d / 100), math.ceil(high * d / 100) - 1
    raise ValueError(f"kind {kind!r} cannot be stated as a share")


def counts_rounding_to(stated_percent, denominator: int, rule: str) -> list[int]:
    """Every whole count 0..denominator whose percentage of `denominator` rounds by `rule` to `stated_percent`."""
    low, high = count_range(ROUNDED, stated_percent, denominator, rule)
    return list(range(max(low, 0), min(high, denominator) + 1))


def agrees(numerator, denominator, stated, rule: str, places: int | None = None) -> bool:
    """Does 100·numerator/denominator round by `rule` to `stated` (at the precision `stated` is printed with)?"""
    places = decimals(stated) if places is None else places
    return round_to(percent(numerator, denominator), rule, places) == exact(stated)
