"""Rule estimate_proportions: coded records -> headline shares, cross-tabs and misclassification bounds."""

from wishlist.core.errors import run_rule
from wishlist.stages.estimate_proportions import main

run_rule(main, snakemake)  # noqa: F821
