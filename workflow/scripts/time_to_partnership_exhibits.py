"""Rule time_to_partnership_exhibits: the time-to-partnership tables -> timeline and incidence figures, Markdown tables."""

from wishlist.core.errors import run_rule
from wishlist.present.time_to_partnership_exhibits import main

run_rule(main, snakemake)  # noqa: F821
