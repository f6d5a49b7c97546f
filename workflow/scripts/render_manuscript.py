"""Rule render_manuscript: manuscript/<document>.qmd -> self-contained HTML and PDF."""

from wishlist.core.errors import run_rule
from wishlist.present.render_manuscript import main

run_rule(main, snakemake)  # noqa: F821
