"""Quarto post-render step: move the rendered paper from manuscript/ to its place.

Quarto writes index.html and index.pdf beside manuscript/index.qmd, and
supplement.html and supplement.pdf beside manuscript/supplement.qmd (the project
has no output-dir, which would copy every figure under it). This moves them to
results/manuscript/, where the workflow puts the paper, or to the folder named
by WISHLIST_PAPER_DIR (the workflow's staging folder). Standard library only:
Quarto runs it with whatever python3 is on PATH.
"""

import os
import sys
from pathlib import Path


def main() -> int:
    dest = Path(os.environ.get("WISHLIST_PAPER_DIR") or "results/manuscript")
    dest.mkdir(parents=True, exist_ok=True)
    for name in os.environ.get("QUARTO_PROJECT_OUTPUT_FILES", "").splitlines():
        produced = Path(name)
        if produced.suffix in (".html", ".pdf") and produced.is_file():
            os.replace(produced, dest / produced.name)
            print(f"publish_outputs: {produced} -> {dest / produced.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
