"""Binomial proportions with named confidence intervals.

statsmodels' `proportion_confint` defaults to the Wald interval, which is poor
for small n and extreme p; this module never relies on that default. Every
interval is asked for by name:

- ``wilson``         Wilson (1927) score interval, no continuity correction —
                     the study's main method (Newcombe 1998, method 3);
- ``clopper_pearson`` exact interval from beta quantiles (Newcombe method 5);
- ``jeffreys``       equal-tailed Bayesian interval under Beta(1/2, 1/2);
- ``agresti_coull``  Agresti & Coull (1998) adjusted Wald interval.

Beyond one binomial proportion, for the 30 case studies (14 partnered, 8 not,
8 unknown, drawn from 81 records): `sensitivity_table` (all four methods side by
side), `multinomial_cis` (simultaneous Goodman or Sison-Glaz intervals),
`hypergeometric_ci` (exact interval for the count in the finite population),
`missing_outcome_bounds` (unknown outcomes dropped, all failures, all successes)
and `sample_size_for_margin` (planning, normal approximation).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

# our name -> statsmodels' method name
METHODS = {
    "wilson": "wilson",
    "clopper_pearson": "beta",
    "jeffreys": "jeffreys",
    "agresti_coull": "agresti_coull",
}
MAIN_METHOD = "wilson"


@dataclass(frozen=True)
class Proportion:
    count: int
    n: int
    method: str
    level: float
    low: float
    high: float

    @property
    def estimate(self) -> float:
        return self.count / self.n

    def as_numbers(self) -> dict:
        """Fragment for numbers.yml (proportions end in _pct, see numbers.py)."""
        return {
            "count": self.count,
            "n": self.n,
            "share_pct": self.estimate,
            "ci_low_pct": self.low,
            "ci_high_pct": self.high,
            "ci_method": self.method,
        }


def proportion_ci(count: int, n: int, method: str = MAIN_METHOD, level: float = 0.95) -> Proportion:
    """Estimate count/n with a named two-sided interval at `level`."""
    from statsmodels.stats.proportion import proportion_confint

    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}; choose one of {sorted(METHODS)}")
    if not (0 <= count <= n) or n <= 0:
        raise ValueError(f"need 0 <= count <= n and n > 0, got {count}/{n}")
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level}")
    low, high = proportion_confint(count, n, alpha=1 - level, method=METHODS[method])
    # statsmodels returns tiny negative/over-one values at the edges for some methods
    return Proportion(count, n, method, level, max(0.0, float(low)), min(1.0, float(high)))


# --- one proportion, every method --------------------------------------------------------------


def sensitivity_table(count: int, n: int, level: float = 0.95):
    """count/n under each method of METHODS, one row each: shows how much the choice of interval matters."""
    import pandas as pd

    rows = []
    for method in METHODS:
        ci = proportion_ci(count, n, method, level)
        rows.append({"method": method, "count": count, "n": n, "level": level,
                     "share": ci.estimate, "low": ci.low, "high": ci.high})
    return pd.DataFrame(rows, columns=["method", "count", "n", "level", "share", "low", "high"])


# --- several categories at once -----------------------------------------------------------------

# our name -> statsmodels' `multinomial_proportions_confint` method name
MULTINOMIAL_METHODS = {"goodman": "goodman", "sison_glaz": "sison-glaz"}
# statsmodels documents Sison-Glaz as valid only with 7 or more categories (its Edgeworth
# expansion converges as the number of categories grows); with 3 categories and n = 30 a quick
# simulation at (14, 8, 8)/30 covered only ~87 % at a nominal 95 %, so fewer are refused.
SISON_GLAZ_MIN_CATEGORIES = 7


def multinomial_cis(counts: Mapping[str, int], level: float, method: str):
    """Simultaneous intervals for the shares of several exclusive categories (level and method required).

    The case studies sort 30 companies into three outcomes at once; per-category
    binomial intervals would not hold jointly. Methods:

    - ``goodman``    Goodman (1965): per category, the Wilson-type score interval with
                     chi-square(1 df) quantile at 1 - alpha/k (a Bonferroni split over the
                     k categories); conservative, any k >= 2, recommended for counts >= 5;
    - ``sison_glaz`` Sison & Glaz (1995): intervals of equal width from an Edgeworth
                     approximation to the multinomial; less conservative, needs k >= 7.

    Returns one row per category: category, count, share, low, high, method, level.
    """
    import numpy as np
    import pandas as pd
    from statsmodels.stats.proportion import multinomial_proportions_confint

    if method not in MULTINOMIAL_METHODS:
        raise ValueError(f"unknown multinomial method {method!r}; choose one of {sorted(MULTINOMIAL_METHODS)}")
    _check_level(level)
    pairs = list(counts.items())  # .items() also keeps a pandas Series' labels
    categories, values = [c for c, _ in pairs], [v for _, v in pairs]
    for category, value in zip(categories, values):
        if not _is_count(value):
            raise ValueError(f"count for {category!r} must be a whole number >= 0, got {value!r}")
    k, total = len(values), sum(values)
    if k < 2:
        raise ValueError(f"need at least 2 categories, got {k}")
    if total <= 0:
        raise ValueError("need at least one observation across the categories")
    if method == "sison_glaz" and k < SISON_GLAZ_MIN_CATEGORIES:
        raise ValueError(
            f"Sison-Glaz needs at least {SISON_GLAZ_MIN_CATEGORIES} categories (statsmodels' validity "
            f"condition), got {k}; use method='goodman'")
    try:
        region = multinomial_proportions_confint(np.asarray(values, dtype=float), alpha=1 - level,
                                                 method=MULTINOMIAL_METHODS[method])
    except Exception as error:  # statsmodels raises a bare Exception when its search for c fails
        raise ValueError(f"{method} intervals could not be computed for counts {dict(pairs)}: {error}") from error
    low, high = np.clip(region[:, 0], 0.0, 1.0), np.clip(region[:, 1], 0.0, 1.0)
    if not (np.isfinite(low).all() and np.isfinite(high).all()):
        raise ValueError(f"{method} returned non-finite bounds for counts {dict(pairs)}")
    if method == "sison_glaz" and (high <= low).any():
        # statsmodels (like R's MultinomialCI) accepts the degenerate c = 0 solution for very few
        # observations, giving a zero-width interval such as [1, 1]: not a usable interval.
        degenerate = [c for c, lo, hi in zip(categories, low, high) if hi <= lo]
        raise ValueError(f"Sison-Glaz gave zero-width intervals for {degenerate} (too few observations, "
                         f"n = {total}); use method='goodman'")
    return pd.DataFrame({"category": categories, "count": values, "share": np.asarray(values) / total,
                         "low": low, "high": high, "method": method, "level": level})


# --- finite population --------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationCount:
    """Exact interval for the number of successes K in a finite population of N."""

    successes: int
    sample_size: int
    population_size: int
    level: float
    k_low: int
    k_high: int
    method: str = "hypergeometric_exact"

    @property
    def estimate(self) -> float:
        return self.successes / self.sample_size

    @property
    def share_low(self) -> float:
        return self.k_low / self.population_size

    @property
    def share_high(self) -> float:
        return self.k_high / self.population_size


def hypergeometric_ci(successes: int, sample_size: int, population_size: int,
                      level: float = 0.95) -> PopulationCount:
    """Exact interval for K, the successes among all N, from a sample of n drawn without replacement.

    The 30 case studies are a without-replacement draw from 81 records, so the
    binomial model overstates the uncertainty about the 81. The interval inverts
    two one-sided hypergeometric tests, each at alpha/2 (the Clopper-Pearson
    construction with the hypergeometric in place of the binomial; Buonaccorsi 1987):
    K_low  = smallest K with P(X >= x | K) > alpha/2,
    K_high = largest  K with P(X <= x | K) > alpha/2,
    with X ~ Hypergeometric(N, K, n) (scipy.stats.hypergeom). Both tail
    probabilities are monotone in K, so the accepted K form an interval. The
    strict ">" is the usual test inversion (reject when the p-value <= alpha/2)
    and keeps coverage >= level; exact ties (e.g. N = 5, n = 2, x = 0, level
    0.8: P(X <= 0 | K = 3) = 1/10 = alpha/2) are rejected even when floating
    point puts the tail a hair above alpha/2.
    """
    import numpy as np
    from scipy.stats import hypergeom

    x, n, big_n = successes, sample_size, population_size
    for name, value in (("successes", x), ("sample_size", n), ("population_size", big_n)):
        if not _is_count(value):
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    if not (0 <= x <= n <= big_n) or n == 0:
        raise ValueError(f"need 0 <= successes <= sample_size <= population_size and sample_size > 0, "
                         f"got {x}, {n}, {big_n}")
    _check_level(level)
    half_alpha = (1 - level) / 2
    k = np.arange(big_n + 1)
    # scipy's hypergeom(M, n, N): M = population size, n = successes in it, N = draws
    upper_tail = hypergeom.sf(x - 1, big_n, k, n)  # P(X >= x | K)
    lower_tail = hypergeom.cdf(x, big_n, k, n)  # P(X <= x | K)
    k_low = int(k[_exceeds(upper_tail, half_alpha)].min())
    k_high = int(k[_exceeds(lower_tail, half_alpha)].max())
    return PopulationCount(x, n, big_n, level, k_low, k_high)


# --- missing outcomes ---------------------------------------------------------------------------

MISSING_SCENARIOS = ("known_only", "missing_as_failures", "missing_as_successes")


def missing_outcome_bounds(successes: int, failures: int, missing: int, level: float = 0.95,
                           method: str = MAIN_METHOD) -> dict[str, Proportion]:
    """The share under three treatments of cases whose outcome is unknown, each with a named interval.

    8 of the 30 case studies "lacked sufficient information". Dropping them
    (known_only: s/(s+f)) assumes they are missing at random; counting them all
    as failures (s/(s+f+m)) or all as successes ((s+m)/(s+f+m)) gives the worst
    and best cases, which bound the sample share whatever the missingness
    mechanism (Manski-style bounds). A "no partnership found" is an absence of
    evidence, not a known failure: treating it as unknown too
    (absence_as_unknown_high: (s+f+m)/(s+f+m)) gives the upper bound when only
    the partnerships found are known.
    """
    for name, value in (("successes", successes), ("failures", failures), ("missing", missing)):
        if not _is_count(value):
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    if successes + failures == 0:
        raise ValueError("need at least one case with a known outcome")
    total = successes + failures + missing
    return {
        "known_only": proportion_ci(successes, successes + failures, method, level),
        "missing_as_failures": proportion_ci(successes, total, method, level),
        "missing_as_successes": proportion_ci(successes + missing, total, method, level),
        "absence_as_unknown_high": proportion_ci(total, total, method, level),
    }


# --- planning -----------------------------------------------------------------------------------


def sample_size_for_margin(margin: float, level: float = 0.95, p: float = 0.5,
                           population_size: int | None = None) -> int:
    """Sample size for a normal-approximation (Wald) interval of half-width `margin`.

    A planning figure: how many case studies a ±margin estimate would need.
    n0 = z^2 p (1 - p) / margin^2 with z = Phi^-1(1 - alpha/2); p = 0.5 maximises
    p (1 - p), so the default is the worst case. With a population size N the
    finite-population correction n = n0 / (1 + (n0 - 1) / N) is applied to the
    unrounded n0 (Cochran 1977, Sampling Techniques, 3rd ed., ch. 4).
    Rounding: the result is rounded up once, at the end; values within 1e-9 of
    a whole number are taken as that number, so floating-point noise cannot add one.
    """

    from scipy.stats import norm

    if not 0 < margin < 1:
        raise ValueError(f"margin must be in (0, 1), got {margin}")
    _check_level(level)
    if not 0 < p < 1:
        raise ValueError(f"p must be in (0, 1), got {p}")
    z = norm.ppf(1 - (1 - level) / 2)
    needed = z * z * p * (1 - p) / (margin * margin)
    if population_size is not None:
        if not _is_count(population_size) or population_size < 1:
            raise ValueError(f"population_size must be a whole number >= 1, got {population_size!r}")
        needed = needed / (1 + (needed - 1) / population_size)
    return max(1, math.ceil(needed - 1e-9))


# --- shared checks ------------------------------------------------------------------------------


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level}")


def _exceeds(probabilities, threshold: float):
    """probabilities > threshold, treating values within a relative 1e-9 of it as equal (not greater)."""
    import numpy as np

    return (probabilities > threshold) & ~np.isclose(probabilities, threshold, rtol=1e-9, atol=0.0)


def _is_count(value) -> bool:
    """A whole number >= 0 (numpy integers included, bools and floats refused)."""

    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and value >= 0


def sensitivity(shares, level: float):
    """Each share under every interval method (Wilson, Clopper-Pearson, Jeffreys, Agresti-Coull), long format."""
    import pandas as pd

    frames = []
    for row in shares.itertuples(index=False):
        if row.n == 0:
            continue
        table = sensitivity_table(int(row.count), int(row.n), level)
        table.insert(0, "quantity", row.quantity)
        table.insert(0, "key", row.key)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)
