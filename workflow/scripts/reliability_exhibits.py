"""Rule reliability_exhibits: reliability statistics and coder sheets -> the reliability table and heatmap."""

from wishlist.core.errors import run_rule
from wishlist.present.reliability_exhibits import main

run_rule(main, snakemake)  # noqa: F821
