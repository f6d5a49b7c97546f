"""Rule coding_exhibits: the keyword-contribution table as printed."""

import pandas as pd

from wishlist.present.coding_exhibits import keyword_markdown


def test_keyword_table_as_printed():
    contributions = pd.DataFrame({"keyword": ["算法", "AI"], "records_hit": [27, 0],
                                  "records_only_this_keyword": [1, 0]})
    assert keyword_markdown(contributions, "reconstructed corpus") == (
        "| Keyword (endnote 38) | Records hit | Records flagged by this keyword alone |\n"
        "|--------------------|-----------|-------------------------------------|\n"
        "| 算法 | 27 | 1 |\n"
        "| AI | 0 | 0 |\n"
        "\n"
        ": What each AI/ML keyword contributes to the flag. Source: reconstructed corpus. {#tbl-keywords}\n")
