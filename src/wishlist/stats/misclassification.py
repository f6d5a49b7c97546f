"""Coder misclassification carried into census shares: bounds on the true count of each category.

The 642 records are every bulletin of 2015-2020, a census, so a category share
such as 160 of 642 has no sampling error. Its uncertainty is measurement error:
each record's MIC2025 category was read by one coder, and CSET's endnote 26
reports that two coders gave the same label to only 67 of 100 double-coded
reports. This module turns an agreement rate into a per-record error rate and
the error rate into bounds on every share built on the manual code.

**From agreement to an error rate** (`error_rate_from_agreement`). Assume the
two coders err independently of each other, each with the same probability e on
every record, and that two wrong codes coincide with probability q. Then the
coders agree when both are right or both are wrong in the same way:

    P(agree) = (1 - e)**2 + q·e**2,

the classical two-rater misclassification model (Fleiss, Levin & Paik 2003,
Statistical Methods for Rates and Proportions, 3rd ed., ch. 18; Kuha & Skinner
1997, "Categorical data analysis and misclassification", in Lyberg et al.,
Survey Measurement and Process Quality, ch. 28). With wrong codes spread evenly
over the other K - 1 categories, q = 1/(K - 1). Solving for the smaller root,

    e = (1 - sqrt(1 - (1 + q)(1 - P(agree)))) / (1 + q),

valid while P(agree) >= q / (1 + q) (below that the coders agree less than the
model allows for any e). For 67 of 100 and K = 11: e = 0.1835. The 100
double-coded reports are a sample, so the agreement carries a Wilson (1927)
interval, and e's upper limit is the root at the interval's lower end (e falls
as agreement rises): 0.5731 -> e = 0.2470. Correlated errors (both coders misled
by the same ambiguous report) would make e larger than this; independence is
the model's main assumption and is stated with every result.

**From an error rate to bounds** (`count_bounds`). For a category with c coded
records and an unknown true count t, t = c - out + in, where `out` are records
coded into the category that belong elsewhere and `in` are records of the
category coded elsewhere. Assume the error rate is homogeneous across
categories: at most a fraction e of the records coded k are wrong (out <= e·c)
and at most a fraction e of the records truly in k are coded elsewhere
(in <= e·t). Then

    c - floor(e·c)  <=  t  <=  floor(c / (1 - e)),

the lower end with every possible record flowing out and none in, the upper end
the reverse; both are whole numbers of records (the bounds of Kuha & Skinner's
"misclassification matrix" with diagonal >= 1 - e in both directions, solved
for the extreme net flow). Without the homogeneity (every error of every other
category could land in one category) the lower end would fall to
max(0, (c - e·n) / (1 - e)); the table states which bound it uses.

Shares built on the category inherit the bounds: a category share over all
records (`category_bounds`), a category's share of a group the codes do not
touch (e.g. IT among US records), a group's share of a category
(`composition_bounds`: both the group's and the others' category counts move),
and the union of a category with an automated flag (`union_bounds`: only the
category's records that lack the flag can leave or join the union).

All functions are pure: numbers in, numbers out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from wishlist.stats.proportions import proportion_ci

MODEL = ("independent coders, equal error rate e on every record, wrong codes coinciding with probability "
         "1/(K-1); per category at most a fraction e of coded and of true records misclassified")
EPS = 1e-9  # floating-point slack before taking a floor of a product that should be whole


@dataclass(frozen=True)
class ErrorRate:
    """Per-record coding error rate implied by two coders' agreement."""

    agreed: int
    n: int
    categories: int
    coincidence: float
    level: float
    agreement: float
    agreement_low: float
    agreement_high: float
    rate: float  # at the observed agreement
    rate_low: float  # at the agreement's upper limit
    rate_high: float  # at the agreement's lower limit
    interval: str = "Wilson"

    def as_numbers(self) -> dict:
        return {"agreed": self.agreed, "double_coded": self.n, "categories": self.categories,
                "agreement_pct": self.agreement, "agreement_ci_low_pct": self.agreement_low,
                "agreement_ci_high_pct": self.agreement_high, "error_rate_pct": self.rate,
                "error_rate_low_pct": self.rate_low, "error_rate_high_pct": self.rate_high,
                "agreement_interval": self.interval}


def error_rate_from_agreement(agreement: float, categories: int, coincidence: float | None = None) -> float:
    """e solving (1 - e)**2 + q·e**2 = agreement, the smaller root; q = 1/(K - 1) unless given."""
    if categories < 2:
        raise ValueError(f"need at least two categories, got {categories}")
    q = 1 / (categories - 1) if coincidence is None else float(coincidence)
    if not 0 <= q <= 1:
        raise ValueError(f"coincidence must be in [0, 1], got {q}")
    if not 0 <= agreement <= 1:
        raise ValueError(f"agreement must be in [0, 1], got {agreement}")
    floor = q / (1 + q)  # the least agreement the model can produce, at e = 1/(1 + q)
    if agreement < floor - 1e-12:
        raise ValueError(f"agreement {agreement} is below {floor:.4f}, the least this model allows")
    disc = max(0.0, 1 - (1 + q) * (1 - agreement))
    return (1 - math.sqrt(disc)) / (1 + q)


def error_rate(agreed: int, n: int, categories: int, level: float = 0.95,
               coincidence: float | None = None) -> ErrorRate:
    """The error rate of `agreed` of `n` double-coded items, with its range over the agreement's Wilson interval."""
    ci = proportion_ci(agreed, n, "wilson", level)
    q = 1 / (categories - 1) if coincidence is None else float(coincidence)
    return ErrorRate(
        agreed=agreed, n=n, categories=categories, coincidence=q, level=level, agreement=ci.estimate,
        agreement_low=ci.low, agreement_high=ci.high,
        rate=error_rate_from_agreement(ci.estimate, categories, q),
        rate_low=error_rate_from_agreement(ci.high, categories, q),
        rate_high=error_rate_from_agreement(ci.low, categories, q),
    )


def _check_rate(rate: float) -> None:
    if not 0 <= rate < 1:
        raise ValueError(f"error rate must be in [0, 1), got {rate}")


def count_bounds(count: int, rate: float, total: int | None = None) -> tuple[int, int]:
    """Whole-record bounds on a category's true count: [c - floor(e·c), floor(c / (1 - e))], at most `total`."""
    _check_rate(rate)
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    low = count - math.floor(rate * count + EPS)
    high = math.floor(count / (1 - rate) + EPS)
    if total is not None:
        high = min(high, total)
    return int(low), int(high)


def category_bounds(counts: Mapping[str, int], rate: float):
    """Per category: coded count, share of all records, and the bounds on the true count and share."""
    import pandas as pd

    n = int(sum(counts.values()))
    if n <= 0:
        raise ValueError("no records to bound")
    rows = []
    for category, count in counts.items():
        low, high = count_bounds(int(count), rate, n)
        rows.append({"category": category, "count": int(count), "n": n, "share": count / n,
                     "count_low": low, "count_high": high, "share_low": low / n, "share_high": high / n})
    return pd.DataFrame(rows)


def composition_bounds(in_group: int, out_group: int, rate: float) -> tuple[float, float]:
    """Bounds on a group's share of one category, a/(a + b), when the category codes of both a and b may be wrong.

    a = the group's records coded in the category, b = the other records coded in
    it; each moves within `count_bounds` independently, so the share is smallest
    with a at its low end and b at its high end, and largest the other way round.
    """
    a_low, a_high = count_bounds(in_group, rate)
    b_low, b_high = count_bounds(out_group, rate)
    low = a_low / (a_low + b_high) if a_low + b_high else math.nan
    high = a_high / (a_high + b_low) if a_high + b_low else math.nan
    return low, high


def union_bounds(category: int, overlap: int, union: int, n: int, rate: float) -> tuple[int, int]:
    """Bounds on |category ∪ flag| when the category is a manual code and the flag is exact (automated).

    Of the `category` records, `overlap` also carry the flag; they stay in the
    union whatever their category. Leaving: at most floor(e·c) coded records are
    wrong, and at most c - overlap of them lack the flag. Joining: at most
    floor(c / (1 - e)) - c records of the category were coded elsewhere, and at
    most n - union of them lie outside the union.
    """
    _check_rate(rate)
    if not (0 <= overlap <= category <= union <= n):
        raise ValueError(f"need 0 <= overlap <= category <= union <= n, got {overlap}, {category}, {union}, {n}")
    low_c, high_c = count_bounds(category, rate)
    leave = min(category - low_c, category - overlap)
    join = min(high_c - category, n - union)
    return union - leave, union + join
