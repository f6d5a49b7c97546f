"""Rule describe_records: coded records -> distributions by category, country, institution type, cooperation form."""

from wishlist.core.errors import run_rule
from wishlist.stages.describe_records import main

run_rule(main, snakemake)  # noqa: F821
