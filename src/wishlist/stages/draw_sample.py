"""The case-study sample: a seeded random draw from the sample frame (brief, endnote 66), and its outcomes.

The brief took the company records filed in 2015-2016, "randomized them" and
investigated the first 30. We do the same with a numpy Generator (PCG64) seeded
from config: permute the frame (sorted by file number, so the input order cannot
change the draw) and take the first `size` records.

Stream stability. numpy's random "Compatibility policy" (after NEP 19, "Random
number generator policy") promises the same stream only for the same BitGenerator
and seed, the same sequence of method calls, on the same build of numpy in the
same environment. The BitGenerators' raw streams (here PCG64) are meant to stay
fixed, but the algorithms of `Generator` methods built on them, `permutation`
among them, may change in a feature release (announced in the release notes).
So the draw is reproducible for a fixed numpy, not across all of them: numpy is
pinned in requirements.lock, and the draw's metadata (results/sample/draw.yml)
records the numpy version, the bit generator, the seed and a SHA-256 of the
frame. tests/stages/test_draw_sample.py pins the permutations of the study's and the
fixture's seeds to literal values, so a numpy upgrade that changes them fails
the tests before it changes a result.

Outcomes. Investigating each drawn case gives one row of the case-outcome sheet
(data/coding/case_outcomes.csv; `wishlist.brief.sheets.read_case_outcomes` checks it). `join_outcomes`
attaches the outcomes to the draw; drawn cases without an outcome (another seed
draws other cases) go to a worksheet (`investigation_worksheet`) and stop the
study, outcome rows for records outside the draw are kept aside and reported.
"""

from __future__ import annotations

import hashlib

from wishlist.brief.records import read_coded_records
from wishlist.brief.vocabulary import OUTCOME_COLUMNS, OUTCOMES
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv, write_yaml
from wishlist.core.numbers import write_numbers


def sample_frame(coded, institution_type: str, years: list[int]):
    """Records eligible for the draw, sorted by file number."""
    eligible = coded["institution_type"].eq(institution_type) & coded["year"].isin(years)
    return coded.loc[eligible].sort_values("file_number", kind="stable").reset_index(drop=True)


def frame_hash(frame) -> str:
    """SHA-256 of the frame's file numbers: a change of frame changes the draw."""
    return hashlib.sha256("\n".join(frame["file_number"]).encode("utf-8")).hexdigest()


def draw_sample(frame, size: int, seed: int, config_file: str = "config/config.yaml"):
    """First `size` records of a seeded permutation of the frame, with their draw order."""
    import numpy as np

    if size > len(frame):
        raise StudyInputError(config_file, f"sample size {size} exceeds the sample frame of {len(frame)} records",
                              field="sample.size")
    order = np.random.default_rng(seed).permutation(len(frame))[:size]
    draw = frame.iloc[order].reset_index(drop=True)
    draw.insert(0, "draw_order", range(1, size + 1))
    return draw


def draw_metadata(frame, draw, seed: int) -> dict:
    import numpy as np

    return {
        "seed": seed,
        "numpy_version": np.__version__,
        "bit_generator": "PCG64",
        "frame_size": len(frame),
        "frame_sha256": frame_hash(frame),
        "sample_size": len(draw),
    }


# --- case outcomes -----------------------------------------------------------------------------------

CASE_COLUMNS = ["draw_order", "file_number", "year", "filing_date", "country", "post_en", "target_name", "company",
                "outcome", "indicator_type", "indicator", "indicator_date", "evidence", "source",
                "outcome_provenance", "record_provenance"]
WORKSHEET_CONTEXT = ["draw_order", "country", "post_en", "filing_date", "title_zh", "title_en"]


def join_outcomes(draw, outcomes):
    """Attach outcomes to the drawn cases.

    Returns ``(cases, missing, not_drawn)``: the drawn cases in draw order with
    their outcome columns (CASE_COLUMNS; empty where missing), the drawn cases
    without an outcome row (draw rows), and the outcome rows of records that are
    not in the draw (allowed — e.g. outcomes kept from another seed — and reported).
    """
    drawn = draw.rename(columns={"provenance": "record_provenance"})
    sheet = outcomes.rename(columns={"provenance": "outcome_provenance"})
    cases = drawn.merge(sheet, on="file_number", how="left", validate="one_to_one", indicator=True)
    has_outcome = cases.pop("_merge").eq("both")
    for column in sheet.columns:
        cases[column] = cases[column].fillna("")
    missing = draw.loc[~has_outcome.to_numpy()].reset_index(drop=True)
    not_drawn = outcomes.loc[~outcomes["file_number"].isin(draw["file_number"])].reset_index(drop=True)
    cases = cases.sort_values("draw_order", kind="stable").reset_index(drop=True)
    return cases[CASE_COLUMNS], missing, not_drawn


def outcome_report(cases, missing, not_drawn, sheet_path) -> dict:
    """What the join found, for results/sample/outcome_report.yml and the log."""
    with_outcome = cases.loc[cases["outcome"].ne("")]
    return {
        "outcome_sheet": str(sheet_path),
        "drawn_cases": len(cases),
        "with_outcome": len(with_outcome),
        "without_outcome": {"count": len(missing), "records": list(missing["file_number"])},
        "outcome_rows_not_in_draw": {"count": len(not_drawn), "records": sorted(not_drawn["file_number"])},
        "outcomes": {o: int(with_outcome["outcome"].eq(o).sum()) for o in OUTCOMES},
        "outcome_provenance": {str(k): int(v) for k, v in
                               sorted(with_outcome["outcome_provenance"].value_counts().items())},
    }


def investigation_worksheet(missing, records):
    """One row per drawn case without an outcome: the sheet's columns to fill in, then what to read.

    The first columns are the case-outcome sheet's (company prefilled with the
    report's target, the rest empty), so finished rows can be pasted into it once
    the context columns (draw order, country, post, filing date, titles) are dropped.
    """
    titles = records[["file_number", "title_zh", "title_en"]]
    sheet = missing.merge(titles, on="file_number", how="left", validate="one_to_one")
    for column in ("title_zh", "title_en"):
        sheet[column] = sheet[column].fillna("")
    sheet["company"] = sheet["target_name"].fillna("")
    for column in OUTCOME_COLUMNS:
        if column not in ("file_number", "company"):
            sheet[column] = ""
    return sheet.sort_values("draw_order", kind="stable")[list(OUTCOME_COLUMNS) + WORKSHEET_CONTEXT].reset_index(
        drop=True)


# Rule draw_sample: coded records -> sample frame, ordered draw and its metadata.

def main(smk):
    coded = read_coded_records(smk.input.coded)
    settings = smk.params.sample
    frame = sample_frame(coded, settings["frame_institution_type"], settings["frame_years"])
    draw = draw_sample(frame, settings["size"], settings["seed"])
    meta = draw_metadata(frame, draw, settings["seed"])
    write_csv(smk.output.frame, frame)
    write_csv(smk.output.draw, draw)
    write_yaml(smk.output.meta, meta)
    write_numbers(smk.output.numbers, {"frame_size": meta["frame_size"], "sample_size": meta["sample_size"],
                                       "seed": meta["seed"]})
