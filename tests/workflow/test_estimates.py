"""End to end: descriptives, estimates, the published layer and the case study on the fixture corpus, and
their presentation rules.

Fixture: 19 in-window records, a frame of 17 companies, 10 drawn with seed 20210509
(8 Table 1 companies partnered, 2016-12-巴黎-1 no, 2016-05-首尔-1 insufficient;
the other 6 Table 1 rows of the outcome sheet are not in the draw).
"""

import csv
import math
import re
import shutil

import pytest
import yaml
from conftest import FIXTURE_CONFIG, make_study, run_study
from references import Z95 as Z
from references import wilson

pytestmark = pytest.mark.workflow


def numbers(study):
    return yaml.safe_load((study / "results/numbers.yml").read_text(encoding="utf-8"))


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def table_rows(path):
    """A pipe table's data rows as lists of cells."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    # short number cells hold non-breaking spaces ("2 of 19" on one line in the PDF): read as spaces
    return [[cell.strip().replace("\u00a0", " ") for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def test_estimates_and_descriptives_numbers(fixture_study):
    n = numbers(fixture_study)
    estimates, descriptives = n["estimates"], n["descriptives"]
    assert (estimates["ai_share"]["count"], estimates["ai_share"]["n"]) == (2, 19)
    # both US records are Houston's; one government lab (Moscow), AI-flagged
    assert (estimates["houston_share_of_us"]["count"], estimates["houston_share_of_us"]["n"]) == (2, 2)
    assert (estimates["government_lab_ai_share"]["count"], estimates["government_lab_ai_share"]["n"]) == (1, 1)
    assert estimates["us_it"]["records"] == 0 and not estimates["us_it"]["largest"]
    assert descriptives["records"] == 19 and descriptives["categories"]["information_technology"]["count"] == 4
    assert "ci_low_pct" not in estimates["ai_share"]  # a census share: no sampling interval
    it = estimates["misclassification"]["category_information_technology"]
    assert it["low_pct"] <= it["share_pct"] == round(4 / 19, 6) <= it["high_pct"]  # numbers.yml keeps 6 decimals


def test_the_tables_show_the_estimates(fixture_study):
    """What the paper prints, from the presentation rules' tables, against the counts and formulas."""
    tables = fixture_study / "results/tables"
    ai = next(r for r in table_rows(tables / "proportions.md") if r[0].startswith("AI/ML keyword records"))
    assert ai[2:4] == ["2 of 19", f"{100 * 2 / 19:.1f}"]
    case = table_rows(tables / "case_study.md")[0]
    low, high = wilson(8, 10)
    assert case == ["Wilson, 8 of 10", "interval method", "8 of 10", "80.0", f"{100 * low:.1f}–{100 * high:.1f}"]
    # Cochran (1977): n0 = z² p (1 - p) / margin², with the frame of 17: n0 / (1 + (n0 - 1) / 17)
    n0 = Z * Z * 0.25 / 0.10 ** 2
    planning = [r for r in table_rows(tables / "precision.md") if r[1] == "10.0"]
    assert [r[3] for r in planning] == [str(math.ceil(n0)), str(math.ceil(n0 / (1 + (n0 - 1) / 17)))]
    # the fixture's outcomes: the brief's Table 1 rows and reconstructed ones, each named by its origin
    assert "Source: case-outcome sheet: 8 outcomes from the brief's Table 1, 2 reconstructed." in \
        (tables / "case_study.md").read_text(encoding="utf-8").replace("\\'", "'")
    countries = (tables / "countries.md").read_text(encoding="utf-8")
    assert re.search(r"\{#tbl-countries\}\n$", countries)


def test_a_restyle_reruns_only_its_presentation_rule(fixture_study):
    """Forcing one exhibits rule reruns it and what shows its outputs, never a computation or another exhibit."""
    result = run_study(fixture_study, "-n", "--forcerun", "estimates_exhibits")
    assert result.returncode == 0, result.stderr[-2000:]
    jobs = set(re.findall(r"^rule (\w+):", result.stdout + result.stderr, flags=re.MULTILINE))
    assert "estimates_exhibits" in jobs
    assert not jobs & {"estimate_proportions", "describe_records", "case_study", "code_records",
                       "descriptives_exhibits", "case_study_exhibits", "collect_numbers"}


def test_case_study_joins_every_drawn_case(fixture_study):
    cases = rows(fixture_study / "results/sample/case_outcomes.csv")
    draw = rows(fixture_study / "results/sample/sample_draw.csv")
    assert [c["file_number"] for c in cases] == [d["file_number"] for d in draw]
    assert all(c["outcome"] for c in cases)
    case_study = numbers(fixture_study)["case_study"]
    assert (case_study["partnered"], case_study["not_partnered"], case_study["insufficient"]) == (8, 1, 1)
    assert case_study["frame_size"] == 17 and case_study["outcome_rows_not_in_draw"] == 6
    assert case_study["frame_partnering"]["firms_low"] <= 8 * 17 / 10 <= case_study["frame_partnering"]["firms_high"]
    assert not (fixture_study / "results/worksheets/to_investigate.csv").exists()


def test_published_layer_is_in_the_numbers(fixture_study):
    published = numbers(fixture_study)["published"]
    assert published["biopharma_printed_count"]["check"] == "mismatch"
    assert published["ai_share"]["check"] == "consistent" and published["ai_share"]["count"] == 171


def test_another_seed_writes_a_worksheet_and_stops(tmp_path):
    study = make_study(tmp_path / "seed", **dict(FIXTURE_CONFIG, sample__seed=1))
    result = run_study(study, "results/sample/case_outcomes.csv")
    assert result.returncode != 0
    drawn = [r["file_number"] for r in rows(study / "results/sample/sample_draw.csv")]
    known = {r["file_number"] for r in rows(study / "data/coding/case_outcomes.csv")}
    missing = [f for f in drawn if f not in known]
    assert missing, "seed 1 must draw a case without an outcome for this test to mean anything"
    worksheet = rows(study / "results/worksheets/to_investigate.csv")
    assert [w["file_number"] for w in worksheet] == missing
    assert all(w["outcome"] == "" and w["indicator_date"] == "" and w["title_zh"] for w in worksheet)
    assert f"{len(missing)} of the 10 drawn cases" in result.stderr
    assert "results/worksheets/to_investigate.csv" in result.stderr
    assert not (study / "results/sample/case_outcomes.csv").exists()


def test_published_layer_runs_without_the_record_layer(tmp_path):
    study = make_study(tmp_path / "published", **FIXTURE_CONFIG)
    shutil.rmtree(study / "data/raw")
    shutil.rmtree(study / "data/coding")
    result = run_study(study, "results/numbers/published.yml", "results/tables/published_shares.md")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "published_layer" in result.stderr and "ingest_records" not in result.stderr
