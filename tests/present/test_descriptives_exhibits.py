"""Rule descriptives_exhibits: the distribution tables as the paper shows them (rows, captions, labels), and
the rule end to end on small tables: every output written, the same bytes on a second run."""

from types import SimpleNamespace

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

CATEGORIES = pd.DataFrame({
    "category": ["information_technology", "railway"], "label": ["Information technology", "Railway"],
    "count": [3, 0], "n": [10, 10], "share": [0.3, 0.0]})
COUNTRIES = pd.DataFrame({
    "category": ["Russia", "United States", "Japan"], "rank": [1, 1, 3], "label": ["Russia", "United States", "Japan"],
    "count": [3, 3, 2], "n": [10] * 3, "share": [0.3, 0.3, 0.2], "top": [True, True, False]})
INSTITUTIONS = pd.DataFrame({
    "base": ["all", "all", "stated", "stated"], "category": ["company", "not_stated", "company", "university"],
    "label": ["Company", "Not stated", "Company", "University"], "count": [3, 2, 3, 1], "n": [10, 10, 8, 8],
    "share": [0.3, 0.2, 0.375, 0.125]})
# misclassification.csv rows of the two categories (error rate .5: 3 -> [2, 6], 0 -> [0, 0]) and a non-category row
BOUNDS = pd.DataFrame({"key": ["category_information_technology", "category_railway", "biotech_or_ai_share"],
                       "share_low": [0.2, 0.0, 0.4], "share_high": [0.6, 0.0, 0.7], "error_rate": [0.5] * 3})


def body(markdown):
    """The pipe table's data rows as lists of cells (header and rule lines dropped)."""
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_a_distribution_row_shows_count_and_share_and_no_interval():
    shown = distribution_shown(CATEGORIES, "Category")
    assert list(shown.columns) == ["Category", "Records", "Share (%)"]
    assert shown.iloc[0].tolist() == ["Information technology", "3 of 10", "30.0"]


def test_categories_table_shows_the_misclassification_range():
    text = categories_table(CATEGORIES, BOUNDS, "reconstructed corpus")
    assert text.splitlines()[0] == "| MIC2025 category | Records | Share (%) | Under misclassification (%) |"
    assert body(text) == [["Information technology", "3\u00a0of\u00a010", "30.0", "20.0–60.0"],
                          ["Railway", "0\u00a0of\u00a010", "0.0", "0.0–0.0"]]
    assert "if up to 50.0 % of codes are wrong" in text and text.rstrip().endswith("{#tbl-categories}")


def test_countries_table_shows_the_top_countries_ranked():
    assert list(top_countries(COUNTRIES.assign(top=["True", "True", "False"]))["category"]) == ["Russia",
                                                                                              "United States"]
    text = countries_table(COUNTRIES, "bulletin records")
    assert [row[:3] for row in body(text)] == [["1", "Russia", "3\u00a0of\u00a010"], ["1", "United States", "3\u00a0of\u00a010"]]
    assert ": The 2 countries with most records (of 3 countries). Source: bulletin records. {#tbl-countries}" in text
    assert countries_note(COUNTRIES) == "The 2 countries shown hold 6 of 10 records."


def test_institutions_table_names_both_bases():
    text = institutions_table(INSTITUTIONS, "reconstructed corpus")
    assert [row[:3] for row in body(text)] == [["all records", "Company", "3\u00a0of\u00a010"],
                                               ["all records", "Not stated", "2\u00a0of\u00a010"],
                                               ["records stating a type", "Company", "3\u00a0of\u00a08"],
                                               ["records stating a type", "University", "1\u00a0of\u00a08"]]
    assert text.rstrip().endswith("{#tbl-institutions}")
    assert institutions_note(INSTITUTIONS) == "2 of 10 records state no type."
    assert institutions_note(INSTITUTIONS[INSTITUTIONS["category"].ne("not_stated")]) is None


def test_forms_table_has_no_interval():
    text = forms_table(CATEGORIES, "reconstructed corpus")
    assert text.splitlines()[0] == "| Form of cooperation | Records | Share (%) |"
    assert text.rstrip().endswith("{#tbl-cooperation-forms}")


def test_main_writes_every_exhibit(tmp_path):
    """The rule on small tables (figures' bytes are checked twice over in test_exhibit_figures.py)."""
    data = tmp_path / "in"
    data.mkdir()
    forms_per_record = pd.DataFrame({"category": [0, 1, 2], "label": ["0 forms", "1 form", "2 forms"],
                                     "count": [1, 5, 4], "n": [10] * 3, "share": [0.1, 0.5, 0.4]})
    frames = {"categories": CATEGORIES, "countries": COUNTRIES, "institutions": INSTITUTIONS, "forms": CATEGORIES,
              "forms_per_record": forms_per_record, "misclassification": BOUNDS,
              "coded": pd.DataFrame({"provenance": ["bulletin"]})}
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
