"""Misclassification bounds on census shares, against cases worked by hand and a brute-force enumeration.

Model (wishlist.stats.misclassification; Fleiss, Levin & Paik 2003, ch. 18; Kuha & Skinner 1997):
two independent coders with error rate e agree with probability (1 - e)**2 + q·e**2, q = 1/(K - 1)
when wrong codes spread evenly; a category with c coded records has a true count t with
c - floor(e·c) <= t <= floor(c / (1 - e)).
"""

import itertools
import math

import pytest

from wishlist.stats.misclassification import (
    category_bounds,
    composition_bounds,
    count_bounds,
    error_rate,
    error_rate_from_agreement,
    union_bounds,
)


def test_error_rate_of_the_brief_67_of_100_by_hand():
    # endnote 26: 67 of 100; K = 11 categories, q = 1/10.
    # (1 + q) e² - 2e + (1 - .67) = 0  ->  e = (1 - sqrt(1 - 1.1 × .33)) / 1.1
    #   1 - .363 = .637; sqrt(.637) = .798123; (1 - .798123) / 1.1 = .201877 / 1.1 = .183525
    # check: (1 - .183525)² + .1 × .183525² = .666631 + .003368 = .669999
    e = error_rate_from_agreement(0.67, 11)
    assert round(e, 6) == 0.183525
    assert (1 - e) ** 2 + e ** 2 / 10 == pytest.approx(0.67, abs=1e-12)


@pytest.mark.parametrize(("q", "expected"), [
    (0.0, 0.181465),  # wrong codes never coincide: e = 1 - sqrt(.67) = 1 - .818535
    (1.0, 0.208452),  # wrong codes always coincide: (1 - sqrt(1 - 2 × .33)) / 2 = (1 - .583095) / 2
])
def test_error_rate_under_other_coincidence_assumptions_by_hand(q, expected):
    assert round(error_rate_from_agreement(0.67, 11, coincidence=q), 6) == expected


def test_error_rate_range_follows_the_wilson_interval_of_the_agreement():
    # Wilson 95 % of 67/100 is [.5731, .7544] (tests/stats/test_agreement.py); e falls as agreement rises.
    # lower end: 1 - 1.1 × (1 - .573053) = .530358; sqrt = .728257; (1 - .728257)/1.1 = .247039
    r = error_rate(67, 100, 11, 0.95)
    assert round(r.rate, 6) == 0.183525
    assert round(r.rate_high, 4) == 0.2470
    assert r.rate_low < r.rate < r.rate_high
    assert r.as_numbers()["agreement_interval"] == "Wilson"


def test_agreement_below_what_the_model_allows_is_refused():
    # the least agreement is q/(1 + q) = (1/10)/(11/10) = 1/11 at e = 1/(1 + q)
    with pytest.raises(ValueError, match="least this model allows"):
        error_rate_from_agreement(0.05, 11)


def test_count_bounds_by_hand():
    # c = 160 of 642 (biopharma), e = .183525: e·c = 29.364 -> at most 29 out: t >= 131;
    # t <= c/(1 - e) = 160/.816475 = 195.96 -> t <= 195
    assert count_bounds(160, 0.183525) == (131, 195)
    # exact products: c = 100, e = .2: 100 - 20 = 80, 100/.8 = 125 (no floating-point loss of a record)
    assert count_bounds(100, 0.2) == (80, 125)
    assert count_bounds(0, 0.2) == (0, 0)
    assert count_bounds(100, 0.0) == (100, 100)
    assert count_bounds(100, 0.9, total=300) == (10, 300)  # 100 - 90; 100/.1 = 1000, capped at 300


def brute_force_bounds(c: int, e: float, n: int) -> tuple[int, int]:
    """Second implementation: every (out, in) with out <= e·c and in <= e·t, t = c - out + in."""
    feasible = [c - out + inflow for out, inflow in itertools.product(range(c + 1), range(n - c + 1))
                if out <= e * c + 1e-9 and inflow <= e * (c - out + inflow) + 1e-9]
    return min(feasible), max(feasible)


@pytest.mark.parametrize(("c", "e"), [(7, 0.3), (12, 0.25), (20, 0.1), (5, 0.5), (9, 0.183525)])
def test_count_bounds_equal_a_brute_force_enumeration(c, e):
    assert count_bounds(c, e, total=40) == brute_force_bounds(c, e, 40)


def test_category_bounds_shares_by_hand():
    # 160 / 109 / 373 of 642 at e = .2: 160 -> [128, 200]; 109 -> [109 - 21, floor(136.25)] = [88, 136];
    # 373 -> [373 - 74, floor(466.25)] = [299, 466]
    table = category_bounds({"bio": 160, "it": 109, "rest": 373}, 0.2).set_index("category")
    assert table.loc["bio", ["count_low", "count_high"]].tolist() == [128, 200]
    assert table.loc["it", ["count_low", "count_high"]].tolist() == [88, 136]
    assert table.loc["rest", ["count_low", "count_high"]].tolist() == [299, 466]
    assert table.loc["bio", "share_low"] == pytest.approx(128 / 642)
    assert (table["n"] == 642).all()


def test_composition_bounds_by_hand():
    # US IT a = 25, other IT b = 84, e = .2: a in [20, 31]; b in [84 - 16, 105] = [68, 105]
    # low = 20/(20 + 105) = .16; high = 31/(31 + 68) = .313131
    low, high = composition_bounds(25, 84, 0.2)
    assert low == pytest.approx(0.16)
    assert high == pytest.approx(31 / 99)


def test_union_bounds_by_hand():
    # biopharma 160 (10 of them AI), union with AI 321 of 642, e = .2:
    # leave: min(floor(.2 × 160) = 32, 160 - 10 = 150) = 32 -> 289
    # join:  min(floor(160/.8) - 160 = 40, 642 - 321 = 321) = 40 -> 361
    assert union_bounds(160, 10, 321, 642, 0.2) == (289, 361)
    # every biopharma record also AI: nothing can leave the union
    assert union_bounds(10, 10, 171, 642, 0.2)[0] == 171


def test_bounds_contain_the_raw_count_and_widen_with_the_error_rate():
    previous = (160, 160)
    for e in (0.0, 0.05, 0.1, 0.2, 0.3):
        low, high = count_bounds(160, e)
        assert low <= 160 <= high
        assert low <= previous[0] and high >= previous[1]
        previous = (low, high)
    assert not math.isnan(composition_bounds(0, 5, 0.2)[0])
