"""Rule time_to_partnership: case outcomes + records -> durations, Table 1, timing shares, time-to-event estimates."""

from wishlist.core.errors import run_rule
from wishlist.stages.time_to_partnership import main

run_rule(main, snakemake)  # noqa: F821
