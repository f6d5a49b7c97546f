"""Descriptives, headline shares, the published layer and the case-study estimates, against hand counts and
closed-form or scipy values (proportions.py itself is tested in test_proportions.py)."""

import math
from pathlib import Path

import pandas as pd
import pytest
import yaml
from scipy.stats import hypergeom, norm

from wishlist.brief.codebook import load_codebook
from wishlist.stages.case_study import (
    achieved_margin,
    case_study_estimates,
    case_study_numbers,
)
from wishlist.stages.describe_records import (
    add_multinomial,
    category_distribution,
    cooperation_form_shares,
    country_distribution,
    distribution,
    forms_per_record,
    institution_distribution,
    interval_text,
    records_per_year,
    snake,
)
from wishlist.stages.estimate_proportions import (
    government_labs,
    headline_shares,
    largest_source,
    sources_of,
)
from wishlist.stages.published_layer import (
    PUBLISHED_PAIRS,
    published_layer,
    published_numbers,
    resolve,
    stated_check,
)
from wishlist.stats.proportions import sensitivity

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")
TARGETS = yaml.safe_load((ROOT / "data/reference/calibration_targets.yaml").read_text(encoding="utf-8"))["targets"]
Z = norm.ppf(0.975)


def wilson(x, n, z=Z):
    """Wilson (1927) score interval, closed form."""
    p = x / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def close(a, b):
    return round(a, 4) == round(b, 4)


# Ten hand-made coded records: every count below is countable by eye.
CODED = pd.DataFrame([
    # file_number, year, country, post_en, target_name, ai_flag, cooperation_forms, n_forms, us_ally, category, type
    ("r01", 2015, "United States", "Houston", "Acme", True, "cooperative_partnership;equity", 2, False,
     "information_technology", "company"),
    ("r02", 2015, "United States", "Houston", "Beta", False, "financial_investment", 1, False,
     "biopharma_medical", "company"),
    ("r03", 2016, "United States", "Chicago", "", False, "", 0, False, "information_technology", "not_stated"),
    ("r04", 2016, "Russia", "Vladivostok", "Russian Academy of Sciences", True,
     "research_cooperation;technology_transfer", 2, False, "marine", "government_lab"),
    ("r05", 2016, "Russia", "Khabarovsk", "Russian Academy of Sciences", False, "research_cooperation", 1, False,
     "new_materials", "government_lab"),
    ("r06", 2017, "Russia", "Moscow", "Gamma University", False, "technology_transfer", 1, False,
     "information_technology", "university"),
    ("r07", 2017, "Japan", "Tokyo", "Delta Lab", True, "research_cooperation;joint_venture;equity", 3, True,
     "machines_robots", "government_lab"),
    ("r08", 2017, "Japan", "Osaka", "Epsilon", False, "joint_venture", 1, True, "new_materials", "company"),
    ("r09", 2017, "United Kingdom", "London", "Zeta", False, "cooperative_partnership", 1, True,
     "biopharma_medical", "other"),
    ("r10", 2017, "Finland", "Helsinki", "", False, "cooperative_partnership;financial_investment", 2, False,
     "energy_equipment", "not_stated"),
], columns=["file_number", "year", "country", "post_en", "target_name", "ai_flag", "cooperation_forms",
            "n_cooperation_forms", "us_ally", "mic2025_category", "institution_type"])


# --- descriptives ----------------------------------------------------------------------------------------------


def test_category_distribution_counts_every_codebook_category():
    table = category_distribution(CODED, CODEBOOK, 0.95)
    assert len(table) == 11 and table["n"].eq(10).all()
    counts = dict(zip(table["category"], table["count"]))
    assert counts["information_technology"] == 3 and counts["biopharma_medical"] == 2
    assert counts["aerospace"] == 0 and counts["railway"] == 0
    assert list(table["count"]) == sorted(table["count"], reverse=True)
    it = table[table["category"].eq("information_technology")].iloc[0]
    assert it["label"] == "Information technology"
    assert close(it["ci_low"], wilson(3, 10)[0]) and close(it["ci_high"], wilson(3, 10)[1])
    # Goodman always, Sison-Glaz with 11 categories may be computed or refused, never silently NaN
    assert table["goodman_low"].notna().all()
    assert table["sison_glaz_low"].notna().all() or "sison_glaz" in table.attrs["skipped"]


def test_goodman_is_wider_than_wilson_and_sison_glaz_is_refused_for_few_categories():
    table = add_multinomial(distribution(["a"] * 14 + ["b"] * 8 + ["c"] * 8, 0.95), 0.95)
    assert (table["goodman_low"] <= table["ci_low"]).all() and (table["goodman_high"] >= table["ci_high"]).all()
    assert table["sison_glaz_low"].isna().all()
    assert "at least 7 categories" in table.attrs["skipped"]["sison_glaz"]


def test_distribution_refuses_values_outside_the_categories():
    with pytest.raises(ValueError, match="not among the categories"):
        distribution(["a", "z"], 0.95, categories=["a", "b"])


def test_records_per_year_keeps_empty_years_of_the_window():
    table = records_per_year(CODED, 0.95, 2014, 2017)
    assert list(table["year"]) == [2014, 2015, 2016, 2017]
    assert list(table["records"]) == [0, 2, 3, 5]
    assert close(table["ci_high"].iloc[0], wilson(0, 10)[1])


def test_country_ranks_and_top_flag():
    table = country_distribution(CODED, 0.95, top=2)
    assert list(table["category"][:3]) == ["Russia", "United States", "Japan"]  # 3, 3 (ties by name), 2
    assert list(table["rank"][:3]) == [1, 1, 3]
    assert list(table["top"]) == [True, True] + [False] * (len(table) - 2)


def test_institution_types_over_all_and_over_stated():
    table = institution_distribution(CODED, CODEBOOK, 0.95)
    stated = table[table["base"].eq("stated")].set_index("category")
    everything = table[table["base"].eq("all")].set_index("category")
    assert "not_stated" not in stated.index and stated["n"].eq(8).all()
    assert stated.loc["government_lab", "count"] == 3 and stated.loc["company", "count"] == 3
    assert everything.loc["not_stated", "count"] == 2 and everything["n"].eq(10).all()
    assert close(stated.loc["company", "ci_low"], wilson(3, 8)[0])


def test_cooperation_forms_are_multi_label():
    forms = cooperation_form_shares(CODED, CODEBOOK, 0.95).set_index("category")
    assert forms.loc["research_cooperation", "count"] == 3
    assert forms.loc["cooperative_partnership", "count"] == 3
    assert forms.loc["equity", "count"] == 2 and forms.loc["patent_license", "count"] == 0
    assert forms["n"].eq(10).all() and forms["count"].sum() == CODED["n_cooperation_forms"].sum()
    per_record = forms_per_record(CODED, 0.95)
    assert list(per_record["count"]) == [1, 5, 3, 1]  # 0, 1, 2, 3 forms


def test_keys_and_interval_text():
    assert snake("United States") == "united_states" and snake("Czech Republic") == "czech_republic"
    assert interval_text(0.2336, 0.3019) == "23.4–30.2" and interval_text(float("nan"), 0.5) == ""


# --- headline shares and cross-tabs -------------------------------------------------------------------


def test_headline_shares_count_the_right_records():
    shares = headline_shares(CODED, 0.95).set_index("key")
    expected = {
        "ai_share": (3, 10),
        "government_lab_ai_share": (2, 3),          # r04, r07 of r04, r05, r07
        "houston_share_of_us": (2, 3),
        "ras_share_of_russia": (2, 3),
        "us_share_of_it": (2, 3),                   # IT: r01, r03 (US), r06 (Russia)
        "it_share_of_us": (2, 3),
        "allies_share": (3, 10),                    # Japan x2, UK
        "allies_and_us_share": (6, 10),
        "allies_share_of_non_us": (3, 7),
        "top_four_share": (9, 10),                  # Russia 3, US 3, Japan 2, Finland 1 (ties by name)
        "institution_stated_share": (8, 10),
        "company_share_of_stated": (3, 8),
        "other_institution_share_of_stated": (1, 8),
        "multiple_forms_share": (4, 10),
        "biotech_or_ai_share": (5, 10),
    }
    for key, (count, n) in expected.items():
        row = shares.loc[key]
        assert (row["count"], row["n"]) == (count, n), key
        low, high = wilson(count, n)
        assert close(row["ci_low"], low) and close(row["ci_high"], high), key


def test_flags_read_back_from_csv_as_text_still_count():
    text = CODED.assign(ai_flag=CODED["ai_flag"].map(str), us_ally=CODED["us_ally"].map(str))
    assert headline_shares(text, 0.95).equals(headline_shares(CODED, 0.95))


def test_an_empty_base_gives_no_interval_and_no_error():
    no_labs = CODED[CODED["institution_type"].ne("government_lab")]
    row = headline_shares(no_labs, 0.95).set_index("key").loc["government_lab_ai_share"]
    assert row["n"] == 0 and math.isnan(row["share"])
    table = sensitivity(headline_shares(no_labs, 0.95), 0.95)
    assert "government_lab_ai_share" not in set(table["key"])
    assert set(table["method"]) == {"wilson", "clopper_pearson", "jeffreys", "agresti_coull"}


def test_largest_it_source_and_its_exact_test():
    sources = sources_of(CODED, "information_technology")
    assert list(sources["country"]) == ["United States", "Russia"] and list(sources["records"]) == [2, 1]
    result = largest_source(sources, "United States")
    assert result["largest"] and result["runner_up"] == "Russia" and result["runner_up_records"] == 1
    # 25 vs 20: two-sided exact binomial p, by hand = 2 * P(X >= 25 | 45, 1/2)
    big = pd.DataFrame({"country": ["United States", "Russia"], "records": [25, 20]})
    by_hand = 2 * sum(math.comb(45, k) for k in range(25, 46)) / 2 ** 45
    assert close(largest_source(big, "United States")["lead_test_p"], by_hand)
    tie = pd.DataFrame({"country": ["Russia", "United States"], "records": [20, 20]})
    assert not largest_source(tie, "United States")["largest"] and largest_source(tie, "United States")["tied_largest"]


def test_government_labs_per_target():
    labs = government_labs(CODED)
    assert list(labs["target_name"]) == ["Russian Academy of Sciences", "Delta Lab"]
    assert list(labs["records"]) == [2, 1] and list(labs["ai_records"]) == [1, 1]
    assert list(labs["more_than_one"]) == [True, False]


def test_ras_target_name_is_endnote_60s():
    cases = yaml.safe_load((ROOT / "data/reference/published_cases.yaml").read_text(encoding="utf-8"))
    from wishlist.brief.vocabulary import RAS_TARGET

    assert RAS_TARGET in [lab["target_name"] for lab in cases["government_labs_endnote_60"]]


# --- the published layer ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published():
    return published_layer(TARGETS, 0.95).set_index("key")


def test_published_pairs_read_the_brief_counts(published):
    pairs = {key: (row["count"], row["n"]) for key, row in published.iterrows()}
    assert pairs["ai_share"] == (171, 642)
    assert pairs["company_share_of_stated"] == (264, 529) and pairs["university_share_of_stated"] == (165, 529)
    assert pairs["houston_share_of_us"] == (69, 77) and pairs["ras_share_of_russia"] == (40, 112)
    assert pairs["us_share"] == (77, 642) and pairs["top_eight_share"] == (448, 642)
    assert pairs["top_four_share"] == (308, 642) and pairs["coder_agreement"] == (67, 100)
    assert pairs["case_partnered_share"] == (14, 30) and pairs["case_partnered_known_share"] == (14, 22)
    assert pairs["biopharma_printed_count"] == (190, 642) and pairs["allies_share_of_non_us"] == (400, 565)
    assert len(published) == len(PUBLISHED_PAIRS)
    for key, row in published.iterrows():
        low, high = wilson(row["count"], row["n"])
        assert close(row["share"], row["count"] / row["n"]) and close(row["ci_low"], low), key
        assert close(row["ci_high"], high), key


def test_published_checks_flag_the_brief_inconsistencies(published):
    assert published.loc["ai_share", "check"] == "consistent"            # 26.6 -> 27
    assert published.loc["ai_share", "stated_vs_ci"] == "inside the interval"
    assert published.loc["biopharma_printed_count", "check"] == "mismatch"  # 190/642 = 29.6, "25 percent"
    assert published.loc["biopharma_printed_count", "stated_vs_ci"] == "outside the interval"
    assert published.loc["biopharma_printed_count", "conflict_noted"]
    assert published.loc["houston_share_of_us", "check"] == "consistent only if truncated"  # 89.6, "89"
    assert published.loc["allies_literal_maximum", "check"] == "mismatch"   # 68.1 is not "more than 70"
    assert published.loc["allies_and_us_share", "stated_vs_ci"] == "holds across the interval"
    assert published.loc["ras_share_of_russia", "stated_vs_ci"] == "holds at the estimate only"
    assert published.loc["top_eight_share", "check"] == "no percentage stated"
    assert published.loc["coder_agreement", "stated"] == "67 %"
    numbers = published_numbers(published.reset_index(), 0.95)
    assert numbers["mismatches"] == 2 and set(numbers["mismatch_keys"].split(", ")) == {
        "biopharma_printed_count", "allies_literal_maximum"}
    assert numbers["truncation_only_keys"] == "houston_share_of_us"
    assert numbers["biopharma_printed_count"]["stated_pct"] == 0.25


def test_references_resolve_values_expected_denominators_lists_and_sums():
    targets = {"a": {"value": 10, "expected": 9, "denominator": 100}, "b": {"value": [3, 4]},
               "c": {"value": "text"}}
    assert resolve("a", targets) == 10 and resolve("a.expected", targets) == 9
    assert resolve("a.denominator", targets) == 100 and resolve("b[1]", targets) == 4
    assert resolve(("a", "b[0]", "-a.expected"), targets) == 4
    with pytest.raises(KeyError, match="does not exist"):
        resolve("missing", targets)
    with pytest.raises(ValueError, match="not a count"):
        resolve("c", targets)


@pytest.mark.parametrize("count,n,kind,stated,check", [
    (1, 8, "rounded percentage", 13, "consistent"),                     # 12.5 rounds half up to 13
    (1, 8, "rounded percentage", 12, "consistent only if truncated"),
    (1, 8, "rounded percentage", 12.5, "consistent"),
    (1, 3, "rounded percentage", 33.3, "consistent"),
    (1, 3, "rounded percentage", 34, "mismatch"),
    (40, 112, "lower bound", 33.3, "consistent"),
    (437, 642, "lower bound", 70, "mismatch"),
    (77, 642, "upper bound", 12, "consistent"),
])
def test_stated_check(count, n, kind, stated, check):
    low, high = wilson(count, n)
    assert stated_check(count, n, kind, stated, low, high)[0] == check


# --- the case-study sample -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def case_tables():
    return case_study_estimates({"partnered": 14, "no": 8, "insufficient": 8}, 81, 0.95, [0.10, 0.15])


def test_share_partnered_under_three_methods(case_tables):
    from scipy.stats import beta

    by = case_tables["by_method"].set_index("method")
    assert close(by.loc["wilson", "low"], wilson(14, 30)[0]) and close(by.loc["wilson", "high"], wilson(14, 30)[1])
    assert close(by.loc["clopper_pearson", "low"], beta.ppf(0.025, 14, 17))
    assert close(by.loc["clopper_pearson", "high"], beta.ppf(0.975, 15, 16))
    assert close(by.loc["jeffreys", "low"], beta.ppf(0.025, 14.5, 16.5))
    assert close(by.loc["jeffreys", "high"], beta.ppf(0.975, 14.5, 16.5))


def test_partnering_firms_in_the_frame_invert_scipy_hypergeometric_tails(case_tables):
    row = case_tables["finite_population"].iloc[0]
    assert (row["successes"], row["sample_size"], row["population_size"]) == (14, 30, 81)
    k_low, k_high = int(row["k_low"]), int(row["k_high"])
    # k_low: first K whose upper tail P(X >= 14) exceeds 2.5 %; k_high: last K whose lower tail P(X <= 14) does
    assert hypergeom.sf(13, 81, k_low, 30) > 0.025 >= hypergeom.sf(13, 81, k_low - 1, 30)
    assert hypergeom.cdf(14, 81, k_high, 30) > 0.025 >= hypergeom.cdf(14, 81, k_high + 1, 30)
    assert close(row["share_low"], k_low / 81) and close(row["k_estimate"], 81 * 14 / 30)
    upper = case_tables["finite_population"].iloc[1]
    assert upper["successes"] == 22 and hypergeom.cdf(22, 81, int(upper["k_high"]), 30) > 0.025


def test_unknown_outcomes_as_bounds(case_tables):
    bounds = case_tables["missing_bounds"].set_index("scenario")
    for scenario, (count, n) in {"known_only": (14, 22), "missing_as_failures": (14, 30),
                                 "missing_as_successes": (22, 30)}.items():
        assert (bounds.loc[scenario, "count"], bounds.loc[scenario, "n"]) == (count, n)
        assert close(bounds.loc[scenario, "ci_low"], wilson(count, n)[0])
        assert close(bounds.loc[scenario, "ci_high"], wilson(count, n)[1])


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
    from wishlist.stats.proportions import sample_size_for_margin

    assert sample_size_for_margin(achieved_margin(n, population_size=population), population_size=population) == n


def test_outcomes_jointly_and_the_numbers_fragment(case_tables):
    outcomes = case_tables["outcomes"]
    assert list(outcomes["category"]) == ["partnered", "no", "insufficient"] and outcomes["method"].eq("goodman").all()
    report = {"outcome_rows_not_in_draw": {"count": 0}, "outcome_provenance": {"published": 14, "reconstructed": 16}}
    numbers = case_study_numbers({"partnered": 14, "no": 8, "insufficient": 8}, case_tables, report, 0.95)
    assert (numbers["partnered"], numbers["not_partnered"], numbers["insufficient"]) == (14, 8, 8)
    assert numbers["frame_size"] == 81 and numbers["partnered_share"]["ci_method"] == "wilson"
    assert set(numbers["partnered_share_by_method"]) == {"clopper_pearson", "jeffreys", "agresti_coull"}
    assert numbers["precision"]["margin_10"]["n_infinite_population"] == 97
    assert numbers["bounds"]["share_low_pct"] == 14 / 30 and numbers["bounds"]["share_high_pct"] == 22 / 30
    assert numbers["frame_bounds"]["firms_low"] == numbers["frame_partnering"]["firms_low"]
