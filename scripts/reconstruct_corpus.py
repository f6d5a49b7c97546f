"""Regenerate the reconstructed bulletin corpus (not a step of the Snakemake workflow).

    python scripts/reconstruct_corpus.py --seed 20210509 --out data/raw [--scale K]
    python scripts/reconstruct_corpus.py --ensemble K --seed S --out DIR

Writes data/raw/<year>.jsonl (2015-2020, plus 2021 for the one published
out-of-window record), data/raw/MANIFEST.sha256, and, for the default corpus
(--out data/raw, --scale 1), data/reference/reconstruction_key.csv. --scale K
writes K copies of the corpus (distinct file numbers and targets) for
benchmarks, into another directory. Same seed, same bytes. See data/README.md.

--ensemble K writes DIR/ensemble_members.csv instead: K corpora drawn from the
set of corpora consistent with the brief's published figures, as the cell
counts those figures constrain (country x institution x category, institution
x category x AI flag; data/reference/identification.yaml). The workflow's rule
identification_ensemble draws the same members from config/config.yaml's
identification settings. The sampling is not uniform over the set
(wishlist.stats.identification.ensemble).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wishlist.core.errors import StudyInputError  # noqa: E402
from wishlist.reconstruct.corpus import (  # noqa: E402
    DEFAULT_SEED,
    build_corpus,
    replicate,
    write_corpus,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=ROOT / "data/raw", help="output directory (default data/raw)")
    parser.add_argument("--scale", type=int, default=1, help="write K copies of the corpus (benchmarks; default 1)")
    parser.add_argument("--ensemble", type=int, default=0,
                        help="write K corpora drawn from the constraint set, as cell tables, to --out")
    args = parser.parse_args(argv)
    if args.ensemble:
        return write_ensemble(args.ensemble, args.seed, args.out, parser)
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


def write_ensemble(size: int, seed: int, out: Path, parser) -> int:
    from wishlist.core.files import write_csv
    from wishlist.stages.identification_inputs import load_model, members_frame
    from wishlist.stats.identification.ensemble import draw_ensemble

    if size < 1:
        parser.error("--ensemble must be at least 1")
    if out.resolve() == (ROOT / "data/raw").resolve():
        parser.error("an ensemble must not go into data/raw: give another --out")
    started = time.perf_counter()
    reference = ROOT / "data/reference"
    try:
        model, _ = load_model(reference / "identification.yaml", reference / "calibration_targets.yaml",
                              reference / "published_cases.yaml", ROOT / "data/codebook.yaml")
    except StudyInputError as error:
        print(error, file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    members = draw_ensemble(model, size, seed)
    write_csv(out / "ensemble_members.csv", members_frame(model, members))
    print(f"{size} corpora (seed {seed}) in {time.perf_counter() - started:.1f} s: {out / 'ensemble_members.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
