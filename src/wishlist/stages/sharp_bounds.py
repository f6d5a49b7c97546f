"""Rule sharp_bounds: the brief's published figures -> bounds of every record-layer quantity, per reading."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence

from wishlist.core.files import write_csv
from wishlist.stages.identification_inputs import load_model
from wishlist.stats.identification.bounds import (
    conflict_sets,
    identify,
    reading_feasibility,
)

BOUND_COLUMNS = ["quantity", "description", "unit", "group", "reading", "feasible", "lower", "upper",
                 "lower_exact", "upper_exact", "label", "structural_lower", "structural_upper", "binding_lower",
                 "binding_upper", "stated", "stated_kind", "held_out", "lower_without_claim",
                 "upper_without_claim", "stated_feasible"]
DECIMALS = 6  # bounds.csv's decimal columns; the *_exact columns keep the fractions
ID_SEPARATOR, SET_SEPARATOR = ";", " | "  # ids within a cell of the CSVs, and sets of ids within one


def _decimal(value) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


def _exact(value) -> str:
    return "" if value is None else str(value)


def bounds_frame(rows: Sequence[Mapping]):
    """bounds.csv: decimals for reading, exact fractions for checking by hand, id lists joined by ';'."""
    import pandas as pd

    out = []
    for r in rows:
        out.append({**r, "lower": _decimal(r["lower"]), "upper": _decimal(r["upper"]),
                    "lower_exact": _exact(r["lower"]), "upper_exact": _exact(r["upper"]),
                    "structural_lower": _decimal(r["structural_lower"]),
                    "structural_upper": _decimal(r["structural_upper"]),
                    "binding_lower": ID_SEPARATOR.join(r["binding_lower"]),
                    "binding_upper": ID_SEPARATOR.join(r["binding_upper"]),
                    "held_out": ID_SEPARATOR.join(r["held_out"]),
                    "lower_without_claim": _decimal(r["lower_without_claim"]),
                    "upper_without_claim": _decimal(r["upper_without_claim"]),
                    "stated_feasible": "" if r["stated_feasible"] is None else r["stated_feasible"],
                    "group": r["group"] or ""})
    return pd.DataFrame(out, columns=BOUND_COLUMNS)


def readings_frame(readings: Mapping[str, str], study_reading: str, feasible: Mapping[str, bool],
                   conflicts: Mapping[str, Sequence[Sequence[str]]]):
    """readings.csv: per reading, whether a corpus meets it and, if none does, its conflict sets."""
    import pandas as pd

    return pd.DataFrame([{
        "reading": name, "study_reading": name == study_reading, "feasible": feasible[name],
        "conflict_sets": "" if feasible[name] else SET_SEPARATOR.join(ID_SEPARATOR.join(group)
                                                                      for group in conflicts[name]),
        "description": text,
    } for name, text in readings.items()])


def main(smk):
    started = time.perf_counter()
    model, quantities = load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    rows = identify(model, quantities)
    write_csv(smk.output.bounds, bounds_frame(rows))
    feasible = reading_feasibility(model)
    conflicts = {name: conflict_sets(model, name) for name in model.readings if not feasible[name]}
    write_csv(smk.output.readings, readings_frame(model.readings, model.study_reading, feasible, conflicts))
    print(f"{len(rows)} bounds over {len(model.readings)} readings in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
