"""Rule claims_exhibits: the claims tables the paper shows (results/tables/claims_audit.md, claims_inconsistencies.md).

Reads what the claims_audit rule computed (results/claims/claims_audit.csv) and lays it out:
one row per claim with its verdict in a short form, and one row per claim that fails under
some reading, gravest tier first, with the sentence saying what disagrees.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import read_sheet, write_text
from wishlist.present.tables import markdown_table
from wishlist.stages.claims_audit.claims import (
    ARITHMETIC_CONFLICT,
    CONSISTENT,
    FAULTS,
    NEEDS_RECORDS,
    NOT_CHECKABLE,
    RECORDS_FAIL,
    RECORDS_HOLD,
    RECORDS_UNCHECKED,
    UNSUPPORTED,
    WORDING,
)

# short forms of the verdicts, for the narrow claims table
VERDICT_SHORT = {ARITHMETIC_CONFLICT: "arithmetic conflict", UNSUPPORTED: "unsupported by own evidence",
                 WORDING: "wording or rounding", CONSISTENT: "consistent", NOT_CHECKABLE: "not checkable",
                 NEEDS_RECORDS: "needs the records", RECORDS_HOLD: "holds in records",
                 RECORDS_FAIL: "fails in records", RECORDS_UNCHECKED: "not checked"}
# what each verdict means, said in the caption only when the table shows it
VERDICT_NOTES = {
    ARITHMETIC_CONFLICT: "\"Arithmetic conflict\": under every reading, the claim contradicts the brief's printed "
                         "figures",
    UNSUPPORTED: "\"Unsupported by own evidence\": under every reading, the brief's Table 1 contradicts it",
    WORDING: "\"Wording or rounding\": it fails under some reasonable reading and holds under another",
    NEEDS_RECORDS: "\"Needs the records\": only the bulletin records could test it, and the reconstruction was "
                   "calibrated to it",
    RECORDS_HOLD: "\"holds in records\" / \"fails in records\": checked on the records in use, which are not the "
                  "brief's corpus",
    RECORDS_UNCHECKED: "\"not checked\": no rule states the figure on the records in use"}


def claims_markdown(table) -> str:
    """Every claim: where, what, the published figure, the recomputed value and the verdict."""
    shown = pd.DataFrame({
        "#": table["number"],
        "Location": table["location"],
        "Claim": table["claim"],
        "Published": table["published"],
        "Recomputed": table["recomputed_short"],
        "Verdict": table["status"].map(VERDICT_SHORT),
    })
    present = set(table["status"])
    if RECORDS_FAIL in present:
        present.add(RECORDS_HOLD)
    notes = "".join(f" {note}." for status, note in VERDICT_NOTES.items() if status in present)
    return markdown_table(
        shown, f"Every quantitative claim of the brief against the numbers it relates to, with its verdict over "
               f"every reasonable reading of its words.{notes} Full checks and every reading: "
               "results/claims/claims_audit.csv.", "tbl-claims")


def inconsistencies_markdown(table) -> str:
    """The faulted claims, gravest tier first: the verdict and one sentence of what disagrees, which ends with
    the readings under which the claim holds (wording or rounding)."""
    bad = table[table["status"].isin(FAULTS)].copy()
    bad["tier"] = bad["status"].map({v: i for i, v in enumerate(FAULTS)})
    bad["order"] = bad["number"].astype(int)  # the sheet reads numbers as text: "9" would sort after "73"
    bad = bad.sort_values(["tier", "order"], kind="stable")
    return markdown_table(
        pd.DataFrame({"#": bad["number"], "Verdict": bad["status"].map(VERDICT_SHORT),
                      "What disagrees, and the readings under which it holds": bad["inconsistency"]}),
        "The claims that fail under at least one reasonable reading, gravest first (numbers are those of the "
        "full claims table).", "tbl-inconsistencies")


def main(smk):
    table = read_sheet(smk.input.table)
    write_text(smk.output.table_md, claims_markdown(table))
    write_text(smk.output.inconsistencies_md, inconsistencies_markdown(table))
