"""Rule sharp_bounds: the brief's published figures -> bounds of every record-layer quantity, per reading."""

from wishlist.core.errors import run_rule
from wishlist.stages.sharp_bounds import main

run_rule(main, snakemake)  # noqa: F821
