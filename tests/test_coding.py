"""AI/ML keyword coding (brief, endnote 38) and the codebook it reads."""

from pathlib import Path

import pandas as pd
import pytest

from wishlist.brief.codebook import load_codebook
from wishlist.stages.code_records import code_ai, keyword_contributions, keyword_pattern

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")


def test_codebook_holds_the_published_lists():
    assert len(CODEBOOK.ai_ml_keywords) == 20          # endnote 38
    assert CODEBOOK.ai_ml_keywords[0] == "算法" and CODEBOOK.ai_ml_keywords[-1] == "机器人"
    assert len(CODEBOOK.us_allies) == 19               # endnote 55
    assert "United States" not in CODEBOOK.us_allies
    assert len(CODEBOOK.category_codes) == 11          # ten MIC2025 industries + other
    assert len(CODEBOOK.cooperation_forms) == 9        # Appendix I


def hits(title, description=""):
    records = pd.DataFrame({"file_number": ["x"], "title_zh": [title], "description_zh": [description]})
    return code_ai(records, CODEBOOK.ai_ml_keywords, CODEBOOK.keyword_matching).iloc[0]


@pytest.mark.parametrize("text,expected", [
    ("AI芯片", "AI"),                 # Latin term next to Chinese characters: a word boundary
    ("(AI) platform", "AI"),
    ("TRAINING platform", ""),        # AI inside a Latin word: no hit
    ("Thai rice", ""),
    ("ai lowercase", ""),             # case-sensitive
    ("工业自动化生产线", "自动"),       # broad Chinese term hits inside a longer word
    ("人工智能平台", "人工智能;智能"),    # overlapping terms are all reported
    ("无人机控制", "人机;无人"),        # 无人机 (UAV) also contains 人机 (human-machine)
    ("新型咖啡杯", ""),
])
def test_keyword_matching_rules(text, expected):
    assert hits(text)["ai_keywords"] == expected


def test_hits_are_located_by_field():
    row = hits("深度学习平台", "用于机器人")
    assert row["ai_flag"]
    assert row["ai_keywords_title"] == "深度学习"
    assert row["ai_keywords_description"] == "机器人"
    assert row["ai_keywords"] == "机器人;深度学习"


def test_keyword_contributions_count_sole_hits():
    records = pd.DataFrame({
        "file_number": ["a", "b", "c"],
        "title_zh": ["自动门", "自动驾驶算法", "咖啡"],
        "description_zh": ["", "", ""],
    })
    coded = code_ai(records, CODEBOOK.ai_ml_keywords, CODEBOOK.keyword_matching)
    table = keyword_contributions(coded, CODEBOOK.ai_ml_keywords).set_index("keyword")
    assert table.loc["自动", "records_hit"] == 2
    assert table.loc["自动", "records_only_this_keyword"] == 1   # only record a
    assert table.loc["算法", "records_only_this_keyword"] == 0


def test_prefix_terms_are_refused():
    with pytest.raises(ValueError, match="prefix"):
        keyword_pattern(["自动", "自动化"], CODEBOOK.keyword_matching)


# ---------------------------------------------------------------- coder sheets

from wishlist.core.errors import StudyInputError  # noqa: E402
from wishlist.stages.code_records import adjudicate  # noqa: E402

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


A_ROWS = ["r1,marine,company,published", "r2,other,university,published", "r3,aerospace,company,published"]
B_ROWS = ["r3,marine,company,published", "r4,railway,government_lab,published"]
RULING = ["r3,mic2025_category,aerospace,marine,aerospace,second look at the title"]


def test_adjudicated_codes_and_their_sources(tmp_path):
    coder, adjudication = sheets(tmp_path, A_ROWS, B_ROWS, RULING)
    codes, uncoded = adjudicate(coder, adjudication, ALLOWED, IDS)
    assert uncoded == []
    got = codes.set_index("file_number")
    assert got.loc["r3", "mic2025_category"] == "aerospace" and got.loc["r3", "code_source"] == "adjudicated"
    assert got.loc["r1", "code_source"] == "coder_a_only" and got.loc["r4", "code_source"] == "coder_b_only"


def test_a_record_nobody_coded_is_returned_not_dropped(tmp_path):
    coder, adjudication = sheets(tmp_path, A_ROWS[:2], ["r4,railway,government_lab,published"])
    codes, uncoded = adjudicate(coder, adjudication, ALLOWED, IDS)
    assert uncoded == ["r3"] and len(codes) == 3


BAD_SHEETS = {
    "unknown category": (["r1,space_elevators,company,published", *A_ROWS[1:]], B_ROWS, RULING,
                         "coder_a.csv, line 2, record r1, field 'mic2025_category': unknown code"),
    "unknown institution": (A_ROWS, ["r3,marine,company,published", "r4,railway,ministry,published"], RULING,
                            "coder_b.csv, line 3, record r4, field 'institution_type': unknown code"),
    "coded twice by one coder": ([*A_ROWS, "r1,marine,company,published"], B_ROWS, RULING,
                                 "coder_a.csv, line 5, record r1, field 'file_number': record coded twice"),
    "record that does not exist": (A_ROWS, [*B_ROWS, "r9,marine,company,published"], RULING,
                                   "coder_b.csv, line 4, record r9, field 'file_number': code for a record that "
                                   "does not exist"),
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


def test_cooperation_forms_are_multi_label_in_codebook_order():
    from wishlist.stages.code_records import code_cooperation

    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["寻求合资"],
                            "description_zh": ["外方寻求风险投资，并希望合作研究和技术转让。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    # 风险投资 and 投资 both name financial investment: one form, not two
    assert row["cooperation_forms"] == "technology_transfer;financial_investment;research_cooperation;joint_venture"
    assert row["n_cooperation_forms"] == 4


def test_broad_partnership_terms_hit_inside_longer_phrases():
    from wishlist.stages.code_records import code_cooperation

    # 开展合作研究 ("carry out cooperative research") contains 开展合作, an Appendix I
    # partnership term: the substring rule counts both forms, as the brief's list implies.
    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["项目"], "description_zh": ["希望开展合作研究。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    assert row["cooperation_forms"] == "cooperative_partnership;research_cooperation"
