"""Seeded random streams: one pipeline seed and a step's name give a repeatable, independent stream.

Changing one step (or adding one) leaves every other step's draws unchanged, because
each step's stream depends only on (seed, step name).
"""

from __future__ import annotations

import hashlib


def stream(seed: int, step: str):
    """numpy Generator for `step`, seeded by (seed, SHA-256 of the step name)."""
    import numpy as np

    digest = hashlib.sha256(step.encode("utf-8")).digest()
    return np.random.default_rng([seed, int.from_bytes(digest[:8], "big")])


def sheet_stream(seed: int, step: str):
    """numpy Generator for `step` of the coding-sheet reconstruction: SHA-256 of "seed:step", little-endian.

    Why a second derivation: the reconstructed coding sheets (data/coding/coder_a.csv,
    coder_b.csv, adjudication.csv, case_outcomes.csv; wishlist.reconstruct.sheets) were
    generated with this one, an integer seed made of the first 8 bytes (little-endian)
    of SHA-256("<seed>:<step>"), not with `stream`. Drawing them with `stream` would
    change the committed sheets, hence every record-layer result computed from them.
    When it can go: the next time the coding sheets are regenerated on purpose (a new
    data release), switch wishlist.reconstruct.sheets to `stream` and delete this.
    """
    import numpy as np

    digest = hashlib.sha256(f"{seed}:{step}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))
