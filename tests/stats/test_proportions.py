"""Confidence intervals against Newcombe (1998) and the closed-form Wilson formula."""

import math

import pytest

from wishlist.stats.proportions import proportion_ci

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


# ---------------------------------------------------------------------------------------------
# Extensions: sensitivity table, simultaneous multinomial intervals, finite population,
# missing outcomes, sample size. Reference values are computed here independently of
# wishlist.stats.proportions (closed forms, scipy, the standard library or exact enumeration).
# ---------------------------------------------------------------------------------------------

from fractions import Fraction
from statistics import NormalDist

import numpy as np
from references import wilson as wilson_closed_form
from scipy import stats

from wishlist.stats.proportions import (
    METHODS,
    hypergeometric_ci,
    missing_outcome_bounds,
    multinomial_cis,
    sample_size_for_margin,
    sensitivity_table,
)

# The brief's case studies ("Case Studies: Does China Get What It Wants?", p. 25): of 30 records
# drawn from the 81 company records of 2015-2016, 14 partnered, 8 did not, 8 unknown.
PARTNERED, NOT_PARTNERED, UNKNOWN, SAMPLE, FRAME = 14, 8, 8, 30, 81
CASE_STUDIES = {"partnered": PARTNERED, "not_partnered": NOT_PARTNERED, "insufficient_information": UNKNOWN}


def z_two_sided(level):
    """Normal quantile from the standard library (independent of scipy/statsmodels)."""
    return NormalDist().inv_cdf(1 - (1 - level) / 2)


def reference_interval(x, n, method, level=0.95):
    """Closed forms: Wilson (1927); Clopper-Pearson (1934) and Jeffreys as beta quantiles
    (Brown, Cai & DasGupta 2001, Stat Sci 16:101-133, eqs. for CP and Jeffreys, scipy.stats.beta);
    Agresti & Coull (1998): n~ = n + z^2, p~ = (x + z^2/2)/n~, p~ ± z sqrt(p~(1-p~)/n~)."""
    alpha, z = 1 - level, z_two_sided(level)
    if method == "wilson":
        return wilson_closed_form(x, n, z)
    if method == "clopper_pearson":
        low = stats.beta.ppf(alpha / 2, x, n - x + 1) if x > 0 else 0.0
        high = stats.beta.ppf(1 - alpha / 2, x + 1, n - x) if x < n else 1.0
        return low, high
    if method == "jeffreys":
        return stats.beta.ppf(alpha / 2, x + 0.5, n - x + 0.5), stats.beta.ppf(1 - alpha / 2, x + 0.5, n - x + 0.5)
    if method == "agresti_coull":
        n_tilde = n + z * z
        p_tilde = (x + z * z / 2) / n_tilde
        half = z * math.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
        return p_tilde - half, p_tilde + half
    raise AssertionError(method)


# --- sensitivity_table ---


@pytest.mark.parametrize("count,n,level", [(14, 30, 0.95), (22, 30, 0.95), (14, 22, 0.95), (1, 29, 0.95),
                                           (14, 30, 0.90)])
def test_sensitivity_table_matches_closed_forms(count, n, level):
    table = sensitivity_table(count, n, level)
    assert list(table["method"]) == list(METHODS)
    assert (table["count"] == count).all() and (table["n"] == n).all() and (table["level"] == level).all()
    assert table["share"].tolist() == pytest.approx([count / n] * len(METHODS), abs=1e-15)
    for row in table.itertuples():
        low, high = reference_interval(count, n, row.method, level)
        assert (row.low, row.high) == pytest.approx((max(0.0, low), min(1.0, high)), abs=1e-9), row.method


def test_sensitivity_table_case_studies_to_four_places():
    # 14/30 at 95 %, from the closed forms above (hand-checkable for Wilson and Agresti-Coull):
    # Wilson 0.3023-0.6386, Clopper-Pearson 0.2834-0.6567, Jeffreys 0.2981-0.6413,
    # Agresti-Coull 0.3023-0.6386 (differs from Wilson only in the fifth place).
    table = sensitivity_table(PARTNERED, SAMPLE, 0.95).set_index("method").round(4)
    assert tuple(table.loc["wilson", ["low", "high"]]) == (0.3023, 0.6386)
    assert tuple(table.loc["clopper_pearson", ["low", "high"]]) == (0.2834, 0.6567)
    assert tuple(table.loc["jeffreys", ["low", "high"]]) == (0.2981, 0.6413)
    assert tuple(table.loc["agresti_coull", ["low", "high"]]) == (0.3023, 0.6386)


# --- multinomial_cis: Goodman ---


def goodman_closed_form(counts, level):
    """Goodman (1965, Technometrics 7:247-254), Bonferroni form: A = chi-square(1 df) quantile at
    1 - alpha/k (= z^2 at 1 - alpha/2k, from the standard library); per category i,
    (A + 2 n_i ± sqrt(A (A + 4 n_i (N - n_i) / N))) / (2 (N + A))."""
    k, total = len(counts), sum(counts)
    a = NormalDist().inv_cdf(1 - (1 - level) / (2 * k)) ** 2
    out = []
    for n_i in counts:
        root = math.sqrt(a * (a + 4 * n_i * (total - n_i) / total))
        out.append(((a + 2 * n_i - root) / (2 * (total + a)), (a + 2 * n_i + root) / (2 * (total + a))))
    return out


SISON_GLAZ_EXAMPLE_1 = [56, 72, 73, 59, 62, 87, 58]  # Sison & Glaz (1995), example 1, n = 467, k = 7


@pytest.mark.parametrize("counts,level", [
    ([PARTNERED, NOT_PARTNERED, UNKNOWN], 0.95),
    ([PARTNERED, NOT_PARTNERED, UNKNOWN], 0.90),
    (SISON_GLAZ_EXAMPLE_1, 0.95),
    ([30, 0], 0.95),
    ([5] * 50, 0.95),
])
def test_goodman_matches_closed_form(counts, level):
    table = multinomial_cis({f"c{i}": c for i, c in enumerate(counts)}, level, "goodman")
    reference = goodman_closed_form(counts, level)
    assert table["low"].tolist() == pytest.approx([max(0.0, lo) for lo, _ in reference], abs=1e-12)
    assert table["high"].tolist() == pytest.approx([min(1.0, hi) for _, hi in reference], abs=1e-12)
    assert table["share"].tolist() == pytest.approx([c / sum(counts) for c in counts], abs=1e-15)


def test_goodman_matches_sison_glaz_paper_example_1():
    # Goodman intervals for example 1 as printed (3 decimals) in Sison & Glaz (1995), transcribed in
    # statsmodels' statsmodels/stats/tests/results/results_multinomial_proportions.py (key
    # ("goodman", "Sison-Glaz example 1")); we have not checked them against the paper itself.
    printed = [(.085, .166), (.115, .204), (.116, .207), (.091, .173), (.096, .181), (.143, .239), (.089, .171)]
    table = multinomial_cis(dict(enumerate(SISON_GLAZ_EXAMPLE_1)), 0.95, "goodman")
    assert list(zip(table["low"].round(3), table["high"].round(3))) == printed


def test_goodman_is_wilson_at_bonferroni_level():
    # Algebraic identity: Goodman's per-category interval is the Wilson score interval with
    # z = Phi^-1(1 - alpha/2k), i.e. Wilson at level 1 - alpha/k; so it is wider than the
    # per-category Wilson interval at the nominal level.
    table = multinomial_cis(CASE_STUDIES, 0.95, "goodman")
    z = z_two_sided(1 - 0.05 / 3)
    for row in table.itertuples():
        low, high = wilson_closed_form(row.count, SAMPLE, z)
        assert (row.low, row.high) == pytest.approx((low, high), abs=1e-12)
        marginal = proportion_ci(row.count, SAMPLE, "wilson", 0.95)
        assert row.low < marginal.low and row.high > marginal.high


def test_case_study_goodman_values():
    # From goodman_closed_form above (A = 5.7311, the 1 - 0.05/3 chi-square(1) quantile):
    # partnered 0.2721-0.6719, not partnered and unknown 0.1231-0.4851.
    table = multinomial_cis(CASE_STUDIES, 0.95, "goodman").set_index("category").round(4)
    assert tuple(table.loc["partnered", ["low", "high"]]) == (0.2721, 0.6719)
    assert tuple(table.loc["not_partnered", ["low", "high"]]) == (0.1231, 0.4851)
    assert tuple(table.loc["insufficient_information", ["low", "high"]]) == (0.1231, 0.4851)
    assert list(table.columns) == ["count", "share", "low", "high", "method", "level"]


def test_multinomial_accepts_a_pandas_series():
    import pandas as pd

    table = multinomial_cis(pd.Series(CASE_STUDIES), 0.95, "goodman")
    assert table["category"].tolist() == list(CASE_STUDIES)
    assert table["count"].tolist() == [14, 8, 8]


# --- multinomial_cis: Sison-Glaz ---


def test_sison_glaz_example_1_matches_statsmodels_reference():
    # We do not have Sison & Glaz's (1995) printed Sison-Glaz intervals to hand. These values are
    # statsmodels' own reference values for the paper's example 1, computed with R's MultinomialCI
    # (statsmodels/stats/tests/results/results_multinomial_proportions.py, key
    # ("sison", "Sison-Glaz example 1"); statsmodels checks them to 4 decimals).
    r_multinomialci = [(.07922912, .1643361), (.11349036, .1985973), (.11563169, .2007386),
                       (.08565310, .1707601), (.09207709, .1771840), (.14561028, .2307172),
                       (.08351178, .1686187)]
    table = multinomial_cis(dict(enumerate(SISON_GLAZ_EXAMPLE_1)), 0.95, "sison_glaz")
    assert table["low"].tolist() == pytest.approx([lo for lo, _ in r_multinomialci], abs=1.5e-4)
    assert table["high"].tolist() == pytest.approx([hi for _, hi in r_multinomialci], abs=1.5e-4)
    # Properties of the construction (Sison & Glaz 1995; statsmodels' implementation): the interval
    # is [p_i - c/n, p_i + (c + 2 gamma)/n] for a whole number c and 0 <= gamma < 1, so every
    # untruncated interval has the same width and contains p_i. In this example the intervals are
    # shorter than Goodman's on average (though not for every category: Goodman's width shrinks
    # with p_i).
    share = np.array(SISON_GLAZ_EXAMPLE_1) / sum(SISON_GLAZ_EXAMPLE_1)
    assert (table["low"] <= share).all() and (share <= table["high"]).all()
    c = np.round((share - table["low"]) * sum(SISON_GLAZ_EXAMPLE_1), 6)
    assert len(set(c)) == 1 and float(c[0]).is_integer()
    widths = table["high"] - table["low"]
    assert widths.max() - widths.min() < 1e-12
    goodman = multinomial_cis(dict(enumerate(SISON_GLAZ_EXAMPLE_1)), 0.95, "goodman")
    assert widths.mean() < (goodman["high"] - goodman["low"]).mean()


def test_sison_glaz_sparse_counts_stay_in_bounds():
    # A sparse case with >= 7 categories: bounds in [0, 1] and covering the point estimates.
    counts = [3, 0, 0, 0, 0, 0, 1]
    table = multinomial_cis(dict(enumerate(counts)), 0.95, "sison_glaz")
    assert ((0 <= table["low"]) & (table["low"] <= table["share"]) & (table["share"] <= table["high"])
            & (table["high"] <= 1)).all()


def test_sison_glaz_refuses_few_categories():
    # statsmodels documents Sison-Glaz as valid only for 7 or more categories; the study has 3.
    with pytest.raises(ValueError, match="at least 7 categories.*goodman"):
        multinomial_cis(CASE_STUDIES, 0.95, "sison_glaz")


def test_sison_glaz_refuses_degenerate_interval():
    # With all 30 observations in one of 7 cells statsmodels returns [1, 1] for that cell (c = 0).
    with pytest.raises(ValueError, match="zero-width"):
        multinomial_cis(dict(enumerate([30, 0, 0, 0, 0, 0, 0])), 0.95, "sison_glaz")


def test_sison_glaz_search_failure_is_reported_clearly(monkeypatch):
    import statsmodels.stats.proportion as smprop

    def fail(*args, **kwargs):
        raise Exception("Couldn't find a value for `c` that solves nu(c) <= 1 - alpha < nu(c + 1)")

    monkeypatch.setattr(smprop, "multinomial_proportions_confint", fail)
    with pytest.raises(ValueError, match="sison_glaz intervals could not be computed"):
        multinomial_cis(dict(enumerate(SISON_GLAZ_EXAMPLE_1)), 0.95, "sison_glaz")


@pytest.mark.parametrize("counts,level,method,message", [
    ({"a": 1, "b": 2}, 0.95, "wald", "unknown multinomial method"),
    ({"a": 1, "b": 2}, 0.95, "sison-glaz", "unknown multinomial method"),
    ({"a": 1, "b": -2}, 0.95, "goodman", "whole number"),
    ({"a": 1.5, "b": 2}, 0.95, "goodman", "whole number"),
    ({"a": 0, "b": 0}, 0.95, "goodman", "at least one observation"),
    ({"a": 3}, 0.95, "goodman", "at least 2 categories"),
    ({"a": 1, "b": 2}, 1.0, "goodman", "confidence level"),
])
def test_multinomial_refuses_bad_input(counts, level, method, message):
    with pytest.raises(ValueError, match=message):
        multinomial_cis(counts, level, method)


# --- hypergeometric_ci ---


def brute_force_population_interval(x, n, big_n, level):
    """Enumerate K = 0..N with exact rational hypergeometric probabilities (math.comb), keeping K
    where both one-sided tests have P > alpha/2; returns (min, max) of the kept K."""
    half_alpha = (Fraction(1) - Fraction(level).limit_denominator(10**6)) / 2
    total = math.comb(big_n, n)

    def pmf(j, k):
        return Fraction(math.comb(k, j) * math.comb(big_n - k, n - j), total)

    kept = [k for k in range(big_n + 1)
            if sum(pmf(j, k) for j in range(x, n + 1)) > half_alpha
            and sum(pmf(j, k) for j in range(0, x + 1)) > half_alpha]
    assert kept == list(range(kept[0], kept[-1] + 1))  # the accepted K are contiguous
    return kept[0], kept[-1]


# Hand-checkable, N = 5, n = 2, C(5, 2) = 10 samples; P(X = 2 | K) = C(K, 2)/10, P(X = 0 | K) = C(5-K, 2)/10.
# level 0.5 (alpha/2 = 0.25): x = 2 -> K_low = 3 since P(X >= 2 | 3) = 3/10 > 0.25 but P(X >= 2 | 2) = 1/10;
#   x = 0 -> K_high = 2 since P(X <= 0 | 2) = 3/10 > 0.25 but P(X <= 0 | 3) = 1/10;
#   x = 1 -> K_low = 1 (P(X >= 1 | 1) = 4/10), K_high = 4 (P(X <= 1 | 4) = 4/10).
# level 0.8 (alpha/2 = 0.1), x = 0: P(X <= 0 | 3) = C(2, 2)/10 = 1/10 ties alpha/2 exactly, so K = 3
#   is rejected by the strict inequality: K_high = 2.
# level 0.95 (alpha/2 = 0.025): only the logically impossible K are excluded.
HAND_CASES = [
    (0, 2, 5, 0.8, 0, 2),
    (2, 2, 5, 0.5, 3, 5),
    (0, 2, 5, 0.5, 0, 2),
    (1, 2, 5, 0.5, 1, 4),
    (2, 2, 5, 0.95, 2, 5),
    (1, 2, 5, 0.95, 1, 4),
]


@pytest.mark.parametrize("x,n,big_n,level,k_low,k_high", HAND_CASES)
def test_hypergeometric_hand_cases(x, n, big_n, level, k_low, k_high):
    ci = hypergeometric_ci(x, n, big_n, level)
    assert (ci.k_low, ci.k_high) == (k_low, k_high)
    assert (ci.share_low, ci.share_high) == (k_low / big_n, k_high / big_n)


def test_hypergeometric_matches_brute_force_on_small_populations():
    for big_n in range(1, 11):
        for n in range(1, big_n + 1):
            for x in range(n + 1):
                for level in (0.95, 0.8):
                    ci = hypergeometric_ci(x, n, big_n, level)
                    assert (ci.k_low, ci.k_high) == brute_force_population_interval(x, n, big_n, level), \
                        (x, n, big_n, level)


def test_hypergeometric_case_studies():
    # 14 partnered of 30 drawn without replacement from 81 records, 95 %: brute-force enumeration
    # above gives K in [26, 50], i.e. 32.1 %-61.7 % of the 81 — narrower than the binomial
    # Clopper-Pearson interval (28.3 %-65.7 %, beta quantiles) because 30/81 of the frame was seen.
    ci = hypergeometric_ci(PARTNERED, SAMPLE, FRAME, 0.95)
    assert (ci.k_low, ci.k_high) == brute_force_population_interval(PARTNERED, SAMPLE, FRAME, 0.95) == (26, 50)
    assert ci.estimate == pytest.approx(14 / 30)
    low, high = reference_interval(PARTNERED, SAMPLE, "clopper_pearson")
    assert low < ci.share_low and ci.share_high < high
    assert ci.method == "hypergeometric_exact" and ci.level == 0.95


def test_hypergeometric_census_is_exact():
    # n = N: the sample is the population, so K is known.
    ci = hypergeometric_ci(14, 81, 81, 0.95)
    assert (ci.k_low, ci.k_high) == (14, 14)


@pytest.mark.parametrize("args", [(5, 4, 10), (-1, 4, 10), (1, 0, 10), (3, 11, 10), (1.0, 4, 10), (1, 4, 10, 1.0)])
def test_hypergeometric_refuses_bad_input(args):
    with pytest.raises(ValueError):
        hypergeometric_ci(*args)


# --- missing_outcome_bounds ---


def test_missing_outcome_bounds_case_studies():
    # known-only 14/22, all-missing-failures 14/30, all-missing-successes 22/30 (the brief's
    # counts), each checked against the Wilson closed form (1927) above.
    bounds = missing_outcome_bounds(PARTNERED, NOT_PARTNERED, UNKNOWN, 0.95)
    assert list(bounds) == ["known_only", "missing_as_failures", "missing_as_successes", "absence_as_unknown_high"]
    # "no partnership found" as unknown too: only the 14 partnerships found are known, so up to 30/30
    for name, (x, n) in {"known_only": (14, 22), "missing_as_failures": (14, 30),
                         "missing_as_successes": (22, 30), "absence_as_unknown_high": (30, 30)}.items():
        est = bounds[name]
        assert (est.count, est.n, est.method, est.level) == (x, n, "wilson", 0.95)
        assert (est.low, est.high) == pytest.approx(wilson_closed_form(x, n), abs=1e-12)
    assert (bounds["missing_as_failures"].estimate < bounds["known_only"].estimate
            < bounds["missing_as_successes"].estimate)


def test_missing_outcome_bounds_named_method():
    bounds = missing_outcome_bounds(PARTNERED, NOT_PARTNERED, UNKNOWN, 0.90, method="clopper_pearson")
    low, high = reference_interval(22, 30, "clopper_pearson", 0.90)
    assert (bounds["missing_as_successes"].low, bounds["missing_as_successes"].high) == pytest.approx((low, high),
                                                                                                     abs=1e-9)


@pytest.mark.parametrize("args", [(0, 0, 5), (-1, 3, 2), (1.0, 3, 2)])
def test_missing_outcome_bounds_refuse_bad_input(args):
    with pytest.raises(ValueError):
        missing_outcome_bounds(*args)


# --- sample_size_for_margin ---


def cochran(margin, level, p=0.5, big_n=None):
    """Cochran (1977, ch. 4): n0 = z^2 p(1-p)/d^2; with N, n = n0 / (1 + (n0 - 1)/N); rounded up."""
    z = z_two_sided(level)
    n0 = z * z * p * (1 - p) / margin ** 2
    return n0 if big_n is None else n0 / (1 + (n0 - 1) / big_n)


@pytest.mark.parametrize("margin,big_n,raw,expected", [
    # z = 1.959964: ±10 points, n0 = 1.959964^2 * 0.25 / 0.01 = 96.04 -> 97
    (0.10, None, 96.0365, 97),
    # with N = 81, unrounded n0: 96.0365 / (1 + 95.0365/81) = 44.1894 -> 45
    (0.10, 81, 44.1894, 45),
    # ±15 points: 1.959964^2 * 0.25 / 0.0225 = 42.6829 -> 43; with N = 81: 42.6829 / (1 + 41.6829/81) = 28.1809 -> 29
    (0.15, None, 42.6829, 43),
    (0.15, 81, 28.1809, 29),
])
def test_sample_size_for_margin(margin, big_n, raw, expected):
    assert cochran(margin, 0.95, 0.5, big_n) == pytest.approx(raw, abs=1e-4)
    assert math.ceil(cochran(margin, 0.95, 0.5, big_n)) == expected
    assert sample_size_for_margin(margin, 0.95, population_size=big_n) == expected


def test_sample_size_other_p_and_level():
    # p = 0.2, 90 %, ±5 points: 1.644854^2 * 0.16 / 0.0025 = 173.16 -> 174
    assert sample_size_for_margin(0.05, 0.90, p=0.2) == math.ceil(cochran(0.05, 0.90, 0.2)) == 174


def test_sample_size_rounding_ignores_floating_point_noise():
    # margin = z/20 makes n0 = z^2 * 0.25 * 400 / z^2 = 100 exactly in real arithmetic.
    assert sample_size_for_margin(z_two_sided(0.95) / 20, 0.95) == 100


def test_sample_size_never_exceeds_population():
    for big_n in (1, 2, 10, 81):
        assert sample_size_for_margin(0.01, 0.95, population_size=big_n) <= big_n


@pytest.mark.parametrize("kwargs", [dict(margin=0), dict(margin=1), dict(margin=0.1, p=0), dict(margin=0.1, p=1),
                                    dict(margin=0.1, level=1), dict(margin=0.1, population_size=0),
                                    dict(margin=0.1, population_size=80.5)])
def test_sample_size_refuses_bad_input(kwargs):
    with pytest.raises(ValueError):
        sample_size_for_margin(**kwargs)
