"""The reconstructed corpus meets every published figure, keeps every named case, and is reproducible.

Each entry of data/reference/calibration_targets.yaml is recomputed here from
the committed files (data/raw, plus the reconstruction key where the entry says
`computed_from: key`), independently of the generator's own bookkeeping.

Tests of the committed files carry the `reconstruction` marker: they skip, saying
why, once data/raw, data/coding or the key are no longer the shipped reconstruction
(data/reference/reconstruction.sha256; tests/conftest.py). The tests of the
generator itself run on any data.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.reconstruct.corpus import (
    DEFAULT_SEED,
    build_corpus,
    replicate,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data/raw"
REFERENCE = ROOT / "data/reference"
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")
TARGETS = yaml.safe_load((REFERENCE / "calibration_targets.yaml").read_text(encoding="utf-8"))["targets"]
CASES = yaml.safe_load((REFERENCE / "published_cases.yaml").read_text(encoding="utf-8"))["cases"]
FILE_NUMBER = re.compile(r"^(\d{4})-(\d{2})-([^-]+)-(\d+)$")
RAW_KEYS = ["file_number", "filing_date", "post", "country", "title_zh", "title_en", "description_zh",
            "target_name", "archive_url", "provenance", "source_note"]


def read_raw() -> list[dict]:
    records = []
    for path in sorted(RAW.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            records.append(json.loads(line))
    return records


def read_key() -> dict[str, dict]:
    if not (REFERENCE / "reconstruction_key.csv").is_file():
        return {}  # not the reconstruction: the tests that need the key skip
    with (REFERENCE / "reconstruction_key.csv").open(encoding="utf-8", newline="") as handle:
        return {row["file_number"]: row for row in csv.DictReader(handle)}


ALL = read_raw()
WINDOW = [r for r in ALL if 2015 <= int(r["file_number"][:4]) <= 2020]
KEY = read_key()


def is_ai(record: dict) -> bool:
    """Endnote-38 rule, from the codebook: Chinese terms as substrings, Latin terms on ASCII word boundaries."""
    text = record["title_zh"] + "\n" + record["description_zh"]
    for term in CODEBOOK.ai_ml_keywords:
        if term.isascii():
            if re.search(rf"\b{re.escape(term)}\b", text, re.ASCII):
                return True
        elif term in text:
            return True
    return False


def forms_in(record: dict) -> list[str]:
    text = record["title_zh"] + "\n" + record["description_zh"]
    return [f["code"] for f in CODEBOOK.cooperation_forms if any(t in text for t in f["terms"])]


def key_of(record: dict) -> dict:
    return KEY[record["file_number"]]


def count(pred) -> int:
    return sum(1 for r in WINDOW if pred(r))


def by_country(pred=lambda r: True) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in WINDOW:
        if pred(r):
            out[r["country"]] = out.get(r["country"], 0) + 1
    return out


def category_counts(country: str) -> list[tuple[int, str]]:
    counts: dict[str, int] = {}
    for r in WINDOW:
        if r["country"] == country:
            cat = key_of(r)["mic2025_category"]
            counts[cat] = counts.get(cat, 0) + 1
    return sorted(((n, c) for c, n in counts.items()), reverse=True)


def two_largest(country: str, pair: set[str]) -> bool:
    """`pair` are the country's two largest categories, strictly ahead of the third."""
    ranked = category_counts(country)
    return {c for _, c in ranked[:2]} == pair and (len(ranked) < 3 or ranked[2][0] < ranked[1][0])


def cat(r: dict) -> str:
    return key_of(r)["mic2025_category"]


def inst(r: dict) -> str:
    return key_of(r)["institution_type"]


ALLIES = set(CODEBOOK.us_allies)
LISTED_LAB_COUNTRIES = {"Bulgaria", "Czech Republic", "Finland", "Greece", "Italy", "Indonesia", "Japan", "Russia",
                        "Singapore", "South Korea", "Spain", "Sweden"}
COUNTRY_SIZES = by_country()
RANKED = sorted(COUNTRY_SIZES.items(), key=lambda kv: -kv[1])
TABLE_1 = [c for c in CASES if c["group"] == "table_1"]


def labs_single() -> bool:
    per_target: dict[str, int] = {}
    for r in WINDOW:
        if inst(r) == "government_lab":
            per_target[r["target_name"]] = per_target.get(r["target_name"], 0) + 1
    multi = {name for name, n in per_target.items() if n > 1}
    endnote_60 = {"Russian Academy of Sciences", "Korea Electronics and Telecommunications Research Institute",
                  "Russian Central Academy of Robotics and Cybernetics",
                  "Romanian National Electrical Engineering Research Institute",
                  "VTT Technical Research Centre of Finland", "Korea National Defense Science Research Institute",
                  "Indonesian Institute of Science"}
    return multi == endnote_60 and "" not in per_target


def table_1_in_frame() -> bool:
    for case in TABLE_1:
        (r,) = [r for r in WINDOW if r["target_name"] == case["target_name"]]
        if inst(r) != "company" or r["file_number"][:4] not in ("2015", "2016"):
            return False
    return True


def coding_sheet(name: str) -> list[dict]:
    with open(ROOT / "data/coding" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def category_agreements() -> int:
    b = {r["file_number"]: r["mic2025_category"] for r in coding_sheet("coder_b.csv")}
    both = [r for r in coding_sheet("coder_a.csv") if r["file_number"] in b]
    assert len(both) == 100
    return sum(r["mic2025_category"] == b[r["file_number"]] for r in both)


def sample_outcome_counts() -> list[int]:
    outcomes = [r["outcome"] for r in coding_sheet("case_outcomes.csv")]
    return [outcomes.count("partnered"), outcomes.count("no"), outcomes.count("insufficient")]


METRICS = {
    "coder_agreement_category": category_agreements,
    "sample_outcomes": sample_outcome_counts,
    "records_in_window": lambda: len(WINDOW),
    "records_after_window": lambda: sum(1 for r in ALL if int(r["file_number"][:4]) > 2020
                                        and r["country"] == "United States"),
    "unique_targets": lambda: len({r["target_name"] for r in WINDOW if r["target_name"]}),
    "targets_more_than_300": lambda: len({r["target_name"] for r in WINDOW if r["target_name"]}),
    "countries": lambda: len(COUNTRY_SIZES),
    "country_russia": lambda: COUNTRY_SIZES["Russia"],
    "country_united_states": lambda: COUNTRY_SIZES["United States"],
    "country_united_kingdom": lambda: COUNTRY_SIZES["United Kingdom"],
    "country_japan": lambda: COUNTRY_SIZES["Japan"],
    "top_four_order": lambda: [c for c, _ in RANKED[:4]] == ["Russia", "United States", "United Kingdom", "Japan"]
    and RANKED[3][1] > RANKED[4][1] and len({n for _, n in RANKED[:4]}) == 4,
    "top_four_nearly_half": lambda: sum(n for _, n in RANKED[:4]),
    "top_eight_total": lambda: sum(n for _, n in RANKED[:8]) if RANKED[7][1] > RANKED[8][1] else None,
    "us_share_below_12": lambda: COUNTRY_SIZES["United States"],
    "post_houston": lambda: count(lambda r: r["post"] == "休斯顿"),
    "post_chicago": lambda: count(lambda r: r["post"] == "芝加哥"),
    "post_new_york": lambda: count(lambda r: r["post"] == "纽约"),
    "post_us_not_stated": lambda: count(lambda r: r["post"] == "未注明" and r["country"] == "United States"),
    "houston_share_of_us": lambda: count(lambda r: r["post"] == "休斯顿"),
    "houston_largest_post": lambda: max(n for p, n in post_sizes().items() if p != "休斯顿") < post_sizes()["休斯顿"],
    "us_filing_window": lambda: all("2015-01" <= r["filing_date"][:7] <= "2020-07"
                                    for r in WINDOW if r["country"] == "United States"),
    "institution_stated": lambda: count(lambda r: inst(r) != "not_stated"),
    "institution_company": lambda: count(lambda r: inst(r) == "company"),
    "institution_company_share": lambda: count(lambda r: inst(r) == "company"),
    "institution_university": lambda: count(lambda r: inst(r) == "university"),
    "institution_university_share": lambda: count(lambda r: inst(r) == "university"),
    "institution_government_lab": lambda: count(lambda r: inst(r) == "government_lab"),
    "institution_government_lab_share": lambda: count(lambda r: inst(r) == "government_lab"),
    "institution_other": lambda: count(lambda r: inst(r) == "other"),
    "institution_not_stated": lambda: count(lambda r: inst(r) == "not_stated"),
    "government_lab_countries": lambda: set(by_country(lambda r: inst(r) == "government_lab"))
    == LISTED_LAB_COUNTRIES | {"Romania"},
    "lab_russian_academy_of_sciences": lambda: count(lambda r: r["target_name"] == "Russian Academy of Sciences"),
    "lab_etri": lambda: count(lambda r: r["target_name"] == "Korea Electronics and Telecommunications Research Institute"),
    "lab_robotics_cybernetics": lambda: count(lambda r: r["target_name"] == "Russian Central Academy of Robotics and Cybernetics"),
    "lab_romanian_electrical": lambda: count(lambda r: r["target_name"] == "Romanian National Electrical Engineering Research Institute"),
    "lab_vtt": lambda: count(lambda r: r["target_name"] == "VTT Technical Research Centre of Finland"),
    "lab_korea_defense": lambda: count(lambda r: r["target_name"] == "Korea National Defense Science Research Institute"),
    "lab_indonesian_science": lambda: count(lambda r: r["target_name"] == "Indonesian Institute of Science"),
    "other_labs_single_record": labs_single,
    "ras_share_of_russia": lambda: count(lambda r: r["target_name"] == "Russian Academy of Sciences"
                                         and r["country"] == "Russia"),
    "ras_far_east_branch": lambda: 2 * count(lambda r: r["target_name"] == "Russian Academy of Sciences"
                                             and r["post"] in ("符拉迪沃斯托克", "哈巴罗夫斯克"))
    > count(lambda r: r["target_name"] == "Russian Academy of Sciences"),
    "ai_records": lambda: count(is_ai),
    "ai_share": lambda: count(is_ai),
    "government_lab_ai_share": lambda: count(lambda r: inst(r) == "government_lab" and is_ai(r)),
    "category_biopharma_share": lambda: count(lambda r: cat(r) == "biopharma_medical"),
    "category_biopharma_count": lambda: count(lambda r: cat(r) == "biopharma_medical"),
    "category_it_share": lambda: count(lambda r: cat(r) == "information_technology"),
    "category_new_materials_share": lambda: count(lambda r: cat(r) == "new_materials"),
    "category_other_nearly_one_in_eight": lambda: count(lambda r: cat(r) == "other"),
    "category_mic2025_majority": lambda: 2 * count(lambda r: cat(r) != "other") > len(WINDOW),
    "category_biopharma_largest": lambda: max(CODEBOOK.category_codes,
                                              key=lambda c: count(lambda r: cat(r) == c)) == "biopharma_medical",
    "biotech_or_ai_half": lambda: count(lambda r: cat(r) == "biopharma_medical" or is_ai(r)),
    "biotech_majority_four_countries": lambda: 2 * count(
        lambda r: cat(r) == "biopharma_medical" and r["country"] in ("Israel", "Poland", "United Kingdom", "United States"))
    > count(lambda r: cat(r) == "biopharma_medical"),
    "us_it_records": lambda: count(lambda r: r["country"] == "United States" and cat(r) == "information_technology"),
    "us_largest_it_source": lambda: max((n, c) for c, n in by_country(
        lambda r: cat(r) == "information_technology").items() if c != "United States")[0]
    < count(lambda r: r["country"] == "United States" and cat(r) == "information_technology"),
    "russia_it_and_materials": lambda: two_largest("Russia", {"information_technology", "new_materials"}),
    "biopharma_it_four_allies": lambda: all(two_largest(c, {"biopharma_medical", "information_technology"})
                                            for c in ("United Kingdom", "Israel", "Canada", "South Korea")),
    "materials_energy_japan_finland": lambda: all(two_largest(c, {"new_materials", "energy_equipment"})
                                                  for c in ("Japan", "Finland")),
    "allies_present": lambda: len(ALLIES & set(COUNTRY_SIZES)) if len(ALLIES) == 19 else None,
    "allies_share_over_70": lambda: count(lambda r: r["country"] in ALLIES or r["country"] == "United States"),
    "allies_share_of_non_us": lambda: count(lambda r: r["country"] in ALLIES),
    "allies_literal_maximum": lambda: len(WINDOW) - COUNTRY_SIZES["Russia"] - COUNTRY_SIZES["United States"]
    - len(set(COUNTRY_SIZES) - ALLIES - {"Russia", "United States"}),
    "frame_company_2015_2016": lambda: count(lambda r: inst(r) == "company" and r["file_number"][:4] in ("2015", "2016")),
    "frame_holds_table_1": table_1_in_frame,
    "most_reports_several_forms": lambda: 2 * count(lambda r: len(forms_in(r)) >= 2) > len(WINDOW),
}


def post_sizes() -> dict[str, int]:
    sizes: dict[str, int] = {}
    for r in WINDOW:
        if r["post"] != "未注明":
            sizes[r["post"]] = sizes.get(r["post"], 0) + 1
    return sizes


def test_every_target_is_recomputed():
    assert sorted(t["id"] for t in TARGETS) == sorted(METRICS)
    for t in TARGETS:
        assert {"id", "statement", "source", "value", "kind", "reading", "computed_from", "expected"} <= set(t)
        assert t["computed_from"] in ("raw", "key", "coding")


def percent(t: dict) -> float:
    return 100 * t["expected"] / t["denominator"]


TARGET_GROUPS = {"raw": ("raw",), "key": ("raw", "key"), "coding": ("coding",)}


@pytest.mark.parametrize("target", [pytest.param(t, marks=pytest.mark.reconstruction(*TARGET_GROUPS[t["computed_from"]]))
                                    for t in TARGETS], ids=[t["id"] for t in TARGETS])
def test_calibration_target(target):
    assert METRICS[target["id"]]() == target["expected"]
    kind, value = target["kind"], target["value"]
    if kind == "exact count" and not target.get("conflict"):
        assert target["expected"] == value
    elif kind == "rounded percentage":
        p = percent(target)
        shown = math.floor(p) if target.get("rounding") == "truncate" else math.floor(p + 0.5)
        assert shown == value
    elif kind == "lower bound":
        assert (percent(target) if "denominator" in target else target["expected"]) > value
    elif kind == "upper bound":
        assert (percent(target) if "denominator" in target else target["expected"]) < value
    elif kind == "structural":
        assert target["expected"] is True
    else:
        assert kind == "exact count"


@pytest.mark.reconstruction("raw")
def test_raw_schema_and_order():
    posts = {row["post_zh"]: row for row in csv.DictReader((ROOT / "data/gazetteer.csv").open(encoding="utf-8"))}
    countries = {row["country"] for row in csv.DictReader((ROOT / "data/countries.csv").open(encoding="utf-8"))}
    assert len(countries) == 37 and set(COUNTRY_SIZES) == countries
    for path in sorted(RAW.glob("*.jsonl")):
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        keys = [tuple(int(x) if x.isdigit() else x for x in FILE_NUMBER.match(r["file_number"]).groups())
                for r in records]
        assert keys == sorted(keys), path.name
        for r in records:
            assert list(r) == RAW_KEYS
            assert r["file_number"].startswith(path.stem) and r["filing_date"].startswith(path.stem)
            assert r["post"] in posts and (r["post"] == "未注明" or posts[r["post"]]["country"] == r["country"])
            assert r["provenance"] in ("brief", "reconstructed") and r["description_zh"].strip()
            if r["provenance"] == "reconstructed":
                assert r["source_note"] == "reconstructed" and r["archive_url"] == "" and r["title_en"] == ""
    assert len({r["file_number"] for r in ALL}) == len(ALL)
    assert [r["file_number"][:4] for r in ALL if r["file_number"][:4] == "2021"] == ["2021"]


@pytest.mark.reconstruction("raw", "key")
def test_key_matches_the_raw_records():
    assert list(KEY) == [r["file_number"] for r in WINDOW]
    for r in WINDOW:
        row = key_of(r)
        assert row["provenance"] == r["provenance"]
        assert row["mic2025_category"] in CODEBOOK.category_codes
        assert row["institution_type"] in CODEBOOK.institution_codes
        assert (row["ai_planted"] == "true") == is_ai(r), r["file_number"]
        assert row["cooperation_forms"].split(";") == (forms_in(r) or [""]), r["file_number"]
        assert bool(row["target_id"]) == bool(r["target_name"])
        if r["provenance"] == "reconstructed":
            assert 80 <= len(r["description_zh"]) <= 300
    pairs = {(row["target_id"], r["target_name"]) for r in WINDOW if (row := key_of(r))["target_id"]}
    assert len(pairs) == len({t for t, _ in pairs}) == len({n for _, n in pairs})


@pytest.mark.reconstruction("raw", "key")
def test_no_institution_named_where_type_is_not_stated():
    for r in WINDOW:
        if inst(r) == "not_stated":
            assert r["target_name"] == ""


@pytest.mark.reconstruction("raw", "key")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_published_case_is_a_record(case):
    matches = [r for r in ALL if r["title_zh"] == case["title_zh"] and r["provenance"] == "brief"]
    assert len(matches) == 1
    (r,) = matches
    assert r["filing_date"] == str(case["report_date"])
    assert (r["post"], r["country"], r["target_name"]) == (case["post"], case["country"], case["target_name"])
    assert (r["title_en"], r["archive_url"]) == (case["title_en"], case["archive_url"])
    assert r["description_zh"] == case["description_zh"].strip()
    if "file_number" in case:
        assert r["file_number"] == case["file_number"]
    if case["group"] != "out_of_window":
        row = key_of(r)
        assert (row["mic2025_category"], row["institution_type"]) == (case["mic2025_category"], case["institution_type"])
        assert row["cooperation_forms"] == ";".join(case["cooperation_forms"])
        assert (row["ai_planted"] == "true") == case["ai_planted"]


def test_published_cases_match_the_brief_facts():
    dates = {c["id"]: (str(c["report_date"]), c["post"]) for c in CASES}
    assert len(TABLE_1) == 14
    assert dates["drylet"] == ("2016-09-29", "休斯顿") and dates["ecotech"] == ("2015-03-16", "巴黎")
    assert dates["orbital_traction"] == ("2016-12-01", "休斯顿") and dates["denso"] == ("2015-03-16", "东京")
    assert dates["carmell"][1] == "休斯顿" and dates["luminopia"][0] == "2021-04-08"
    carmell = next(c for c in CASES if c["id"] == "carmell")
    assert carmell["file_number"] == "2018-35-休斯顿-5"
    assert set(carmell["cooperation_forms"]) == {"financial_investment", "joint_venture"}


def test_manifest_lists_every_raw_file():
    lines = (RAW / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    listed = {name: digest for digest, name in (line.split("  ") for line in lines)}
    assert [line.split("  ")[1] for line in lines] == sorted(listed)
    assert sorted(listed) == sorted(p.name for p in RAW.glob("*.jsonl"))
    for name, digest in listed.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest


def test_generator_is_deterministic(tmp_path):
    for run in ("a", "b"):
        write_corpus(build_corpus(ROOT, DEFAULT_SEED), tmp_path / run, tmp_path / run / "key.csv")
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


@pytest.mark.reconstruction("raw", "key")
def test_generator_reproduces_the_committed_files(tmp_path):
    written = write_corpus(build_corpus(ROOT, DEFAULT_SEED), tmp_path, tmp_path / "key.csv")
    for path in written:
        committed = REFERENCE / "reconstruction_key.csv" if path.name == "key.csv" else RAW / path.name
        assert path.read_bytes() == committed.read_bytes(), path.name


def copy_for_the_generator(destination: Path) -> Path:
    """The inputs of scripts/reconstruct_corpus.py in a scratch checkout, none of its outputs."""
    for name in ("scripts", "config"):
        shutil.copytree(ROOT / name, destination / name)
    (destination / "src").symlink_to(ROOT / "src")
    (destination / "data/reference").mkdir(parents=True)
    for name in ("codebook.yaml", "countries.csv", "gazetteer.csv"):
        shutil.copy2(ROOT / "data" / name, destination / "data" / name)
    for name in ("calibration_targets.yaml", "published_cases.yaml", "identification.yaml", "brief_claims.yaml"):
        shutil.copy2(REFERENCE / name, destination / "data/reference" / name)
    return destination


def test_regenerating_reproduces_the_reconstruction_listing(tmp_path):
    """Never skips: the generator, run from its inputs alone, writes exactly the files that
    data/reference/reconstruction.sha256 lists, with those digests (whatever data/ now holds)."""
    scratch = copy_for_the_generator(tmp_path / "scratch")
    result = subprocess.run([sys.executable, "scripts/reconstruct_corpus.py"], cwd=scratch, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    listing = "data/reference/reconstruction.sha256"
    assert (scratch / listing).read_text(encoding="utf-8") == (ROOT / listing).read_text(encoding="utf-8")
    listed = dict(reversed(line.split("  ", 1)) for line in (ROOT / listing).read_text(encoding="utf-8").splitlines())
    written = {p.relative_to(scratch).as_posix() for p in (scratch / "data").rglob("*")
               if p.is_file() and p.name != "MANIFEST.sha256"} - {f"data/{n}" for n in
                                                                    ("codebook.yaml", "countries.csv", "gazetteer.csv")}
    assert written - {f"data/reference/{n}" for n in ("calibration_targets.yaml", "published_cases.yaml",
                                                     "identification.yaml", "brief_claims.yaml",
                                                     "reconstruction.sha256")} == set(listed)
    for path, digest in listed.items():
        assert hashlib.sha256((scratch / path).read_bytes()).hexdigest() == digest, path
    from wishlist.core.checksums import matches_reconstruction

    assert matches_reconstruction(scratch) == {"raw": True, "coding": True, "key": True}


def test_other_seeds_still_meet_the_plan():
    corpus = build_corpus(ROOT, seed=7)
    window = [r for r in corpus.records if r["file_number"] < "2021"]
    assert len(window) == 642 and len({r["target_name"] for r in window if r["target_name"]}) == 335
    assert sum(r["ai_planted"] == "true" for r in corpus.key) == 171


def test_scaled_corpus_has_distinct_file_numbers_and_targets():
    base = build_corpus(ROOT, DEFAULT_SEED)
    scaled = replicate(base, 3)
    assert len(scaled.records) == 3 * len(base.records)
    assert len({r["file_number"] for r in scaled.records}) == len(scaled.records)
    names = {r["target_name"] for r in scaled.records if r["target_name"] and r["file_number"] < "2021"}
    assert len(names) == 3 * 335
