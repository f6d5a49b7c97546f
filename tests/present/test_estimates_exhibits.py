"""Rule estimates_exhibits: the headline-share and sensitivity tables as the paper shows them (rows, captions,
labels), and the rule end to end on small tables."""

import math
from types import SimpleNamespace

import pandas as pd

from wishlist.present.estimates_exhibits import (
    main,
    proportions_shown,
    proportions_table,
    sensitivity_shown,
    sensitivity_table,
)

PROPORTIONS = pd.DataFrame({
    "key": ["ai_share", "government_lab_ai_share", "us_share"],
    "quantity": ["AI/ML keyword records", "AI among labs", "US records"],
    "base": ["all records", "government-laboratory records", "all records"], "count": [3, 0, 4], "n": [10, 0, 10],
    "share": [0.3, math.nan, 0.4], "ci_low": [0.10779, math.nan, 0.16818], "ci_high": [0.60322, math.nan, 0.68732],
    "ci_method": ["wilson"] * 3, "level": [0.95] * 3})
SENSITIVITY = pd.DataFrame({
    "key": ["ai_share"] * 3 + ["us_share"], "quantity": ["AI/ML keyword records"] * 3 + ["US records"],
    "method": ["wilson", "clopper_pearson", "jeffreys", "wilson"], "count": [3, 3, 3, 4], "n": [10] * 4,
    "level": [0.95] * 4, "share": [0.3, 0.3, 0.3, 0.4], "low": [0.1078, 0.0667, 0.0873, 0.1682],
    "high": [0.6032, 0.6525, 0.6058, 0.6873]})


def body(markdown):
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_a_share_over_an_empty_base_shows_no_share_and_no_interval():
    shown = proportions_shown(PROPORTIONS, "95 % CI (%)")
    assert shown.iloc[0].tolist() == ["AI/ML keyword records", "all records", "3 of 10", "30.0", "10.8–60.3", "Wilson"]
    assert shown.iloc[1].tolist()[2:5] == ["0 of 0", "", ""]


def test_proportions_table_caption_and_label():
    text = proportions_table(PROPORTIONS, 0.9, "reconstructed corpus")
    assert text.splitlines()[0] == "| Quantity | Base | Records | Share (%) | 90 % CI (%) | Interval |"
    assert text.endswith(": Shares with confidence intervals. Source: reconstructed corpus. {#tbl-proportions}\n")


def test_sensitivity_has_one_row_per_share_and_one_column_per_method():
    shown = sensitivity_shown(SENSITIVITY)
    assert list(shown.columns) == ["Quantity", "Records", "Share (%)", "Wilson", "Clopper–Pearson", "Jeffreys",
                                   "Agresti–Coull"]
    assert shown.iloc[0].tolist() == ["AI/ML keyword records", "3 of 10", "30.0", "10.8–60.3", "6.7–65.2",
                                      "8.7–60.6", ""]
    assert shown.iloc[1].tolist() == ["US records", "4 of 10", "40.0", "16.8–68.7", "", "", ""]
    text = sensitivity_table(SENSITIVITY, 0.95, "reconstructed corpus")
    assert ": Headline shares under four interval methods (95 %): Wilson (main), Clopper–Pearson, Jeffreys, " \
           "Agresti–Coull. Source: reconstructed corpus. {#tbl-sensitivity}" in text
    assert len(body(text)) == 2


def test_main_writes_every_exhibit(tmp_path):
    per_year = pd.DataFrame({"year": [2015, 2016], "records": [4, 6], "n": [10, 10], "share": [0.4, 0.6],
                             "ci_low": [0.17, 0.31], "ci_high": [0.69, 0.83], "ci_method": "wilson", "level": 0.9,
                             "goodman_low": [0.15, 0.29], "goodman_high": [0.71, 0.85]})
    frames = {"per_year": per_year, "proportions": PROPORTIONS, "sensitivity": SENSITIVITY,
              "coded": pd.DataFrame({"provenance": ["brief", "reconstructed"]})}
    for name, frame in frames.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    names = ("per_year_svg", "per_year_png", "headline_svg", "headline_png", "proportions_md", "sensitivity_md")
    main(SimpleNamespace(input=SimpleNamespace(**{name: str(tmp_path / f"{name}.csv") for name in frames}),
                         output=SimpleNamespace(**{n: str(tmp_path / n) for n in names})))
    # the confidence level of every table is the estimates' (per_year's level column): 90 %
    assert (tmp_path / "proportions_md").read_text(encoding="utf-8") == proportions_table(
        PROPORTIONS, 0.9, "reconstructed corpus")
    assert "(90 %)" in (tmp_path / "sensitivity_md").read_text(encoding="utf-8")
    assert (tmp_path / "headline_png").read_bytes().startswith(b"\x89PNG")
    assert "AI/ML keyword records (3/10)" in (tmp_path / "headline_svg").read_text(encoding="utf-8")
