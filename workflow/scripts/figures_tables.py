"""Rule figures_tables: estimate tables -> the paper's figures (SVG+PNG, with intervals) and Quarto pipe tables."""

from wishlist.core.errors import run_rule
from wishlist.present.figures_tables import main

run_rule(main, snakemake)  # noqa: F821
