"""The records' cell table and the published figures they meet.

`record_table` measures a coded corpus (the reconstruction, or real records) with the
selectors the bounds use; `departures` lists the published figures that table does not
meet; `summarise` sets each quantity's value on it beside the quantity's sharp bounds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from wishlist.brief.vocabulary import HOUSTON, RAS_TARGET
from wishlist.stats.identification.cells import DEFINITION
from wishlist.stats.identification.model import Model, Quantity


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


def within_bounds(q: Quantity, table: np.ndarray, row: Mapping) -> bool:
    """Exact check that a table's value lies within the bounds (`lower_exact`, `upper_exact`: fractions or
    their text; `feasible`: a boolean). No value lies within the bounds of an infeasible reading."""
    if not isinstance(row["feasible"], (bool, np.bool_)):
        raise TypeError(f"feasible must be a boolean, not {row['feasible']!r}")
    if not row["feasible"]:
        return False
    value = exact_value(q, table)
    return Fraction(str(row["lower_exact"])) <= value <= Fraction(str(row["upper_exact"]))


def summarise(bounds_rows: Sequence[Mapping], quantities: Sequence[Quantity], default: np.ndarray,
              study_reading: str) -> list[dict]:
    """Per quantity: its value on the records used, its sharp bounds and label, and whether the value lies
    within them.

    `bounds_rows`: rows of the bounds (quantity, reading, unit, lower, upper, label, feasible,
    lower_exact, upper_exact); `default`: the table of the records the study runs on."""
    by_id = {r["quantity"]: r for r in bounds_rows if r["reading"] == study_reading}
    out = []
    for q in quantities:
        row = by_id[q.id]
        out.append({
            "quantity": q.id, "description": q.quantity, "unit": row["unit"], "group": q.group,
            "default": value_of(q, default),
            "lower": row["lower"], "upper": row["upper"], "label": row["label"],
            "stated": q.stated, "stated_kind": q.stated_kind,
            "default_within_bounds": within_bounds(q, default, row),
        })
    return out
