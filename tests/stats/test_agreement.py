"""Inter-coder agreement statistics (wishlist.stats.agreement) against published examples and hand arithmetic.

References (value and source beside each use below):
- Cohen J (1960). A coefficient of agreement for nominal scales. Educ Psychol
  Meas 20:37-46, p. 45 example (also in dkpro-statistics, Cohen1960Test.java).
- Fleiss JL, Cohen J, Everitt BS (1969). Large sample standard errors of kappa
  and weighted kappa. Psychol Bull 72:323-327; the non-null variance as written
  out in Fleiss, Levin & Paik (2003), Statistical Methods for Rates and
  Proportions, 3rd ed., ch. 18.
- Krippendorff K (2011). Computing Krippendorff's alpha-reliability. Annenberg
  School working paper 43, examples A (binary, two observers) and C (nominal,
  four observers, missing values); the same data in Krippendorff K (2004),
  Content Analysis, 2nd ed., pp. 224 and 230, with p. 227 for the a/b/c example
  (values and D_o/D_e also asserted in dkpro-statistics, Krippendorff2004Test.java).
- Wilson EB (1927). Probable inference... JASA 22:209-212 (closed form).
"""

import itertools
import math
import time

import numpy as np
import pytest
from references import wilson as wilson_closed_form

from wishlist.stats.agreement import (
    agreement_from_published,
    box_simplex_vertices,
    cohens_kappa,
    confusion_matrix,
    kappa_range_for_agreement,
    krippendorff_alpha_nominal,
    per_category_agreement,
    percent_agreement,
)


def codes_from_table(table, labels):
    """Expand an A×B count table into two item-level code lists."""
    a, b = [], []
    for i, j in itertools.product(range(len(labels)), repeat=2):
        a += [labels[i]] * table[i][j]
        b += [labels[j]] * table[i][j]
    return a, b


# Cohen (1960, p. 45): 200 items, 3 categories, judge A in rows.
COHEN_1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


# --------------------------------------------------------------------------- percent agreement


def test_published_agreement_is_wilson_67_of_100():
    low, high = wilson_closed_form(67, 100)
    ci = agreement_from_published(67, 100)
    assert (ci.count, ci.n, ci.method) == (67, 100, "wilson")
    assert ci.low == pytest.approx(low, abs=1e-12)
    assert ci.high == pytest.approx(high, abs=1e-12)
    # arithmetic: z² = 3.841459; centre = (0.67 + 0.019207)/1.038415 = 0.663711;
    # half = 1.959964·sqrt(0.002211 + 0.000096)/1.038415 = 0.090658  ->  [0.5731, 0.7544]
    assert (round(ci.low, 4), round(ci.high, 4)) == (0.5731, 0.7544)


def test_percent_agreement_counts_matches_on_items():
    a = ["x"] * 67 + ["x"] * 33
    b = ["x"] * 67 + ["y"] * 33
    ci = percent_agreement(a, b, level=0.95)
    low, high = wilson_closed_form(67, 100)
    assert (ci.count, ci.n) == (67, 100)
    assert (ci.low, ci.high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


@pytest.mark.parametrize(
    "a,b,message",
    [(["x", "y"], ["x"], "same items"), (["x", None], ["x", "y"], "missing"), ([], [], "no items")],
)
def test_unpaired_or_missing_codes_are_refused(a, b, message):
    with pytest.raises(ValueError, match=message):
        percent_agreement(a, b)


# --------------------------------------------------------------------------- tables


def test_confusion_matrix_rows_are_coder_a_and_unused_categories_stay():
    m = confusion_matrix(["x", "x", "y"], ["x", "y", "y"], categories=["x", "y", "z"])
    assert list(m.index) == list(m.columns) == ["x", "y", "z"]
    assert (m.index.name, m.columns.name) == ("coder_a", "coder_b")
    assert m.to_numpy().tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 0]]  # A=x,B=y counted in row x


def test_default_category_order_is_natural():
    assert list(confusion_matrix([2, 10, 1], [1, 2, 11]).index) == [1, 2, 10, 11]


def test_codes_outside_the_categories_are_refused():
    with pytest.raises(ValueError, match="not among the categories"):
        confusion_matrix(["x", "q"], ["x", "x"], categories=["x", "y"])


def test_per_category_agreement_by_hand():
    # A: x x x y y ; B: x x y y z
    # x: n_a 3, n_b 2, both 2, either 3, specific 2*2/(3+2) = 0.8
    # y: n_a 2, n_b 2, both 1, either 3, specific 2*1/4 = 0.5
    # z: n_a 0, n_b 1, both 0, either 1, specific 0 ; w: unused -> NaN
    t = per_category_agreement(list("xxxyy"), list("xxyyz"), categories=list("xyzw"))
    assert t.loc["x"].tolist() == [3, 2, 3, 2, 0.8]
    assert t.loc["y"].tolist() == [2, 2, 3, 1, 0.5]
    assert t.loc["z"].tolist() == [0, 1, 1, 0, 0.0]
    assert t.loc["w", "n_either"] == 0 and math.isnan(t.loc["w", "specific_agreement"])


# --------------------------------------------------------------------------- Cohen's kappa


def test_kappa_hand_worked_2x2():
    # table [[20, 5], [10, 15]], n = 50
    # p_o = (20 + 15)/50 = 0.70
    # rows 25, 25 -> 0.5, 0.5 ; columns 30, 20 -> 0.6, 0.4
    # p_e = 0.5*0.6 + 0.5*0.4 = 0.50 ; kappa = (0.70 - 0.50)/(1 - 0.50) = 0.40
    a, b = codes_from_table([[20, 5], [10, 15]], ["yes", "no"])
    k = cohens_kappa(a, b, categories=["yes", "no"])
    assert k.p_observed == pytest.approx(0.70, abs=1e-12)
    assert k.p_expected == pytest.approx(0.50, abs=1e-12)
    assert k.kappa == pytest.approx(0.40, abs=1e-12)


def test_kappa_cohen_1960_example():
    # Cohen (1960, p. 45): p_o = 0.70, p_e = 0.41, kappa = .492.
    # by hand: p_o = (88+40+12)/200 = 0.70; rows 120, 60, 20; columns 100, 60, 40
    # p_e = (120*100 + 60*60 + 20*40)/200² = 16400/40000 = 0.41
    # kappa = (0.70 - 0.41)/(1 - 0.41) = 0.29/0.59 = 0.491525...
    a, b = codes_from_table(COHEN_1960, [1, 2, 3])
    k = cohens_kappa(a, b, categories=[1, 2, 3])
    assert k.p_observed == pytest.approx(0.70, abs=1e-12)
    assert k.p_expected == pytest.approx(0.41, abs=1e-12)
    assert k.kappa == pytest.approx(0.29 / 0.59, abs=1e-12)
    assert round(k.kappa, 3) == 0.492
    assert k.n == 200


def fce_1969_variances(table):
    """Fleiss-Cohen-Everitt (1969) variances in the p_o/p_e form of Fleiss, Levin & Paik (2003, ch. 18).

    non-null: [Σ_i p_ii(1-p_e-(p_i.+p_.i)(1-p_o))² + (1-p_o)² Σ_{i≠j} p_ij(p_.i+p_j.)²
               - (p_o p_e - 2 p_e + p_o)²] / (n (1-p_e)⁴)
    null:     [p_e + p_e² - Σ_i p_i. p_.i (p_i. + p_.i)] / (n (1-p_e)²)
    """
    t = np.asarray(table, float)
    n = t.sum()
    p = t / n
    row, col = p.sum(axis=1), p.sum(axis=0)
    p_o, p_e = np.trace(p), row @ col
    k = len(row)
    first = sum(p[i, i] * (1 - p_e - (row[i] + col[i]) * (1 - p_o)) ** 2 for i in range(k))
    second = sum(p[i, j] * (col[i] + row[j]) ** 2 for i in range(k) for j in range(k) if i != j)
    var = (first + (1 - p_o) ** 2 * second - (p_o * p_e - 2 * p_e + p_o) ** 2) / (n * (1 - p_e) ** 4)
    var0 = (p_e + p_e**2 - sum(row * col * (row + col))) / (n * (1 - p_e) ** 2)
    return var, var0


@pytest.mark.parametrize("table", [COHEN_1960, [[20, 5], [10, 15]], [[5, 1, 0, 2], [0, 7, 3, 0], [1, 0, 9, 1], [2, 0, 0, 4]]])
def test_kappa_se_is_the_fce_1969_non_null_variance(table):
    labels = list(range(len(table)))
    var, var0 = fce_1969_variances(table)
    k = cohens_kappa(*codes_from_table(table, labels), categories=labels, level=0.90)
    assert k.se == pytest.approx(math.sqrt(var), rel=1e-10)
    assert k.se_null == pytest.approx(math.sqrt(var0), rel=1e-10)
    z90 = 1.6448536269514722  # standard normal 0.95 quantile
    assert (k.low, k.high) == (pytest.approx(k.kappa - z90 * k.se), pytest.approx(min(1, k.kappa + z90 * k.se)))
    assert k.level == 0.90 and "Fleiss-Cohen-Everitt" in k.se_method


def test_unused_categories_do_not_change_kappa():
    a, b = codes_from_table(COHEN_1960, [1, 2, 3])
    assert cohens_kappa(a, b, categories=[1, 2, 3, 4, 5]).kappa == pytest.approx(cohens_kappa(a, b).kappa)
    assert confusion_matrix(a, b, categories=[1, 2, 3, 4, 5]).shape == (5, 5)


def test_perfect_agreement_gives_kappa_one_and_a_point_interval():
    k = cohens_kappa(list("xxyz"), list("xxyz"))
    assert (k.kappa, k.se, k.low, k.high) == (
        pytest.approx(1.0), pytest.approx(0.0, abs=1e-12), pytest.approx(1.0), 1.0)


def test_kappa_with_one_category_only_is_refused():
    with pytest.raises(ValueError, match="undefined"):
        cohens_kappa(list("xxx"), list("xxx"), categories=list("xy"))


# --------------------------------------------------------------------------- Krippendorff's alpha


def alpha_by_hand(units):
    """Nominal alpha from the coincidence matrix (Krippendorff 2011, eqs. for o_ck, n_c).

    Each unit with m_u >= 2 values adds 1/(m_u - 1) to o_ck for every ordered pair
    of values from different coders; alpha = 1 - D_o/D_e with
    D_o = Σ_{c≠k} o_ck / n and D_e = Σ_{c≠k} n_c n_k / (n (n - 1)).
    """
    values = sorted({v for u in units for v in u if v is not None})
    where = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for unit in units:
        present = [v for v in unit if v is not None]
        if len(present) < 2:
            continue  # unpairable
        for i, j in itertools.permutations(range(len(present)), 2):
            o[where[present[i]], where[present[j]]] += 1 / (len(present) - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    off = ~np.eye(len(values), dtype=bool)
    d_o = o[off].sum() / n
    d_e = (np.outer(n_c, n_c)[off]).sum() / (n * (n - 1))
    return o, d_o, d_e, 1 - d_o / d_e


# Krippendorff (2011) example A: two observers, ten units, binary values. Krippendorff
# (2004, p. 224) lists the same ten value pairs in another unit order; alpha depends only
# on the coincidence matrix, which the test below asserts cell by cell.
KRIPP_A = ([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0])


def test_alpha_binary_two_observers_krippendorff_2011():
    # coincidences: o_00 = 10, o_01 = o_10 = 4, o_11 = 2; n_0 = 14, n_1 = 6, n = 20
    # alpha = 1 - (n-1) o_01 / (n_0 n_1) = 1 - 19*4/(14*6) = 1 - 76/84 = 0.0952...
    # Krippendorff (2011, ex. A; 2004 p. 224): alpha = 0.095, D_o = 0.400, D_e = 0.442
    o, d_o, d_e, by_hand = alpha_by_hand(list(zip(*KRIPP_A)))
    assert o.tolist() == [[10, 4], [4, 2]]
    assert by_hand == pytest.approx(1 - 76 / 84, abs=1e-12)
    assert (round(d_o, 3), round(d_e, 3), round(by_hand, 3)) == (0.400, 0.442, 0.095)
    result = krippendorff_alpha_nominal(*KRIPP_A, seed=20210601, n_boot=500)
    assert result.alpha == pytest.approx(by_hand, abs=1e-12)


def test_alpha_three_categories_two_observers_krippendorff_2004():
    # Krippendorff (2004, p. 227): alpha = 0.734, D_o = 0.1667, D_e = 0.6268.
    # n_a = 3, n_b = 10, n_c = 11, n = 24; two disagreements -> Σ_{c≠k} o_ck = 4
    # alpha = 1 - (n-1)·4 / (n² - Σ n_c²) = 1 - 23·4/(576 - 230) = 1 - 92/346 = 0.73410...
    a = list("aabbbbbccccc")
    b = list("abbbbbcccccc")
    _, d_o, d_e, by_hand = alpha_by_hand(list(zip(a, b)))
    assert by_hand == pytest.approx(1 - 92 / 346, abs=1e-12)
    assert (round(d_o, 4), round(d_e, 4), round(by_hand, 3)) == (0.1667, 0.6268, 0.734)
    assert krippendorff_alpha_nominal(a, b, seed=1, n_boot=500).alpha == pytest.approx(by_hand, abs=1e-12)


def test_alpha_four_observers_missing_values_krippendorff_2011():
    # Krippendorff (2011, ex. C; 2004 p. 230): nominal alpha = 0.743 (D_o 0.200, D_e 0.779).
    # Four observers, twelve units, None = missing. Checked through the krippendorff
    # package directly (our function is for two coders) and by the coincidence matrix.
    import krippendorff

    nan = None
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    _, d_o, d_e, by_hand = alpha_by_hand(list(zip(*data)))
    assert (round(d_o, 3), round(d_e, 3), round(by_hand, 3)) == (0.200, 0.779, 0.743)
    matrix = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    package = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert package == pytest.approx(by_hand, abs=1e-12)


def test_bootstrap_is_deterministic_for_a_seed():
    first = krippendorff_alpha_nominal(*KRIPP_A, seed=7, n_boot=500)
    again = krippendorff_alpha_nominal(*KRIPP_A, seed=7, n_boot=500)
    other = krippendorff_alpha_nominal(*KRIPP_A, seed=8, n_boot=500)
    assert first == again
    assert (first.low, first.high) != (other.low, other.high)
    assert first.alpha == other.alpha


def reasonable_example():
    """100 items, 4 categories, 80 agreements (deterministic)."""
    cats = list("pqrs")
    a = [cats[i % 4] for i in range(100)]
    b = [c if i % 5 else cats[(i + 1) % 4] for i, c in enumerate(a)]
    return a, b


def test_bootstrap_interval_contains_the_estimate():
    a, b = reasonable_example()
    result = krippendorff_alpha_nominal(a, b, seed=2021, n_boot=500, level=0.95)
    assert result.low < result.alpha < result.high
    assert (result.n_units, result.n_boot, result.n_boot_undefined) == (100, 500, 0)
    assert result.ci_method == "unit bootstrap, percentile"


def test_perfect_agreement_gives_alpha_one_and_counts_undefined_resamples():
    # 9 items 'x', 1 item 'y', both coders agree. A resample omits the 'y' item with
    # probability 0.9^10 = 0.3487; then only 'x' occurs and alpha is undefined (0/0).
    a = b = ["x"] * 9 + ["y"]
    result = krippendorff_alpha_nominal(a, b, seed=3, n_boot=500)
    assert result.alpha == pytest.approx(1.0)
    assert (result.low, result.high) == (pytest.approx(1.0), pytest.approx(1.0))
    expected, sd = 500 * 0.9**10, math.sqrt(500 * 0.9**10 * (1 - 0.9**10))
    assert abs(result.n_boot_undefined - expected) < 5 * sd
    assert result.n_boot_used == 500 - result.n_boot_undefined


def test_interval_is_nan_when_every_resample_is_undefined():
    # two agreed items x, y: one resample draws the same item twice with probability 1/2
    for seed in range(50):
        result = krippendorff_alpha_nominal(["x", "y"], ["x", "y"], seed=seed, n_boot=1)
        if result.n_boot_undefined == 1:
            assert math.isnan(result.low) and math.isnan(result.high)
            assert result.alpha == pytest.approx(1.0)
            return
    pytest.fail("no seed in 0..49 gave an undefined resample")


def test_alpha_with_a_single_category_is_refused():
    with pytest.raises(ValueError, match="undefined"):
        krippendorff_alpha_nominal(list("xxx"), list("xxx"), categories=list("xy"), seed=1, n_boot=10)


def test_alpha_needs_an_explicit_seed():
    with pytest.raises(TypeError):
        krippendorff_alpha_nominal(*KRIPP_A, n_boot=10)  # seed deliberately left out


# --------------------------------------------------------------------------- published layer


def test_kappa_at_equal_marginals_by_hand():
    # shares 0.5, 0.3, 0.2: p_e = 0.25 + 0.09 + 0.04 = 0.38
    # kappa = (0.67 - 0.38)/(1 - 0.38) = 0.29/0.62 = 0.467741...
    r = kappa_range_for_agreement(0.67, [0.5, 0.3, 0.2], d=0.05)
    assert r.p_expected_equal == pytest.approx(0.38, abs=1e-12)
    assert r.kappa_equal == pytest.approx(0.29 / 0.62, abs=1e-12)
    assert r.kappa_min <= r.kappa_equal <= r.kappa_max


def test_counts_and_shares_give_the_same_range():
    assert kappa_range_for_agreement(0.67, [50, 30, 20]) == kappa_range_for_agreement(0.67, [0.5, 0.3, 0.2])


def test_zero_tolerance_collapses_the_range():
    r = kappa_range_for_agreement(0.67, [0.5, 0.3, 0.2], d=0.0)
    assert r.kappa_min == pytest.approx(r.kappa_equal) and r.kappa_max == pytest.approx(r.kappa_equal)


def grid_points(centre, d, step=0.005):
    """Every 3-category distribution on a 0.005 grid within ±d of centre (integer arithmetic)."""
    unit = round(1 / step)
    lo = [max(0, round((c - d) * unit)) for c in centre]
    hi = [min(unit, round((c + d) * unit)) for c in centre]
    pts = [
        (x, y, unit - x - y)
        for x in range(lo[0], hi[0] + 1)
        for y in range(lo[1], hi[1] + 1)
        if lo[2] <= unit - x - y <= hi[2]
    ]
    return np.array(pts, dtype=float) / unit


@pytest.mark.parametrize(
    "shares_a,shares_b,d",
    [
        ([0.5, 0.3, 0.2], None, 0.05),
        ([0.6, 0.38, 0.02], None, 0.05),  # lower bound clipped at 0
        ([0.5, 0.3, 0.2], [0.2, 0.45, 0.35], 0.10),  # coders' centres differ
    ],
)
def test_kappa_range_matches_brute_force_grid(shares_a, shares_b, d):
    # the extremes sit at box-simplex vertices, whose coordinates are on the grid,
    # so the grid search finds the exact optimum
    grid_a = grid_points(shares_a, d)
    grid_b = grid_a if shares_b is None else grid_points(shares_b, d)
    p_e = grid_a @ grid_b.T
    r = kappa_range_for_agreement(0.67, shares_a, shares_b, d=d)
    assert r.p_expected_min == pytest.approx(p_e.min(), abs=1e-12)
    assert r.p_expected_max == pytest.approx(p_e.max(), abs=1e-12)
    assert r.kappa_max == pytest.approx((0.67 - p_e.min()) / (1 - p_e.min()), abs=1e-12)
    assert r.kappa_min == pytest.approx((0.67 - p_e.max()) / (1 - p_e.max()), abs=1e-12)


def test_vertices_of_a_small_box_simplex():
    # {x in [0.45,0.55]×[0.25,0.35]×[0.15,0.25], Σx = 1}: a hexagon; each vertex has two
    # coordinates at bounds: (.55,.30,.15) (.55,.25,.20) (.50,.25,.25) (.45,.30,.25) (.45,.35,.20) (.50,.35,.15)
    v = box_simplex_vertices(np.array([0.45, 0.25, 0.15]), np.array([0.55, 0.35, 0.25]))
    expected = {(0.55, 0.30, 0.15), (0.55, 0.25, 0.20), (0.50, 0.25, 0.25),
                (0.45, 0.30, 0.25), (0.45, 0.35, 0.20), (0.50, 0.35, 0.15)}
    assert {tuple(round(x, 10) for x in row) for row in v} == expected


def test_eleven_categories_range_bounds_random_feasible_pairs_and_is_fast():
    # eleven categories as in CSET; random feasible marginal pairs must fall inside the range
    shares = np.array([190, 110, 77, 60, 50, 45, 40, 30, 20, 12, 8], dtype=float)
    shares /= shares.sum()
    start = time.perf_counter()
    r = kappa_range_for_agreement(0.67, shares, d=0.05)
    assert time.perf_counter() - start < 3
    rng = np.random.default_rng(11)
    lower, upper = np.clip(shares - 0.05, 0, 1), np.clip(shares + 0.05, 0, 1)
    samples = []
    while len(samples) < 400:
        x = lower + rng.random(11) * (upper - lower)
        x = x / x.sum()
        if np.all(x >= lower - 1e-12) and np.all(x <= upper + 1e-12):
            samples.append(x)
    s = np.array(samples)
    p_e = s[:200] @ s[200:].T
    assert r.p_expected_min - 1e-12 <= p_e.min() and p_e.max() <= r.p_expected_max + 1e-12
    assert r.kappa_min < r.kappa_equal < r.kappa_max


@pytest.mark.parametrize(
    "args,message",
    [((1.2, [0.5, 0.5]), "observed agreement"), ((0.67, [0.5, 0.5], None, -0.1), "non-negative"),
     ((0.67, [0.5, 0.5], [0.2, 0.3, 0.5]), "same categories"), ((0.67, [1.0, 0.0], None, 0.0), "undefined")],
)
def test_impossible_published_inputs_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        kappa_range_for_agreement(*args)


def test_kappa_range_from_the_published_shares_by_hand():
    # Brief: 67 of 100 agreements; shares 25 % biopharma, 17 % IT, 12 % new materials,
    # one in eight other; 7 categories share the remaining 33.5 %.
    # known: .0625 + .0289 + .0144 + .015625 = .121425; rest .335**2 = .112225
    # p_e low = .121425 + .112225/7 = .137457...; kappa high = (.67 - .137457)/(1 - .137457) = .617410
    # p_e high = .121425 + .112225 = .23365;        kappa low  = .43635/.76635 = .569387
    from wishlist.stats.agreement import kappa_range_published

    r = kappa_range_published(0.67, [0.25, 0.17, 0.12, 0.125], 7)
    assert round(r.kappa_high, 6) == 0.617410
    assert round(r.kappa_low, 6) == 0.569387
    assert round(r.p_e_high, 5) == 0.23365


def test_kappa_range_with_biopharma_the_largest_category_by_hand():
    # Cohen (1960): kappa = (p_o - p_e) / (1 - p_e); equal marginals: p_e = sum of squared shares.
    # The brief says biopharma (25 %) is the largest category, so each of the 7 unnamed
    # categories holds at most 25 % of the remaining 33.5 %.
    # min p_e: even spread, .335/7 = .047857 each (<= .25): .121425 + .112225/7 = .137457
    #          kappa high = (.67 - .137457)/(1 - .137457) = .532543/.862543 = .617410
    # max p_e: fill up to the cap: one category .25, one .085, five 0:
    #          .121425 + .0625 + .007225 = .19115
    #          kappa low = (.67 - .19115)/(1 - .19115) = .47885/.80885 = .592013
    from wishlist.stats.agreement import kappa_range_published

    r = kappa_range_published(0.67, [0.25, 0.17, 0.12, 0.125], 7, cap=0.25)
    assert round(r.p_e_low, 6) == 0.137457
    assert round(r.p_e_high, 5) == 0.19115
    assert round(r.kappa_high, 6) == 0.617410
    assert round(r.kappa_low, 6) == 0.592013
    assert round(r.kappa_low_uncapped, 6) == 0.569387  # the old, unconstrained end
    assert r.as_numbers()["unknown_share_cap_pct"] == 0.25


@pytest.mark.parametrize(("rest", "r", "cap", "expected"), [
    (0.335, 7, None, 0.335 ** 2),  # no cap: all in one category
    (0.335, 7, 0.5, 0.335 ** 2),  # cap above the rest: all in one category
    (0.6, 4, 0.25, 2 * 0.0625 + 0.01),  # .25 + .25 + .10 + 0
    (0.5, 2, 0.25, 2 * 0.0625),  # exactly full: .25 + .25
])
def test_max_sum_of_squares_fills_categories_up_to_the_cap(rest, r, cap, expected):
    from wishlist.stats.agreement import max_sum_of_squares

    assert max_sum_of_squares(rest, r, cap) == pytest.approx(expected, abs=1e-12)


def test_a_cap_too_small_for_the_rest_is_refused():
    from wishlist.stats.agreement import kappa_range_published

    with pytest.raises(ValueError, match="cannot hold"):
        kappa_range_published(0.67, [0.25, 0.17, 0.12, 0.125], 7, cap=0.04)  # 7 x .04 = .28 < .335


def test_vectorised_resample_alpha_equals_the_package_per_resample():
    import numpy as np

    from wishlist.stats.agreement import _alpha_nominal, _alpha_nominal_resamples

    rng = np.random.default_rng(7)
    ia, ib = rng.integers(0, 4, size=60), rng.integers(0, 4, size=60)
    ib[:30] = ia[:30]  # some agreement
    draws = rng.integers(0, 60, size=(50, 60))
    draws[0] = 0  # a resample of one item: one category only, alpha undefined
    fast = _alpha_nominal_resamples(ia, ib, draws, 4)
    slow = np.array([_alpha_nominal(ia[rows], ib[rows], 4) for rows in draws])
    assert np.isnan(fast[0]) and np.isnan(slow[0])
    assert np.allclose(fast[1:], slow[1:], rtol=0, atol=1e-12)


# --- Monte Carlo error of the bootstrap limits ---


def test_percentile_mc_interval_is_the_order_statistic_interval_worked_by_hand():
    # B = 1000 values 1..1000, p = 0.025: the count below the true quantile is Binomial(1000, 0.025)
    # (mean 25, sd sqrt(1000 * 0.025 * 0.975) = 4.937). Its 2.5 % and 97.5 % points are 16 and 35
    # (normal approximation 25 -/+ 1.96 * 4.937 = 15.3 .. 34.7, to whole ranks; by the binomial sums
    # P(X <= 15) = 0.0211 < 0.025 <= P(X <= 16) = 0.0360 and P(X <= 34) = 0.9680 < 0.975 <= P(X <= 35) =
    # 0.9790), so the interval runs from the 16th to the 36th smallest value (Conover 1999, section 3.2:
    # ranks r and s + 1).
    from wishlist.stats.agreement import percentile_mc_interval

    assert percentile_mc_interval(np.arange(1, 1001), 0.025) == (16.0, 36.0)
    # symmetric at the median: Binomial(1000, 0.5) has 2.5 % and 97.5 % points 469 and 531
    assert percentile_mc_interval(np.arange(1, 1001), 0.5) == (469.0, 532.0)


def test_the_monte_carlo_error_shrinks_as_one_over_root_b():
    a, b = reasonable_example()  # 100 items: alpha takes many values across resamples
    small = krippendorff_alpha_nominal(a, b, seed=5, n_boot=2_000).mc_error
    result = krippendorff_alpha_nominal(a, b, seed=5, n_boot=200_000)
    large = result.mc_error
    # 100 times the resamples: a much smaller error (at most 1/sqrt(B) for a continuous distribution;
    # alpha over 100 items takes discrete values, so the interval cannot shrink below their spacing)
    assert large < small / 2 and large < 0.005
    assert result.as_numbers()["mc_error"] == large


def test_chunked_resampling_covers_every_resample():
    result = krippendorff_alpha_nominal(*KRIPP_A, seed=9, n_boot=45_001)  # two full chunks and one resample
    assert result.n_boot == 45_001 and result.n_boot_used + result.n_boot_undefined == 45_001
