"""Rule claims_exhibits: the claims tables laid out from a hand-made audit table."""

from types import SimpleNamespace

import pandas as pd
from reader_view import markdown_literal

from wishlist.present.claims_exhibits import main

AUDIT = pd.DataFrame([  # the columns of results/claims/claims_audit.csv that the tables show
    {"number": 1, "id": "a", "location": "Summary", "claim": "A claim", "published": "27 %",
     "recomputed_short": "171/642 = 26.6 %", "status": "consistent", "inconsistency": ""},
    {"number": 2, "id": "b", "location": "Endnote 9", "claim": "B | claim", "published": "25 %",
     "recomputed_short": "190/642 = 29.6 %", "status": "wording or rounding",
     "inconsistency": "190 is not 25 %. Read truncated, it holds."},
    {"number": 3, "id": "c", "location": "Table 1", "claim": "C claim", "published": "more than 70 %",
     "recomputed_short": "≤ 437/642", "status": "arithmetic conflict between published figures",
     "inconsistency": "Proved: at most 68.1 %."},
    {"number": 4, "id": "d", "location": "Methods", "claim": "D claim", "published": "half",
     "recomputed_short": "rec. 321/642", "status": "needs the records", "inconsistency": ""},
])


def test_the_claims_tables(tmp_path):
    table = tmp_path / "claims_audit.csv"
    AUDIT.to_csv(table, index=False)
    out = SimpleNamespace(table_md=tmp_path / "claims_audit.md", inconsistencies_md=tmp_path / "inconsistencies.md")
    main(SimpleNamespace(input=SimpleNamespace(table=str(table)), output=out))
    raw = out.table_md.read_text(encoding="utf-8").splitlines()
    claims = [markdown_literal(line) for line in raw]
    assert claims[0] == "| # | Location | Claim | Published | Recomputed | Verdict |"
    assert claims[2] == "| 1 | Summary | A claim | 27\u00a0% | 171/642\u00a0=\u00a026.6\u00a0% | consistent |"
    assert raw[3] == "| 2 | Endnote 9 | B \\| claim | 25\u00a0% | 190/642\u00a0=\u00a029.6\u00a0% | wording or rounding |"  # | escaped
    assert claims[5].endswith("| rec. 321/642 | needs the records |")  # the verdict in its short form
    assert len(claims) == 2 + 4 + 2 and claims[-1].endswith("{#tbl-claims}")
    bad = markdown_literal(out.inconsistencies_md.read_text(encoding="utf-8")).splitlines()
    # the gravest tier first: the arithmetic conflict (claim 3) before the wording point (claim 2)
    assert bad[2:4] == ["| 3 | arithmetic conflict | Proved: at most 68.1 %. |",
                        "| 2 | wording or rounding | 190 is not 25 %. Read truncated, it holds. |"]
    assert len(bad) == 2 + 2 + 2 and bad[-1].endswith("{#tbl-inconsistencies}")


def test_the_caption_explains_only_the_statuses_the_table_shows():
    from wishlist.present.claims_exhibits import claims_markdown
    from wishlist.stages.claims_audit import claims

    def caption(statuses):
        table = pd.DataFrame({"number": range(1, len(statuses) + 1), "location": "L", "claim": "C",
                              "published": "P", "recomputed_short": "R", "status": statuses})
        return next(line for line in claims_markdown(table).splitlines() if line.startswith(": "))

    reconstruction = caption([claims.CONSISTENT, claims.NEEDS_RECORDS])
    assert "Needs the records" in reconstruction and "records in use" not in reconstruction
    assert "Wording or rounding" not in reconstruction  # no such verdict shown
    other = caption([claims.CONSISTENT, claims.RECORDS_FAIL, claims.RECORDS_UNCHECKED, claims.WORDING])
    assert "calibrated" not in other and "checked on the records in use" in other and "not checked" in other
    assert "Wording or rounding" in other
    assert "| fails in records |" in claims_markdown(pd.DataFrame({
        "number": [1], "location": "L", "claim": "C", "published": "P", "recomputed_short": "R",
        "status": [claims.RECORDS_FAIL]}))
