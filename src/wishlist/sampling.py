"""The case-study sample: a seeded random draw from the sample frame (brief, endnote 66).

The brief took the company records filed in 2015-2016, "randomized them" and
investigated the first 30. We do the same with a numpy Generator (PCG64) seeded
from config: permute the frame (sorted by file number, so the input order cannot
change the draw) and take the first `size` records. numpy promises the PCG64 bit
stream is stable, but `Generator.permutation` itself may change between numpy
feature releases (NEP 19), so numpy is pinned in requirements.lock and its version
is written beside the draw.
"""

from __future__ import annotations

import hashlib

from .errors import StudyInputError


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
