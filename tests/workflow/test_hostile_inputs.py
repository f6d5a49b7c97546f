"""Hostile and broken input, end to end: each bad input stops the real workflow with a message
naming the file, the row or record and the field; exits non-zero; leaves no partial output;
and leaves data/ byte-for-byte unchanged.
"""

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURE_CONFIG, accept_data, edit_config, make_study, run_study, tree_hashes

RECORDS = "results/records/records.csv"
CODED = "results/coding/coded_records.csv"
OUTCOMES = "results/sample/case_outcomes.csv"
DRY_RUN = "--dry-run"


def edit_record(relpath, line, change):
    """Change one JSONL record: `change(obj)` edits it in place (or returns raw text)."""
    def apply(study: Path):
        path = study / relpath
        lines = path.read_text(encoding="utf-8").splitlines()
        obj = json.loads(lines[line - 1])
        text = change(obj)
        lines[line - 1] = text if isinstance(text, str) else json.dumps(obj, ensure_ascii=False)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return apply


def write_bytes(relpath, make):
    def apply(study: Path):
        path = study / relpath
        path.write_bytes(make(path.read_bytes()))
    return apply


def replace(relpath, old, new, count=1):
    def apply(study: Path):
        path = study / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture lacks {old!r}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def set_config(dotted, value):
    return lambda study: edit_config(study, {dotted: value})


def pop(field):
    return lambda obj: obj.pop(field) and None


def assign(field, value):
    return lambda obj: obj.__setitem__(field, value)


def renamed(old, new):
    return lambda obj: obj.__setitem__(new, obj.pop(old))


RAW = "data/raw/2015.jsonl"
GBK_LINE = json.dumps({"file_number": "2015-01-伦敦-6"}, ensure_ascii=False)

CASES = {
    # ------------------------------------------------------------ raw records
    "missing required field": (edit_record(RAW, 1, pop("title_zh")), RECORDS,
                               ["2015.jsonl, line 1", "field 'title_zh'", "missing"]),
    "unparseable date": (edit_record(RAW, 1, assign("filing_date", "05/01/2015")), RECORDS,
                         ["2015.jsonl, line 1", "field 'filing_date'", "unparseable date"]),
    "date outside its file number's year": (edit_record(RAW, 1, assign("filing_date", "2016-01-05")), RECORDS,
                                            ["2015.jsonl, line 1", "field 'filing_date'", "outside"]),
    "impossible calendar date": (edit_record(RAW, 1, assign("filing_date", "2015-02-30")), RECORDS,
                                 ["2015.jsonl, line 1", "field 'filing_date'"]),
    "unknown post": (edit_record(RAW, 1, lambda o: o.update(post="火星", file_number="2015-01-火星-6")), RECORDS,
                     ["2015.jsonl, line 1", "field 'post'", "unknown post"]),
    "unknown country": (edit_record(RAW, 1, lambda o: o.update(post="未注明", country="Atlantis",
                                                               file_number="2015-01-未注明-6")), RECORDS,
                        ["2015.jsonl, line 1", "field 'country'", "unknown country"]),
    "country disagrees with post": (edit_record(RAW, 1, assign("country", "Japan")), RECORDS,
                                    ["2015.jsonl, line 1", "field 'country'"]),
    "duplicate file number": (write_bytes(RAW, lambda b: b + b.splitlines(keepends=True)[0]), RECORDS,
                              ["2015.jsonl, line", "field 'file_number'", "duplicate file number"]),
    "legacy GBK bytes": (write_bytes(RAW, lambda b: b + (GBK_LINE + "\n").encode("gbk")), RECORDS,
                         ["2015.jsonl, line 8", "not valid UTF-8"]),
    "Latin-1 bytes in a UTF-8 file": (write_bytes(RAW, lambda b: b.replace("传感器".encode(), "capteur é".encode("latin-1"), 1)),
                                      RECORDS, ["2015.jsonl, line 1", "not valid UTF-8"]),
    "empty file": (write_bytes("data/raw/2017.jsonl", lambda b: b""), RECORDS, ["2017.jsonl", "is empty"]),
    "misspelled field name": (edit_record(RAW, 1, renamed("title_en", "titel_en")), RECORDS,
                              ["2015.jsonl, line 1", "field 'titel_en'", "unknown field"]),
    "empty description": (edit_record(RAW, 1, assign("description_zh", "   ")), RECORDS,
                          ["2015.jsonl, line 1", "field 'description_zh'", "empty"]),
    "control character": (edit_record(RAW, 1, assign("description_zh", "传感器\u0007报警")), RECORDS,
                          ["2015.jsonl, line 1", "field 'description_zh'", "control character"]),
    "huge field": (edit_record(RAW, 1, assign("description_zh", "传" * 50_000)), RECORDS,
                   ["2015.jsonl, line 1", "field 'description_zh'", "characters long"]),
    "number where text is expected": (edit_record(RAW, 1, assign("title_zh", 42)), RECORDS,
                                      ["2015.jsonl, line 1", "field 'title_zh'", "must be a string"]),
    "truncated JSON": (edit_record(RAW, 2, lambda o: json.dumps(o, ensure_ascii=False)[:40]), RECORDS,
                       ["2015.jsonl, line 2", "not valid JSON"]),
    "unknown provenance": (edit_record(RAW, 1, assign("provenance", "rumour")), RECORDS,
                           ["2015.jsonl, line 1", "field 'provenance'"]),
    # ------------------------------------------------------------ coder sheets
    "unknown category code": (replace("data/coding/coder_a.csv", "information_technology", "cyber_magic"), CODED,
                              ["coder_a.csv, line", "field 'mic2025_category'", "unknown code 'cyber_magic'"]),
    "record coded twice by one coder": (write_bytes("data/coding/coder_b.csv", lambda b: b + b.splitlines(
        keepends=True)[1]), CODED, ["coder_b.csv, line 8", "field 'file_number'", "coded twice"]),
    "code for a record that does not exist": (write_bytes("data/coding/coder_b.csv", lambda b: b + "2016-99-东京-9,marine,company,reconstructed\n".encode()),
                                              CODED, ["coder_b.csv, line 8", "record 2016-99-东京-9", "does not exist"]),
    "unadjudicated disagreement": (write_bytes("data/coding/adjudication.csv", lambda b: b.splitlines(keepends=True)[0]),
                                   CODED, ["adjudication.csv", "record 2015-01-伦敦-6", "field 'mic2025_category'",
                                           "no adjudication settles it"]),
    "wrong columns in a coder sheet": (replace("data/coding/coder_a.csv", "institution_type", "institution"), CODED,
                                       ["coder_a.csv, line 1", "columns are"]),
    # ------------------------------------------------------------ case outcomes
    "unknown case outcome": (replace("data/coding/case_outcomes.csv", "DENSO,partnered", "DENSO,maybe"), OUTCOMES,
                             ["case_outcomes.csv, line 3", "record 2015-07-东京-14", "field 'outcome'",
                              "unknown outcome 'maybe'"]),
    "partnered case without a date": (replace("data/coding/case_outcomes.csv", "center,2015,", "center,,"),
                                      OUTCOMES, ["case_outcomes.csv, line 3", "record 2015-07-东京-14",
                                                 "field 'indicator_date'"]),
    "impossible indicator date": (replace("data/coding/case_outcomes.csv", "Shenzhen,2016-07,", "Shenzhen,2016-13,"),
                                  OUTCOMES, ["case_outcomes.csv, line 2", "record 2015-01-伦敦-6",
                                             "field 'indicator_date'", "unparseable date"]),
    "case investigated twice": (write_bytes("data/coding/case_outcomes.csv", lambda b: b + b.splitlines(
        keepends=True)[1]), OUTCOMES, ["case_outcomes.csv, line", "record 2015-01-伦敦-6"]),
    # ------------------------------------------------------------ config
    "negative seed": (set_config("sample.seed", -1), DRY_RUN, ["config/config.yaml", "field 'sample.seed'"]),
    "seed of the wrong type": (set_config("sample.seed", "twelve"), DRY_RUN,
                               ["config/config.yaml", "field 'sample.seed'", "is not of type 'integer'"]),
    "seed beyond 32 bits": (set_config("sample.seed", 2**40), DRY_RUN, ["config/config.yaml", "field 'sample.seed'"]),
    "unknown config key": (set_config("sample.sead", 3), DRY_RUN, ["config/config.yaml", "field 'sample'", "sead"]),
    "absolute input path": (set_config("inputs.raw_records", "/etc"), DRY_RUN,
                            ["config/config.yaml", "field 'inputs.raw_records'", "inside the repository"]),
    "input path escaping the repository": (set_config("inputs.codebook", "data/../../codebook.yaml"), DRY_RUN,
                                           ["config/config.yaml", "field 'inputs.codebook'", "inside the repository"]),
    "window ending before it starts": (set_config("study_window.first_year", 2019), DRY_RUN,
                                       ["config/config.yaml", "field 'study_window'", "after last_year"]),
    "confidence level above one": (set_config("confidence_level", 1.5), DRY_RUN,
                                   ["config/config.yaml", "field 'confidence_level'"]),
    "malformed YAML": (write_bytes("config/config.yaml", lambda b: b + b"sample: [unclosed\n"), DRY_RUN,
                       ["config/config.yaml", "line"]),
}


@pytest.mark.workflow
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_named_and_harmless(tmp_path, case):
    setup, target, expected = CASES[case]
    study = make_study(tmp_path / "study", **FIXTURE_CONFIG)
    setup(study)
    if target != DRY_RUN:
        accept_data(study)  # the edit is deliberate: past the checksum gate, to the stage that reads it
    before = tree_hashes(study / "data")
    result = run_study(study, target)
    said = result.stdout + result.stderr
    assert result.returncode != 0, said[-2000:]
    for fragment in expected:
        assert fragment in said, f"{fragment!r} not in output:\n{said[-3000:]}"
    assert tree_hashes(study / "data") == before
    if target != DRY_RUN:
        assert not (study / target).exists()
    leftovers = [p for p in (study / "results").rglob("*") if p.name.startswith(".") and p.suffix == ".tmp"]
    assert leftovers == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_expects_a_message_that_names_a_file(case):
    """A case passes only on a message naming where to look, never on any non-zero exit."""
    _, _, expected = CASES[case]
    assert expected, f"{case}: no expected message"
    assert any(re.search(r"[\w-]+\.(jsonl|csv|yaml)", fragment) for fragment in expected), \
        f"{case}: the expected message names no file: {expected}"
