"""Rule ingest_records: raw bulletin records -> typed records table + ingest report."""

from wishlist.core.errors import run_rule
from wishlist.stages.ingest_records import main

run_rule(main, snakemake)  # noqa: F821
