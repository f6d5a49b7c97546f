"""Rule claims_exhibits: the claims audit -> the claims table and the inconsistencies table."""

from wishlist.core.errors import run_rule
from wishlist.present.claims_exhibits import main

run_rule(main, snakemake)  # noqa: F821
