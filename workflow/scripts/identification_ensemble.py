"""Rule identification_ensemble: K corpora (cell tables) drawn from the set consistent with the brief."""

from wishlist.core.errors import run_rule
from wishlist.stages.identification_ensemble import main

run_rule(main, snakemake)  # noqa: F821
