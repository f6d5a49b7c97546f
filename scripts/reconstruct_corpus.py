"""Regenerate the reconstructed bulletin corpus (not a step of the Snakemake workflow).

    python scripts/reconstruct_corpus.py --seed 20210509 --out data/raw [--scale K]

Writes data/raw/<year>.jsonl (2015-2020, plus 2021 for the one published
out-of-window record), data/raw/MANIFEST.sha256, and, for the default corpus
(--out data/raw, --scale 1), data/reference/reconstruction_key.csv. --scale K
writes K copies of the corpus (distinct file numbers and targets) for
benchmarks, into another directory. Same seed, same bytes. See data/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wishlist.errors import StudyInputError  # noqa: E402
from wishlist.reconstruction import DEFAULT_SEED, build_corpus, replicate, write_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=ROOT / "data/raw", help="output directory (default data/raw)")
    parser.add_argument("--scale", type=int, default=1, help="write K copies of the corpus (benchmarks; default 1)")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    default_out = (ROOT / "data/raw").resolve()
    is_default = args.out.resolve() == default_out
    if is_default and args.scale != 1:
        parser.error("a scaled corpus must not overwrite data/raw: give another --out")
    started = time.perf_counter()
    try:
        corpus = replicate(build_corpus(ROOT, args.seed), args.scale)
    except StudyInputError as error:
        print(error, file=sys.stderr)
        return 1
    key_path = ROOT / "data/reference/reconstruction_key.csv" if is_default else None
    written = write_corpus(corpus, args.out, key_path)
    print(f"{len(corpus.records)} records (seed {args.seed}, scale {args.scale}) in "
          f"{time.perf_counter() - started:.1f} s:")
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
