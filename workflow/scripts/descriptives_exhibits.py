"""Rule descriptives_exhibits: record distributions -> their figures (intervals shown) and Quarto pipe tables."""

from wishlist.core.errors import run_rule
from wishlist.present.descriptives_exhibits import main

run_rule(main, snakemake)  # noqa: F821
