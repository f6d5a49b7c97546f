"""Regenerate the reconstructed coding sheets (not a step of the Snakemake workflow).

    python scripts/reconstruct_coding_sheets.py

Reads the reconstruction key, the raw records, the published Table 1 cases and
the sample settings of config/config.yaml; writes data/coding/coder_a.csv,
coder_b.csv, adjudication.csv and case_outcomes.csv, and data/coding/MANIFEST.sha256.
Same inputs, same bytes. See data/README.md ("Coding sheets").
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pandas as pd  # noqa: E402

from wishlist.brief.records import Gazetteer, ingest  # noqa: E402
from wishlist.core.files import read_yaml, write_csv, write_text  # noqa: E402
from wishlist.reconstruct.sheets import case_outcome_sheet, coder_sheets  # noqa: E402
from wishlist.stages.draw_sample import draw_sample, sample_frame  # noqa: E402


def main() -> int:
    config = read_yaml(ROOT / "config/config.yaml")
    key = pd.read_csv(ROOT / "data/reference/reconstruction_key.csv", dtype=str, keep_default_na=False)
    seed = config["sample"]["seed"]
    coding = ROOT / "data/coding"
    coder_a, coder_b, adjudication = coder_sheets(key, seed)
    write_csv(coding / "coder_a.csv", coder_a)
    write_csv(coding / "coder_b.csv", coder_b)
    write_csv(coding / "adjudication.csv", adjudication)

    gazetteer = Gazetteer.load(ROOT / "data/gazetteer.csv", ROOT / "data/countries.csv")
    window = config["study_window"]
    records, _ = ingest(sorted((ROOT / "data/raw").glob("*.jsonl")), gazetteer,
                        window["first_year"], window["last_year"])
    coded = records.merge(key[["file_number", "institution_type"]], on="file_number", validate="one_to_one")
    frame = sample_frame(coded, config["sample"]["frame_institution_type"], config["sample"]["frame_years"])
    draw = draw_sample(frame, config["sample"]["size"], seed)
    cases = read_yaml(ROOT / "data/reference/published_cases.yaml")["cases"]
    table1 = [case for case in cases if case["group"] == "table_1"]
    write_csv(coding / "case_outcomes.csv", case_outcome_sheet(draw, records, table1, seed))

    sheets = sorted(p for p in coding.glob("*.csv"))
    write_text(coding / "MANIFEST.sha256", "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sheets))
    for path in sheets:
        print(f"  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
