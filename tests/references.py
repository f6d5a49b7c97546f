"""Independent reference values the tests compare the study's estimators with, written once.

Each is computed from its published formula, not by the code under test.
"""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # the standard normal's 0.975 quantile (scipy.stats.norm.ppf(0.975))


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval, closed form: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)."""
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def close(a: float, b: float) -> bool:
    """Equal to four decimals (the precision the paper's tables show, with margin)."""
    return round(a, 4) == round(b, 4)
