"""HiGHS (``highspy``): exact integer minima over the rows of one reading."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

import numpy as np

from wishlist.stats.identification.rows import Row


def column_wise(dense: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-zeros of a dense matrix column by column (rows ascending): HiGHS's start, index and
    value arrays, the very arrays scipy.sparse.csc_array(dense) holds (without importing scipy)."""
    cols, rows = np.nonzero(dense.T)  # ordered by column, then row
    start = np.zeros(dense.shape[1] + 1, dtype=np.int32)
    np.cumsum(np.bincount(cols, minlength=dense.shape[1]), out=start[1:])
    return start, rows.astype(np.int32), dense[rows, cols].astype(np.float64)


class Solver:
    """One HiGHS model per reading: objectives change, figures are switched off, bases fixed.

    An integer optimum is found in two steps, both exact: the linear relaxation
    gives a bound b (rounded inward: every count is an integer), then a table of
    integers reaching b is searched for (a feasibility problem, much quicker for
    HiGHS than proving an optimum). Found: b is the sharp bound and the table is
    its witness. Not found: the full integer programme is solved. Witnesses found
    with every figure in force are kept and tried first.
    """

    def __init__(self, rows: Sequence[Row], n_vars: int):
        import highspy

        self.n = n_vars
        self.rows = list(rows)
        self._hs = highspy
        self.inf = highspy.kHighsInf
        self.highs = h = highspy.Highs()
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0),
                              ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6)):
            h.setOptionValue(option, value)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n_vars, len(self.rows)
        lp.col_cost_ = np.zeros(n_vars)
        lp.col_lower_ = np.zeros(n_vars)
        lp.col_upper_ = np.full(n_vars, self.inf)
        self.lower = np.array([max(r.lower, -self.inf) for r in self.rows])
        self.upper = np.array([min(r.upper, self.inf) for r in self.rows])
        lp.row_lower_, lp.row_upper_ = self.lower, self.upper
        dense = np.vstack([r.coefficients for r in self.rows]) if self.rows else np.zeros((0, n_vars))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = column_wise(dense)
        h.passModel(lp)
        self.columns = np.arange(n_vars, dtype=np.int32)
        self.integer = None
        self.by_id: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            self.by_id[row.id].append(i)
        self.witnesses: list[np.ndarray] = []
        self.feasible = self.minimum(np.zeros(n_vars)) is not None

    def _set_integer(self, integer: bool) -> None:
        if self.integer is not integer:
            kind = self._hs.HighsVarType.kInteger if integer else self._hs.HighsVarType.kContinuous
            self.highs.changeColsIntegrality(self.n, self.columns, np.array([kind] * self.n))
            self.integer = integer

    def _run(self, objective: np.ndarray, integer: bool):
        h, hs = self.highs, self._hs
        self._set_integer(integer)
        # a linear solve warm-starts from the last basis, which presolve would throw away
        h.setOptionValue("presolve", "on" if integer else "off")
        h.changeColsCost(self.n, self.columns, objective)
        if integer and self.witnesses:
            start = hs.HighsSolution()
            start.col_value = list(self.witnesses[0])
            start.value_valid = True
            h.setSolution(start)
        h.run()
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kInfeasible:
            return None
        if status != hs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped without an answer: {h.modelStatusToString(status)}")
        x = np.asarray(h.getSolution().col_value[: self.n])
        return float(objective @ x), (np.round(x) if integer else x)

    @contextmanager
    def _changed(self, fixed: Sequence[tuple[np.ndarray, float]], drop: Iterable[str], cap=None):
        """Figures in `drop` switched off, `fixed` expressions held, and objective . x <= cap, for one question."""
        h = self.highs
        dropped = [i for rid in set(drop) for i in self.by_id.get(rid, [])]
        for i in dropped:
            h.changeRowBounds(i, -self.inf, self.inf)
        extra = [(c, v, v) for c, v in fixed] + ([(cap[0], -self.inf, cap[1])] if cap else [])
        for coefficients, low, high in extra:
            nz = np.flatnonzero(coefficients)
            h.addRow(low, high, len(nz), nz.astype(np.int32), coefficients[nz])
        try:
            yield
        finally:
            if extra:
                h.deleteRows(len(extra), np.arange(len(self.rows), len(self.rows) + len(extra), dtype=np.int32))
            for i in dropped:
                h.changeRowBounds(i, self.lower[i], self.upper[i])

    def _integer_point(self, near: np.ndarray) -> np.ndarray | None:
        """An integer table meeting the current rows, searched near the relaxation's answer `near`:
        first with its whole-number cells held and the others free by one record, then with every
        cell free by one record, then anywhere. Small boxes hold few free cells, so HiGHS is quick."""
        h = self.highs
        low, high = np.floor(near + 1e-9), np.ceil(near - 1e-9)
        fractional = high > low
        boxes = [(np.where(fractional, np.maximum(low - 1, 0), low), np.where(fractional, high + 1, high)),
                 (np.maximum(low - 1, 0), high + 1)]
        for lower, upper in boxes:
            h.changeColsBounds(self.n, self.columns, lower, upper)
            try:
                found = self._run(np.zeros(self.n), integer=True)
            finally:
                h.changeColsBounds(self.n, self.columns, np.zeros(self.n), np.full(self.n, self.inf))
            if found is not None:
                return found[1]
        found = self._run(np.zeros(self.n), integer=True)
        return None if found is None else found[1]

    def minimum(self, objective: np.ndarray, fixed: Sequence[tuple[np.ndarray, float]] = (),
                drop: Iterable[str] = (), below=None) -> float | None:
        """Integer min of objective . x (integer coefficients) under the rows less `drop`, plus `fixed`.

        `below` (optional): only a minimum less than it is wanted. When the rounded relaxed bound is
        already at least `below`, so is the integer minimum, and that bound (a number >= `below`,
        not the minimum, and feasibility of the integers unknown) is returned without the integer search.
        The relaxed bound is the one goes_below trusts to answer no."""
        drop = set(drop)
        with self._changed(fixed, drop):
            relaxed = self._run(objective, integer=False)
        if relaxed is None:
            return None
        target = math.ceil(relaxed[0] - 1e-7)
        if below is not None and target >= below:
            return float(target)
        for x in self.witnesses:
            if abs(objective @ x - target) < 1e-9 and all(abs(c @ x - v) < 1e-9 for c, v in fixed):
                return float(target)
        with self._changed(fixed, drop, cap=(objective, target)):
            near = self._run(objective, integer=False)
            x = None if near is None else self._integer_point(near[1])
        if x is None:
            with self._changed(fixed, drop):
                found = self._run(objective, integer=True)
            if found is None:
                return None
            x = found[1]
        if not drop:
            self.witnesses.append(x)
        return float(objective @ x)

    def dual_ids(self, objective: np.ndarray, bound: float, fixed=()) -> set[str] | None:
        """Figures with a non-zero dual value at the relaxation's optimum, when the integer bound is
        the rounded relaxed one (else None: no screening). Any other figure can be dropped without
        moving the relaxed optimum (the same dual solution stays optimal), so without moving the bound."""
        with self._changed(fixed, ()):
            relaxed = self._run(objective, integer=False)
            duals = np.asarray(self.highs.getSolution().row_dual[: len(self.rows)])
        if relaxed is None or math.ceil(relaxed[0] - 1e-7) != round(bound):
            return None
        return {self.rows[i].id for i in np.flatnonzero(np.abs(duals) > 1e-9)}

    def goes_below(self, objective: np.ndarray, value: float, fixed=(), drop=()) -> bool:
        """Is there an integer table with objective . x < value (integer coefficients and value)?"""
        with self._changed(fixed, drop):
            relaxed = self._run(objective, integer=False)
        if relaxed is None or math.ceil(relaxed[0] - 1e-7) >= value:
            return False
        with self._changed(fixed, drop, cap=(objective, value - 1)):
            return self._integer_point(relaxed[1]) is not None

    def count_range(self, expr: np.ndarray, fixed=(), drop=()) -> tuple[int, int] | None:
        low = self.minimum(expr, fixed, drop)
        if low is None:
            return None
        return round(low), round(-self.minimum(-expr, fixed, drop))
