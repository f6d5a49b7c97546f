"""Rule published_layer: the brief's published figures -> recomputed shares, Wilson intervals, checks."""

from wishlist.core.errors import run_rule
from wishlist.stages.published_layer import main

run_rule(main, snakemake)  # noqa: F821
