"""Rule results_manifest: SHA-256 of every output the workflow declares -> results/MANIFEST.sha256."""

from wishlist.core.errors import run_rule
from wishlist.stages.results_manifest import main

run_rule(main, snakemake)  # noqa: F821
