"""The time-to-partnership rules end to end on the fixture corpus: time_to_partnership (tables, numbers)
and time_to_partnership_exhibits (figures, Markdown tables)."""

import pandas as pd
import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study
from reader_view import markdown_literal

from wishlist.stages.time_to_partnership import ANALYSIS_KEYS

pytestmark = pytest.mark.workflow

# The brief's Table 1 (company as the fixture's outcome sheet names it, report, indicator);
# the fixture sheet holds exactly these 14 partnered cases (other rows may be added).
TABLE1 = {
    "Drylet": ("2016-09-29", "2017-11-09"), "EcoTech Group": ("2015-03-16", "2017-05-30"),
    "BioGenerator": ("2016-01-04", "2019-07-31"), "Goodtech": ("2015-10-21", "2015-10-16"),
    "RotaChrom": ("2016-01-04", "2019-06-22"), "Tribosonics": ("2015-01-05", "2016-07"),
    "RUSNANO": ("2016-12-01", "2019-06-06"), "GREENCOMM": ("2016-09-23", "2016-12-16"),
    "Hanpak": ("2016-01-04", "2019-02-17"), "BlueGreen Water Technologies": ("2016-11-30", "2018"),
    "Oberaigner Group": ("2016-01-04", "2012-09-27"), "CYBERNET Systems": ("2015-05-08", "2016-05-02"),
    "Orbital Traction": ("2016-12-01", "2016-05-20"), "DENSO": ("2015-03-16", "2015"),
}
STAGE = "results/numbers/time_to_partnership.yml"
# composed by wishlist.present.sentences.time_to_partnership (the last six only with a primary analysis)
SENTENCES = ("verdict", "censored_source", "dated_source", "typical_case", "typical_delay", "boundary_sensitivity",
             "uncertain_sensitivity", "primary_source", "censored_effect", "empirical_statement", "when")


def stage_numbers(study):
    return yaml.safe_load((study / STAGE).read_text(encoding="utf-8"))


def test_table1_is_regenerated_from_the_data(fixture_study):
    table = pd.read_csv(fixture_study / "results/time_to_partnership/table1.csv", dtype=str, keep_default_na=False)
    assert set(TABLE1) <= set(table["Company"])
    rows = table.set_index("Company")
    for company, (report, indicator) in TABLE1.items():
        assert (rows.loc[company, "Report"], rows.loc[company, "Indicator date"]) == (report, indicator)
    # days counted by hand (tests/stages/test_time_to_partnership.py)
    assert rows.loc["Drylet", "Days (min to max)"] == "406" and rows.loc["Drylet", "Timing"] == "1–3 years"
    assert rows.loc["Goodtech", "Days (min to max)"] == "-5"
    assert rows.loc["Goodtech", "Timing"].startswith("reversed")
    assert rows.loc["Tribosonics", "Days (min to max)"] == "543 to 573"
    markdown = (fixture_study / "results/tables/table1.md").read_text(encoding="utf-8")
    assert "{#tbl-table1}" in markdown and "| Oberaigner Group | Austria | Vienna | 2016-01-04 |" in markdown
    durations = (fixture_study / "results/tables/case_durations.md").read_text(encoding="utf-8")
    assert "{#tbl-durations}" in durations and "| Goodtech | 2015-10-21 | 2015-10-16 | −5 |" in durations  # a minus sign


def test_headline_numbers_check_the_brief(fixture_study):
    n = stage_numbers(fixture_study)
    entry = yaml.safe_load((fixture_study / "results/numbers.yml").read_text(encoding="utf-8"))["time_to_partnership"]
    # numbers.yml holds the stage's values as they are, plus the sentences composed from them
    assert not set(SENTENCES) & set(n) and {k: v for k, v in entry.items() if k not in SENTENCES} == n
    # the 14 partnered cases fix the timing shares, whatever censored cases are added
    assert (n["share_1_to_3_years"]["count"], n["share_1_to_3_years"]["n"]) == (5, 14)
    assert n["share_1_to_3_years"]["ci_low_pct"] < 5 / 14 < n["share_1_to_3_years"]["ci_high_pct"]
    assert (n["share_reversed"]["count"], n["share_under_1_year"]["count"], n["share_over_3_years"]["count"],
            n["share_ambiguous"]["count"]) == (3, 2, 3, 1)
    assert n["share_after_report_1_to_3_years"]["n"] == 10
    # the verdict is on the primary estimand, the drawn partnering cases after their report: the fixture's
    # 8 drawn Table 1 cases (below) less the reversed timelines of Goodtech and Orbital Traction LLC
    assert entry["verdict"].startswith("Of the 6 partnering cases whose indicator does not precede the report")
    assert "Goodtech" in entry["verdict"] and "Orbital Traction" in entry["verdict"]
    # Table 1 keeps the 14 published cases; the estimates take the drawn cases only: the fixture's draw of 10
    # (results/sample/sample_draw.csv) holds 8 of them, 1 "no" and 1 "insufficient"; 6 rows are outside it
    assert n["dated_cases_brief"] == 14 and n["dated_cases_bulletin"] == n["dated_cases_reconstructed"] == 0
    assert n["table1_cases_not_in_draw"] == 6
    assert n["cases_partnered"] == 8 and n["outcome_rows_not_in_draw"] == 6
    for key in ANALYSIS_KEYS:
        assert n[key]["events"] <= n[key]["cases"]
    for key in ("km_time_zero", "km_exclude"):
        # more than half of the analysed cases partner, and every censoring time lies after the
        # last event, so the cumulative incidence passes one half: the median is a number
        assert n[key]["events"] > n[key]["cases"] / 2
        median = n[key]["median_years"]
        assert isinstance(median, float) and 0 < median < 10, median
    # drawn: 8 partnered (2 reversed: Goodtech, Orbital Traction; DENSO, which straddles, is not drawn)
    assert n["km_time_zero"]["events"] == 8 and n["km_exclude"]["events"] == 6
    assert n["km_exclude"]["excluded"] >= 4  # three reversed timelines and DENSO's straddling year


def test_every_case_is_in_every_analysis_once(fixture_study):
    outcomes = pd.read_csv(fixture_study / "data/coding/case_outcomes.csv", dtype=str, keep_default_na=False)
    cases = pd.read_csv(fixture_study / "results/time_to_partnership/analysis_cases.csv", dtype=str,
                        keep_default_na=False)
    for key in ANALYSIS_KEYS:
        assert sorted(cases.loc[cases["analysis"].eq(key), "file_number"]) == sorted(outcomes["file_number"]), key
    reversed_rows = cases[cases["analysis"].eq("km_time_zero") & cases["analysis_role"].eq("reversed")]
    # the three reversed timelines of Table 1, less Oberaigner Group, which the fixture's draw of 10 leaves out
    assert set(reversed_rows["company"]) == {"Goodtech", "Orbital Traction"}
    drawn = set(pd.read_csv(fixture_study / "results/sample/sample_draw.csv", dtype=str)["file_number"])
    assert set(cases.loc[cases["analysis_role"].ne("excluded"), "file_number"]) <= drawn


def test_the_exhibits_show_the_stage_numbers(fixture_study):
    n = stage_numbers(fixture_study)
    entry = yaml.safe_load((fixture_study / "results/numbers.yml").read_text(encoding="utf-8"))["time_to_partnership"]
    for name in ("partnership_timeline", "cumulative_incidence"):
        svg = (fixture_study / f"results/figures/{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<dc:date>" not in svg  # no time stamp: reruns hash the same
        assert (fixture_study / f"results/figures/{name}.png").read_bytes().startswith(b"\x89PNG")
    assert "Oberaigner Group (Austria)" in (fixture_study / "results/figures/partnership_timeline.svg").read_text(
        encoding="utf-8")
    shares = markdown_literal((fixture_study / "results/tables/timing_shares.md").read_text(encoding="utf-8"))
    assert f"{entry['verdict']} {{#tbl-timing-shares}}" in shares  # the caption closes with the verdict
    estimates = markdown_literal((fixture_study / "results/tables/time_to_partnership_estimates.md").read_text(
        encoding="utf-8"))
    assert f"right-censored at the cut-off {n['cutoff']}" in estimates
    assert f"({n['midpoint_imputed_companies']}) enter at their interval's midpoint" in estimates
    assert sum(line.startswith("| ") for line in estimates.splitlines()) == len(ANALYSIS_KEYS) + 1  # header, rows


def test_a_bad_outcome_sheet_stops_the_stage_with_line_and_field(tmp_path):
    study = make_study(tmp_path / "bad_outcomes", **FIXTURE_CONFIG)
    sheet = study / "data/coding/case_outcomes.csv"
    lines = sheet.read_text(encoding="utf-8").splitlines()
    lines.append("2016-99-休斯顿-1,Nobody Inc.,no,,,,,,reconstructed")
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    accept_data(study)
    result = run_study(study, STAGE)
    assert result.returncode != 0
    log = (study / "results/logs/time_to_partnership.log").read_text(encoding="utf-8")
    message = f"case_outcomes.csv, line {len(lines)}, record 2016-99-休斯顿-1, field 'file_number'"
    assert message in log and message in result.stderr  # the log, and the one line on the terminal
    assert not (study / STAGE).exists()
