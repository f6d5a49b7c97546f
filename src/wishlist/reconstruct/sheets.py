"""Reconstructed coding sheets: two coders, an adjudication, and the case outcomes.

The brief's coders (endnote 26) each coded half of the reports and both coded
100 of them, agreeing on the technology label in 67. Their sheets are not
public, so this module writes sheets that behave like theirs: the adjudicated
codes are the reconstruction key (so every calibrated marginal holds), 100
records are double-coded, and exactly 67 of them carry the same category from
both coders. Which coder erred, and what the other category was, are drawn
from seeded streams. Institution-type agreement is not published; the
reconstruction uses RECONSTRUCTED_INSTITUTION_AGREEMENTS and says so.

The case-outcome sheet holds one row per sampled case: the 14 Table 1
companies with their real indicators, and the other 16 sampled companies with
reconstructed outcomes (8 "no", 8 "insufficient", as the brief counts them).
Everything not taken from the brief is labelled `reconstructed`.
"""

from __future__ import annotations

import numpy as np

from wishlist.brief.sheets import ADJUDICATION_COLUMNS, SHEET_COLUMNS
from wishlist.brief.vocabulary import OUTCOME_COLUMNS
from wishlist.core.seeds import sheet_stream

DOUBLE_CODED = 100                        # endnote 26
CATEGORY_AGREEMENTS = 67                  # endnote 26: 67 percent of 100
RECONSTRUCTED_INSTITUTION_AGREEMENTS = 92  # not published: a reconstruction choice
OUTCOME_COUNTS = {"partnered": 14, "no": 8, "insufficient": 8}  # "Case Studies"

# The category a second coder plausibly chose instead (neighbouring industries).
CATEGORY_CONFUSION = {
    "information_technology": "machines_robots",
    "machines_robots": "information_technology",
    "aerospace": "machines_robots",
    "marine": "energy_equipment",
    "railway": "machines_robots",
    "vehicles": "energy_equipment",
    "energy_equipment": "new_materials",
    "agricultural_machines": "machines_robots",
    "new_materials": "energy_equipment",
    "biopharma_medical": "other",
    "other": "biopharma_medical",
}
INSTITUTION_CONFUSION = {
    "company": "not_stated",
    "university": "government_lab",
    "government_lab": "university",
    "other": "company",
    "not_stated": "company",
}
def coder_sheets(key, seed: int):
    """Return (coder A sheet, coder B sheet, adjudication sheet) as DataFrames."""
    import pandas as pd

    key = key.sort_values("file_number", kind="stable").reset_index(drop=True)
    n = len(key)
    if n < DOUBLE_CODED:
        raise ValueError(f"need at least {DOUBLE_CODED} records to double-code, got {n}")
    order = sheet_stream(seed, "assignment").permutation(n)
    overlap = np.sort(order[:DOUBLE_CODED])
    rest = order[DOUBLE_CODED:]
    half = len(rest) // 2
    only_a, only_b = np.sort(rest[:half]), np.sort(rest[half:])

    key = key.assign(provenance="reconstructed")  # every code on these sheets is reconstructed
    a = key.loc[np.sort(np.concatenate([overlap, only_a])), list(SHEET_COLUMNS)].copy()
    b = key.loc[np.sort(np.concatenate([overlap, only_b])), list(SHEET_COLUMNS)].copy()
    adjudication = []
    for field, agreements, confusion, step in (
        ("mic2025_category", CATEGORY_AGREEMENTS, CATEGORY_CONFUSION, "category"),
        ("institution_type", RECONSTRUCTED_INSTITUTION_AGREEMENTS, INSTITUTION_CONFUSION, "institution"),
    ):
        rng = sheet_stream(seed, f"disagreements:{step}")
        disagree = np.sort(rng.choice(overlap, size=DOUBLE_CODED - agreements, replace=False))
        wrong_coder = rng.integers(0, 2, size=len(disagree))  # 0: coder A erred, 1: coder B erred
        for index, who in zip(disagree, wrong_coder):
            truth = key.at[index, field]
            sheet = a if who == 0 else b
            sheet.at[index, field] = confusion[truth]
            adjudication.append({
                "file_number": key.at[index, "file_number"], "field": field,
                "coder_a": a.at[index, field], "coder_b": b.at[index, field], "final": truth,
                "note": "reconstructed adjudication",
            })
    adjudication = pd.DataFrame(adjudication, columns=list(ADJUDICATION_COLUMNS))
    adjudication = adjudication.sort_values(["file_number", "field"], kind="stable").reset_index(drop=True)
    return a.reset_index(drop=True), b.reset_index(drop=True), adjudication


def case_outcome_sheet(draw, records, table1_cases: list[dict], seed: int):
    """One row per drawn case: Table 1's real indicators, reconstructed outcomes for the rest."""
    import pandas as pd

    by_target = {case["target_name"]: case for case in table1_cases}
    names = records.set_index("file_number")["target_name"]
    drawn = list(draw["file_number"])
    table1_drawn = [fn for fn in drawn if names[fn] in by_target]
    if len(table1_drawn) != len(by_target):
        missing = sorted(set(by_target) - {names[fn] for fn in table1_drawn})
        raise ValueError(f"the draw misses Table 1 companies {missing}: the sample seed does not reproduce "
                         "the brief's sample (see config/config.yaml, sample.seed)")
    others = [fn for fn in drawn if fn not in table1_drawn]
    expected_others = OUTCOME_COUNTS["no"] + OUTCOME_COUNTS["insufficient"]
    if len(others) != expected_others:
        raise ValueError(f"expected {expected_others} non-Table-1 cases in the draw, got {len(others)}")
    outcomes_for_others = ["no"] * OUTCOME_COUNTS["no"] + ["insufficient"] * OUTCOME_COUNTS["insufficient"]
    sheet_stream(seed, "case_outcomes").shuffle(outcomes_for_others)

    rows = []
    for fn in table1_drawn:
        case = by_target[names[fn]]
        indicator = case["partnership_indicator"]
        rows.append({
            "file_number": fn, "company": case["company"], "outcome": "partnered",
            "indicator_type": indicator["type"], "indicator": indicator["summary"],
            "indicator_date": str(indicator["date"]), "evidence": "Table 1 of the brief",
            "source": indicator["source"], "provenance": "brief",
        })
    for fn, outcome in zip(others, outcomes_for_others):
        company = names[fn] or "(company not named in the report)"
        evidence = ("reconstructed: no partnership indicator found by the cut-off" if outcome == "no"
                    else "reconstructed: too little public information to decide")
        rows.append({
            "file_number": fn, "company": company, "outcome": outcome, "indicator_type": "",
            "indicator": "", "indicator_date": "", "evidence": evidence, "source": "reconstruction",
            "provenance": "reconstructed",
        })
    sheet = pd.DataFrame(rows, columns=list(OUTCOME_COLUMNS))
    return sheet.sort_values("file_number", kind="stable").reset_index(drop=True)
