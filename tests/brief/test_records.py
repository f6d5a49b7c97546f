"""Readers of the records (wishlist.brief.records): parsing, normalisation, bad input named by file, line and field;
the coded-records table as later stages read it."""

import json
from pathlib import Path

import pytest

from wishlist.brief.dates import parse_filing_date
from wishlist.brief.records import Gazetteer, ingest, normalize_text, read_coded_records
from wishlist.core.errors import StudyInputError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/corpus/data"
GAZETTEER = Gazetteer.load(FIXTURE / "gazetteer.csv", FIXTURE / "countries.csv")
GOOD = {"file_number": "2016-05-东京-1", "filing_date": "2016-03-15", "post": "东京", "country": "Japan",
        "title_zh": "新材料", "description_zh": "日本企业开发新材料，寻求合作。", "provenance": "reconstructed"}


def test_dates_keep_their_precision():
    assert parse_filing_date("2016-07")[0] == "month"
    assert [d.isoformat() for d in parse_filing_date("2016-02")[1:]] == ["2016-02-01", "2016-02-29"]
    assert [d.isoformat() for d in parse_filing_date("2018")[1:]] == ["2018-01-01", "2018-12-31"]
    with pytest.raises(ValueError):
        parse_filing_date("2019-02-30")


def test_normalisation_folds_full_width_forms_and_spaces():
    assert normalize_text("２０１８年　ＡＩ 芯片\n 项目") == "2018年 AI 芯片 项目"


def write(tmp_path, *records, name="2016.jsonl", raw=None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_good_record_is_ingested(tmp_path):
    table, report = ingest([write(tmp_path, GOOD)], GAZETTEER, 2015, 2020)
    row = table.iloc[0]
    assert (row["post_en"], row["year"], row["issue"], row["sequence"]) == ("Tokyo", 2016, 5, 1)
    assert report["records_kept"] == 1


def test_bom_and_crlf_are_accepted(tmp_path):
    data = b"\xef\xbb\xbf" + json.dumps(GOOD, ensure_ascii=False).encode("utf-8") + b"\r\n"
    table, _ = ingest([write(tmp_path, raw=data)], GAZETTEER, 2015, 2020)
    assert len(table) == 1


def test_out_of_window_records_are_counted_not_dropped(tmp_path):
    late = dict(GOOD, file_number="2021-01-东京-1", filing_date="2021-01-10")
    table, report = ingest([write(tmp_path, GOOD), write(tmp_path, late, name="2021.jsonl")], GAZETTEER, 2015, 2020)
    assert len(table) == 1
    assert report["excluded"]["outside_study_window"] == {"count": 1, "records": ["2021-01-东京-1"]}


BAD = {
    "missing required field": ({k: v for k, v in GOOD.items() if k != "title_zh"}, "title_zh"),
    "unparseable date": (dict(GOOD, filing_date="16/03/2016"), "filing_date"),
    "date outside the file number's year": (dict(GOOD, filing_date="2017-03-15"), "filing_date"),
    "unknown post": (dict(GOOD, post="火星", file_number="2016-05-火星-1"), "post"),
    "empty description": (dict(GOOD, description_zh="  "), "description_zh"),
    "wrong field name": (dict(GOOD, titel_en="x"), "titel_en"),
    "country disagrees with post": (dict(GOOD, country="France"), "country"),
    "bad provenance": (dict(GOOD, provenance="guess"), "provenance"),
    "number instead of text": (dict(GOOD, title_zh=5), "title_zh"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_record_is_named_by_file_line_and_field(tmp_path, case):
    record, field = BAD[case]
    path = write(tmp_path, GOOD | {"file_number": "2016-01-东京-9"}, record)
    with pytest.raises(StudyInputError) as error:
        ingest([path], GAZETTEER, 2015, 2020)
    assert error.value.field == field and error.value.row == 2
    assert "2016.jsonl, line 2" in str(error.value)


def test_duplicate_file_number(tmp_path):
    with pytest.raises(StudyInputError, match="duplicate file number, first seen at 2016.jsonl line 1"):
        ingest([write(tmp_path, GOOD, GOOD)], GAZETTEER, 2015, 2020)


def test_gbk_bytes_are_refused_with_the_line(tmp_path):
    data = json.dumps(GOOD, ensure_ascii=False).encode("utf-8") + b"\n" + \
        json.dumps(GOOD | {"file_number": "2016-05-东京-2"}, ensure_ascii=False).encode("gbk") + b"\n"
    with pytest.raises(StudyInputError, match="line 2: is not valid UTF-8"):
        ingest([write(tmp_path, raw=data)], GAZETTEER, 2015, 2020)


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(StudyInputError, match="is empty"):
        ingest([write(tmp_path, raw=b"\n")], GAZETTEER, 2015, 2020)


def test_coded_records_are_read_with_text_file_numbers_and_boolean_flags(tmp_path):
    # file numbers stay text (a leading zero survives), True/False and 1/0 flags become booleans
    path = tmp_path / "coded_records.csv"
    path.write_text("file_number,year,ai_flag,us_ally,ai_keywords\n"
                    "0123,2015,True,0,\n"
                    "2016-01-东京-1,2016,False,1,智能\n", encoding="utf-8")
    coded = read_coded_records(path)
    assert list(coded["file_number"]) == ["0123", "2016-01-东京-1"]
    assert coded["ai_flag"].tolist() == [True, False] and coded["us_ally"].tolist() == [False, True]
    assert coded["ai_flag"].dtype == bool and coded["us_ally"].dtype == bool
    assert coded["ai_keywords"].tolist() == ["", "智能"]  # empty stays empty text, not NaN
    assert coded["year"].tolist() == [2015, 2016]


def test_a_coded_flag_that_is_not_true_or_false_is_refused(tmp_path):
    path = tmp_path / "coded_records.csv"
    path.write_text("file_number,ai_flag,us_ally\nx,yes,True\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'yes' is not a true/false flag"):
        read_coded_records(path)


def test_the_old_provenance_published_is_refused_with_its_replacements(tmp_path):
    with pytest.raises(StudyInputError) as error:
        ingest([write(tmp_path, dict(GOOD, provenance="published"))], GAZETTEER, 2015, 2020)
    message = str(error.value)
    assert "field 'provenance'" in message and "'published' is no longer a provenance" in message
    assert "'brief'" in message and "'bulletin'" in message


@pytest.mark.parametrize("provenance", ["brief", "bulletin", "reconstructed"])
def test_each_provenance_is_kept_as_written(tmp_path, provenance):
    table, _ = ingest([write(tmp_path, dict(GOOD, provenance=provenance))], GAZETTEER, 2015, 2020)
    assert list(table["provenance"]) == [provenance]
