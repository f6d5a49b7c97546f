"""Rule estimates_exhibits: the headline-share and misclassification tables as the paper shows them (rows,
captions, labels), and the rule end to end on small tables. The records are a census: no share has a
sampling interval."""

import math
from types import SimpleNamespace

import pandas as pd

from wishlist.present.estimates_exhibits import (
    main,
    misclassification_shown,
    misclassification_table,
    proportions_shown,
    proportions_table,
    published_words,
)

PROPORTIONS = pd.DataFrame({
    "key": ["ai_share", "government_lab_ai_share", "us_share"],
    "quantity": ["AI/ML keyword records", "AI among labs", "US records"],
    "base": ["all records", "government-laboratory records", "all records"], "count": [3, 0, 4], "n": [10, 0, 10],
    "share": [0.3, math.nan, 0.4]})
BOUNDS = pd.DataFrame({
    "key": ["category_information_technology", "biotech_or_ai_share"],
    "quantity": ["Information technology", "Biopharma category or AI/ML keyword records"],
    "base": ["all records"] * 2, "count": [3, 5], "n": [10, 10], "share": [0.3, 0.5],
    "count_low": [2, 4], "count_high": [6, 7], "share_low": [0.2, 0.4], "share_high": [0.6, 0.7],
    "count_low_at_estimate": [3, 5], "count_high_at_estimate": [3, 6], "share_low_at_estimate": [0.3, 0.5],
    "share_high_at_estimate": [0.3, 0.6], "error_rate": [0.5, 0.5], "error_rate_at_estimate": [0.2, 0.2],
    "model": ["m"] * 2})
IDENTIFICATION = pd.DataFrame({  # identification_summary's records_vs_bounds.csv, the columns read
    "quantity": ["ai_share", "us_share"], "unit": ["share", "share"], "label": ["determined", "constrained"],
    "lower": [0.3, 0.25], "upper": [0.3, 0.55]})


def body(markdown):
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_a_share_over_an_empty_base_shows_no_share_and_no_share_has_an_interval():
    shown = proportions_shown(PROPORTIONS)
    assert shown.iloc[0].tolist() == ["AI/ML keyword records", "all records", "3 of 10", "30.0"]
    assert shown.iloc[1].tolist()[2:] == ["0 of 0", ""]


def test_proportions_table_caption_and_label():
    text = proportions_table(PROPORTIONS, "reconstructed corpus")
    assert text.splitlines()[0] == "| Quantity | Base | Records | Share (%) |"
    assert text.endswith("no sampling interval). Source: reconstructed corpus. {#tbl-proportions}\n")


def test_misclassification_table_shows_the_raw_share_beside_both_ranges():
    shown = misclassification_shown(BOUNDS)
    assert list(shown.columns) == ["Quantity", "Base", "Records", "Share (%)", "Range, e = 20.0 % (%)",
                                   "Range, e = 50.0 % (%)"]
    assert shown.iloc[0].tolist() == ["Information technology", "all records", "3 of 10", "30.0", "30.0–30.0",
                                      "20.0–60.0"]
    text = misclassification_table(BOUNDS, "reconstructed corpus")
    assert text.rstrip().endswith("{#tbl-misclassification}") and len(body(text)) == 2


def test_main_writes_every_exhibit(tmp_path):
    per_year = pd.DataFrame({"year": [2015, 2016], "records": [4, 6], "n": [10, 10], "share": [0.4, 0.6]})
    frames = {"per_year": per_year, "proportions": PROPORTIONS, "misclassification": BOUNDS,
              "coded": pd.DataFrame({"provenance": ["brief", "reconstructed"]}), "identification": IDENTIFICATION}
    for name, frame in frames.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    names = ("per_year_svg", "per_year_png", "headline_svg", "headline_png", "proportions_md", "misclassification_md")
    main(SimpleNamespace(input=SimpleNamespace(**{name: str(tmp_path / f"{name}.csv") for name in frames}),
                         output=SimpleNamespace(**{n: str(tmp_path / n) for n in names})))
    assert (tmp_path / "proportions_md").read_text(encoding="utf-8") == proportions_table(
        PROPORTIONS, "reconstructed corpus", IDENTIFICATION)
    assert "{#tbl-misclassification}" in (tmp_path / "misclassification_md").read_text(encoding="utf-8")
    assert (tmp_path / "headline_png").read_bytes().startswith(b"\x89PNG")
    assert "AI/ML keyword records (3/10)" in (tmp_path / "headline_svg").read_text(encoding="utf-8")


def test_each_share_says_what_the_brief_s_figures_allow_it():
    # the AI share is fixed by the brief's figures (the brief's own 3 of 10 here); the US share lies in 25-55 %;
    # the lab share is not modelled
    shown = proportions_shown(PROPORTIONS, IDENTIFICATION)
    assert shown["What the brief's figures allow"].tolist() == ["fixed: the brief's own value", "not modelled",
                                                               "25.0–55.0 %"]
    assert published_words({"label": "free", "lower": 0.0, "upper": 1.0}) == "not narrowed"
    assert "so the value is the brief" in proportions_table(PROPORTIONS, "reconstructed corpus", IDENTIFICATION)
