"""Rule estimate_proportions: headline shares and cross-tabs, against counts made by eye on ten hand-made
records, misclassification bounds worked by hand and the exact binomial test by hand. The records are a
census: no share carries a sampling interval."""

import math
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from references import close

from wishlist.brief.codebook import load_codebook
from wishlist.brief.vocabulary import RAS_TARGET
from wishlist.stages.estimate_proportions import (
    SHARE_COLUMNS,
    government_labs,
    headline_shares,
    largest_category_robust,
    largest_source,
    main,
    misclassification_table,
    post_distribution,
    sources_of,
)

ROOT = Path(__file__).resolve().parents[2]


# Ten hand-made coded records: every count below is countable by eye.
CODED = pd.DataFrame([
    # file_number, year, country, post_en, target_name, ai_flag, n_forms, us_ally, category, type
    ("r01", 2015, "United States", "Houston", "Acme", True, 2, False, "information_technology", "company"),
    ("r02", 2015, "United States", "Houston", "Beta", False, 1, False, "biopharma_medical", "company"),
    ("r03", 2016, "United States", "Chicago", "", False, 0, False, "information_technology", "not_stated"),
    ("r04", 2016, "Russia", "Vladivostok", "Russian Academy of Sciences", True, 2, False, "marine", "government_lab"),
    ("r05", 2016, "Russia", "Khabarovsk", "Russian Academy of Sciences", False, 1, False, "new_materials",
     "government_lab"),
    ("r06", 2017, "Russia", "Moscow", "Gamma University", False, 1, False, "information_technology", "university"),
    ("r07", 2017, "Japan", "Tokyo", "Delta Lab", True, 3, True, "machines_robots", "government_lab"),
    ("r08", 2017, "Japan", "Osaka", "Epsilon", False, 1, True, "new_materials", "company"),
    ("r09", 2017, "United Kingdom", "London", "Zeta", False, 1, True, "biopharma_medical", "other"),
    ("r10", 2017, "Finland", "Helsinki", "", False, 2, False, "energy_equipment", "not_stated"),
], columns=["file_number", "year", "country", "post_en", "target_name", "ai_flag", "n_cooperation_forms", "us_ally",
            "mic2025_category", "institution_type"])


def test_headline_shares_count_the_right_records():
    shares = headline_shares(CODED).set_index("key")
    expected = {
        "ai_share": (3, 10),
        "us_share": (3, 10),
        "government_lab_ai_share": (2, 3),          # r04, r07 of r04, r05, r07
        "houston_share_of_us": (2, 3),
        "ras_share_of_russia": (2, 3),
        "us_share_of_it": (2, 3),                   # IT: r01, r03 (US), r06 (Russia)
        "it_share_of_us": (2, 3),
        "allies_share": (3, 10),                    # Japan x2, UK
        "allies_and_us_share": (6, 10),
        "allies_share_of_non_us": (3, 7),
        "top_four_share": (9, 10),                  # Russia 3, US 3, Japan 2, Finland 1 (ties by name)
        "top_eight_share": (10, 10),
        "institution_stated_share": (8, 10),
        "company_share_of_stated": (3, 8),
        "university_share_of_stated": (1, 8),
        "government_lab_share_of_stated": (3, 8),
        "other_institution_share_of_stated": (1, 8),
        "multiple_forms_share": (4, 10),
        "biotech_or_ai_share": (5, 10),             # biopharma r02, r09 + AI r01, r04, r07
    }
    assert set(expected) == set(shares.index)
    for key, (count, n) in expected.items():
        row = shares.loc[key]
        assert (row["count"], row["n"]) == (count, n), key
        assert row["share"] == count / n, key
    assert list(shares.reset_index().columns) == SHARE_COLUMNS  # a census: no ci_low, ci_high


def test_flags_read_back_from_csv_as_text_still_count():
    text = CODED.assign(ai_flag=CODED["ai_flag"].map(str), us_ally=CODED["us_ally"].map(str))
    assert headline_shares(text).equals(headline_shares(CODED))


def test_a_flag_that_is_not_true_or_false_is_an_error():
    """The old reader turned an unreadable flag into True; the shared parser refuses it."""
    with pytest.raises(ValueError, match="not a true/false flag"):
        headline_shares(CODED.assign(ai_flag=["yes"] * 10))


def test_an_empty_base_gives_an_empty_share_and_no_error():
    no_labs = CODED[CODED["institution_type"].ne("government_lab")]
    row = headline_shares(no_labs).set_index("key").loc["government_lab_ai_share"]
    assert row["count"] == 0 and row["n"] == 0 and math.isnan(row["share"])


CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")


def test_misclassification_bounds_by_hand():
    # error rate e = .5 for the bounds, .2 "at estimate"; count bounds [c - floor(e c), floor(c / (1 - e))]
    rate = SimpleNamespace(rate=0.2, rate_high=0.5)
    table = misclassification_table(CODED, CODEBOOK, rate).set_index("key")
    it = table.loc["category_information_technology"]  # 3 of 10: [3 - 1, 6] at .5; [3 - 0, 3] at .2
    assert (it["count_low"], it["count_high"], it["share_low"], it["share_high"]) == (2, 6, 0.2, 0.6)
    assert (it["count_low_at_estimate"], it["count_high_at_estimate"]) == (3, 3)
    # biopharma 2 (r02, r09, neither AI) or AI 3: union 5 of 10. Leave: min(floor(.5 x 2) = 1, 2 - 0) -> 4;
    # join: min(floor(2 / .5) - 2 = 2, 10 - 5) -> 7
    union = table.loc["biotech_or_ai_share"]
    assert (union["count"], union["count_low"], union["count_high"]) == (5, 4, 7)
    # IT among the 3 US records: 2 -> [2 - 1, min(4, 3)] = [1, 3]
    assert table.loc["it_share_of_us", ["count_low", "count_high"]].tolist() == [1, 3]
    # US share of IT: US IT 2 -> [1, 4], other IT 1 -> [1, 2]: [1/(1 + 2), 4/(4 + 1)]
    us_of_it = table.loc["us_share_of_it"]
    assert close(us_of_it["share_low"], 1 / 3) and close(us_of_it["share_high"], 0.8)
    # ranking: IT's low end 2 does not beat the highest other end (biopharma and new materials, 2 -> 4)
    ranking = largest_category_robust(table.reset_index())
    assert ranking["largest"] == "Information technology" and ranking["robust"] is False


def test_largest_it_source_and_its_exact_test():
    sources = sources_of(CODED, "information_technology")
    assert list(sources["country"]) == ["United States", "Russia"] and list(sources["records"]) == [2, 1]
    assert list(sources["share_of_category"]) == [2 / 3, 1 / 3]
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


def test_posts_of_a_country():
    posts = post_distribution(CODED, "United States").set_index("post")
    assert posts.loc["Houston", "count"] == 2 and posts.loc["Chicago", "count"] == 1 and posts["n"].eq(3).all()
    assert posts.loc["Houston", "share"] == 2 / 3
    assert post_distribution(CODED, "Brazil").empty


def test_ras_target_name_is_endnote_60s():
    cases = yaml.safe_load((ROOT / "data/reference/published_cases.yaml").read_text(encoding="utf-8"))
    assert RAS_TARGET in [lab["target_name"] for lab in cases["government_labs_endnote_60"]]


def test_main_writes_the_numbers_fragment(tmp_path):
    """The rule end to end on the ten records (no Snakemake), values by eye."""
    coded = tmp_path / "coded.csv"
    CODED.to_csv(coded, index=False)
    names = ("proportions", "misclassification", "per_year", "us_posts", "it_sources", "labs")
    reliability = tmp_path / "reliability.yml"
    reliability.write_text("double_coded: 100\nmic2025_category: {agreements: 67}\n", encoding="utf-8")
    smk = SimpleNamespace(input=SimpleNamespace(coded=str(coded), codebook=str(ROOT / "data/codebook.yaml"),
                                                reliability=str(reliability)),
                          output=SimpleNamespace(**{n: str(tmp_path / f"{n}.csv") for n in names},
                                                 numbers=str(tmp_path / "estimates.yml")),
                          params=SimpleNamespace(level=0.95, window={"first_year": 2015, "last_year": 2017}))
    main(smk)
    numbers = yaml.safe_load((tmp_path / "estimates.yml").read_text(encoding="utf-8"))
    assert numbers["records"] == 10 and numbers["top_four_countries"] == "Russia, United States, Japan, Finland"
    assert numbers["largest_post"] == "Houston" and numbers["largest_post_records"] == 2
    assert numbers["government_labs"] == 2 and numbers["government_labs_more_than_one_record"] == 1
    assert (numbers["ai_share"]["count"], numbers["ai_share"]["n"]) == (3, 10)
    assert numbers["us_it"]["largest"] and numbers["us_it"]["runner_up"] == "Russia"
    assert [numbers["per_year"][f"year_{y}"]["count"] for y in (2015, 2016, 2017)] == [2, 3, 5]
    assert pd.read_csv(tmp_path / "per_year.csv")["records"].sum() == 10
    assert "ci_low_pct" not in numbers["ai_share"]
    # 67 of 100 over 11 categories: e = .183525 (tests/stats/test_misclassification.py)
    assert round(numbers["misclassification"]["error_rate_pct"], 6) == 0.183525
    assert numbers["misclassification"]["category_information_technology"]["share_pct"] == 0.3
