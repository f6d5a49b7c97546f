"""AI/ML keyword coding (brief, endnote 38) and the codebook it reads."""

from pathlib import Path

import pandas as pd
import pytest

from wishlist.codebook import load_codebook
from wishlist.coding import code_ai, keyword_contributions, keyword_pattern

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
