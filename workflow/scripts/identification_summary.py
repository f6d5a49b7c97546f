"""Rule identification_summary: each quantity's value in the records used, beside its sharp bounds."""

from wishlist.core.errors import run_rule
from wishlist.stages.identification_summary import main

run_rule(main, snakemake)  # noqa: F821
