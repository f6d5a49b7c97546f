"""Rule draw_sample: coded records -> sample frame, ordered draw and its metadata."""

from wishlist.core.errors import run_rule
from wishlist.stages.draw_sample import main

run_rule(main, snakemake)  # noqa: F821
