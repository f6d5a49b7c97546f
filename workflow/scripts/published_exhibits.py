"""Rule published_exhibits: published-layer shares -> the published-shares table and figure."""

from wishlist.core.errors import run_rule
from wishlist.present.published_exhibits import main

run_rule(main, snakemake)  # noqa: F821
