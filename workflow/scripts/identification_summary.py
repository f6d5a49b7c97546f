"""Rule identification_summary: each record-layer quantity on every ensemble member, beside its sharp"""

from wishlist.core.errors import run_rule
from wishlist.stages.identification_summary import main

run_rule(main, snakemake)  # noqa: F821
