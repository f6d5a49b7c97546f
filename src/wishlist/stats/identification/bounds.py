"""Sharp bounds of each quantity, the figures that bind them, labels, and the readings' conflicts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from wishlist.stats.identification.cells import DEFINITION
from wishlist.stats.identification.model import Model, Quantity
from wishlist.stats.identification.rows import stated_interval as interval_of
from wishlist.stats.identification.solver import Solver

STRUCTURE = ("records_in_window", "countries", DEFINITION)  # the bare structure behind "free"
LABELS = ("determined", "constrained", "free")  # and "infeasible", for a reading no corpus meets
INFEASIBLE_LABEL = "infeasible"


@dataclass(frozen=True)
class Bound:
    """Smallest and largest value of a quantity over the feasible set (None, None: infeasible)."""

    lower: Fraction | None
    upper: Fraction | None
    lower_at: int | None = None  # the base at which each extreme of a share is reached
    upper_at: int | None = None

    @property
    def feasible(self) -> bool:
        return self.lower is not None

    @property
    def determined(self) -> bool:
        return self.feasible and self.lower == self.upper


INFEASIBLE = Bound(None, None)


MAX_DENOMINATORS = 200  # a share whose base varies more than this is bounded too loosely to enumerate


def bound(num: np.ndarray, den: np.ndarray | None, solver: Solver, drop: Iterable[str] = (),
          bases: tuple[int, int] | None = None) -> Bound:
    """Sharp bounds of num (or of num/den: the base is enumerated, the ratio being non-linear).

    `bases` restricts the base of a share to a range (the structural bound of a
    share is taken at the bases the published figures allow).
    """
    drop = tuple(drop)
    if den is None:
        span = solver.count_range(num, drop=drop)
        return INFEASIBLE if span is None else Bound(Fraction(span[0]), Fraction(span[1]))
    base = solver.count_range(den, drop=drop) if bases is None else bases
    if base is None:
        return INFEASIBLE
    if base[1] - base[0] > MAX_DENOMINATORS:
        raise RuntimeError(f"the base of a share ranges over {base[0]}..{base[1]}: too wide to enumerate")
    best_low = best_high = None
    for d in range(max(base[0], 1), base[1] + 1):
        # Each side's integer search is skipped where the rounded relaxed bound shows this base cannot
        # do strictly better than the best so far (min num >= best_low * d, or max num <= best_high * d):
        # a side is replaced only on a strict improvement, so the bounds and the bases where they are
        # reached stay exactly those of enumerating every count range (solver.count_range). A base with
        # no integer table changes neither side: its low is None, or its high is None.
        fixed = [(den, d)]
        low = solver.minimum(num, fixed, drop, below=None if best_low is None else best_low[0] * d)
        if low is None:
            continue
        if best_low is None or Fraction(round(low), d) < best_low[0]:
            best_low = (Fraction(round(low), d), d)
        high = solver.minimum(-num, fixed, drop, below=None if best_high is None else -best_high[0] * d)
        if high is None:
            continue
        if best_high is None or Fraction(-round(high), d) > best_high[0]:
            best_high = (Fraction(-round(high), d), d)
    if best_low is None:
        return INFEASIBLE
    return Bound(best_low[0], best_high[0], best_low[1], best_high[1])


def binding_constraints(solver: Solver, ids: Sequence[str], num, den, result: Bound,
                        drop: Iterable[str] = ()) -> dict[str, list[str]]:
    """Which published figures make each side tight: dropping one of them alone loosens that side.

    A deletion test; figures that bind only jointly (each redundant given the
    other) are not named. For a share the base is held where the extreme is reached.
    """
    drop = set(drop)
    out = {"lower": [], "upper": []}
    if not result.feasible:
        return out
    for side, sign, value, at in (("lower", 1, result.lower, result.lower_at),
                                  ("upper", -1, result.upper, result.upper_at)):
        fixed = [] if den is None else [(den, at)]
        target = round(value * (1 if den is None else at))
        candidates = solver.dual_ids(sign * num, sign * target, fixed)
        for rid in ids:
            tested = candidates is None or rid in candidates
            if tested and rid not in drop and solver.goes_below(sign * num, sign * target, fixed, drop | {rid}):
                out[side].append(rid)
    return out


def stated_interval(q: Quantity) -> tuple[Fraction, Fraction, bool, bool] | None:
    """The values (as a share in [0, 1], or a count) the brief's statement allows: low, high, closed ends."""
    if q.stated is None:
        return None
    return interval_of(q.stated, q.stated_kind, q.stated_rounding, q.is_share)


def meets(b: Bound, interval) -> bool | None:
    """Does some feasible value lie in the stated interval? (Integer counts: a share is checked per base.)"""
    if interval is None:
        return None
    if not b.feasible:
        return False
    low, high, low_closed, high_closed = interval
    above_low = b.upper > low or (low_closed and b.upper == low)
    below_high = b.lower < high or (high_closed and b.lower == high)
    return above_low and below_high


def label(published: Bound, structural: Bound) -> str:
    """determined (one value), free (no narrower than the bare structure), constrained, or infeasible."""
    determined, constrained, free = LABELS
    if not published.feasible:
        return INFEASIBLE_LABEL
    if published.determined:
        return determined
    if (published.lower, published.upper) == (structural.lower, structural.upper):
        return free
    return constrained


def identify(model: Model, quantities: Sequence[Quantity], with_binding: bool = True) -> list[dict]:
    """Bounds of every quantity: under the study reading (label, binding figures) and per reading for claims."""
    n = model.cells.n_vars
    structure = Solver(model.rows_for(model.study_reading, keep_only=STRUCTURE), n)
    solvers = {r: model.solver(r) for r in model.readings}
    out = []
    for q in quantities:
        interval = stated_interval(q)
        # a share's base range is found once: bound() would find the very same range itself (bases=None)
        base_range = None if q.den is None else solvers[model.study_reading].count_range(q.den)
        study = (INFEASIBLE if q.den is not None and base_range is None
                 else bound(q.num, q.den, solvers[model.study_reading], bases=base_range))
        bases = base_range if study.feasible else None
        structural = bound(q.num, q.den, structure, bases=bases)
        for reading, solver in solvers.items():
            if reading != model.study_reading and not q.claims:
                continue
            if not solver.feasible:
                out.append(_record(q, reading, INFEASIBLE, structural, INFEASIBLE, interval, {}))
                continue
            full = study if reading == model.study_reading else bound(q.num, q.den, solver)
            held_out = bound(q.num, q.den, solver, drop=q.claims) if q.claims else full
            binding = (binding_constraints(solver, model.constraint_ids(reading), q.num, q.den, full)
                       if with_binding and reading == model.study_reading else {})
            out.append(_record(q, reading, full, structural, held_out, interval, binding))
    return out


def _record(q, reading, full: Bound, structural: Bound, held_out: Bound, interval, binding) -> dict:
    """One row of the bounds (exact fractions; binding figures and held-out claims as lists of ids)."""
    return {
        "quantity": q.id,
        "description": q.quantity,
        "unit": "share" if q.is_share else "count",
        "reading": reading,
        "feasible": full.feasible,
        "lower": full.lower,
        "upper": full.upper,
        "label": label(full, structural),
        "structural_lower": structural.lower,
        "structural_upper": structural.upper,
        "binding_lower": list(binding.get("lower", [])),
        "binding_upper": list(binding.get("upper", [])),
        "stated": q.stated,
        "stated_kind": q.stated_kind,
        "held_out": list(q.claims),
        "lower_without_claim": held_out.lower,
        "upper_without_claim": held_out.upper,
        "stated_feasible": meets(held_out, interval),
        "group": q.group,
    }


def reading_feasibility(model: Model) -> dict[str, bool]:
    """Reading -> does some corpus meet every figure of it?"""
    return {r: model.solver(r).feasible for r in model.readings}


def conflict_sets(model: Model, reading: str) -> list[list[str]]:
    """For an infeasible reading: disjoint minimal sets of published figures that cannot all hold.

    Each set is an irreducible infeasible subsystem found by a deletion filter
    (drop a figure for good when the rest stays infeasible without it); its
    figures are then set aside and the search repeats until the rest is feasible.
    """
    solver = model.solver(reading)
    ids = model.constraint_ids(reading)
    zero = np.zeros(model.cells.n_vars)

    def feasible(kept):
        return solver.minimum(zero, drop=set(ids) - set(kept)) is not None

    out, remaining = [], list(ids)
    while not feasible(remaining):
        kept = list(remaining)
        for rid in reversed(kept):  # the corpus-wide figures, listed first, are kept in preference
            trial = [k for k in kept if k != rid]
            if not feasible(trial):
                kept = trial
        out.append([k for k in remaining if k in kept])
        remaining = [r for r in remaining if r not in kept]
    return out
