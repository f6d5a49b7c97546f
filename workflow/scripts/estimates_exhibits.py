"""Rule estimates_exhibits: headline estimates -> the per-year and headline-share figures and tables."""

from wishlist.core.errors import run_rule
from wishlist.present.estimates_exhibits import main

run_rule(main, snakemake)  # noqa: F821
