"""The time-to-partnership presentation: the sentences of its numbers (verdict, censored source), the tables'
words and shapes, and figures drawn from the stage's CSV tables exactly as from its estimates."""


import pandas as pd
import pytest
from reader_view import markdown_literal
from references import wilson

from wishlist.core.files import EXACT_FLOATS, write_csv
from wishlist.core.numbers import clean
from wishlist.present.exhibits import read_table
from wishlist.present.figures import style
from wishlist.present.figures.time_to_partnership import (
    draw_cumulative_incidence,
    draw_timeline,
)
from wishlist.present.sentences import with_sentences
from wishlist.present.sentences.time_to_partnership import (
    boundary_sensitivity,
    censored_effect,
    censored_source,
    empirical_statement,
    primary_source,
    straddling_report,
    timing_verdict,
    uncertain_sensitivity,
)
from wishlist.present.time_to_partnership_exhibits import (
    censored_label,
    censored_note,
    dated_note,
    estimates_display,
    incidences,
    read_curves,
    read_durations,
    robustness_display,
    robustness_md,
    shares_display,
    shares_table,
)
from wishlist.stages.time_to_partnership import (
    analysis_cases,
    case_durations,
    estimates_table,
    incidence_curves,
    long_tables,
    run_analyses,
    stage_numbers,
)
from wishlist.stats.survival import timing_shares

CUTOFF = "2021-03-31"
TOLERANCE = 14  # days (config time_to_partnership.boundary_tolerance_days): CYBERNET's 360 days is 5.25 from a year
# The brief's Table 1 (company, report, first indicator); the day counts are worked by hand in
# tests/stages/test_time_to_partnership.py: 3 reversed, 2 under a year, 5 one to three years, 3 over three
# years, and DENSO's year-only indicator straddling its report.
TABLE1 = [
    ("Drylet", "2016-09-29", "2017-11-09"), ("EcoTech Group", "2015-03-16", "2017-05-30"),
    ("BioGenerator", "2016-01-04", "2019-07-31"), ("Goodtech", "2015-10-21", "2015-10-16"),
    ("RotaChrom", "2016-01-04", "2019-06-22"), ("Tribosonics", "2015-01-05", "2016-07"),
    ("RUSNANO", "2016-12-01", "2019-06-06"), ("GREENCOMM", "2016-09-23", "2016-12-16"),
    ("Hanpak", "2016-01-04", "2019-02-17"), ("BlueGreen", "2016-11-30", "2018"),
    ("Oberaigner Group", "2016-01-04", "2012-09-27"), ("CYBERNET", "2015-05-08", "2016-05-02"),
    ("Orbital Traction", "2016-12-01", "2016-05-20"), ("DENSO", "2015-03-16", "2015"),
]


def frames(reconstructed_no=True):
    """Outcome sheet and records: the 14 Table 1 cases, two cases without partnership, one insufficient."""
    outcomes = [(f"f-{i}", c, "partnered", "investment", "indicator", ind, "brief")
                for i, (c, _, ind) in enumerate(TABLE1)]
    records = [(f"f-{i}", report, "Post", "Country", "brief") for i, (_, report, _) in enumerate(TABLE1)]
    provenance = "reconstructed" if reconstructed_no else "bulletin"
    for number, outcome, report in (("f-no-1", "no", "2016-03-01"), ("f-no-2", "no", "2015-06-01"),
                                    ("f-ins", "insufficient", "2016-02-01")):
        outcomes.append((number, number.upper(), outcome, "", "", "", provenance))
        records.append((number, report, "Post", "Country", provenance))
    outcomes = pd.DataFrame(outcomes, columns=["file_number", "company", "outcome", "indicator_type", "indicator",
                                               "indicator_date", "provenance"])
    records = pd.DataFrame(records, columns=["file_number", "filing_date", "post_en", "country", "provenance"])
    return outcomes, records


def stage(reconstructed_no=True):
    """What the stage computes on `frames`: durations, cases, analyses and its cleaned numbers fragment."""
    outcomes, records = frames(reconstructed_no)
    durations, cases = case_durations(outcomes, records), analysis_cases(outcomes, records)
    results = run_analyses(cases, CUTOFF, 0.95, boundary_tolerance_days=TOLERANCE)
    numbers = clean(stage_numbers(durations, cases, results, estimates_table(results),
                                  timing_shares(durations, 0.95), CUTOFF, 0.95, boundary_tolerance_days=TOLERANCE))
    return durations, results, numbers


@pytest.fixture(scope="module")
def computed():
    return stage()


# ------------------------------------------------------------------ sentences

def test_the_verdict_on_table1_is_on_the_primary_estimand(computed):
    # Fedasiuk et al. 2021, Table 1: of the 11 partnering cases whose indicator does not precede the report
    # (the 3 reversed timelines excluded; DENSO's 2015 counted from the report), 5 are 1-3 years after it
    # (Drylet, Tribosonics, BlueGreen, EcoTech, RUSNANO), 3 under a year (GREENCOMM, DENSO, CYBERNET), 3 over three.
    _, _, numbers = computed
    low, high = wilson(5, 11)  # 0.2127, 0.7199: the interval includes one half
    assert (round(100 * low), round(100 * high)) == (21, 72)
    assert timing_verdict(numbers) == (
        f"Of the 11 partnering cases whose indicator does not precede the report (the reversed timelines of "
        f"Goodtech, Oberaigner Group and Orbital Traction excluded), 5 (45 %; 95 % Wilson CI {100 * low:.0f}–"
        f"{100 * high:.0f} %) partnered one to three years after it, 3 within a year and 3 after more than three: the "
        "brief’s “typically” describes fewer than half of them, and the interval includes one half.")


def test_the_sensitivity_sentences_name_the_cases_from_the_data(computed):
    _, _, numbers = computed
    # CYBERNET moved to one year: 6 of 11 (55 %); the median stays the 6th of 11 midpoints, BlueGreen's
    # (397 + 761) / 2 = 579 days = 1.6 years, between 543 and 761 days (sample medians of the ends).
    assert boundary_sensitivity(numbers) == (
        "CYBERNET lies within 14 days of the 1-year border; counted across it, 6 of 11 (55 %) partnered one to "
        "three years after the report and the median is 1.6 years (579 days; 543–761 days over the placements "
        "the dates allow).")
    # DENSO excluded: 5 of 10; median (579 + 806) / 2 = 692.5 days, ends (543 + 806) / 2 and (761 + 806) / 2.
    assert uncertain_sensitivity(numbers) == (
        "The dates of DENSO straddle the report, so its indicator may precede it; excluding it as reversed, 5 of "
        "10 (50 %) partnered one to three years after the report and the median is 1.9 years (692 days; 674.5–"
        "783.5 days over the placements the dates allow); with the boundary case moved too, 6 of 10 (60 %).")
    assert primary_source(numbers) == ("All 11 cases of the primary analysis are the brief's Table 1 cases, with "
                                       "their published dates; none of the 3 reconstructed case outcomes enters it.")
    # censored: NoCo cases from 2016-03-01 and 2015-06-01 to 2021-03-31, both after BioGenerator's 1304 days
    assert numbers["km_equals_empirical_share"] is True
    assert with_sentences("time_to_partnership", numbers)["when"] == {"km_equals_empirical": True}
    assert "cannot change the estimate" in censored_effect(numbers)
    assert empirical_statement(numbers).startswith("No company is censored before the last partnership")


def test_the_verdict_on_all_dated_cases_without_the_primary(computed):
    _, _, numbers = computed
    numbers = {k: v for k, v in numbers.items() if k != "partnered_only"}  # a fragment of an older stage
    low, high = wilson(5, 14)  # 0.1634, 0.6124: the interval includes one half
    assert (round(100 * low), round(100 * high)) == (16, 61)
    assert timing_verdict(numbers) == (
        f"5 of 14 dated cases (36 %; 95 % Wilson CI {100 * low:.0f}–{100 * high:.0f} %) partnered one to three years after the "
        "report, 5 of the 10 whose indicator certainly follows it (3 precede the report, 1 straddles it): the "
        "brief’s “typically” describes fewer than half of the dated cases, and the interval includes one half.")


def test_straddling_the_report_counts_the_intervals_that_may_precede_it(computed):
    durations, _, numbers = computed
    by_hand = int((durations["shortest_days"].lt(0) & durations["longest_days"].ge(0)).sum())
    assert straddling_report(numbers) == by_hand == 1  # DENSO


def test_the_verdict_follows_the_numbers():
    # Four cases all 1-3 years after the report (k = n = 4): "more than half", no aside; Wilson 4/4 is
    # [0.510, 1]: the interval excludes one half.
    outcomes = pd.DataFrame([(f"f-{i}", f"C{i}", "partnered", "", "", ind, "brief")
                             for i, ind in enumerate(["2017-02-08", "2017-05-19", "2017-08-27", "2017-12-05"])],
                            columns=["file_number", "company", "outcome", "indicator_type", "indicator",
                                     "indicator_date", "provenance"])
    records = pd.DataFrame([(f"f-{i}", "2016-01-04", "P", "C", "brief") for i in range(4)],
                           columns=["file_number", "filing_date", "post_en", "country", "provenance"])
    durations, cases = case_durations(outcomes, records), analysis_cases(outcomes, records)
    results = run_analyses(cases, CUTOFF, 0.95)
    numbers = clean(stage_numbers(durations, cases, results, estimates_table(results),
                                  timing_shares(durations, 0.95), CUTOFF, 0.95))
    assert round(wilson(4, 4)[0], 3) == 0.510
    assert timing_verdict(numbers) == (
        "Of the 4 partnering cases whose indicator does not precede the report, 4 (100 %; 95 % Wilson CI 51–"
        "100 %) partnered one to three years after it, 0 within a year and 0 after more than three: the brief’s "
        "“typically” describes more than half of them, and the interval excludes one half.")
    assert censored_source(numbers) == "none"


def test_the_verdict_without_a_dated_case():
    assert timing_verdict({"dated_cases": 0}).startswith("No partnering case has a dated indicator")


def test_censored_source_names_the_record_layer(computed):
    assert censored_source(computed[2]) == "reconstructed corpus"
    assert censored_source(stage(reconstructed_no=False)[2]) == "bulletin records"


def test_collect_numbers_adds_the_sentences_to_the_fragment(computed):
    _, _, numbers = computed
    entry = with_sentences("time_to_partnership", numbers)
    assert entry["verdict"] == timing_verdict(numbers) and entry["censored_source"] == "reconstructed corpus"
    composed = ("verdict", "censored_source", "dated_source", "typical_case", "typical_delay", "boundary_sensitivity",
                "uncertain_sensitivity", "primary_source", "censored_effect", "empirical_statement", "when")
    assert {k: v for k, v in entry.items() if k not in composed} == numbers


# ------------------------------------------------------------------ caption words and tables

def test_caption_words_on_the_cases(computed):
    _, _, numbers = computed
    assert dated_note(numbers) == "all 14 are the brief's Table 1 cases, with their published dates"
    assert dated_note({"dated_cases": 3, "dated_cases_brief": 1, "dated_cases_reconstructed": 2}) == \
        "1 from the brief's Table 1; 2 reconstructed"
    # real outcomes (the walkthrough b) are never called the brief's cases
    assert dated_note({"dated_cases": 16, "dated_cases_bulletin": 16}) == \
        "all 16 are cases of the study's own investigation"
    assert censored_note(numbers) == ("2 'no partnership found' cases (all records of the reconstructed corpus); "
                                      "1 'insufficient information' case (a record of the reconstructed corpus)")
    mixed = {"cases_no": 2, "cases_no_reconstructed": 1, "cases_insufficient": 0,
             "cases_insufficient_reconstructed": 0}
    assert censored_note(mixed) == "2 'no partnership found' cases (1 of them a record of the reconstructed corpus)"
    assert censored_note({**mixed, "cases_no": 0}) == "no censored cases"
    assert censored_label(numbers) == "Censored at the cut-off: no partnership found (reconstructed cases)"
    assert censored_label(mixed) == "Censored at the cut-off: no partnership found"


def test_timing_shares_table_shows_counts_percentages_and_the_verdict(computed):
    durations, _, numbers = computed
    shares = timing_shares(durations, 0.95)
    shown = shares_display(shares)
    row = shown[shown["Timing"].eq("1–3 years") & shown["Denominator"].eq("all dated cases")].iloc[0]
    assert (row["Cases"], row["Share, %"], row["CI, %"]) == ("5 of 14", "36", "16–61")  # 5/14 = 35.7 %; en dash between two non-negative numbers
    markdown = markdown_literal(shares_table(shares, numbers))
    assert "of the 10 whose indicator certainly follows the report" in markdown
    assert markdown.rstrip().endswith(f"{timing_verdict(numbers)} {{#tbl-timing-shares}}")
    empty = shares_display(timing_shares(durations.iloc[0:0], 0.95))
    assert set(empty["Share, %"]) == {"—"} and set(empty["Cases"]) == {"0 of 0"}


def test_estimates_display_by_hand():
    nan = float("nan")
    estimates = pd.DataFrame([
        {"label": "KM", "role": "main", "cases": 5, "events": 3, "censored": 2, "excluded": 1,
         "median_years_low": 406 / 365.25, "median_years_high": 406 / 365.25, "median_ci_low_years": 0.0,
         "median_ci_high_years": nan, "median_plateau_low_years": nan, "median_plateau_high_years": nan,
         "by_1y_low": 0.4, "by_1y_high": 0.4, "by_1y_ci_low": 0.1234, "by_1y_ci_high": 0.7,
         "by_3y_low": nan, "by_3y_high": nan, "by_3y_ci_low": nan, "by_3y_ci_high": nan},
        {"label": "NPMLE", "role": "sensitivity", "cases": 5, "events": 3, "censored": 2, "excluded": 1,
         "median_years_low": nan, "median_years_high": nan, "median_ci_low_years": nan,
         "median_ci_high_years": nan, "median_plateau_low_years": nan, "median_plateau_high_years": nan,
         "by_1y_low": 0.2, "by_1y_high": 0.4, "by_1y_ci_low": nan, "by_1y_ci_high": nan,
         "by_3y_low": 0.6, "by_3y_high": 0.6, "by_3y_ci_low": nan, "by_3y_ci_high": nan},
    ])
    shown = estimates_display(estimates).set_index("Analysis")
    assert shown.loc["KM", "Cases (partnered / censored / excluded)"] == "5 (3 / 2 / 1)"
    assert shown.loc["KM", "Median, years"] == "1.1"  # 406 / 365.25 = 1.11
    assert shown.loc["KM", "Median CI"] == "0.0 to not reached"  # " to " where an end is a word
    assert (shown.loc["KM", "By 1 year, %"], shown.loc["KM", "By 1 year, % CI"]) == ("40", "12–70")
    assert shown.loc["KM", "By 3 years, %"] == "past follow-up"
    assert shown.loc["NPMLE", "Median, years"] == "not reached" and shown.loc["NPMLE", "Median CI"] == "—"
    assert shown.loc["NPMLE", "By 1 year, %"] == "20.0–40.0"  # a range: one more decimal
    assert shown.loc["NPMLE", "By 3 years, %"] == "60"


def test_robustness_table_keeps_the_partnering_cases_analyses(computed):
    """Only the primary and its sensitivities (no analysis that needs the companies without a published
    outcome). Medians over the placements by hand from Table 1 (Fedasiuk et al. 2021): the 11 partnering
    cases after the report give a middle duration of 543 (earliest placements) to 761 days (latest); without
    DENSO's straddling interval, 10 cases, the mean of the two middle ones: 674.5 to 783.5 days."""
    _, results, numbers = computed
    shown = robustness_display(estimates_table(results)).set_index("Analysis")
    assert list(shown["Role"]) == ["primary"] + ["sensitivity"] * 4
    primary = shown[shown["Role"].eq("primary")].iloc[0]
    assert (primary["Cases"], primary["Median over the date placements, days"]) == ("11", "543–761")
    assert primary["1–3 years, cases (%)"] == "5 of 11 (45)"
    exclude = shown.loc[next(label for label in shown.index if "uncertain order" in label)]
    assert (exclude["Cases"], exclude["Median over the date placements, days"]) == ("10", "674.5–783.5")
    caption = robustness_md(estimates_table(results), numbers)
    assert "{#tbl-timing-robustness}" in caption and "DENSO" in caption and "CYBERNET" in caption


# ------------------------------------------------------------------ figures

def figure_bytes(fig, tmp_path, name):
    svg, png = tmp_path / f"{name}.svg", tmp_path / f"{name}.png"
    style.save(fig, svg, png)
    return svg.read_bytes(), png.read_bytes()


def test_the_incidence_figure_from_the_stage_tables_is_the_figure_of_the_estimates(tmp_path, computed):
    _, results, _ = computed
    direct = figure_bytes(draw_cumulative_incidence(results, 0.95), tmp_path, "direct")
    cases, km, turnbull = long_tables(results)
    write_csv(tmp_path / "analysis_cases.csv", cases)               # as the stage writes them
    write_csv(tmp_path / "incidence_curves.csv", incidence_curves(km, turnbull), float_format=EXACT_FLOATS)
    read = incidences(read_table(tmp_path / "analysis_cases.csv"), read_curves(tmp_path / "incidence_curves.csv"))
    assert list(read) == list(results)
    assert figure_bytes(draw_cumulative_incidence(read, 0.95), tmp_path, "read") == direct
    assert len(direct[0]) > 10_000


def test_the_timeline_from_the_stage_table_is_the_timeline_of_the_durations(tmp_path, computed):
    durations, _, _ = computed
    direct = figure_bytes(draw_timeline(durations, CUTOFF), tmp_path, "direct")
    write_csv(tmp_path / "case_durations.csv", durations)
    assert figure_bytes(draw_timeline(read_durations(tmp_path / "case_durations.csv"), CUTOFF), tmp_path,
                        "read") == direct
    assert b"Oberaigner Group (Country)" in direct[0]  # one row per case, labelled company (country)
    svg = direct[0].decode("utf-8")
    assert svg.startswith("<?xml") and "<dc:date>" not in svg  # no time stamp: reruns hash the same

