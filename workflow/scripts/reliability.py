"""Rule reliability: double-coded records -> agreement, kappa, alpha, per-category agreement, published range."""

from wishlist.core.errors import run_rule
from wishlist.stages.reliability import main

run_rule(main, snakemake)  # noqa: F821
