"""A published figure as integer-exact linear rows over the cell counts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wishlist.brief.rounding import (
    HALF_UP,
    LOWER_BOUND,
    ROUNDED,
    UPPER_BOUND,
    count_range,
    exact,
    rounding_interval,
)

EXACT_COUNT = "exact count"
KINDS = (EXACT_COUNT, LOWER_BOUND, UPPER_BOUND, ROUNDED)  # the kinds of calibration_targets.yaml


@dataclass(frozen=True)
class Row:
    """lower <= coefficients . x <= upper, from the published figure `id`."""

    id: str
    coefficients: np.ndarray = field(repr=False)
    lower: float
    upper: float


def ge(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, float(value), math.inf)


def le(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, -math.inf, float(value))


def eq(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, float(value), float(value))


def figure_rows(rid: str, kind: str, value, num: np.ndarray, den: np.ndarray | int | None,
                rounding: str = HALF_UP) -> list[Row]:
    """Integer-exact rows for one published figure about num (over den, if a share).

    Strict inequalities become >= 1 / <= -1 after scaling to integers: every
    count is an integer, so 100*q*num - p*den > 0 means it is at least 1. A
    base that another figure fixes (an int) turns the share into a count range
    (wishlist.brief.rounding.count_range), which keeps the rows small and the solver fast.
    """
    v = exact(value)
    if isinstance(den, int):
        low, high = count_range(kind, v, den, rounding)
        return [Row(rid, num, float(low), float(high))]
    if den is None:
        if kind == EXACT_COUNT:
            return [eq(rid, num, v)]
        if kind == LOWER_BOUND:
            return [ge(rid, num, math.floor(v) + 1)]
        if kind == UPPER_BOUND:
            return [le(rid, num, math.ceil(v) - 1)]
        raise ValueError(f"{rid}: a {kind} needs a denominator ('of')")
    p, q = v.numerator, v.denominator
    if kind == LOWER_BOUND:  # num/den > v %
        return [ge(rid, 100 * q * num - p * den, 1)]
    if kind == UPPER_BOUND:  # num/den < v %
        return [le(rid, 100 * q * num - p * den, -1)]
    if kind == ROUNDED:  # low <= 100 num/den < high
        low, high = rounding_interval(v, rounding)
        scale = math.lcm(low.denominator, high.denominator)
        return [ge(rid, 100 * scale * num - int(low * scale) * den, 0),
                le(rid, 100 * scale * num - int(high * scale) * den, -1)]
    raise ValueError(f"{rid}: kind {kind!r} cannot be stated as a share")


def stated_interval(value, kind: str | None, rounding: str, is_share: bool) -> tuple[Fraction, Fraction, bool, bool]:
    """The values (as a share in [0, 1], or a count) a stated figure allows: low, high, closed ends."""
    v = exact(value)
    scale = Fraction(1, 100) if is_share else Fraction(1)
    if kind == EXACT_COUNT:
        return v * scale, v * scale, True, True
    if kind == LOWER_BOUND:
        return v * scale, Fraction(10**9), False, True
    if kind == UPPER_BOUND:
        return Fraction(-1), v * scale, True, False
    low, high = rounding_interval(v, rounding)
    return low * scale, high * scale, True, False
