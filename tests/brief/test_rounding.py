"""wishlist.brief.rounding: percentages against a stated figure, checked against hand-worked arithmetic
and against Python's decimal module (an independent implementation of half-up rounding)."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from wishlist.brief.rounding import (
    HALF_UP,
    LOWER_BOUND,
    ROUNDED,
    TRUNCATE,
    UPPER_BOUND,
    agrees,
    count_range,
    counts_rounding_to,
    decimals,
    exact,
    percent,
    round_percent,
    round_to,
    rounding_interval,
)


@pytest.mark.parametrize("count,n,rule,expected", [
    (171, 642, HALF_UP, 27),    # 17100/642 = 26.636 -> 27
    (264, 529, HALF_UP, 50),    # 26400/529 = 49.905 -> 50
    (264, 529, TRUNCATE, 49),   # ... truncated: 49
    (1, 8, HALF_UP, 13),        # 12.5 exactly: the half goes up
    (1, 8, TRUNCATE, 12),
    (69, 77, HALF_UP, 90),      # 6900/77 = 89.61 -> 90
    (69, 77, TRUNCATE, 89),
    (190, 642, HALF_UP, 30),    # 19000/642 = 29.60 -> 30 (the brief prints 25)
])
def test_whole_percent(count, n, rule, expected):
    assert round_percent(percent(count, n), rule) == expected


def test_rounding_is_exact_at_the_stated_precision():
    assert percent(1, 8) == Fraction(25, 2)
    assert round_to(percent(1, 8), HALF_UP, 1) == Fraction(25, 2)      # 12.5 at one decimal stays 12.5
    assert round_to(percent(1, 3), HALF_UP, 1) == Fraction(333, 10)    # 33.333... -> 33.3
    assert round_to(percent(2, 3), HALF_UP, 1) == Fraction(667, 10)    # 66.666... -> 66.7
    assert round_to(percent(2, 3), TRUNCATE, 1) == Fraction(666, 10)   # ... truncated: 66.6
    # 0.145 is not a float tie (binary 0.14499999...), but the exact 29/200 is: it goes up to 0.15
    assert round_to(Fraction(29, 200), HALF_UP, 2) == Fraction(15, 100)


def test_counts_rounding_to_a_stated_percent():
    # 25 % half up of 642: 24.5 % of 642 = 157.29 and 25.5 % of 642 = 163.71, so the counts 158..163
    # (157/642 = 24.45 % -> 24, 158/642 = 24.61 % -> 25, 163/642 = 25.39 % -> 25, 164/642 = 25.55 % -> 26)
    assert counts_rounding_to(25, 642, HALF_UP) == list(range(158, 164))
    assert count_range(ROUNDED, 25, 642, HALF_UP) == (158, 163)
    # 89 % of 77: half up needs 68.145 <= n < 68.915 (none); truncated 68.53 <= n < 69.3 (69 only)
    assert counts_rounding_to(89, 77, HALF_UP) == []
    assert counts_rounding_to(89, 77, TRUNCATE) == [69]
    # 15 % of 529 half up: 14.5 % = 76.705, 15.5 % = 81.995, so 77..81
    assert counts_rounding_to(15, 529, HALF_UP) == [77, 78, 79, 80, 81]
    # 100 % of 300 half up: 99.5 % = 298.5, 100.5 % = 301.5: the range runs past n, the counts stop at n
    assert count_range(ROUNDED, 100, 300, HALF_UP) == (299, 301)
    assert counts_rounding_to(100, 300, HALF_UP) == [299, 300]


def test_bounds_are_strict():
    # "more than 70 %" of 642: 70 % of 642 = 449.4, so at least 450 (449/642 = 69.94 %, 450/642 = 70.09 %)
    assert count_range(LOWER_BOUND, 70, 642) == (450, 642)
    # "less than 12 %" of 642: 12 % = 77.04, so at most 77 (77/642 = 11.99 %)
    assert count_range(UPPER_BOUND, 12, 642) == (0, 77)
    # on a whole count the bound itself is excluded: more than 50 % of 100 is 51.., less than 50 % is ..49
    assert count_range(LOWER_BOUND, 50, 100) == (51, 100)
    assert count_range(UPPER_BOUND, 50, 100) == (0, 49)


def test_the_interval_a_stated_figure_admits():
    assert rounding_interval(27, HALF_UP) == (Fraction(53, 2), Fraction(55, 2))      # [26.5, 27.5)
    assert rounding_interval(89, TRUNCATE) == (89, 90)                              # [89, 90)
    assert rounding_interval(12.5, HALF_UP, 1) == (Fraction(1245, 100), Fraction(1255, 100))  # [12.45, 12.55)


def test_a_stated_float_is_read_as_printed():
    assert exact(33.3) == Fraction(333, 10) != Fraction(33.3)  # not the binary 33.29999999999999715...
    assert (decimals(27), decimals(12.5), decimals(33.3), decimals(10.0), decimals("33.30")) == (0, 1, 1, 0, 2)
    assert agrees(1, 3, 33.3, HALF_UP) and not agrees(1, 3, 33.4, HALF_UP)
    assert agrees(171, 642, 27, HALF_UP) and agrees(69, 77, 89, TRUNCATE) and not agrees(69, 77, 89, HALF_UP)


@pytest.mark.parametrize("n", [7, 77, 81, 100, 529, 642])
@pytest.mark.parametrize("rule,mode", [(HALF_UP, ROUND_HALF_UP), (TRUNCATE, ROUND_DOWN)])
def test_counts_agree_with_the_decimal_module(n, rule, mode):
    """Every count 0..n whose percentage rounds to each whole percent, against decimal's own rounding."""
    for stated in range(101):
        by_decimal = [c for c in range(n + 1)
                      if (Decimal(100 * c) / Decimal(n)).quantize(Decimal(1), rounding=mode) == stated]
        assert counts_rounding_to(stated, n, rule) == by_decimal, (stated, n)


def test_bad_rules_and_kinds_are_refused():
    with pytest.raises(ValueError, match="rounding must be one of"):
        round_percent(Fraction(1), "nearest")
    with pytest.raises(ValueError, match="cannot be stated as a share"):
        count_range("exact count", 5, 10)
    with pytest.raises(ValueError, match="denominator is zero"):
        percent(1, 0)
