"""Rule data_origin: whether the records and sheets in use are the shipped reconstruction."""

from wishlist.core.errors import run_rule
from wishlist.stages.data_origin import main

run_rule(main, snakemake)  # noqa: F821
