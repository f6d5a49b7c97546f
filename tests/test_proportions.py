"""Confidence intervals against Newcombe (1998) and the closed-form Wilson formula."""

import math

import pytest

from wishlist.proportions import proportion_ci

# Newcombe RG (1998). Two-sided confidence intervals for the single proportion:
# comparison of seven methods. Stat Med 17:857-872, Table II: method 3 (Wilson
# score, no continuity correction) and method 5 (Clopper-Pearson "exact").
NEWCOMBE_1998 = [
    # count, n, method, low, high
    (81, 263, "wilson", 0.2553, 0.3662),
    (15, 148, "wilson", 0.0624, 0.1605),
    (0, 20, "wilson", 0.0000, 0.1611),
    (1, 29, "wilson", 0.0061, 0.1718),
    (81, 263, "clopper_pearson", 0.2527, 0.3676),
    (15, 148, "clopper_pearson", 0.0578, 0.1617),
    (0, 20, "clopper_pearson", 0.0000, 0.1684),
    (1, 29, "clopper_pearson", 0.0009, 0.1776),
]


@pytest.mark.parametrize("count,n,method,low,high", NEWCOMBE_1998)
def test_intervals_match_newcombe_1998(count, n, method, low, high):
    ci = proportion_ci(count, n, method)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)


def wilson_closed_form(x, n, z=1.959963984540054):
    """Wilson (1927): (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


@pytest.mark.parametrize("count,n", [(171, 642), (14, 30), (67, 100), (69, 77), (0, 30), (30, 30)])
def test_wilson_matches_closed_form(count, n):
    low, high = wilson_closed_form(count, n)
    ci = proportion_ci(count, n, "wilson")
    assert ci.low == pytest.approx(max(0.0, low), abs=1e-12)
    assert ci.high == pytest.approx(min(1.0, high), abs=1e-12)


def test_default_is_wilson_not_wald():
    # Wald for 0/20 would be the degenerate [0, 0]
    assert proportion_ci(0, 20).high == pytest.approx(0.1611, abs=1e-4)


@pytest.mark.parametrize("args", [(5, 4), (-1, 4), (1, 0)])
def test_impossible_counts_are_refused(args):
    with pytest.raises(ValueError):
        proportion_ci(*args)


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown interval method"):
        proportion_ci(1, 2, "wald")
