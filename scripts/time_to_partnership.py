"""Rule time_to_partnership: case outcomes + records -> report-to-partnership durations."""

import pandas as pd

from wishlist.errors import run_rule
from wishlist.files import write_csv, write_text
from wishlist.numbers import write_numbers
from wishlist.records import read_records
from wishlist.survival import case_durations
from wishlist.tables import markdown_table


def main(smk):
    records = read_records(smk.input.records)
    outcomes = pd.read_csv(smk.input.outcomes, dtype=str, keep_default_na=False)
    durations = case_durations(outcomes, records)
    bands = durations["band"].value_counts()
    write_csv(smk.output.durations, durations)
    shown = pd.DataFrame({
        "Company": durations["company"],
        "Report": durations["filing_date"],
        "Indicator": durations["indicator_date"],
        "Days (min–max)": durations["shortest_days"].astype(str) + "–" + durations["longest_days"].astype(str),
        "Timing": durations["band"].str.replace("_", " "),
    })
    write_text(smk.output.durations_md, markdown_table(
        shown, "Report-to-partnership durations of the dated cases (brief, Table 1; real dates).", "tbl-durations"))
    write_numbers(smk.output.numbers, {
        "dated_cases": len(durations),
        "reversed": int(durations["reversed"].sum()),
        **{f"band_{name}": int(bands.get(name, 0))
           for name in ("reversed", "under_1_year", "1_to_3_years", "over_3_years", "ambiguous")},
    })


run_rule(main, snakemake)  # noqa: F821
