"""Rule case_study_exhibits: case-study estimates -> the case-study figure and its tables."""

from wishlist.core.errors import run_rule
from wishlist.present.case_study_exhibits import main

run_rule(main, snakemake)  # noqa: F821
