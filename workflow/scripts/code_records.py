"""Rule code_records: records -> coded records (automated codes + adjudicated manual codes)."""

from wishlist.core.errors import run_rule
from wishlist.stages.code_records import main

run_rule(main, snakemake)  # noqa: F821
