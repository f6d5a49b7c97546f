"""Rule claims_audit: the brief's quantitative claims -> status, recomputed value, inconsistencies."""

from wishlist.core.errors import run_rule
from wishlist.stages.claims_audit import main

run_rule(main, snakemake)  # noqa: F821
