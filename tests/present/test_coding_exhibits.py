"""Rule coding_exhibits: the keyword-contribution table as printed."""

import re

import pandas as pd

from wishlist.present.coding_exhibits import keyword_markdown


def test_keyword_table_as_printed():
    contributions = pd.DataFrame({"keyword": ["算法", "AI"], "records_hit": [27, 0],
                                  "records_only_this_keyword": [1, 0]})
    text = keyword_markdown(contributions, "reconstructed corpus")
    header, rule, *rest = text.split("\n")
    # the separator's dashes set the relative column widths: the longest text gets the most
    assert re.fullmatch(r"\|(-+\|){3}", rule)
    keyword, hit, alone = (len(d) for d in rule.strip("|").split("|"))
    assert alone > keyword > hit
    assert "\n".join([header, *rest]) == (
        "| Keyword (endnote 38) | Records hit | Records flagged by this keyword alone |\n"
        "| 算法 | 27 | 1 |\n"
        "| AI | 0 | 0 |\n"
        "\n"
        ": What each AI/ML keyword contributes to the flag. Source: reconstructed corpus. {#tbl-keywords}\n")
