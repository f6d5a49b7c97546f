"""The case-study sample: a seeded random draw from the sample frame (brief, endnote 66).

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

The outcomes of the drawn cases are joined to the draw by the case_study stage.
"""

from __future__ import annotations

import hashlib

from wishlist.brief.records import read_coded_records
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
