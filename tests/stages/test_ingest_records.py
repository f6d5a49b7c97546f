"""Rule ingest_records: the fixture's raw files -> records table, ingest report and numbers fragment.

Every expected value is recounted here from the raw JSON lines themselves.
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from wishlist.brief.records import read_records
from wishlist.stages.ingest_records import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/corpus/data"
RAW = sorted((FIXTURE / "raw").glob("*.jsonl"))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    out = tmp_path_factory.mktemp("ingest")
    outputs = SimpleNamespace(records=out / "records.csv", report=out / "ingest_report.yml",
                              numbers=out / "ingest.yml")
    main(SimpleNamespace(
        input=SimpleNamespace(raw=[str(p) for p in RAW], gazetteer=str(FIXTURE / "gazetteer.csv"),
                              countries=str(FIXTURE / "countries.csv")),
        output=outputs, params=SimpleNamespace(window={"first_year": 2015, "last_year": 2016})))
    return outputs


def raw_records():
    return [json.loads(line) for path in RAW for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_numbers_fragment_counts_what_the_raw_files_hold(ingested):
    records = raw_records()
    kept = [r for r in records if r["file_number"][:4] in ("2015", "2016")]
    numbers = yaml.safe_load(ingested.numbers.read_text(encoding="utf-8"))
    assert numbers == {
        "records_read": len(records),
        "records_kept": len(kept),
        "records_outside_window": len(records) - len(kept),
        "first_year": 2015,
        "last_year": 2016,
        "countries": len({r["country"] for r in kept}),
        "brief_records": sum(r["provenance"] == "brief" for r in kept),
        "bulletin_records": sum(r["provenance"] == "bulletin" for r in kept),
        "reconstructed_records": sum(r["provenance"] == "reconstructed" for r in kept),
    }  # the name of the record layer (data_source) is composed in present/sentences/ingest.py
    assert numbers["records_outside_window"] == 1  # the fixture's one 2017 record


def test_the_records_table_and_report_agree_with_the_raw_files(ingested):
    kept = sorted(r["file_number"] for r in raw_records() if r["file_number"][:4] in ("2015", "2016"))
    table = read_records(ingested.records)  # the declared schema holds
    assert sorted(table["file_number"]) == kept
    report = yaml.safe_load(ingested.report.read_text(encoding="utf-8"))
    assert report["excluded"]["outside_study_window"]["records"] == [
        r["file_number"] for r in raw_records() if r["file_number"][:4] == "2017"]
    assert report["files_read"] == [p.name for p in RAW]
