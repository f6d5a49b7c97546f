"""Rule software_versions: the versions, seeds and input checksums the paper reports."""

from wishlist.core.errors import run_rule
from wishlist.stages.software_versions import main

run_rule(main, snakemake)  # noqa: F821
