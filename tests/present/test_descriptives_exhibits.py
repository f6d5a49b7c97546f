"""Rule descriptives_exhibits: the distribution tables as the paper shows them (rows, captions, labels), and
the rule end to end on small tables: every output written, the same bytes on a second run."""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from wishlist.present.descriptives_exhibits import (
    categories_table,
    countries_note,
    countries_table,
    distribution_shown,
    forms_table,
    institutions_note,
    institutions_table,
    main,
    top_countries,
)

ROW = {"ci_method": "wilson", "level": 0.95}
CATEGORIES = pd.DataFrame({
    "category": ["information_technology", "railway"], "label": ["Information technology", "Railway"],
    "count": [3, 0], "n": [10, 10], "share": [0.3, 0.0], "ci_low": [0.10779, 0.0], "ci_high": [0.60322, 0.27753],
    "goodman_low": [0.0752, 0.0], "goodman_high": [0.6923, 0.3531], "sison_glaz_low": [0.1, np.nan],
    "sison_glaz_high": [0.6687, np.nan], **ROW})
COUNTRIES = pd.DataFrame({
    "category": ["Russia", "United States", "Japan"], "rank": [1, 1, 3], "label": ["Russia", "United States", "Japan"],
    "count": [3, 3, 2], "n": [10] * 3, "share": [0.3, 0.3, 0.2], "ci_low": [0.1078, 0.1078, 0.0567],
    "ci_high": [0.6032, 0.6032, 0.5098], "top": [True, True, False], "goodman_low": [0.08, 0.08, 0.04],
    "goodman_high": [0.68, 0.68, 0.6], **ROW})
INSTITUTIONS = pd.DataFrame({
    "base": ["all", "all", "stated", "stated"], "category": ["company", "not_stated", "company", "university"],
    "label": ["Company", "Not stated", "Company", "University"], "count": [3, 2, 3, 1], "n": [10, 10, 8, 8],
    "share": [0.3, 0.2, 0.375, 0.125], "ci_low": [0.1078, 0.0567, 0.1368, 0.0224],
    "ci_high": [0.6032, 0.5098, 0.6943, 0.4709], "goodman_low": [0.09, 0.05, 0.12, 0.01],
    "goodman_high": [0.65, 0.55, 0.73, 0.55], **ROW})


def body(markdown):
    """The pipe table's data rows as lists of cells (header and rule lines dropped)."""
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_a_distribution_row_shows_count_share_and_every_interval():
    shown = distribution_shown(CATEGORIES, "Category", "95 % CI (%)", simultaneous=("goodman", "sison_glaz"))
    assert list(shown.columns) == ["Category", "Records", "Share (%)", "Wilson 95 % CI (%)", "Goodman 95 % CI (%)",
                                   "Sison–Glaz 95 % CI (%)"]
    assert shown.iloc[0].tolist() == ["Information technology", "3 of 10", "30.0", "10.8–60.3", "7.5–69.2",
                                      "10.0–66.9"]
    assert shown.iloc[1, -1] == ""  # a simultaneous interval not computed is an empty cell, never "nan"


def test_categories_table_caption_and_label():
    text = categories_table(CATEGORIES, "reconstructed corpus")
    assert text.endswith(": Records per MIC2025 category with Wilson and simultaneous (Goodman, Sison–Glaz) "
                         "intervals. Source: reconstructed corpus. {#tbl-categories}\n")
    assert len(body(text)) == 2


def test_countries_table_shows_the_top_countries_ranked():
    assert list(top_countries(COUNTRIES.assign(top=["True", "True", "False"]))["category"]) == ["Russia",
                                                                                              "United States"]
    text = countries_table(COUNTRIES, "bulletin records")
    assert [row[:3] for row in body(text)] == [["1", "Russia", "3 of 10"], ["1", "United States", "3 of 10"]]
    assert ": The 2 countries with most records, with Wilson and simultaneous (Goodman, Sison–Glaz, over all 3 " \
           "countries) intervals. Source: bulletin records. {#tbl-countries}" in text
    assert countries_note(COUNTRIES) == "The 2 countries shown hold 6 of 10 records."


def test_institutions_table_names_both_bases():
    text = institutions_table(INSTITUTIONS, "reconstructed corpus")
    assert [row[:3] for row in body(text)] == [["all records", "Company", "3 of 10"],
                                               ["all records", "Not stated", "2 of 10"],
                                               ["records stating a type", "Company", "3 of 8"],
                                               ["records stating a type", "University", "1 of 8"]]
    assert text.rstrip().endswith("{#tbl-institutions}")
    assert institutions_note(INSTITUTIONS) == "2 of 10 records state no type."
    assert institutions_note(INSTITUTIONS[INSTITUTIONS["category"].ne("not_stated")]) is None


def test_forms_table_has_wilson_intervals_only():
    text = forms_table(CATEGORIES, "reconstructed corpus")
    assert text.splitlines()[0] == "| Form of cooperation | Records | Share (%) | Wilson 95 % CI (%) |"
    assert text.rstrip().endswith("{#tbl-cooperation-forms}")


def test_main_writes_every_exhibit(tmp_path):
    """The rule on small tables (figures' bytes are checked twice over in test_exhibit_figures.py)."""
    data = tmp_path / "in"
    data.mkdir()
    forms_per_record = pd.DataFrame({"category": [0, 1, 2], "label": ["0 forms", "1 form", "2 forms"],
                                     "count": [1, 5, 4], "n": [10] * 3, "share": [0.1, 0.5, 0.4],
                                     "ci_low": [0.02, 0.24, 0.17], "ci_high": [0.4, 0.76, 0.69], **ROW})
    frames = {"categories": CATEGORIES, "countries": COUNTRIES, "institutions": INSTITUTIONS, "forms": CATEGORIES,
              "forms_per_record": forms_per_record, "coded": pd.DataFrame({"provenance": ["bulletin"]})}
    for name, frame in frames.items():
        frame.to_csv(data / f"{name}.csv", index=False)
    names = [f"{family}_{kind}" for family in ("categories", "countries", "institutions", "forms")
             for kind in ("svg", "png", "md")]
    main(SimpleNamespace(input=SimpleNamespace(**{name: str(data / f"{name}.csv") for name in frames}),
                         output=SimpleNamespace(**{n: str(tmp_path / n) for n in names})))
    written = {n: (tmp_path / n).read_bytes() for n in names}
    assert written["countries_md"].decode() == countries_table(COUNTRIES, "bulletin records")
    assert written["categories_png"].startswith(b"\x89PNG") and b"<svg" in written["forms_svg"]
    assert b"The 2 countries shown hold 6 of 10 records." in written["countries_svg"]
