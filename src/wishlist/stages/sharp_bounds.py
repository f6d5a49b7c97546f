"""Rule sharp_bounds: the brief's published figures -> bounds of every record-layer quantity, per reading."""

import time
from pathlib import Path

import pandas as pd

from wishlist.stats import identification as idn
from wishlist.core.files import write_csv


def main(smk):
    started = time.perf_counter()
    model, quantities = idn.load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    rows = idn.identify(model, quantities)
    write_csv(smk.output.bounds, idn.bounds_frame(rows))
    feasible = idn.reading_feasibility(model)
    write_csv(smk.output.readings, pd.DataFrame([{
        "reading": name, "study_reading": name == model.study_reading, "feasible": feasible[name],
        "conflict_sets": "" if feasible[name] else " | ".join(";".join(group)
                                                             for group in idn.conflict_sets(model, name)),
        "description": text,
    } for name, text in model.readings.items()]))
    Path(smk.log[0]).write_text(f"{len(rows)} bounds over {len(model.readings)} readings in "
                                f"{time.perf_counter() - started:.1f} s\n", encoding="utf-8")
