"""Rule claims_audit: the brief's quantitative claims -> status, recomputed value, inconsistencies."""

import pandas as pd

from wishlist.claims import FAILED, STATUS_SHORT, apply_identification, audit, status_counts
from wishlist.errors import run_rule
from wishlist.files import read_yaml, write_csv, write_text
from wishlist.numbers import write_numbers
from wishlist.tables import markdown_table


def main(smk):
    claims = read_yaml(smk.input.claims)
    targets = read_yaml(smk.input.targets)
    results = audit(claims, read_yaml(smk.input.cases), targets, file=smk.input.claims)
    bounds = pd.read_csv(smk.input.bounds, keep_default_na=False).to_dict("records")
    readings = pd.read_csv(smk.input.readings, keep_default_na=False).to_dict("records")
    statements = {c["id"]: c["statement"] for c in (read_yaml(smk.input.spec) or {}).get("constraints", [])
                  if c.get("statement")}
    results = apply_identification(results, claims, bounds, readings, targets, statements)
    table = pd.DataFrame([r.as_row() for r in results])
    write_csv(smk.output.table, table)

    shown = pd.DataFrame({
        "#": table["number"],
        "Location": table["location"],
        "Claim": table["claim"],
        "Published": table["published"],
        "Recomputed": table["recomputed_short"],
        "Status": table["status"].map(STATUS_SHORT),
    })
    write_text(smk.output.table_md, markdown_table(
        shown, "Every quantitative claim of the brief against the numbers it relates to. \"By construction\": "
               "only the reconstructed record layer can test it. Full checks and readings: "
               "results/claims/claims_audit.csv.", "tbl-claims"))

    bad = table[table["status"].isin(FAILED)]
    write_text(smk.output.inconsistencies_md, markdown_table(
        pd.DataFrame({"#": bad["number"], "Location": bad["location"], "What disagrees": bad["inconsistency"]}),
        "The brief's internal inconsistencies, one sentence each (numbers refer to the claims table).",
        "tbl-inconsistencies"))

    counts = status_counts(results)
    write_numbers(smk.output.numbers, {
        "total_claims": len(results),
        **counts,
        "checkable": counts["consistent"] + counts["inconsistent"] + counts["inconsistent_proved"],
        **{f"inconsistency_{r.id}": r.inconsistency for r in results if r.status in FAILED},
    })


run_rule(main, snakemake)  # noqa: F821
