"""Rule identification_exhibits: what the published figures determine, as the paper's table and figure."""

from wishlist.core.errors import run_rule
from wishlist.present.identification_exhibits import main

run_rule(main, snakemake)  # noqa: F821
