"""Readers of the coding sheets (wishlist.brief.sheets): coder sheets, adjudication, case outcomes.

Every bad sheet is named by file, line (header = line 1), record and field; the
expected messages are written out in full below.
"""

from pathlib import Path

import pandas as pd
import pytest

from wishlist.brief.codebook import load_codebook
from wishlist.brief.sheets import (
    ADJUDICATION_COLUMNS,
    SHEET_COLUMNS,
    adjudicate,
    coder_names,
    double_coded,
    read_case_outcomes,
    sheet_codes,
)
from wishlist.brief.vocabulary import OUTCOME_COLUMNS
from wishlist.core.errors import StudyInputError

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")


def test_the_sheet_columns_are_the_committed_sheets_headers():
    # the one definition of each sheet's columns is the header of the committed sheets
    def header(name):
        return (ROOT / "data/coding" / name).read_text(encoding="utf-8").splitlines()[0].split(",")

    assert header("coder_a.csv") == header("coder_b.csv") == list(SHEET_COLUMNS)
    assert header("adjudication.csv") == list(ADJUDICATION_COLUMNS)
    assert header("case_outcomes.csv") == list(OUTCOME_COLUMNS)


def test_coders_are_named_in_sheet_order():
    assert coder_names(["x.csv", "y.csv"]) == {"coder_a": "x.csv", "coder_b": "y.csv"}


# ---------------------------------------------------------------- coder sheets and their adjudication

ALLOWED = {"mic2025_category": CODEBOOK.category_codes, "institution_type": CODEBOOK.institution_codes}
IDS = ["r1", "r2", "r3", "r4"]


def sheets(tmp_path, a_rows, b_rows, adjudication_rows=()):
    def write(name, header, rows):
        path = tmp_path / name
        path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
        return path

    header = "file_number,mic2025_category,institution_type,provenance"
    return ({"coder_a": write("coder_a.csv", header, a_rows), "coder_b": write("coder_b.csv", header, b_rows)},
            write("adjudication.csv", "file_number,field,coder_a,coder_b,final,note", adjudication_rows))


A_ROWS = ["r1,marine,company,bulletin", "r2,other,university,bulletin", "r3,aerospace,company,bulletin"]
B_ROWS = ["r3,marine,company,bulletin", "r4,railway,government_lab,bulletin"]
RULING = ["r3,mic2025_category,aerospace,marine,aerospace,second look at the title"]


def test_adjudicated_codes_and_their_sources(tmp_path):
    coder, adjudication = sheets(tmp_path, A_ROWS, B_ROWS, RULING)
    codes, uncoded = adjudicate(coder, adjudication, ALLOWED, IDS)
    assert uncoded == []
    got = codes.set_index("file_number")
    assert got.loc["r3", "mic2025_category"] == "aerospace" and got.loc["r3", "code_source"] == "adjudicated"
    assert got.loc["r1", "code_source"] == "coder_a_only" and got.loc["r4", "code_source"] == "coder_b_only"


def test_a_record_nobody_coded_is_returned_not_dropped(tmp_path):
    coder, adjudication = sheets(tmp_path, A_ROWS[:2], ["r4,railway,government_lab,bulletin"])
    codes, uncoded = adjudicate(coder, adjudication, ALLOWED, IDS)
    assert uncoded == ["r3"] and len(codes) == 3


BAD_SHEETS = {
    "unknown category": (["r1,space_elevators,company,bulletin", *A_ROWS[1:]], B_ROWS, RULING,
                         "coder_a.csv, line 2, record r1, field 'mic2025_category': unknown code"),
    "unknown institution": (A_ROWS, ["r3,marine,company,bulletin", "r4,railway,ministry,bulletin"], RULING,
                            "coder_b.csv, line 3, record r4, field 'institution_type': unknown code"),
    "coded twice by one coder": ([*A_ROWS, "r1,marine,company,bulletin"], B_ROWS, RULING,
                                 "coder_a.csv, line 5, record r1, field 'file_number': record coded twice"),
    "record that does not exist": (A_ROWS, [*B_ROWS, "r9,marine,company,bulletin"], RULING,
                                   ("coder_b.csv, line 4, record r9, field 'file_number': code for a record that "
                                    "does not exist")),
    "unadjudicated disagreement": (A_ROWS, B_ROWS, [],
                                   "adjudication.csv, record r3, field 'mic2025_category': coders disagree"),
    "ruling where coders agree": (A_ROWS, B_ROWS, [*RULING, "r3,institution_type,company,company,company,x"],
                                  "adjudication.csv, line 3, record r3, field 'institution_type': the coders agree"),
    "ruling with an unknown code": (A_ROWS, B_ROWS, ["r3,mic2025_category,aerospace,marine,ufo,x"],
                                    "adjudication.csv, line 2, record r3, field 'final': unknown code"),
    "unlabelled provenance": (A_ROWS, ["r3,marine,company,guess", *B_ROWS[1:]], RULING,
                              "coder_b.csv, line 2, record r3, field 'provenance'"),
}


@pytest.mark.parametrize("case", sorted(BAD_SHEETS))
def test_bad_coder_sheets_are_named_by_sheet_row_record_and_field(tmp_path, case):
    a_rows, b_rows, rulings, message = BAD_SHEETS[case]
    coder, adjudication = sheets(tmp_path, a_rows, b_rows, rulings)
    with pytest.raises(StudyInputError) as error:
        adjudicate(coder, adjudication, ALLOWED, IDS)
    assert message in str(error.value)


# ---------------------------------------------------------------- case outcomes

HEADER = ",".join(OUTCOME_COLUMNS)
GOOD = [
    "2015-01-东京-1,Acme,partnered,licence,licenses its sensor,2016-05,press release,endnote 1,bulletin",
    "2015-02-东京-1,Beta,no,,,,nothing found,search,reconstructed",
    "2016-03-东京-1,Gamma,insufficient,,,,too little information,search,reconstructed",
]


def sheet(tmp_path, *rows, header=HEADER):
    path = tmp_path / "case_outcomes.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_good_sheet(tmp_path):
    outcomes = read_case_outcomes(sheet(tmp_path, *GOOD))
    assert list(outcomes["outcome"]) == ["partnered", "no", "insufficient"]
    assert list(outcomes.columns) == list(OUTCOME_COLUMNS)


@pytest.mark.parametrize("rows,message", [
    (GOOD + ["2017-01-东京-1,Delta,maybe,,,,,,reconstructed"],
     r"line 5, record 2017-01-东京-1, field 'outcome': unknown outcome 'maybe'"),
    (GOOD + [GOOD[1]], r"line 5, record 2015-02-东京-1, field 'file_number': duplicate row \(first at line 3\)"),
    (GOOD + [GOOD[1].replace(",no,", ",insufficient,")],
     r"line 5, record 2015-02-东京-1, field 'file_number': second, different outcome for this record"),
    ([GOOD[0].replace("2016-05", "")], r"line 2, record 2015-01-东京-1, field 'indicator_date': a partnered"),
    ([GOOD[0].replace("2016-05", "2016-13")], r"line 2, record 2015-01-东京-1, field 'indicator_date': unparseable"),
    ([",Nobody,no,,,,,,reconstructed"], r"line 2, field 'file_number': file number is empty"),
])
def test_bad_outcome_sheets_name_file_line_record_and_field(tmp_path, rows, message):
    with pytest.raises(StudyInputError, match=message):
        read_case_outcomes(sheet(tmp_path, *rows))


def test_outcome_sheet_columns_are_checked(tmp_path):
    with pytest.raises(StudyInputError, match=r"line 1: columns are .*missing \['provenance'\]"):
        read_case_outcomes(sheet(tmp_path, "x,y,partnered,,,2016,,,", header=HEADER.replace(",provenance", "")))
    with pytest.raises(StudyInputError, match=r"unknown \['notes'\]"):
        read_case_outcomes(sheet(tmp_path, GOOD[1] + ",", header=HEADER + ",notes"))


def test_double_coded_records_side_by_side(tmp_path):
    coder, _ = sheets(tmp_path, A_ROWS, B_ROWS)
    both = double_coded(coder)
    assert list(both["file_number"]) == ["r3"]  # the only record in both A_ROWS and B_ROWS
    assert (both.iloc[0]["mic2025_category_a"], both.iloc[0]["mic2025_category_b"]) == ("aerospace", "marine")


def test_sheet_codes_of_the_records_take_the_codebook_and_coder_order(tmp_path):
    coder, adjudication = sheets(tmp_path, A_ROWS, B_ROWS, RULING)
    records = pd.DataFrame({"file_number": IDS})
    codes, uncoded = sheet_codes(records, CODEBOOK, [coder["coder_a"], coder["coder_b"]], adjudication)
    assert uncoded == []
    assert codes.set_index("file_number")["code_source"].to_dict() == {
        "r1": "coder_a_only", "r2": "coder_a_only", "r3": "adjudicated", "r4": "coder_b_only"}


def test_codes_of_records_outside_the_window_are_set_aside(tmp_path):
    # r4 was coded but lies outside the study window: known, so no error, but not returned
    coder, adjudication = sheets(tmp_path, A_ROWS, B_ROWS, RULING)
    codes, uncoded = adjudicate(coder, adjudication, ALLOWED, IDS[:3], outside_window=["r4"])
    assert list(codes["file_number"]) == ["r1", "r2", "r3"] and uncoded == []
