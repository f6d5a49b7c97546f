"""Rule case_study: drawn cases + case-outcome sheet -> joined outcomes and the case-study estimates."""

from wishlist.core.errors import run_rule
from wishlist.stages.case_study import main

run_rule(main, snakemake)  # noqa: F821
