"""Rule published_exhibits: the published-shares table and figure from a hand-made shares table."""

import math
from types import SimpleNamespace

import pandas as pd
from references import wilson

from wishlist.core.files import EXACT_FLOATS, write_csv
from wishlist.present.published_exhibits import main, read_shares


def shares_csv(path):
    rows = [("ai_share", "AI records", 171, 642, "published", "27 %", "rounded percentage", 0.27, "consistent",
             "inside the interval"),
            ("biopharma", "Biopharma records", 190, 642, "published", "25 %", "rounded percentage", 0.25, "mismatch",
             "outside the interval"),
            ("top_eight", "Top eight", 448, 642, "published", "", "", math.nan, "no percentage stated", "")]
    frame = pd.DataFrame(rows, columns=["key", "quantity", "count", "n", "basis", "stated", "stated_kind",
                                        "stated_pct", "check", "stated_vs_ci"])
    frame["share"] = frame["count"] / frame["n"]
    frame["ci_low"], frame["ci_high"] = zip(*(wilson(c, n) for c, n in zip(frame["count"], frame["n"])))
    frame["ci_method"], frame["level"] = "wilson", 0.95
    frame["sampled"] = [True, True, False]  # the last is a census share: no interval
    frame.loc[2, ["ci_low", "ci_high", "level"]] = math.nan
    frame.loc[2, "ci_method"] = ""
    write_csv(path, frame, float_format=EXACT_FLOATS)  # every digit, as published_shares_unrounded.csv


def test_the_interval_is_read_back_at_full_precision(tmp_path):
    shares_csv(tmp_path / "shares.csv")
    shares = read_shares(tmp_path / "shares.csv")
    low, high = wilson(171, 642)  # 0.23362..., 0.30186...: a CSV for people holds only 0.233624, 0.301866
    assert shares.loc[0, "ci_low"] == low and shares.loc[0, "ci_high"] == high
    assert shares.loc[0, "share"] == 171 / 642 and shares.loc[1, "stated_pct"] == 0.25
    assert math.isnan(shares.loc[2, "stated_pct"]) and shares.loc[2, "stated"] == ""
    assert math.isnan(shares.loc[2, "ci_low"]) and list(shares["sampled"]) == [True, True, False]


def test_the_table_and_the_figure(tmp_path):
    shares_csv(tmp_path / "shares.csv")
    out = SimpleNamespace(table_md=tmp_path / "published.md", figure_svg=tmp_path / "p.svg",
                          figure_png=tmp_path / "p.png")
    main(SimpleNamespace(input=SimpleNamespace(shares=str(tmp_path / "shares.csv")), output=out,
                         params=SimpleNamespace(level=0.95)))
    table = out.table_md.read_text(encoding="utf-8").splitlines()
    assert table[0] == ("| Quantity | Count | Count is | Brief states | Recomputed (%) | 95 % CI (%) | Check |")
    # 171/642 = 26.64 %; Wilson 95 %: 23.36-30.19 %
    assert table[2] == "| AI records | 171\u00a0of\u00a0642 | published | 27\u00a0% | 26.6 | 23.4–30.2 | consistent; inside the interval |"
    assert table[4] == "| Top eight | 448\u00a0of\u00a0642 | published |  | 69.8 | census | no percentage stated |"
    assert table[-1].endswith("{#tbl-published}")
    svg = out.figure_svg.read_text(encoding="utf-8")
    assert "Biopharma records (190/642) *" in svg and "AI records (171/642) *" not in svg  # only the mismatch
    assert out.figure_png.read_bytes().startswith(b"\x89PNG")
