"""Rule coding_exhibits: keyword contributions -> the paper's keyword table."""

from wishlist.core.errors import run_rule
from wishlist.present.coding_exhibits import main

run_rule(main, snakemake)  # noqa: F821
