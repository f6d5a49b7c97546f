"""Rule case_study_exhibits: the case-study and precision tables as the paper shows them (rows, captions,
labels), and the rule end to end on small tables."""

from types import SimpleNamespace

import pandas as pd

from wishlist.present.case_study_exhibits import (
    case_study_shown,
    case_study_table,
    main,
    outcome_source,
    precision_shown,
    precision_table,
    typology_shown,
    typology_table,
)

TABLES = {
    "by_method": pd.DataFrame({"method": ["wilson", "clopper_pearson"], "count": [14, 14], "n": [30, 30],
                               "level": [0.95, 0.95], "share": [14 / 30] * 2, "low": [0.302324, 0.283418],
                               "high": [0.638577, 0.656745]}),
    "bounds": pd.DataFrame({"scenario": ["missing_as_successes"], "count": [22], "n": [30], "share": [22 / 30],
                            "ci_low": [0.555], "ci_high": [0.858], "ci_method": ["wilson"], "level": [0.95]}),
    "finite": pd.DataFrame({"scenario": ["unknown as partnered"], "successes": [22], "sample_size": [30],
                            "population_size": [81], "share": [22 / 30], "k_estimate": [59.4], "k_low": [47],
                            "k_high": [69], "share_low": [47 / 81], "share_high": [69 / 81],
                            "method": ["hypergeometric_exact"], "level": [0.95]}),
}
TYPOLOGY = pd.DataFrame({  # the brief's Table 1: 7 of its 14 indicators are deals, 6 of them after the report
    "level": ["any", "deal", "deal_after_report"],
    "label": ["any China-linked indicator", "a deal-type indicator", "a deal dated after the report"],
    "count": [14, 7, 6], "n": [30, 30, 30], "share": [14 / 30, 7 / 30, 6 / 30],
    "ci_low": [0.302324, 0.117924, 0.095051], "ci_high": [0.638577, 0.409283, 0.373057], "ci_method": ["wilson"] * 3,
    "population_size": [81] * 3, "firms_low": [26, 10, 8], "firms_high": [50, 31, 28],
    "frame_method": ["hypergeometric_exact"] * 3, "level_pct": [0.95] * 3})
PRECISION = pd.DataFrame({"purpose": ["planning", "planning", "achieved"], "margin": [0.1, 0.1, 0.178923],
                          "sample_size": [97, 45, 30], "correction": ["none", "finite population", "none"],
                          "population_size": [81, 81, 81], "level": [0.95] * 3, "p": [0.5] * 3})


def test_outcome_source_counts_the_provenance_of_the_outcomes():
    cases = pd.DataFrame({"outcome_provenance": ["reconstructed", "brief", "brief"]})
    assert outcome_source(cases) == "case-outcome sheet: 2 outcomes from the brief's Table 1, 1 reconstructed"
    real = pd.DataFrame({"outcome_provenance": ["bulletin"]})
    assert outcome_source(real) == "case-outcome sheet: 1 outcome from the study's own investigation"


def test_case_study_rows():
    shown = case_study_shown(TABLES, "95 % CI (%)")
    assert shown.values.tolist() == [
        ["Wilson, 14 of 30", "interval method", "14 of 30", "46.7", "30.2–63.9"],
        ["Clopper–Pearson, 14 of 30", "interval method", "14 of 30", "46.7", "28.3–65.7"],
        ["Wilson, unknown as partnered", "unknown outcomes", "22 of 30", "73.3", "55.5–85.8"],
        ["Frame of 81, unknown as partnered", "finite population (exact)", "22 of 30; 47–69 of 81 firms", "73.3",
         "58.0–85.2"],
    ]
    text = case_study_table(TABLES, 0.95, "case-outcome sheet (30 published outcomes)")
    assert text.endswith("population model. Source: case-outcome sheet (30 published outcomes). {#tbl-case-study}\n")


def test_precision_rows_and_caption():
    assert precision_shown(PRECISION).values.tolist() == [
        ["needed for ±margin", "10.0", "none", 97],
        ["needed for ±margin", "10.0", "finite population (N = 81)", 45],
        ["drawn sample", "17.9", "none", 30],
    ]
    text = precision_table(PRECISION, 0.99)
    assert ": Case studies needed for an interval of ±margin (99 %, normal approximation" in text
    assert text.rstrip().endswith("{#tbl-precision}")


def test_main_writes_every_exhibit(tmp_path):
    frames = {**TABLES, "precision": PRECISION, "cases": pd.DataFrame({"outcome_provenance": ["brief"] * 30})}
    for name, frame in frames.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    frames["typology"] = TYPOLOGY
    TYPOLOGY.to_csv(tmp_path / "typology.csv", index=False)
    names = ("case_study_svg", "case_study_png", "case_study_md", "precision_md", "typology_md")
    main(SimpleNamespace(input=SimpleNamespace(**{name: str(tmp_path / f"{name}.csv") for name in frames}),
                         output=SimpleNamespace(**{n: str(tmp_path / n) for n in names})))
    assert (tmp_path / "case_study_md").read_text(encoding="utf-8") == case_study_table(
        TABLES, 0.95, "case-outcome sheet: 30 outcomes from the brief's Table 1")
    assert (tmp_path / "precision_md").read_text(encoding="utf-8") == precision_table(PRECISION, 0.95)
    assert (tmp_path / "typology_md").read_text(encoding="utf-8") == typology_table(
        TYPOLOGY, 0.95, "case-outcome sheet: 30 outcomes from the brief's Table 1")
    assert "Frame of 81, unknown as partnered" in (tmp_path / "case_study_svg").read_text(encoding="utf-8")


def test_typology_rows_and_caption():
    shown = typology_shown(TYPOLOGY, "95 % CI (%)")
    # 7/30 = 23.3 %, Wilson 11.8-40.9 %; 10 to 31 of the frame's 81 firms
    assert shown.iloc[1].tolist() == ["A deal-type indicator", "7 of 30", "23.3", "11.8–40.9", "10–31 of 81"]
    assert shown["Cases"].tolist() == ["14 of 30", "7 of 30", "6 of 30"]
    table = typology_table(TYPOLOGY, 0.95, "the brief's Table 1")
    assert table.rstrip().endswith("{#tbl-typology}") and "frame records. Source: " in table
