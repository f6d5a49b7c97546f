"""Rule case_study: the case-study estimates for 14 partnered, 8 not and 8 unknown of 30 drawn from a frame
of 81, against closed forms (Wilson 1927; Clopper-Pearson and Jeffreys as beta quantiles), scipy's
hypergeometric tails and Cochran's (1977, ch. 4) sample-size formula."""

import math
from pathlib import Path

import pandas as pd
import pytest
from references import Z95 as Z
from references import close, wilson
from scipy.stats import beta, chi2, hypergeom

from wishlist.brief.vocabulary import OUTCOME_COLUMNS
from wishlist.stages.case_study import (
    achieved_margin,
    case_study_estimates,
    case_study_numbers,
    investigation_worksheet,
    join_outcomes,
    outcome_counts,
    outcome_report,
)
from wishlist.stats.proportions import sample_size_for_margin

COUNTS = {"partnered": 14, "no": 8, "insufficient": 8}


@pytest.fixture(scope="module")
def case_tables():
    return case_study_estimates(COUNTS, 81, 0.95, [0.10, 0.15])


def test_outcome_counts_keep_every_outcome_in_order():
    cases = pd.DataFrame({"outcome": ["no", "partnered", "no", "partnered", "partnered"]})
    assert list(outcome_counts(cases).items()) == [("partnered", 3), ("no", 2), ("insufficient", 0)]


def test_no_case_with_an_outcome_is_an_error():
    with pytest.raises(ValueError, match="no cases"):
        case_study_estimates({"partnered": 0, "no": 0, "insufficient": 0}, 81, 0.95, [0.1])


def test_share_partnered_under_four_methods(case_tables):
    by = case_tables["by_method"].set_index("method")
    assert close(by.loc["wilson", "low"], wilson(14, 30)[0]) and close(by.loc["wilson", "high"], wilson(14, 30)[1])
    assert close(by.loc["clopper_pearson", "low"], beta.ppf(0.025, 14, 17))
    assert close(by.loc["clopper_pearson", "high"], beta.ppf(0.975, 15, 16))
    assert close(by.loc["jeffreys", "low"], beta.ppf(0.025, 14.5, 16.5))
    assert close(by.loc["jeffreys", "high"], beta.ppf(0.975, 14.5, 16.5))
    # Agresti & Coull (1998): the Wald interval around (x + z²/2) / (n + z²)
    n_tilde = 30 + Z * Z
    p_tilde = (14 + Z * Z / 2) / n_tilde
    half = Z * math.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
    assert close(by.loc["agresti_coull", "low"], p_tilde - half) and close(by.loc["agresti_coull", "high"],
                                                                            p_tilde + half)


def test_partnering_firms_in_the_frame_invert_scipy_hypergeometric_tails(case_tables):
    row = case_tables["finite_population"].iloc[0]
    assert (row["successes"], row["sample_size"], row["population_size"]) == (14, 30, 81)
    k_low, k_high = int(row["k_low"]), int(row["k_high"])
    # k_low: first K whose upper tail P(X >= 14) exceeds 2.5 %; k_high: last K whose lower tail P(X <= 14) does
    assert hypergeom.sf(13, 81, k_low, 30) > 0.025 >= hypergeom.sf(13, 81, k_low - 1, 30)
    assert hypergeom.cdf(14, 81, k_high, 30) > 0.025 >= hypergeom.cdf(14, 81, k_high + 1, 30)
    assert close(row["share_low"], k_low / 81) and close(row["k_estimate"], 81 * 14 / 30)
    upper = case_tables["finite_population"].iloc[1]
    assert upper["successes"] == 22
    assert hypergeom.cdf(22, 81, int(upper["k_high"]), 30) > 0.025 >= hypergeom.cdf(22, 81, int(upper["k_high"]) + 1,
                                                                                     30)


def test_unknown_outcomes_as_bounds(case_tables):
    bounds = case_tables["missing_bounds"].set_index("scenario")
    for scenario, (count, n) in {"known_only": (14, 22), "missing_as_failures": (14, 30),
                                 "missing_as_successes": (22, 30), "absence_as_unknown_high": (30, 30)}.items():
        assert (bounds.loc[scenario, "count"], bounds.loc[scenario, "n"]) == (count, n)
        assert close(bounds.loc[scenario, "ci_low"], wilson(count, n)[0])
        assert close(bounds.loc[scenario, "ci_high"], wilson(count, n)[1])


def test_outcomes_jointly_by_goodman(case_tables):
    """Goodman (1965): the score interval with the chi-square(1) quantile at 1 - 0.05/3."""
    outcomes = case_tables["outcomes"].set_index("category")
    assert list(outcomes.index) == ["partnered", "no", "insufficient"] and outcomes["method"].eq("goodman").all()
    assert outcomes.loc["partnered", "label"] == "Partnered or exposed IP"
    a = chi2.ppf(1 - 0.05 / 3, 1)
    root = math.sqrt(a * (a + 4 * 14 * 16 / 30))
    assert close(outcomes.loc["partnered", "low"], (a + 28 - root) / (2 * (30 + a)))
    assert close(outcomes.loc["partnered", "high"], (a + 28 + root) / (2 * (30 + a)))


def test_precision_planning_against_cochran(case_tables):
    precision = case_tables["precision"]
    planning = precision[precision["purpose"].eq("planning")]
    for margin in (0.10, 0.15):
        n0 = Z * Z * 0.25 / margin ** 2
        sizes = dict(zip(*[planning.loc[planning["margin"].eq(margin), c] for c in ("correction", "sample_size")]))
        assert sizes["none"] == math.ceil(n0)
        assert sizes["finite population"] == math.ceil(n0 / (1 + (n0 - 1) / 81))
    achieved = precision[precision["purpose"].eq("achieved")].set_index("correction")["margin"]
    assert close(achieved["none"], Z * math.sqrt(0.25 / 30))
    assert close(achieved["finite population"], Z * math.sqrt(0.25 / 30 * (81 - 30) / 80))


@pytest.mark.parametrize("n,population", [(30, None), (30, 81), (10, 17), (97, None)])
def test_achieved_margin_inverts_the_sample_size(n, population):
    assert sample_size_for_margin(achieved_margin(n, population_size=population), population_size=population) == n


def test_achieved_margin_refuses_a_sample_larger_than_the_frame():
    with pytest.raises(ValueError, match="smaller than the sample"):
        achieved_margin(30, population_size=20)


def test_the_numbers_fragment(case_tables):
    report = {"outcome_rows_not_in_draw": {"count": 0}, "outcome_provenance": {"brief": 14, "reconstructed": 16}}
    numbers = case_study_numbers(COUNTS, case_tables, report, 0.95)
    assert (numbers["partnered"], numbers["not_partnered"], numbers["insufficient"]) == (14, 8, 8)
    assert numbers["cases"] == 30 and numbers["frame_size"] == 81
    assert numbers["partnered_share"]["ci_method"] == "wilson"
    assert close(numbers["partnered_share"]["ci_low_pct"], wilson(14, 30)[0])
    assert set(numbers["partnered_share_by_method"]) == {"clopper_pearson", "jeffreys", "agresti_coull"}
    # Cochran: ceil(1.96² · 0.25 / 0.10²) = ceil(96.04) = 97; with the frame of 81: ceil(96.04 / (1 + 95.04/81)) = 45
    assert numbers["precision"]["margin_10"] == {"margin_pct": 0.1, "n_infinite_population": 97,
                                                 "n_finite_population": 45}
    assert set(numbers["precision"]) == {"margin_10", "margin_15"}
    assert numbers["bounds"]["share_low_pct"] == 14 / 30 and numbers["bounds"]["share_high_pct"] == 22 / 30
    # the frame bounds run from the exact lower end with unknowns as failures to the upper end with them as successes
    k_low = next(k for k in range(82) if hypergeom.sf(13, 81, k, 30) > 0.025)
    k_high = max(k for k in range(82) if hypergeom.cdf(22, 81, k, 30) > 0.025)
    assert (numbers["frame_bounds"]["firms_low"], numbers["frame_bounds"]["firms_high"]) == (k_low, k_high)
    assert close(numbers["achieved_margin_pct"], Z * math.sqrt(0.25 / 30))
    # the same formula as the 45-case planning row (Cochran 1977, with the finite-population factor
    # sqrt((N - n) / (N - 1))): 30 of 81 give about ±14.3 points, not the uncorrected ±17.9
    assert close(numbers["achieved_margin_finite_pct"], Z * math.sqrt(0.25 / 30) * math.sqrt(51 / 80))
    assert round(100 * numbers["achieved_margin_finite_pct"], 1) == 14.3
    # "no partnership found" as unknown too: the share is bounded from below only
    assert numbers["absence_as_unknown_high"]["share_pct"] == 1.0


# ------------------------------------------------------------- the drawn cases and their outcomes

SHEET_ROWS = pd.DataFrame([
    ["2015-01-东京-1", "Acme", "partnered", "licence", "licenses its sensor", "2016-05", "press release", "endnote 1",
     "brief"],
    ["2015-02-东京-1", "Beta", "no", "", "", "", "nothing found", "search", "reconstructed"],
    ["2016-03-东京-1", "Gamma", "insufficient", "", "", "", "too little information", "search", "reconstructed"],
], columns=list(OUTCOME_COLUMNS))

DRAWN = pd.DataFrame({
    "draw_order": [1, 2, 3],
    "file_number": ["2016-03-东京-1", "2015-01-东京-1", "2016-09-东京-2"],
    "year": [2016, 2015, 2016], "filing_date": ["2016-02-01", "2015-01-04", "2016-05-01"],
    "country": ["Japan"] * 3, "post_en": ["Tokyo"] * 3, "target_name": ["Gamma", "Acme", "Eta"],
    "provenance": ["reconstructed", "brief", "reconstructed"],
})


def test_join_attaches_outcomes_in_draw_order_and_reports_the_rest():
    cases, missing, not_drawn = join_outcomes(DRAWN, SHEET_ROWS)
    assert list(cases["file_number"]) == list(DRAWN["file_number"])
    assert list(cases["outcome"]) == ["insufficient", "partnered", ""]
    assert list(cases["outcome_provenance"]) == ["reconstructed", "brief", ""]
    assert list(cases["record_provenance"]) == ["reconstructed", "brief", "reconstructed"]
    assert list(missing["file_number"]) == ["2016-09-东京-2"]
    assert list(not_drawn["file_number"]) == ["2015-02-东京-1"]
    report = outcome_report(cases, missing, not_drawn, "sheet.csv")
    assert report["without_outcome"] == {"count": 1, "records": ["2016-09-东京-2"]}
    assert report["outcome_rows_not_in_draw"] == {"count": 1, "records": ["2015-02-东京-1"]}
    assert report["outcomes"] == {"partnered": 1, "no": 0, "insufficient": 1}


def test_worksheet_lists_each_missing_case_with_empty_outcome_columns():
    _, missing, _ = join_outcomes(DRAWN, SHEET_ROWS)
    records = pd.DataFrame({"file_number": list(DRAWN["file_number"]), "title_zh": ["甲", "乙", "丙"],
                            "title_en": ["", "", "Eta sensor"]})
    worksheet = investigation_worksheet(missing, records)
    assert len(worksheet) == 1
    row = worksheet.iloc[0]
    assert (row["file_number"], row["company"], row["title_zh"], row["title_en"]) == (
        "2016-09-东京-2", "Eta", "丙", "Eta sensor")
    assert (row["country"], row["filing_date"], row["draw_order"]) == ("Japan", "2016-05-01", 3)
    assert all(row[c] == "" for c in OUTCOME_COLUMNS if c not in ("file_number", "company"))
    assert list(worksheet.columns[:len(OUTCOME_COLUMNS)]) == list(OUTCOME_COLUMNS)


# ------------------------------------------------------------- the typology of the indicators

ROOT = Path(__file__).resolve().parents[2]


def report_date(file_number: str) -> str:
    """The filing date of a record of the shipped raw files."""
    import json

    year = file_number[:4]
    for line in (ROOT / f"data/raw/{year}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["file_number"] == file_number:
            return record["filing_date"]
    raise KeyError(file_number)


@pytest.mark.reconstruction("raw", "coding")
def test_the_typology_of_the_brief_s_fourteen_indicators():
    """Table 1 of the brief by hand: 14 indicators, of which 7 are deals (2 investments, 2 licences, 1
    acquisition, 2 partnership agreements) and 6 deals dated after the report (Goodtech's acquisition,
    2015-10-16, precedes its report, 2015-10-21), over the 30 investigated cases."""
    from scipy.stats import hypergeom

    from wishlist.brief.codebook import load_codebook
    from wishlist.stages.case_study import join_outcomes, typology
    from wishlist.stats.proportions import proportion_ci

    outcomes = pd.read_csv(ROOT / "data/coding/case_outcomes.csv", dtype=str, keep_default_na=False)
    draw = outcomes[["file_number"]].assign(draw_order=range(1, len(outcomes) + 1), year=0, country="",
                                             post_en="", target_name="", provenance="",
                                             filing_date=[report_date(f) for f in outcomes["file_number"]])
    cases, _, _ = join_outcomes(draw, outcomes)
    table = typology(cases, load_codebook(ROOT / "data/codebook.yaml").deal_indicators, 81, 0.95).set_index("level")
    assert list(table["count"]) == [14, 7, 6] and set(table["n"]) == {30}
    for level, count in (("any", 14), ("deal", 7), ("deal_after_report", 6)):
        ci = proportion_ci(count, 30, "wilson", 0.95)
        assert (table.loc[level, "ci_low"], table.loc[level, "ci_high"]) == pytest.approx((ci.low, ci.high))
        # exact hypergeometric interval for the frame of 81 (Buonaccorsi 1987), by inversion of the tails
        k_low = next(k for k in range(82) if hypergeom.sf(count - 1, 81, k, 30) > 0.025)
        k_high = max(k for k in range(82) if hypergeom.cdf(count, 81, k, 30) > 0.025)
        assert (table.loc[level, "firms_low"], table.loc[level, "firms_high"]) == (k_low, k_high)


@pytest.mark.reconstruction("raw", "coding")
def test_the_typology_does_not_rest_on_the_reconstructed_outcomes():
    """Only the partnered rows (the brief's Table 1) and the number of cases enter: any split of the 16
    reconstructed cases between 'no' and 'insufficient' gives the same typology."""
    from wishlist.brief.codebook import load_codebook
    from wishlist.stages.case_study import join_outcomes, typology

    outcomes = pd.read_csv(ROOT / "data/coding/case_outcomes.csv", dtype=str, keep_default_na=False)
    draw = outcomes[["file_number"]].assign(draw_order=range(1, len(outcomes) + 1), year=0, country="",
                                             post_en="", target_name="", provenance="",
                                             filing_date=[report_date(f) for f in outcomes["file_number"]])
    deals = load_codebook(ROOT / "data/codebook.yaml").deal_indicators
    first = typology(join_outcomes(draw, outcomes)[0], deals, 81, 0.95)
    flipped = outcomes.copy()
    reconstructed = flipped["provenance"].eq("reconstructed")
    assert reconstructed.sum() == 16 and set(flipped.loc[reconstructed, "outcome"]) <= {"no", "insufficient"}
    flipped.loc[reconstructed, "outcome"] = flipped.loc[reconstructed, "outcome"].map(
        {"no": "insufficient", "insufficient": "no"})
    assert typology(join_outcomes(draw, flipped)[0], deals, 81, 0.95).equals(first)
