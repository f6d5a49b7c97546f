"""Binomial proportions with named confidence intervals.

statsmodels' `proportion_confint` defaults to the Wald interval, which is poor
for small n and extreme p; this module never relies on that default. Every
interval is asked for by name:

- ``wilson``         Wilson (1927) score interval, no continuity correction —
                     the study's main method (Newcombe 1998, method 3);
- ``clopper_pearson`` exact interval from beta quantiles (Newcombe method 5);
- ``jeffreys``       equal-tailed Bayesian interval under Beta(1/2, 1/2);
- ``agresti_coull``  Agresti & Coull (1998) adjusted Wald interval.
"""

from __future__ import annotations

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
