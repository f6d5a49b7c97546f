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
