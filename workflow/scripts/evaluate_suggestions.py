"""Rule evaluate_suggestions: how well the suggestion model reproduces the human codes (k-fold)."""

from wishlist.core.errors import run_rule
from wishlist.stages.evaluate_suggestions import main

run_rule(main, snakemake)  # noqa: F821
