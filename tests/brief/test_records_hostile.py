"""Hostile raw records, gazetteer rows and coding sheets (issue 17): each is refused with file, line and
field, or, where the input is valid, read as typed. The expected lines and fields are counted by hand
from the records written in each test."""

import json
from pathlib import Path

import pytest

from wishlist.brief.records import Gazetteer, ingest
from wishlist.brief.sheets import double_coded, read_case_outcomes
from wishlist.brief.vocabulary import OUTCOME_COLUMNS
from wishlist.core.errors import StudyInputError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures/corpus/data"
GAZETTEER = Gazetteer.load(FIXTURE / "gazetteer.csv", FIXTURE / "countries.csv")
GOOD = {"file_number": "2016-05-东京-1", "filing_date": "2016-03-15", "post": "东京", "country": "Japan",
        "title_zh": "新材料", "description_zh": "日本企业开发新材料，寻求合作。", "provenance": "reconstructed"}


def write_lines(tmp_path, *lines, name="2016.jsonl"):
    """Write raw JSON lines as given (no re-serialisation), one a line."""
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def line(record, **changes):
    return json.dumps(dict(record, **changes), ensure_ascii=False)


def refused(paths):
    with pytest.raises(StudyInputError) as error:
        ingest(paths if isinstance(paths, list) else [paths], GAZETTEER, 2015, 2020)
    str(error.value).encode("utf-8")  # the message itself must be printable (no lone surrogate)
    return error.value


# ---------------------------------------------------------------- JSON

def test_a_key_given_twice_in_one_record_is_refused(tmp_path):
    text = line(GOOD)[:-1] + ', "title_zh": "另一个标题"}'  # json.loads alone keeps the second title
    error = refused(write_lines(tmp_path, line(GOOD, file_number="2016-05-东京-2"), text))
    assert (error.row, error.field) == (2, "title_zh")
    assert "2016.jsonl, line 2, field 'title_zh': this key is given twice" in str(error)


def test_a_lone_surrogate_is_named_not_a_traceback(tmp_path):
    text = line(GOOD).replace("新材料", "新\\ud800材料")  # a JSON escape of half a pair
    error = refused(write_lines(tmp_path, text))
    assert (error.row, error.field) == (1, "title_zh") and "lone surrogate (\\ud800)" in str(error)


def test_a_lone_surrogate_in_a_key_is_shown_escaped(tmp_path):
    text = line(GOOD)[:-1] + ', "x\\udc00": ""}'
    error = refused(write_lines(tmp_path, text))
    assert error.row == 1 and error.field == "x\\udc00" and "unknown field" in str(error)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_valid_json_with_a_line_or_paragraph_separator_is_read(tmp_path, separator):
    # json.dumps leaves U+2028/U+2029 unescaped with ensure_ascii=False: the line is valid JSON
    text = line(GOOD, description_zh=f"日本企业开发新材料。{separator}寻求合作。")
    assert separator in text
    table, report = ingest([write_lines(tmp_path, text, line(GOOD, file_number="2016-05-东京-2"))],
                           GAZETTEER, 2015, 2020)
    assert report["records_read"] == 2  # not split into three "lines"
    assert table.iloc[0]["description_zh"] == "日本企业开发新材料。 寻求合作。"  # a separator is whitespace
    assert list(table["source_line"]) == [1, 2]


# ---------------------------------------------------------------- invisible characters

INVISIBLE = {
    "right-to-left override": "\u202e", "left-to-right embedding": "\u202a", "pop directional formatting": "\u202c",
    "first strong isolate": "\u2068", "pop directional isolate": "\u2069", "left-to-right mark": "\u200e",
    "right-to-left mark": "\u200f", "Arabic letter mark": "\u061c", "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c", "zero-width joiner": "\u200d", "word joiner": "\u2060",
    "BOM inside the text": "\ufeff", "C1 control (NEL)": "\x85",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_invisible_and_bidirectional_characters_are_refused(tmp_path, name):
    char = INVISIBLE[name]
    error = refused(write_lines(tmp_path, line(GOOD, file_number="2016-05-东京-2"),
                                line(GOOD, target_name=f"Acme{char}Corp")))
    assert (error.row, error.field) == (2, "target_name")
    assert f"U+{ord(char):04X}" in str(error) and "2016.jsonl, line 2" in str(error)


def test_a_zero_width_space_in_the_file_number_cannot_hide_a_duplicate(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD), line(GOOD, file_number="2016-05-东京\u200b-1")))
    assert (error.row, error.field) == (2, "file_number") and "U+200B" in str(error)


# ---------------------------------------------------------------- file-number aliases

@pytest.mark.parametrize("alias", [
    "2016-05-东京-01",          # zero before the sequence
    "2016-5-东京-1",            # one-digit issue (the canonical issue has two)
    "2016-005-东京-1",          # three-digit issue
    "٢٠١٦-05-东京-1",           # Arabic-Indic year
    "2016-٠٥-东京-١",           # Arabic-Indic issue and sequence
])
def test_an_alias_of_a_file_number_is_a_duplicate_naming_both_lines(tmp_path, alias):
    error = refused(write_lines(tmp_path, line(GOOD), line(GOOD, file_number="2016-06-东京-1"),
                                line(GOOD, file_number=alias)))
    assert (error.row, error.field, error.record) == (3, "file_number", alias)
    assert "duplicate file number, first seen at 2016.jsonl line 1 as '2016-05-东京-1'" in str(error)


def test_an_alias_before_the_canonical_number_is_still_the_duplicate(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD, file_number="2016-05-东京-01"), line(GOOD)))
    assert (error.row, error.record) == (2, "2016-05-东京-1")
    assert "first seen at 2016.jsonl line 1 as '2016-05-东京-01'" in str(error)


def test_full_width_digits_fold_to_the_canonical_number_and_are_caught(tmp_path):
    # NFKC turns full-width digits into ASCII ones, so the two lines are the same file number
    error = refused(write_lines(tmp_path, line(GOOD), line(GOOD, file_number="２０１６-０５-东京-１")))
    assert (error.row, error.record) == (2, "2016-05-东京-1")
    assert "duplicate file number, first seen at 2016.jsonl line 1" in str(error)


def test_a_lone_non_canonical_file_number_is_refused(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD, file_number="2016-05-东京-2"),
                                line(GOOD, file_number="2016-05-东京-07")))
    assert (error.row, error.field) == (2, "file_number")
    assert "is not written the canonical way '2016-05-东京-7'" in str(error)


def test_issue_or_sequence_zero_is_refused(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD, file_number="2016-05-东京-0")))
    assert (error.row, error.field) == (1, "file_number") and "start at 1" in str(error)


def test_non_ascii_digits_in_a_date_are_refused(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD, filing_date="٢٠١٦-03-15")))
    assert (error.row, error.field) == (1, "filing_date") and "non-ASCII" in str(error)


# ---------------------------------------------------------------- a record in the wrong year's file

def test_a_record_in_another_years_file_is_refused(tmp_path):
    late = line(GOOD, file_number="2017-05-东京-1", filing_date="2017-03-15")
    error = refused(write_lines(tmp_path, line(GOOD), late))
    assert (error.row, error.field, error.record) == (2, "file_number", "2017-05-东京-1")
    assert "2016.jsonl, line 2" in str(error) and "data/raw/<its year>.jsonl" in str(error)


def test_a_raw_file_not_named_by_its_year_is_refused(tmp_path):
    error = refused(write_lines(tmp_path, line(GOOD), name="extra.jsonl"))
    assert "extra.jsonl" in str(error) and "<year>.jsonl" in str(error)


# ---------------------------------------------------------------- gazetteer and countries

def gazetteer_files(tmp_path, gazetteer_lines=(), countries_lines=(), gazetteer_header=None):
    gazetteer = (FIXTURE / "gazetteer.csv").read_text(encoding="utf-8").splitlines()
    countries = (FIXTURE / "countries.csv").read_text(encoding="utf-8").splitlines()
    if gazetteer_header:
        gazetteer[0] = gazetteer_header
    (tmp_path / "gazetteer.csv").write_text("\n".join([*gazetteer, *gazetteer_lines]) + "\n", encoding="utf-8")
    (tmp_path / "countries.csv").write_text("\n".join([*countries, *countries_lines]) + "\n", encoding="utf-8")
    return tmp_path / "gazetteer.csv", tmp_path / "countries.csv", len(gazetteer), len(countries)


def test_a_post_listed_twice_in_the_gazetteer_names_both_lines(tmp_path):
    gazetteer, countries, n, _ = gazetteer_files(tmp_path, ["东京,Kyoto,Japan,consulate"])
    first = 1 + next(i for i, text in enumerate((FIXTURE / "gazetteer.csv").read_text(encoding="utf-8")
                                                .splitlines()) if text.startswith("东京,"))
    with pytest.raises(StudyInputError) as error:
        Gazetteer.load(gazetteer, countries)
    assert (error.value.row, error.value.field) == (n + 1, "post_zh")
    assert f"post '东京' is listed twice (first at line {first})" in str(error.value)


def test_a_post_that_differs_only_by_spaces_or_width_is_the_same_post(tmp_path):
    gazetteer, countries, n, _ = gazetteer_files(tmp_path, [" 东京 ,Tokyo,Japan,embassy"])
    with pytest.raises(StudyInputError, match="post '东京' is listed twice") as error:
        Gazetteer.load(gazetteer, countries)
    assert error.value.row == n + 1


def test_a_country_listed_twice_names_both_lines(tmp_path):
    gazetteer, countries, _, n = gazetteer_files(tmp_path, countries_lines=["Japan"])
    with pytest.raises(StudyInputError) as error:
        Gazetteer.load(gazetteer, countries)
    assert (error.value.row, error.value.field) == (n + 1, "country")
    assert "countries.csv" in str(error.value) and "country 'Japan' is listed twice" in str(error.value)


def test_a_renamed_gazetteer_column_is_named(tmp_path):
    gazetteer, countries, _, _ = gazetteer_files(tmp_path, gazetteer_header="post_zh,post_en,nation,post_type")
    with pytest.raises(StudyInputError) as error:
        Gazetteer.load(gazetteer, countries)
    assert error.value.row == 1 and "missing column(s) ['country']" in str(error.value)
    assert "unknown column(s) ['nation']" in str(error.value)


def test_an_invisible_character_in_the_gazetteer_is_refused(tmp_path):
    gazetteer, countries, n, _ = gazetteer_files(tmp_path, ["京都\u200d,Kyoto,Japan,consulate"])
    with pytest.raises(StudyInputError, match="U\\+200D") as error:
        Gazetteer.load(gazetteer, countries)
    assert (error.value.row, error.value.field) == (n + 1, "post_zh")


# ---------------------------------------------------------------- coding sheets

def test_a_renamed_column_in_a_coder_sheet_is_named_by_double_coded(tmp_path):
    # the reliability stage reads the sheets with double_coded: a renamed column was a KeyError there
    header = "file_number,mic2025_category,institution_type,provenance"
    (tmp_path / "a.csv").write_text(f"{header}\nr1,marine,company,bulletin\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header.replace("file_number", "record") + "\nr1,marine,company,bulletin\n",
                                    encoding="utf-8")
    with pytest.raises(StudyInputError) as error:
        double_coded({"coder_a": tmp_path / "a.csv", "coder_b": tmp_path / "b.csv"})
    assert "b.csv, line 1: columns are" in str(error.value)
    assert "missing ['file_number']; unknown ['record']" in str(error.value)


def test_a_record_coded_twice_is_refused_by_double_coded(tmp_path):
    header = "file_number,mic2025_category,institution_type,provenance"
    (tmp_path / "a.csv").write_text(f"{header}\nr1,marine,company,bulletin\nr1,other,company,bulletin\n",
                                    encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"{header}\nr1,marine,company,bulletin\n", encoding="utf-8")
    with pytest.raises(StudyInputError, match=r"a.csv, line 3, record r1, field 'file_number': record coded twice "
                                              r"by this coder \(first at line 2\)"):
        double_coded({"coder_a": tmp_path / "a.csv", "coder_b": tmp_path / "b.csv"})


def test_a_repeated_column_in_an_outcome_sheet_is_named(tmp_path):
    path = tmp_path / "case_outcomes.csv"
    path.write_text(",".join(OUTCOME_COLUMNS) + ",outcome\nx,Acme,no,,,,,,reconstructed,no\n", encoding="utf-8")
    with pytest.raises(StudyInputError, match=r"line 1: columns are .*repeated \['outcome'\]"):
        read_case_outcomes(path)


def test_an_outcome_file_number_with_spaces_is_refused(tmp_path):
    path = tmp_path / "case_outcomes.csv"
    path.write_text(",".join(OUTCOME_COLUMNS) + "\n 2016-05-东京-1,Acme,no,,,,,,reconstructed\n", encoding="utf-8")
    with pytest.raises(StudyInputError, match=r"line 2, record 2016-05-东京-1, field 'file_number': file number has "
                                              r"spaces"):
        read_case_outcomes(path)
