"""The generator of the reconstructed coding sheets (wishlist.reconstruct.sheets) and its seeded streams.

The published facts the sheets must carry: two coders double-coded 100 reports and
agreed on the category of 67 (endnote 26); of the 30 sampled companies 14 partnered
(the Table 1 companies), 8 did not and 8 could not be decided ("Case Studies").
Each is recounted here from the generated frames, independently of the generator.

Tests that read the committed data carry the `reconstruction` marker (they skip, saying
why, once those data are no longer the shipped reconstruction; tests/conftest.py); the
pinned streams of core.seeds hold for any data.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from wishlist.brief.records import Gazetteer, ingest
from wishlist.brief.reference import read_reference, table1_cases
from wishlist.core.seeds import sheet_stream, stream
from wishlist.reconstruct.sheets import case_outcome_sheet, coder_sheets
from wishlist.stages.draw_sample import draw_sample, sample_frame

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
SEED = CONFIG["sample"]["seed"]
KEY_FILE = ROOT / "data/reference/reconstruction_key.csv"
# without the key (not the reconstruction) the tests that need it skip
KEY = pd.read_csv(KEY_FILE, dtype=str, keep_default_na=False) if KEY_FILE.is_file() else pd.DataFrame()
TABLE_1 = table1_cases(read_reference(ROOT / "data/reference/published_cases.yaml", "cases"))


def csv_bytes(frame) -> bytes:
    """The bytes core.files.write_csv writes (LF line ends, %.6g floats)."""
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.6g").encode("utf-8")


@pytest.fixture(scope="module")
def records():
    gazetteer = Gazetteer.load(ROOT / "data/gazetteer.csv", ROOT / "data/countries.csv")
    window = CONFIG["study_window"]
    table, _ = ingest(sorted((ROOT / "data/raw").glob("*.jsonl")), gazetteer, window["first_year"],
                      window["last_year"])
    return table


def drawn(records, seed=SEED):
    coded = records.merge(KEY[["file_number", "institution_type"]], on="file_number", validate="one_to_one")
    sample = CONFIG["sample"]
    return draw_sample(sample_frame(coded, sample["frame_institution_type"], sample["frame_years"]), sample["size"],
                       seed)


@pytest.fixture(scope="module")
def sheets():
    return coder_sheets(KEY, SEED)


@pytest.mark.reconstruction("key")
def test_exactly_67_of_the_100_double_coded_categories_agree(sheets):
    a, b, adjudication = sheets
    codes_b = dict(zip(b["file_number"], b["mic2025_category"]))
    both = [(fn, cat) for fn, cat in zip(a["file_number"], a["mic2025_category"]) if fn in codes_b]
    assert len(both) == 100                                          # endnote 26: 100 double-coded
    assert sum(cat == codes_b[fn] for fn, cat in both) == 67         # endnote 26: 67 agreed
    institutions_b = dict(zip(b["file_number"], b["institution_type"]))
    agreed = sum(inst == institutions_b[fn] for fn, inst in zip(a["file_number"], a["institution_type"])
                 if fn in institutions_b)
    assert agreed == 92  # not published: RECONSTRUCTED_INSTITUTION_AGREEMENTS
    assert (adjudication["field"].value_counts().to_dict()
            == {"mic2025_category": 100 - 67, "institution_type": 100 - 92})


@pytest.mark.reconstruction("key")
def test_every_record_is_coded_and_every_disagreement_adjudicated_to_the_key(sheets):
    a, b, adjudication = sheets
    assert set(a["file_number"]) | set(b["file_number"]) == set(KEY["file_number"])  # all 642 coded
    assert len(a) + len(b) - 100 == len(KEY)
    assert abs(len(a) - len(b)) <= 1  # the single-coded rest is split in halves
    truth = KEY.set_index("file_number")
    for row in adjudication.itertuples(index=False):
        assert row.coder_a != row.coder_b and truth.at[row.file_number, row.field] == row.final
        assert row.final in (row.coder_a, row.coder_b)  # one coder erred, the other had the key's code
    assert set(a["provenance"]) == set(b["provenance"]) == {"reconstructed"}


@pytest.mark.reconstruction("raw", "key")
def test_the_case_outcome_sheet_has_the_published_outcome_counts(records):
    outcomes = case_outcome_sheet(drawn(records), records, TABLE_1, SEED)
    assert outcomes["outcome"].value_counts().to_dict() == {"partnered": 14, "no": 8, "insufficient": 8}
    partnered = outcomes[outcomes["outcome"].eq("partnered")]
    # the config seed's draw holds all 14 Table 1 companies (config/config.yaml, sample.seed)
    assert sorted(partnered["company"]) == sorted(case["company"] for case in TABLE_1)
    assert set(partnered["provenance"]) == {"brief"} and (partnered["indicator_date"] != "").all()
    assert set(outcomes.loc[outcomes["outcome"].ne("partnered"), "provenance"]) == {"reconstructed"}


@pytest.mark.reconstruction("raw", "key")
def test_a_draw_without_the_table_1_companies_is_refused(records):
    draw = drawn(records)
    names = {case["target_name"] for case in TABLE_1}
    without_one = draw[draw["target_name"] != min(names & set(draw["target_name"]))]
    with pytest.raises(ValueError, match="the draw misses Table 1 companies"):
        case_outcome_sheet(without_one, records, TABLE_1, SEED)


@pytest.mark.reconstruction("raw", "key")
def test_same_seed_same_bytes_other_seed_other_sheets(records, sheets):
    again = coder_sheets(KEY, SEED)
    assert [csv_bytes(f) for f in again] == [csv_bytes(f) for f in sheets]
    assert csv_bytes(case_outcome_sheet(drawn(records), records, TABLE_1, SEED)) == csv_bytes(
        case_outcome_sheet(drawn(records), records, TABLE_1, SEED))
    other = coder_sheets(KEY, SEED + 1)
    assert set(other[0]["file_number"]) != set(sheets[0]["file_number"])  # another assignment of records
    codes_b = dict(zip(other[1]["file_number"], other[1]["mic2025_category"]))
    assert sum(c == codes_b[f] for f, c in zip(other[0]["file_number"], other[0]["mic2025_category"])
               if f in codes_b) == 67  # the published agreement holds for any seed


@pytest.mark.reconstruction
def test_the_committed_sheets_match_the_generator(sheets, records):
    names = ("coder_a.csv", "coder_b.csv", "adjudication.csv")
    for name, frame in zip(names, sheets):
        assert csv_bytes(frame) == (ROOT / "data/coding" / name).read_bytes(), name
    outcomes = case_outcome_sheet(drawn(records), records, TABLE_1, SEED)
    assert csv_bytes(outcomes) == (ROOT / "data/coding/case_outcomes.csv").read_bytes()


@pytest.mark.reconstruction
def test_the_script_regenerates_the_committed_sheets_byte_for_byte(tmp_path):
    # scripts/reconstruct_coding_sheets.py writes into its own checkout: run it in a copy
    for name in ("scripts", "config", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "src").symlink_to(ROOT / "src")
    for path in (tmp_path / "data/coding").iterdir():
        path.unlink()
    result = subprocess.run([sys.executable, "scripts/reconstruct_coding_sheets.py"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    committed = sorted(p.name for p in (ROOT / "data/coding").iterdir())
    assert sorted(p.name for p in (tmp_path / "data/coding").iterdir()) == committed
    for name in committed:
        assert (tmp_path / "data/coding" / name).read_bytes() == (ROOT / "data/coding" / name).read_bytes(), name
    manifest = dict(reversed(line.split("  ")) for line in
                    (ROOT / "data/coding/MANIFEST.sha256").read_text(encoding="utf-8").splitlines())
    for name, digest in manifest.items():
        assert hashlib.sha256((ROOT / "data/coding" / name).read_bytes()).hexdigest() == digest


# ---------------------------------------------------------------- core.seeds: both derivations pinned
#
# Entropies by hand, outside Python:
#   printf '%s' '20622051:assignment' | sha256sum  -> 38b52b1f9b1f0388...  first 8 bytes little-endian
#                                                  = 0x88031f9b1f2bb538 = 9800711965191681336
#   printf '%s' 'categories' | sha256sum           -> a6216ea03e578f21...  first 8 bytes big-endian
#                                                  = 0xa6216ea03e578f21 = 11970970919047237409
# Draws: numpy documents default_rng(x) as Generator(PCG64(SeedSequence(x))); the raw PCG64 words and
# permutations below were computed once that way (numpy 2.4.6, requirements.lock) and written down.
# If a numpy upgrade changes them, the reconstruction's streams changed: regenerate, or pin numpy.

SHEET_ENTROPY = 9800711965191681336            # sheet_stream(20622051, "assignment")
CORPUS_ENTROPY = [20210509, 11970970919047237409]  # stream(20210509, "categories")


def test_the_entropies_are_the_documented_sha256_digests():
    assert int.from_bytes(bytes.fromhex("38b52b1f9b1f0388"), "little") == SHEET_ENTROPY
    assert int.from_bytes(bytes.fromhex("a6216ea03e578f21"), "big") == CORPUS_ENTROPY[1]
    assert hashlib.sha256(b"20622051:assignment").hexdigest().startswith("38b52b1f9b1f0388")
    assert hashlib.sha256(b"categories").hexdigest().startswith("a6216ea03e578f21")


def test_sheet_stream_is_pinned():
    documented = np.random.Generator(np.random.PCG64(np.random.SeedSequence(SHEET_ENTROPY)))
    raw = [8955232411111374826, 13944502956876681618, 3805844541240160687]
    assert documented.bit_generator.random_raw(3).tolist() == raw
    assert sheet_stream(20622051, "assignment").bit_generator.random_raw(3).tolist() == raw
    assert sheet_stream(20622051, "assignment").permutation(10).tolist() == [5, 4, 1, 3, 0, 6, 7, 8, 9, 2]


def test_stream_is_pinned():
    documented = np.random.Generator(np.random.PCG64(np.random.SeedSequence(CORPUS_ENTROPY)))
    raw = [12769741708538066926, 3694254994697296727, 4369330634883264975]
    assert documented.bit_generator.random_raw(3).tolist() == raw
    assert stream(20210509, "categories").bit_generator.random_raw(3).tolist() == raw
    assert stream(20210509, "categories").permutation(10).tolist() == [1, 6, 4, 3, 5, 2, 0, 9, 8, 7]


def test_the_two_derivations_differ_and_steps_are_independent():
    # the reason sheet_stream exists: the same (seed, step) gives another stream under `stream`
    assert stream(20622051, "assignment").bit_generator.random_raw() != \
        sheet_stream(20622051, "assignment").bit_generator.random_raw()
    assert stream(1, "a").bit_generator.random_raw() != stream(1, "b").bit_generator.random_raw()
    assert sheet_stream(1, "a").bit_generator.random_raw() != sheet_stream(2, "a").bit_generator.random_raw()
