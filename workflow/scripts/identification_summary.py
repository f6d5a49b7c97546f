"""Rule identification_summary: each quantity on the ensemble members, beside its bounds and its value in the records."""

from wishlist.core.errors import run_rule
from wishlist.stages.identification_summary import main

run_rule(main, snakemake)  # noqa: F821
