"""Rule claims_exhibits: the claims tables the paper shows (results/tables/claims_audit.md, claims_inconsistencies.md).

Reads what the claims_audit rule computed (results/claims/claims_audit.csv) and lays it out:
one row per claim with its status in a short form, and one row per failed claim with the
sentence saying what disagrees.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import read_sheet, write_text
from wishlist.present.tables import markdown_table
from wishlist.stages.claims_audit.claims import (
    BY_CONSTRUCTION,
    CONSISTENT,
    FAILED,
    INCONSISTENT,
    INCONSISTENT_PROVED,
    NOT_CHECKABLE,
    RECORDS_FAIL,
    RECORDS_HOLD,
    RECORDS_UNCHECKED,
)

# short forms of the statuses, for the narrow claims table
STATUS_SHORT = {CONSISTENT: "consistent", INCONSISTENT: "inconsistent", INCONSISTENT_PROVED: "inconsistent (proved)",
                NOT_CHECKABLE: "not checkable", BY_CONSTRUCTION: "by construction",
                RECORDS_HOLD: "holds in records", RECORDS_FAIL: "fails in records", RECORDS_UNCHECKED: "not checked"}
# what each record-layer status means, said in the caption only when the table shows it
STATUS_NOTES = {BY_CONSTRUCTION: "\"By construction\": only the reconstructed record layer can test it",
                RECORDS_HOLD: "\"holds in records\" / \"fails in records\": checked on the records in use, which "
                              "are not the brief's corpus",
                RECORDS_UNCHECKED: "\"not checked\": no rule states the figure on the records in use"}


def claims_markdown(table) -> str:
    """Every claim: where, what, the published figure, the recomputed value and the status."""
    shown = pd.DataFrame({
        "#": table["number"],
        "Location": table["location"],
        "Claim": table["claim"],
        "Published": table["published"],
        "Recomputed": table["recomputed_short"],
        "Status": table["status"].map(STATUS_SHORT),
    })
    present = set(table["status"])
    if RECORDS_FAIL in present:
        present.add(RECORDS_HOLD)
    notes = "".join(f" {note}." for status, note in STATUS_NOTES.items() if status in present)
    return markdown_table(
        shown, f"Every quantitative claim of the brief against the numbers it relates to.{notes} Full checks and "
               "readings: results/claims/claims_audit.csv.", "tbl-claims")


def inconsistencies_markdown(table) -> str:
    """The failed claims, one sentence each."""
    bad = table[table["status"].isin(FAILED)]
    return markdown_table(
        pd.DataFrame({"#": bad["number"], "Location": bad["location"], "What disagrees": bad["inconsistency"]}),
        "The brief's internal inconsistencies, one sentence each (numbers refer to the claims table).",
        "tbl-inconsistencies")


def main(smk):
    table = read_sheet(smk.input.table)
    write_text(smk.output.table_md, claims_markdown(table))
    write_text(smk.output.inconsistencies_md, inconsistencies_markdown(table))
