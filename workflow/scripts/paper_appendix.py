"""Rule paper_appendix: codebook, calibration targets and the table/figure map as appendix tables."""

from wishlist.core.errors import run_rule
from wishlist.present.paper_appendix import main

run_rule(main, snakemake)  # noqa: F821
