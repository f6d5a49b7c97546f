"""The reconstruction ensemble (tables drawn from the feasible set) and each quantity measured on it.

`draw_ensemble` draws the members; `record_table` measures a coded corpus with the same
selectors; `summarise` sets each quantity's value on the members beside its bounds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from wishlist.brief.vocabulary import HOUSTON, RAS_TARGET
from wishlist.stats.identification.cells import DEFINITION, SCALARS
from wishlist.stats.identification.model import Model, Quantity
from wishlist.stats.identification.solver import Solver, column_wise


def margin_centres(model: Model, solver: Solver) -> dict[str, np.ndarray]:
    """Middle of the range each one-way margin (a country, an institution type, a category, the AI
    flag) can take under the figures, from the linear relaxation: where the ensemble's starts centre."""
    cells = model.cells
    out = {}
    for name, index, size, part in (("country", cells.country, len(cells.countries), cells.ai < 0),
                                    ("institution", cells.institution, len(cells.institutions), cells.ai < 0),
                                    ("category", cells.category, len(cells.categories), cells.ai < 0),
                                    ("ai", cells.ai, 2, cells.ai >= 0)):
        centre = np.zeros(size)
        for value in range(size):
            expr = np.zeros(cells.n_vars)
            expr[: cells.n_cells] = part & (index == value)
            low, high = solver._run(expr, integer=False), solver._run(-expr, integer=False)
            centre[value] = (low[0] - high[0]) / 2
        out[name] = np.maximum(centre, 1e-3)
    return out


def member_start(model: Model, rng: np.random.Generator, total: int, centres: Mapping[str, np.ndarray],
                 concentration: float = 50.0) -> np.ndarray:
    """A random starting table: each margin drawn from a Dirichlet around its centre (concentration
    50), the product times a Gamma(1, 1) multiplier per cell so that any association can arise."""
    cells = model.cells
    start = np.zeros(cells.n_vars)
    for part, dims in ((cells.ai < 0, ("country", "institution", "category")),
                       (cells.ai >= 0, ("institution", "category", "ai"))):
        weights = np.ones(int(part.sum()))
        for dim in dims:
            centre = centres[dim] / centres[dim].sum()
            weights *= rng.dirichlet(concentration * centre * len(centre))[getattr(cells, dim)[part]]
        weights *= rng.gamma(1.0, 1.0, size=weights.size)
        start[: cells.n_cells][part] = total * weights / weights.sum()
    for name in SCALARS:
        start[cells.scalar(name)] = rng.uniform(0, total)
    return start


def projection_matrix(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Column-wise arrays (HiGHS start, index, value) of [[a, 0], [I, -I], [I, I]], a being m x n:
    a column of x holds a's non-zeros, then 1 in rows m + j and m + n + j; a column of d, -1 and 1
    there (rows ascending in each column, as scipy.sparse's stacked csc matrix holds them)."""
    m, n = a.shape
    start, index, value = column_wise(a)
    x_counts, j = np.diff(start), np.arange(n, dtype=np.int32)
    counts = np.concatenate([x_counts + 2, np.full(n, 2, dtype=x_counts.dtype)])
    out_start = np.zeros(2 * n + 1, dtype=np.int32)
    np.cumsum(counts, out=out_start[1:])
    out_index = np.empty(out_start[-1], dtype=np.int32)
    out_value = np.empty(out_start[-1], dtype=np.float64)
    # a's entries of column j go to out_start[j] + (0 .. x_counts[j] - 1)
    within = np.arange(len(index)) - np.repeat(start[:-1], x_counts)
    at = np.repeat(out_start[:n], x_counts) + within
    out_index[at], out_value[at] = index, value
    ends = out_start[1:n + 1]
    out_index[ends - 2], out_value[ends - 2] = m + j, 1.0
    out_index[ends - 1], out_value[ends - 1] = m + n + j, 1.0
    d = out_start[n:2 * n]
    out_index[d], out_value[d] = m + j, -1.0
    out_index[d + 1], out_value[d + 1] = m + n + j, 1.0
    return out_start, out_index, out_value


class Projector:
    """Moves a starting table to a nearby integer table meeting every figure of a reading.

    The start is rounded to whole records; then comes the least-absolute-deviation
    projection of the linear relaxation (a linear programme with a deviation
    variable per cell), then the first integer table HiGHS finds within one
    record of that projection (see Solver._integer_point).
    """

    def __init__(self, solver: Solver):
        import highspy

        self.solver = solver
        n, rows = solver.n, solver.rows
        self.h = h = highspy.Highs()
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0)):
            h.setOptionValue(option, value)
        # variables [x, d]: the figures on x; x - d <= s and x + d >= s, s the start
        matrix = projection_matrix(np.vstack([r.coefficients for r in rows]))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = 2 * n, len(rows) + 2 * n
        lp.col_cost_ = np.concatenate([np.zeros(n), np.ones(n)])
        lp.col_lower_ = np.zeros(2 * n)
        lp.col_upper_ = np.full(2 * n, highspy.kHighsInf)
        lp.row_lower_ = np.concatenate([solver.lower, np.full(2 * n, -highspy.kHighsInf)])
        lp.row_upper_ = np.concatenate([solver.upper, np.full(2 * n, highspy.kHighsInf)])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix
        h.passModel(lp)
        self.first = len(rows)
        self.inf = highspy.kHighsInf
        self.hs = highspy
        # the 2n start rows, changed in one call: each row is set once to the same bounds as one
        # changeRowBounds per row would set (HiGHS treats each entry on its own; the basis is kept)
        self.start_rows = np.arange(self.first, self.first + 2 * n, dtype=np.int32)
        self.free = np.full(n, self.inf)

    def __call__(self, start: np.ndarray) -> np.ndarray:
        start = np.round(start)  # a whole-number start leaves few fractional cells in the projection
        n, h = self.solver.n, self.h
        start = start.astype(np.float64)
        h.changeRowsBounds(2 * n, self.start_rows, np.concatenate([-self.free, start]),
                           np.concatenate([start, self.free]))
        h.run()
        if h.getModelStatus() != self.hs.HighsModelStatus.kOptimal:
            raise RuntimeError("the reading has no table to project onto")
        near = np.asarray(h.getSolution().col_value[:n])
        x = self.solver._integer_point(near)
        if x is None:  # pragma: no cover - the reading is feasible, so some integer table exists
            raise RuntimeError("no integer table meets the reading")
        return x.astype(int)


def draw_ensemble(model: Model, size: int, seed: int, reading: str | None = None) -> list[np.ndarray]:
    """`size` integer tables meeting every figure of the reading, member k drawn from seed (seed, k)."""
    reading = reading or model.study_reading
    solver = model.solver(reading)
    if not solver.feasible:
        raise RuntimeError(f"reading {reading!r} is infeasible: no corpus meets it")
    project = Projector(solver)
    total = round(solver.minimum(model.cells.vector({})))
    centres = margin_centres(model, solver)
    return [project(member_start(model, np.random.default_rng([seed, k]), total, centres)) for k in range(size)]


def record_table(model: Model, records, frame_years: Sequence[int]) -> np.ndarray:
    """The cell counts of a coded corpus (records: mapping columns to sequences), so the
    default reconstruction -- or real records -- is measured by the same selectors.

    `ai_flag` holds booleans (the stage parses the CSV's flags: wishlist.core.files.parse_bool)."""
    cells = model.cells
    x = np.zeros(cells.n_vars)
    class_of = {m: label for label, group in cells.members.items() for m in group}
    category_of = {m: label for label, group in cells.category_members.items() for m in group}
    frame = {int(y) for y in frame_years}
    for country, institution, category, ai, year, post, target, forms in zip(
            records["country"], records["institution_type"], records["mic2025_category"], records["ai_flag"],
            records["year"], records["post_en"], records["target_name"], records["n_cooperation_forms"]):
        if institution == "company":
            institution = "company_frame" if int(year) in frame else "company_other_years"
        i, k = cells.institutions.index(institution), cells.categories.index(category_of[category])
        if not isinstance(ai, (bool, np.bool_)):
            raise TypeError(f"ai_flag must be a boolean, not {ai!r}")
        flag = bool(ai)
        if country in class_of:
            c = cells.countries.index(class_of[country])
            x[: cells.n_cells][(cells.country == c) & (cells.institution == i) & (cells.category == k)] += 1
        x[: cells.n_cells][(cells.ai == int(flag)) & (cells.institution == i) & (cells.category == k)] += 1
        x[cells.scalar("houston")] += post == HOUSTON
        x[cells.scalar("ras")] += target == RAS_TARGET
        x[cells.scalar("multiple_forms")] += int(forms) >= 2
    return x


def departures(model: Model, reading: str, table: np.ndarray) -> list[str]:
    """The published figures (ids, sorted) a corpus's own table does not meet under `reading`.

    Empty for any corpus consistent with the brief; real records of another window, or
    records the brief's figures do not describe, depart from some. The rows that only
    define the scalar counts (DEFINITION) hold on every table of records and are not figures."""
    out = set()
    for row in model.rows_for(reading):
        if row.id == DEFINITION:
            continue
        value = float(np.dot(row.coefficients, table))
        if value < row.lower - 1e-9 or value > row.upper + 1e-9:
            out.add(row.id)
    return sorted(out)


def value_of(q: Quantity, table: np.ndarray) -> float:
    """The quantity on one table (a share with an empty base is NaN)."""
    num = float(q.num @ table)
    if q.den is None:
        return num
    den = float(q.den @ table)
    return num / den if den else math.nan


def exact_value(q: Quantity, table: np.ndarray) -> Fraction:
    """The quantity on one table of whole counts, as an exact fraction."""
    num = Fraction(round(float(q.num @ table)))
    return num if q.den is None else num / round(float(q.den @ table))


def _within(q: Quantity, table: np.ndarray, row: Mapping) -> bool:
    """Exact check that a table's value lies within the bounds (`lower_exact`, `upper_exact`: fractions or
    their text; `feasible`: a boolean)."""
    if not isinstance(row["feasible"], (bool, np.bool_)):
        raise TypeError(f"feasible must be a boolean, not {row['feasible']!r}")
    if not row["feasible"]:
        return False
    value = exact_value(q, table)
    return Fraction(str(row["lower_exact"])) <= value <= Fraction(str(row["upper_exact"]))


def summarise(bounds_rows: Sequence[Mapping], quantities: Sequence[Quantity], members: Sequence[np.ndarray],
              default: np.ndarray, study_reading: str) -> list[dict]:
    """Per quantity: default value, ensemble 2.5-97.5 % range, sharp bounds and label.

    `bounds_rows`: rows of the bounds (quantity, reading, unit, lower, upper, label, feasible,
    lower_exact, upper_exact); `default`: the table of the records the study runs on."""
    by_id = {r["quantity"]: r for r in bounds_rows if r["reading"] == study_reading}
    out = []
    for q in quantities:
        values = np.array([value_of(q, m) for m in members])
        row = by_id[q.id]
        out.append({
            "quantity": q.id, "description": q.quantity, "unit": row["unit"], "group": q.group,
            "default": value_of(q, default),
            "ensemble_low": float(np.quantile(values, 0.025)) if len(values) else math.nan,
            "ensemble_median": float(np.quantile(values, 0.5)) if len(values) else math.nan,
            "ensemble_high": float(np.quantile(values, 0.975)) if len(values) else math.nan,
            "lower": row["lower"], "upper": row["upper"], "label": row["label"],
            "stated": q.stated, "stated_kind": q.stated_kind,
            "default_within_bounds": _within(q, default, row),
        })
    return out
