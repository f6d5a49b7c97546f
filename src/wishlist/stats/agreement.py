"""Inter-coder reliability of nominal codes: two coders, the same items.

CSET's endnote 26 reports only that two authors agreed on 67 of 100 double-coded
reports. Raw agreement ignores chance, so this module also gives the
chance-corrected coefficients and, for the published layer, what 67 percent
does and does not allow one to say about kappa. Every statistic is named:

- percent agreement with a Wilson (1927) score interval (`proportions`);
- Cohen's (1960) kappa; its interval uses the large-sample *non-null* variance
  of Fleiss, Cohen & Everitt (1969) (statsmodels' ``var_kappa``), not the
  variance under H0: kappa = 0 (``var_kappa0``), which is only for testing;
- Krippendorff's alpha, nominal metric, from the `krippendorff` package, with a
  percentile interval from resampling *items* (units) — a plain nonparametric
  bootstrap, not Hayes & Krippendorff's (2007) algorithm;
- specific (positive) agreement per category, 2·n_both / (n_a + n_b)
  (Fleiss 1975; Cicchetti & Feinstein 1990);
- the exact range of kappa compatible with an observed agreement and category
  shares known to within ±d (`kappa_range_for_agreement`), and the range the
  brief's partly published shares allow when no unnamed category may exceed the
  largest named one (`kappa_range_published`).

All functions are pure: codes in, numbers out, no file I/O. Bad input raises
ValueError (callers that know the file wrap it in StudyInputError).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wishlist.stats.proportions import Proportion, proportion_ci

KAPPA_SE_METHOD = "Fleiss-Cohen-Everitt (1969) asymptotic non-null variance"
ALPHA_CI_METHOD = "unit bootstrap, percentile"
QUANTILE_METHOD = "linear"  # numpy's name for Hyndman & Fan (1996) type 7
MAX_VERTEX_CATEGORIES = 16  # vertex enumeration visits K * 2**(K-1) points


# --------------------------------------------------------------------------- inputs


def _paired_codes(a, b) -> tuple[np.ndarray, np.ndarray]:
    """Two equal-length, complete code vectors (drop unpaired items before calling)."""
    a = pd.Series(list(a) if not isinstance(a, pd.Series) else a.to_list(), dtype=object)
    b = pd.Series(list(b) if not isinstance(b, pd.Series) else b.to_list(), dtype=object)
    if len(a) != len(b):
        raise ValueError(f"coders must code the same items: {len(a)} codes for A, {len(b)} for B")
    if len(a) == 0:
        raise ValueError("no items to compare")
    missing = int(a.isna().sum() + b.isna().sum())
    if missing:
        raise ValueError(f"{missing} missing code(s); reliability here needs both codes for every item")
    return a.to_numpy(), b.to_numpy()


def _categories(a: np.ndarray, b: np.ndarray, categories: Sequence | None) -> list:
    """The category list in table order; refuses codes outside it."""
    seen = set(a.tolist()) | set(b.tolist())
    if categories is None:
        try:
            return sorted(seen)
        except TypeError:  # mixed types: order by their text
            return sorted(seen, key=str)
    categories = list(categories)
    if len(set(categories)) != len(categories):
        raise ValueError("categories contain duplicates")
    unknown = seen - set(categories)
    if unknown:
        raise ValueError(f"codes not among the categories: {sorted(unknown, key=str)}")
    return categories


def _indices(a, b, categories):
    a, b = _paired_codes(a, b)
    cats = _categories(a, b, categories)
    position = {c: i for i, c in enumerate(cats)}
    return np.array([position[x] for x in a]), np.array([position[x] for x in b]), cats


# --------------------------------------------------------------------------- agreement


def percent_agreement(a, b, level: float = 0.95) -> Proportion:
    """Share of items both coders gave the same code, with a Wilson score interval."""
    a, b = _paired_codes(a, b)
    return proportion_ci(int((a == b).sum()), len(a), method="wilson", level=level)


def agreement_from_published(agreed: int = 67, n: int = 100, level: float = 0.95) -> Proportion:
    """Wilson interval of CSET's published agreement (endnote 26: 67 of 100 reports)."""
    return proportion_ci(agreed, n, method="wilson", level=level)


def confusion_matrix(a, b, categories: Sequence | None = None) -> pd.DataFrame:
    """Counts with coder A in rows and coder B in columns; every category kept, even unused."""
    ia, ib, cats = _indices(a, b, categories)
    table = np.zeros((len(cats), len(cats)), dtype=int)
    np.add.at(table, (ia, ib), 1)
    return pd.DataFrame(
        table,
        index=pd.Index(cats, name="coder_a"),
        columns=pd.Index(cats, name="coder_b"),
    )


def per_category_agreement(a, b, categories: Sequence | None = None) -> pd.DataFrame:
    """Per category: items each coder put there, either, both, and specific agreement.

    Specific (positive) agreement 2·n_both / (n_a + n_b) is the category's share of
    agreed placements among all placements in it; NaN when neither coder used it.
    """
    matrix = confusion_matrix(a, b, categories)
    table = matrix.to_numpy()
    n_a, n_b, n_both = table.sum(axis=1), table.sum(axis=0), np.diag(table)
    placements = n_a + n_b
    with np.errstate(invalid="ignore", divide="ignore"):
        specific = np.where(placements > 0, 2 * n_both / placements, np.nan)
    return pd.DataFrame(
        {
            "n_a": n_a,
            "n_b": n_b,
            "n_either": n_a + n_b - n_both,
            "n_both": n_both,
            "specific_agreement": specific,
        },
        index=pd.Index(matrix.index, name="category"),
    )


# --------------------------------------------------------------------------- Cohen's kappa


@dataclass(frozen=True)
class Kappa:
    kappa: float
    se: float  # Fleiss-Cohen-Everitt non-null SE: used for the interval
    se_null: float  # SE under H0: kappa = 0: for a test only, never for the interval
    low: float
    high: float
    level: float
    n: int
    p_observed: float
    p_expected: float
    se_method: str = KAPPA_SE_METHOD

    def as_numbers(self) -> dict:
        """Fragment for numbers.yml."""
        return {
            "kappa": self.kappa,
            "se": self.se,
            "ci_low": self.low,
            "ci_high": self.high,
            "level": self.level,
            "n": self.n,
            "p_observed_pct": self.p_observed,
            "p_expected_pct": self.p_expected,
            "se_method": self.se_method,
        }


def cohens_kappa(a, b, categories: Sequence | None = None, level: float = 0.95) -> Kappa:
    """Cohen's unweighted kappa with a Wald interval from the non-null asymptotic SE.

    statsmodels computes kappa and both variances from the A×B table; its own
    interval is fixed at 95 %, so the interval is rebuilt here at `level` from
    ``var_kappa`` (Fleiss, Cohen & Everitt 1969). The upper limit is capped at 1,
    kappa's maximum. Kappa is undefined when chance agreement is 1 (both coders
    used one and the same category throughout).
    """
    from scipy.stats import norm
    from statsmodels.stats.inter_rater import cohens_kappa as sm_cohens_kappa

    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level}")
    table = confusion_matrix(a, b, categories).to_numpy().astype(float)
    n = int(table.sum())
    p_o = float(np.trace(table)) / n
    p_e = float(table.sum(axis=1) @ table.sum(axis=0)) / n**2
    if math.isclose(p_e, 1.0):
        raise ValueError("kappa is undefined: both coders used a single category, so chance agreement is 1")
    result = sm_cohens_kappa(table, weights=None, wt=None, return_results=True)
    # exact zeros (perfect agreement) can come back as -1e-17
    se = math.sqrt(max(0.0, float(result["var_kappa"])))
    se_null = math.sqrt(max(0.0, float(result["var_kappa0"])))
    kappa = float(result["kappa"])
    half = float(norm.ppf(0.5 + level / 2)) * se
    return Kappa(kappa, se, se_null, kappa - half, min(1.0, kappa + half), level, n, p_o, p_e)


# --------------------------------------------------------------------------- Krippendorff's alpha


@dataclass(frozen=True)
class Alpha:
    alpha: float
    low: float  # NaN when no resample had a defined alpha
    high: float
    level: float
    n_units: int
    n_boot: int  # resamples drawn
    n_boot_undefined: int  # of which alpha was undefined (one category only) and dropped
    seed: int
    ci_method: str = ALPHA_CI_METHOD
    # Monte Carlo error of the limits: the larger half-width of the order-statistic intervals
    # (percentile_mc_interval) around the two bootstrap quantiles; NaN without a defined resample
    mc_error: float = math.nan

    @property
    def n_boot_used(self) -> int:
        return self.n_boot - self.n_boot_undefined

    def as_numbers(self) -> dict:
        """Fragment for numbers.yml (numbers.clean refuses an undefined, NaN, interval)."""
        return {
            "alpha": self.alpha,
            "ci_low": self.low,
            "ci_high": self.high,
            "level": self.level,
            "n": self.n_units,
            "n_boot": self.n_boot,
            "n_boot_undefined": self.n_boot_undefined,
            "seed": self.seed,
            "ci_method": self.ci_method,
            "mc_error": self.mc_error,
        }


def _alpha_nominal(ia: np.ndarray, ib: np.ndarray, n_categories: int) -> float:
    """Nominal alpha of two complete integer-coded rows; NaN if only one value occurs."""
    import krippendorff

    if np.unique(np.concatenate([ia, ib])).size < 2:
        return math.nan  # expected disagreement is 0: alpha = 1 - 0/0
    return float(
        krippendorff.alpha(
            reliability_data=np.vstack([ia, ib]).astype(float),
            value_domain=list(range(n_categories)),
            level_of_measurement="nominal",
        )
    )


def _alpha_nominal_resamples(ia: np.ndarray, ib: np.ndarray, draws: np.ndarray, n_categories: int) -> np.ndarray:
    """Nominal alpha of every resample at once (two coders, no missing values).

    With n = 2N pairable values, D disagreeing items and category totals n_c,
    Krippendorff's coincidence formulas reduce to
    alpha = 1 - (n - 1) * 2D / (n**2 - sum(n_c**2)); NaN where one category fills
    the resample. Equal to `_alpha_nominal` resample by resample (tested); it
    exists because calling the package per resample is slow for large N.
    """
    n_boot, n_items = draws.shape
    n = 2 * n_items
    disagreements = (ia != ib)[draws].sum(axis=1)
    offsets = (np.arange(n_boot) * n_categories)[:, None]
    totals = (np.bincount((ia[draws] + offsets).ravel(), minlength=n_boot * n_categories)
              + np.bincount((ib[draws] + offsets).ravel(), minlength=n_boot * n_categories))
    totals = totals.reshape(n_boot, n_categories).astype(float)
    expected = n * n - (totals ** 2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (n - 1) * 2.0 * disagreements / expected
    alpha[expected == 0] = np.nan
    return alpha


MC_LEVEL = 0.95  # coverage of the Monte Carlo interval around each bootstrap limit
RESAMPLE_CHUNK = 20_000  # resamples drawn and evaluated at a time


def percentile_mc_interval(values, p: float, level: float = MC_LEVEL) -> tuple[float, float]:
    """Where the p-quantile of the bootstrap distribution lies, given B resampled `values`.

    The count of resamples below the true quantile is Binomial(B, p), so the order statistics
    of ranks binom.ppf((1 - level)/2) and binom.ppf((1 + level)/2) + 1 bracket it with at
    least `level` probability (the distribution-free interval for a quantile; Conover 1999,
    Practical Nonparametric Statistics, 3rd ed., section 3.2). Its width is the Monte Carlo
    error of a percentile limit: it shrinks as 1/sqrt(B)."""
    from scipy.stats import binom

    ordered = np.sort(np.asarray(values, dtype=float))
    b = ordered.size
    if b == 0:
        return math.nan, math.nan
    r = int(binom.ppf((1 - level) / 2, b, p))
    s = int(binom.ppf((1 + level) / 2, b, p)) + 1
    return float(ordered[max(r, 1) - 1]), float(ordered[min(s, b) - 1])


def krippendorff_alpha_nominal(
    a,
    b,
    categories: Sequence | None = None,
    *,
    seed: int,
    n_boot: int = 2000,
    level: float = 0.95,
) -> Alpha:
    """Krippendorff's alpha (nominal metric) with a unit-bootstrap percentile interval.

    The interval resamples the N items with replacement (numpy Generator seeded
    with `seed`), recomputes alpha `n_boot` times and takes the (1 ± level)/2
    quantiles (Hyndman & Fan type 7). This is the ordinary nonparametric
    bootstrap over units, *not* Hayes & Krippendorff's (2007) bootstrap, which
    resamples pairs of values within the coincidence matrix. A resample in which
    both coders used one category only has no defined alpha (D_e = 0); such
    resamples are counted, dropped and reported as `n_boot_undefined`.
    """
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level}")
    if n_boot < 1:
        raise ValueError(f"need at least one bootstrap resample, got {n_boot}")
    ia, ib, cats = _indices(a, b, categories)
    k = len(cats)
    alpha = _alpha_nominal(ia, ib, k)
    if math.isnan(alpha):
        raise ValueError("alpha is undefined: both coders used a single category for every item")

    rng = np.random.default_rng(seed)
    n = len(ia)
    # in chunks, so that 200,000 resamples of many items stay small in memory (the same stream either way)
    chunks = (min(RESAMPLE_CHUNK, n_boot - start) for start in range(0, n_boot, RESAMPLE_CHUNK))
    boot = np.concatenate([_alpha_nominal_resamples(ia, ib, rng.integers(0, n, size=(size, n)), k) for size in chunks])
    defined = boot[~np.isnan(boot)]
    undefined = n_boot - defined.size
    mc_error = math.nan
    if defined.size:
        low, high = np.quantile(defined, [0.5 - level / 2, 0.5 + level / 2], method=QUANTILE_METHOD)
        widths = []
        for p in (0.5 - level / 2, 0.5 + level / 2):
            lo, hi = percentile_mc_interval(defined, p)
            widths.append((hi - lo) / 2)
        mc_error = float(max(widths))
    else:
        low = high = math.nan
    return Alpha(alpha, float(low), float(high), level, n, n_boot, int(undefined), seed, mc_error=mc_error)


# --------------------------------------------------------------------------- published layer


@dataclass(frozen=True)
class KappaRange:
    p_observed: float
    p_expected_equal: float  # chance agreement at the given marginals
    kappa_equal: float
    d: float
    p_expected_min: float
    p_expected_max: float
    kappa_min: float  # at p_expected_max (kappa falls as chance agreement rises)
    kappa_max: float  # at p_expected_min
    method: str = "exact: vertex enumeration of coder A's box, greedy LP for coder B"

    def as_numbers(self) -> dict:
        return {
            "p_observed_pct": self.p_observed,
            "p_expected_equal_pct": self.p_expected_equal,
            "kappa_equal": self.kappa_equal,
            "d_pct": self.d,
            "kappa_min": self.kappa_min,
            "kappa_max": self.kappa_max,
            "method": self.method,
        }


def _shares(marginals, name: str) -> np.ndarray:
    """Shares from counts or (rounded) percentages: non-negative, renormalised to sum 1."""
    shares = np.asarray(marginals, dtype=float)
    if shares.ndim != 1 or shares.size < 2:
        raise ValueError(f"{name}: need at least two category shares")
    if np.any(shares < 0) or not np.all(np.isfinite(shares)) or shares.sum() <= 0:
        raise ValueError(f"{name}: shares must be finite, non-negative and not all zero")
    return shares / shares.sum()


def _kappa(p_o: float, p_e: float) -> float:
    return (p_o - p_e) / (1 - p_e)


def _box(shares: np.ndarray, d: float, name: str) -> tuple[np.ndarray, np.ndarray]:
    lower, upper = np.clip(shares - d, 0, 1), np.clip(shares + d, 0, 1)
    if lower.sum() > 1 + 1e-12 or upper.sum() < 1 - 1e-12:
        raise ValueError(f"{name}: no distribution sums to 1 within ±{d}")
    return lower, upper


def box_simplex_vertices(lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Vertices of {x : lower <= x <= upper, sum x = 1}.

    A vertex has at least K-1 coordinates at a bound; the remaining one is fixed
    by the sum. Enumerating the free index and the 2**(K-1) bound patterns of the
    others finds them all (K * 2**(K-1) candidates: 11 264 for K = 11).
    """
    k = lower.size
    if k > MAX_VERTEX_CATEGORIES:
        raise ValueError(f"vertex enumeration is for at most {MAX_VERTEX_CATEGORIES} categories, got {k}")
    patterns = np.array(list(itertools.product([0, 1], repeat=k - 1)), dtype=bool)
    found = []
    for free in range(k):
        others = np.delete(np.arange(k), free)
        fixed = np.where(patterns, upper[others], lower[others])
        rest = 1 - fixed.sum(axis=1)
        ok = (rest >= lower[free] - 1e-12) & (rest <= upper[free] + 1e-12)
        points = np.empty((int(ok.sum()), k))
        points[:, others] = fixed[ok]
        points[:, free] = np.clip(rest[ok], lower[free], upper[free])
        found.append(points)
    return np.unique(np.round(np.vstack(found), 12), axis=0)


def _greedy_inner(weights: np.ndarray, lower: np.ndarray, upper: np.ndarray, maximise: bool) -> float:
    """Exact optimum of sum w_k x_k over the box-simplex (fractional knapsack).

    Start every x_k at its lower bound; pour the remaining mass into the
    categories with the smallest (to minimise) or largest (to maximise) weight.
    """
    x = lower.copy()
    left = 1 - x.sum()
    for j in np.argsort(-weights if maximise else weights, kind="stable"):
        step = min(upper[j] - lower[j], left)
        x[j] += step
        left -= step
        if left <= 0:
            break
    return float(weights @ x)


def kappa_range_for_agreement(
    p_o: float,
    marginals_a,
    marginals_b=None,
    d: float = 0.05,
) -> KappaRange:
    """What kappa can be, given only observed agreement and approximate category shares.

    kappa = (p_o - p_e) / (1 - p_e) with chance agreement p_e = sum_k a_k·b_k, where
    a and b are the two coders' category shares on the double-coded items. The
    published layer gives neither; it gives shares over all reports. So:

    (a) ``kappa_equal``: both coders' shares equal to `marginals_a` (or a = marginals_a,
        b = marginals_b when given); with equal shares p_e = sum_k p_k².
    (b) ``kappa_min`` / ``kappa_max``: over every pair of distributions a, b that
        sum to 1 and lie within ±d of their centre shares coordinate-wise (clipped
        to [0, 1]). Kappa falls as p_e rises (for p_o < 1), so the range comes
        from the extremes of p_e.

    The extremes are exact, not a relaxation: p_e is bilinear, so for fixed a the
    optimum over b is a linear programme solved exactly by a greedy fill; that
    inner optimum is concave (min) or convex (max) in a, so the outer optimum lies
    at a vertex of a's box-simplex, and all vertices are enumerated.

    Inputs may be counts or shares (they are renormalised). Caveat for CSET: the
    published shares are over all 642 reports, not the 100 double-coded ones.
    """
    if not 0 <= p_o <= 1:
        raise ValueError(f"observed agreement must be in [0, 1], got {p_o}")
    if d < 0:
        raise ValueError(f"d must be non-negative, got {d}")
    centre_a = _shares(marginals_a, "marginals_a")
    centre_b = centre_a if marginals_b is None else _shares(marginals_b, "marginals_b")
    if centre_b.size != centre_a.size:
        raise ValueError("marginals_a and marginals_b need the same categories")
    p_e_equal = float(centre_a @ centre_b)
    if math.isclose(p_e_equal, 1.0):
        raise ValueError("kappa is undefined when chance agreement is 1 (a single category)")

    lower_a, upper_a = _box(centre_a, d, "marginals_a")
    lower_b, upper_b = _box(centre_b, d, "marginals_b")
    vertices = box_simplex_vertices(lower_a, upper_a)
    p_e_min = min(_greedy_inner(v, lower_b, upper_b, maximise=False) for v in vertices)
    p_e_max = max(_greedy_inner(v, lower_b, upper_b, maximise=True) for v in vertices)
    if math.isclose(p_e_max, 1.0):
        raise ValueError(f"within ±{d} both coders could use a single category, where kappa is undefined")
    return KappaRange(
        p_observed=float(p_o),
        p_expected_equal=p_e_equal,
        kappa_equal=_kappa(p_o, p_e_equal),
        d=float(d),
        p_expected_min=p_e_min,
        p_expected_max=p_e_max,
        kappa_min=_kappa(p_o, p_e_max),
        kappa_max=_kappa(p_o, p_e_min),
    )


@dataclass(frozen=True)
class PublishedKappaRange:
    """Kappa compatible with a published agreement rate and partly published category shares."""

    p_o: float
    kappa_low: float
    kappa_high: float
    p_e_low: float
    p_e_high: float
    unknown_categories: int
    cap: float | None = None  # largest share any unnamed category may have (None: no cap)
    kappa_low_uncapped: float | None = None  # kappa_low if the whole rest could sit in one category

    def as_numbers(self) -> dict:
        numbers = {"kappa_low": self.kappa_low, "kappa_high": self.kappa_high,
                   "chance_agreement_low_pct": self.p_e_low, "chance_agreement_high_pct": self.p_e_high}
        if self.cap is not None:
            numbers.update(unknown_share_cap_pct=self.cap, kappa_low_uncapped=self.kappa_low_uncapped)
        return numbers


def max_sum_of_squares(rest: float, categories: int, cap: float | None = None) -> float:
    """Largest sum of x_i**2 over x_1..x_r >= 0 with sum x_i = rest and every x_i <= cap.

    sum x_i**2 is convex, so its maximum over the box-simplex is at a vertex: as
    many categories as possible filled to the cap (m = floor(rest / cap)), the
    remainder rest - m·cap in one more, the others empty. Without a cap (or a cap
    >= rest) the vertex is the whole rest in one category, rest**2.
    """
    if cap is None or cap >= rest:
        return rest ** 2
    if rest > categories * cap + 1e-12:
        raise ValueError(f"{categories} categories of at most {cap} cannot hold a share of {rest}")
    full = min(categories, math.floor(rest / cap + 1e-12))
    remainder = max(0.0, rest - full * cap)
    return full * cap ** 2 + remainder ** 2


def kappa_range_published(p_o: float, known_shares: Sequence[float], unknown_categories: int,
                          cap: float | None = None) -> PublishedKappaRange:
    """Range of Cohen's kappa the published layer allows (equal coder marginals assumed).

    With equal marginals chance agreement is p_e = sum of squared shares (Cohen
    1960). The known shares contribute sum(s_k**2); the rest, R = 1 - sum(s_k), is
    spread over r = `unknown_categories` categories, each share in [0, cap]. Under
    that box constraint sum x_i**2 is smallest at the even spread, R**2 / r (the
    even spread R / r is within the cap whenever the constraint can be met at all),
    and largest with categories filled up to the cap (`max_sum_of_squares`).
    `cap` encodes the brief's "biotechnology projects were identified most
    frequently" (calibration target category_biopharma_largest): no unnamed
    category exceeds the biopharma share. Without a cap the whole rest may sit in
    one category (R**2), which the brief's own ranking rules out when R exceeds the
    biopharma share. Kappa = (p_o - p_e) / (1 - p_e) falls as p_e rises, so the
    two extremes of p_e give the two ends of kappa.
    """
    known = np.asarray(known_shares, dtype=float)
    rest = 1.0 - known.sum()
    if rest < -1e-12 or unknown_categories < 1:
        raise ValueError("known shares exceed 1 or no category is left for the rest")
    if cap is not None and not 0 < cap <= 1:
        raise ValueError(f"cap must be in (0, 1], got {cap}")
    rest = max(rest, 0.0)
    base = float((known ** 2).sum())
    p_e_low = base + rest ** 2 / unknown_categories
    p_e_high = base + max_sum_of_squares(rest, unknown_categories, cap)
    uncapped = _kappa(p_o, base + rest ** 2) if cap is not None else None
    return PublishedKappaRange(p_o, _kappa(p_o, p_e_high), _kappa(p_o, p_e_low), p_e_low, p_e_high,
                               unknown_categories, cap, uncapped)
