"""Rule describe_records: the distributions of the coded records, against counts made by eye on ten
hand-made records. The records are a census: no share carries a sampling interval."""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.stages.describe_records import (
    category_distribution,
    cooperation_form_shares,
    country_distribution,
    distribution,
    forms_per_record,
    institution_distribution,
    main,
    records_per_year,
    snake,
)

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")


CODED = pd.DataFrame([
    # file_number, year, country, cooperation_forms, n_forms, category, type
    ("r01", 2015, "United States", "cooperative_partnership;equity", 2, "information_technology", "company"),
    ("r02", 2015, "United States", "financial_investment", 1, "biopharma_medical", "company"),
    ("r03", 2016, "United States", "", 0, "information_technology", "not_stated"),
    ("r04", 2016, "Russia", "research_cooperation;technology_transfer", 2, "marine", "government_lab"),
    ("r05", 2016, "Russia", "research_cooperation", 1, "new_materials", "government_lab"),
    ("r06", 2017, "Russia", "technology_transfer", 1, "information_technology", "university"),
    ("r07", 2017, "Japan", "research_cooperation;joint_venture;equity", 3, "machines_robots", "government_lab"),
    ("r08", 2017, "Japan", "joint_venture", 1, "new_materials", "company"),
    ("r09", 2017, "United Kingdom", "cooperative_partnership", 1, "biopharma_medical", "other"),
    ("r10", 2017, "Finland", "cooperative_partnership;financial_investment", 2, "energy_equipment", "not_stated"),
], columns=["file_number", "year", "country", "cooperation_forms", "n_cooperation_forms", "mic2025_category",
            "institution_type"])


def test_category_distribution_counts_every_codebook_category():
    table = category_distribution(CODED, CODEBOOK)
    assert len(table) == 11 and table["n"].eq(10).all()
    counts = dict(zip(table["category"], table["count"]))
    assert counts["information_technology"] == 3 and counts["biopharma_medical"] == 2
    assert counts["aerospace"] == 0 and counts["railway"] == 0
    assert list(table["count"]) == sorted(table["count"], reverse=True)
    it = table[table["category"].eq("information_technology")].iloc[0]
    assert it["label"] == "Information technology"
    assert it["share"] == 0.3 and "ci_low" not in table.columns and "goodman_low" not in table.columns


def test_distribution_refuses_values_outside_the_categories():
    with pytest.raises(ValueError, match="not among the categories"):
        distribution(["a", "z"], categories=["a", "b"])


def test_records_per_year_keeps_empty_years_of_the_window():
    table = records_per_year(CODED, 2014, 2017)
    assert list(table["year"]) == [2014, 2015, 2016, 2017]
    assert list(table["records"]) == [0, 2, 3, 5]
    assert table["share"].tolist() == [0, 0.2, 0.3, 0.5]
    assert not {"ci_low", "ci_high"} & set(table.columns)  # a census: no interval


def test_country_ranks_and_top_flag():
    table = country_distribution(CODED, top=2)
    assert list(table["category"][:3]) == ["Russia", "United States", "Japan"]  # 3, 3 (ties by name), 2
    assert list(table["rank"][:3]) == [1, 1, 3]
    assert list(table["top"]) == [True, True] + [False] * (len(table) - 2)


def test_institution_types_over_all_and_over_stated():
    table = institution_distribution(CODED, CODEBOOK)
    stated = table[table["base"].eq("stated")].set_index("category")
    everything = table[table["base"].eq("all")].set_index("category")
    assert "not_stated" not in stated.index and stated["n"].eq(8).all()
    assert stated.loc["government_lab", "count"] == 3 and stated.loc["company", "count"] == 3
    assert everything.loc["not_stated", "count"] == 2 and everything["n"].eq(10).all()
    assert stated.loc["company", "share"] == 3 / 8


def test_cooperation_forms_are_multi_label():
    forms = cooperation_form_shares(CODED, CODEBOOK).set_index("category")
    assert forms.loc["research_cooperation", "count"] == 3
    assert forms.loc["cooperative_partnership", "count"] == 3
    assert forms.loc["equity", "count"] == 2 and forms.loc["patent_license", "count"] == 0
    assert forms["n"].eq(10).all() and forms["count"].sum() == 14  # 2+1+0+2+1+1+3+1+1+2 forms named
    per_record = forms_per_record(CODED)
    assert list(per_record["count"]) == [1, 5, 3, 1]  # 0, 1, 2, 3 forms
    assert list(per_record["label"]) == ["0 forms", "1 form", "2 forms", "3 forms"]


def test_an_unknown_cooperation_form_is_an_error():
    with pytest.raises(ValueError, match="not in the codebook"):
        cooperation_form_shares(CODED.assign(cooperation_forms="bribery"), CODEBOOK)


def test_number_keys_of_country_names():
    assert snake("United States") == "united_states" and snake("Czech Republic") == "czech_republic"
    assert snake("3M Country") == "n_3m_country"
    with pytest.raises(ValueError, match="empty key"):
        snake("—")


def test_main_writes_the_tables_and_the_numbers_fragment(tmp_path):
    """The rule end to end on the ten records (no Snakemake): CSVs and numbers.yml values by eye."""
    from types import SimpleNamespace

    coded = tmp_path / "coded.csv"
    CODED.to_csv(coded, index=False)
    names = ("categories", "countries", "institutions", "forms", "forms_per_record")
    output = {name: str(tmp_path / f"{name}.csv") for name in names}
    smk = SimpleNamespace(input=SimpleNamespace(coded=str(coded), codebook=str(ROOT / "data/codebook.yaml")),
                          output=SimpleNamespace(**output, numbers=str(tmp_path / "descriptives.yml")),
                          log=[str(tmp_path / "log")])
    main(smk)
    numbers = yaml.safe_load((tmp_path / "descriptives.yml").read_text(encoding="utf-8"))
    assert numbers["records"] == 10 and numbers["countries_total"] == 5
    assert numbers["top_countries"] == "Russia, United States, Japan, Finland, United Kingdom"
    assert numbers["countries"]["united_states"]["rank"] == 1 and numbers["countries"]["japan"]["count"] == 2
    assert numbers["largest_category"] == "Information technology"
    categories = pd.read_csv(output["categories"])
    assert list(categories.columns) == ["category", "label", "count", "n", "share"]
    assert numbers["mic2025_records"]["count"] == 10  # no record is coded "other"
    us = numbers["countries"]["united_states"]
    assert us["share_pct"] == 0.3 and "ci_low_pct" not in us  # a census share: no interval
    assert numbers["institution_types_stated"]["company"]["n"] == 8
    assert numbers["forms_per_record"]["forms_2"]["count"] == 3
    assert pd.read_csv(output["countries"])["top"].tolist() == [True] * 5
