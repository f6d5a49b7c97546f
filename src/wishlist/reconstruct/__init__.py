"""Generators of the documented reconstruction (corpus, coder sheets, case outcomes).

Not part of the workflow: run by scripts/reconstruct_*.py; nothing in the study imports them."""
