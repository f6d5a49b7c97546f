"""Regenerate the reconstructed bulletin corpus (not a step of the Snakemake workflow).

    python scripts/reconstruct_corpus.py --seed 20210509 --out data/raw [--scale K]

Writes data/raw/<year>.jsonl (2015-2020, plus 2021 for the one published
out-of-window record), data/raw/MANIFEST.sha256, and, for the default corpus
(--out data/raw, --scale 1), the rest of the reconstruction:
data/reference/reconstruction_key.csv, the coding sheets data/coding/*.csv (as
scripts/reconstruct_coding_sheets.py writes them, with the reconstruction's own
sample settings RECONSTRUCTION_SAMPLE, not the config's) with
data/coding/MANIFEST.sha256, and data/reference/reconstruction.sha256: the
sha256 of every one of those data files, which is how the tests and the
workflow tell the shipped reconstruction from other data
(wishlist.core.checksums.matches_reconstruction). --scale K writes K copies of
the corpus (distinct file numbers and targets) for benchmarks, into another
directory. Same seed, same bytes. See data/README.md.
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

# The sample settings the shipped coding sheets were generated with (config/config.yaml as
# shipped): the case-outcome sheet holds the outcomes of this draw. A config set up for real
# records may use another seed; the reconstruction stays what it is.
RECONSTRUCTION_WINDOW = (2015, 2020)
RECONSTRUCTION_SAMPLE = {"frame_institution_type": "company", "frame_years": [2015, 2016], "size": 30,
                         "seed": 20622051}


def write_coding_sheets(root: Path) -> list[Path]:
    """The reconstructed coding sheets of the corpus now under root/data (key and raw records),
    and data/coding/MANIFEST.sha256 over them."""
    import pandas as pd

    from wishlist.brief.records import Gazetteer, ingest
    from wishlist.core.checksums import manifest_text
    from wishlist.core.files import read_yaml, write_csv, write_text
    from wishlist.reconstruct.sheets import case_outcome_sheet, coder_sheets
    from wishlist.stages.draw_sample import draw_sample, sample_frame

    sample = RECONSTRUCTION_SAMPLE
    key = pd.read_csv(root / "data/reference/reconstruction_key.csv", dtype=str, keep_default_na=False)
    coding = root / "data/coding"
    written = []
    for name, frame in zip(("coder_a.csv", "coder_b.csv", "adjudication.csv"), coder_sheets(key, sample["seed"])):
        write_csv(coding / name, frame)
        written.append(coding / name)
    gazetteer = Gazetteer.load(root / "data/gazetteer.csv", root / "data/countries.csv")
    records, _ = ingest(sorted((root / "data/raw").glob("*.jsonl")), gazetteer, *RECONSTRUCTION_WINDOW)
    coded = records.merge(key[["file_number", "institution_type"]], on="file_number", validate="one_to_one")
    draw = draw_sample(sample_frame(coded, sample["frame_institution_type"], sample["frame_years"]),
                       sample["size"], sample["seed"])
    table1 = [case for case in read_yaml(root / "data/reference/published_cases.yaml")["cases"]
              if case["group"] == "table_1"]
    write_csv(coding / "case_outcomes.csv", case_outcome_sheet(draw, records, table1, sample["seed"]))
    written.append(coding / "case_outcomes.csv")
    write_text(coding / "MANIFEST.sha256", manifest_text(coding, ("*.csv",)))
    return [*written, coding / "MANIFEST.sha256"]


def write_reconstruction_listing(root: Path) -> Path:
    """data/reference/reconstruction.sha256 over the reconstruction's files now under root."""
    from wishlist.core.checksums import (
        RECONSTRUCTION_LISTING,
        reconstruction_listing_text,
    )
    from wishlist.core.files import write_text

    write_text(root / RECONSTRUCTION_LISTING, reconstruction_listing_text(root))
    return root / RECONSTRUCTION_LISTING


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
    if is_default:
        written += write_coding_sheets(ROOT)
        written.append(write_reconstruction_listing(ROOT))
    print(f"{len(corpus.records)} records (seed {args.seed}, scale {args.scale}) in "
          f"{time.perf_counter() - started:.1f} s:")
    for path in written:
        print(f"  {path}")
    if is_default:
        print("data/reference/MANIFEST.sha256 (and data/MANIFEST.sha256) are not rewritten: accept the "
              "regenerated data with `make manifests`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
