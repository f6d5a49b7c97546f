"""Rule sharp_bounds: the brief's published figures -> bounds of every record-layer quantity, per reading."""

import sys
import time

import pandas as pd

from wishlist.core.files import write_csv
from wishlist.stats import identification as idn


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
    print(f"{len(rows)} bounds over {len(model.readings)} readings in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
