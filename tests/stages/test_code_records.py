"""Rule code_records: AI/ML keyword coding (brief, endnote 38), cooperation forms (Appendix I), the coded table."""

from pathlib import Path

import pandas as pd
import pytest

from wishlist.brief.codebook import load_codebook
from wishlist.stages.code_records import (
    code_ai,
    code_cooperation,
    code_records,
    keyword_contributions,
    keyword_pattern,
    to_code_worksheet,
)

ROOT = Path(__file__).resolve().parents[2]
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


def test_cooperation_forms_are_multi_label_in_codebook_order():
    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["寻求合资"],
                            "description_zh": ["外方寻求风险投资，并希望合作研究和技术转让。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    # 风险投资 and 投资 both name financial investment: one form, not two
    assert row["cooperation_forms"] == "technology_transfer;financial_investment;research_cooperation;joint_venture"
    assert row["n_cooperation_forms"] == 4


def test_broad_partnership_terms_hit_inside_longer_phrases():
    # 开展合作研究 ("carry out cooperative research") contains 开展合作, an Appendix I
    # partnership term: the substring rule counts both forms, as the brief's list implies.
    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["项目"], "description_zh": ["希望开展合作研究。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    assert row["cooperation_forms"] == "cooperative_partnership;research_cooperation"


def records(**columns):
    base = {"file_number": ["b", "a"], "year": [2016, 2015], "filing_date": ["2016-02", "2015-01-04"],
            "post": ["东京", "休斯顿"], "post_en": ["Tokyo", "Houston"], "post_type": ["embassy", "consulate"],
            "country": ["Japan", "United States"], "target_name": ["Beta", "Alpha"],
            "provenance": ["reconstructed", "brief"], "title_zh": ["深度学习平台", "咖啡杯"],
            "description_zh": ["寻求合资", "希望技术转让"]}
    return pd.DataFrame({**base, **columns})


MANUAL = pd.DataFrame({"file_number": ["a", "b"], "mic2025_category": ["other", "information_technology"],
                       "institution_type": ["company", "university"], "code_source": ["coder_a_only", "adjudicated"]})


def test_coded_table_joins_automated_and_manual_codes_by_file_number():
    coded = code_records(records(), CODEBOOK, MANUAL).set_index("file_number")
    assert list(coded.index) == ["a", "b"]  # sorted by file number
    # b: 深度学习 is an endnote-38 term, 合资 names a joint venture; a: neither
    assert coded.loc["b", "ai_flag"] and coded.loc["b", "ai_keywords"] == "深度学习"
    assert not coded.loc["a", "ai_flag"] and coded.loc["a", "ai_keywords"] == ""
    assert coded.loc["b", "cooperation_forms"] == "joint_venture"
    assert coded.loc["a", "cooperation_forms"] == "technology_transfer"
    # Japan is among the 19 endnote-55 allies; the United States itself is not
    assert coded.loc["b", "us_ally"] and not coded.loc["a", "us_ally"]
    assert coded.loc["b", "mic2025_category"] == "information_technology"
    assert coded.loc["b", "code_source"] == "adjudicated"


def test_a_record_without_manual_codes_is_refused():
    with pytest.raises(ValueError, match="1 records lack manual codes, first b"):
        code_records(records(), CODEBOOK, MANUAL.iloc[:1])


def test_the_worksheet_has_the_text_the_suggestion_and_empty_code_columns():
    uncoded = records()
    suggestions = pd.DataFrame({"file_number": ["a", "b"], "mic2025_category": ["other", "vehicles"],
                                "institution_type": ["company", "other"]})
    sheet = to_code_worksheet(uncoded, suggestions).set_index("file_number")
    assert list(sheet.index) == ["a", "b"]
    assert sheet.loc["b", "suggested_category"] == "vehicles" and sheet.loc["b", "title_zh"] == "深度学习平台"
    assert sheet.loc["b", "mic2025_category"] == "" and sheet.loc["b", "institution_type"] == ""
    blank = to_code_worksheet(uncoded)
    assert set(blank["suggested_category"]) == {""}
