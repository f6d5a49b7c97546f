"""Rule time_to_partnership: case outcomes + records -> report-to-partnership durations."""

import pandas as pd

from wishlist.errors import run_rule
from wishlist.files import write_csv
from wishlist.numbers import write_numbers
from wishlist.records import read_records
from wishlist.survival import case_durations


def main(smk):
    records = read_records(smk.input.records)
    outcomes = pd.read_csv(smk.input.outcomes, dtype=str, keep_default_na=False)
    durations = case_durations(outcomes, records)
    bands = durations["band"].value_counts()
    write_csv(smk.output.durations, durations)
    write_numbers(smk.output.numbers, {
        "dated_cases": len(durations),
        "reversed": int(durations["reversed"].sum()),
        **{f"band_{name}": int(bands.get(name, 0))
           for name in ("reversed", "under_1_year", "1_to_3_years", "over_3_years", "ambiguous")},
    })


run_rule(main, snakemake)  # noqa: F821
