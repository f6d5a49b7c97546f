"""Rule collect_numbers: stage fragments -> results/numbers.yml and the Quarto project's _variables.yml."""

from wishlist.core.errors import run_rule
from wishlist.present.collect_numbers import main

run_rule(main, snakemake)  # noqa: F821
