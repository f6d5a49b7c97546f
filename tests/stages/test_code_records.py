"""Rule code_records: AI/ML keyword coding (brief, endnote 38), cooperation forms (Appendix I), the coded table."""

from pathlib import Path

import pandas as pd
import pytest

from wishlist.brief.codebook import allies_in, load_codebook, read_alliances
from wishlist.stages.code_records import (
    agreement_lines,
    code_ai,
    code_cooperation,
    code_records,
    context_path,
    keyword_contributions,
    keyword_pattern,
    stop_message,
    to_code_worksheet,
    us_ally,
)

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK = load_codebook(ROOT / "data/codebook.yaml")


def test_codebook_holds_the_published_lists():
    assert len(CODEBOOK.ai_ml_keywords) == 20          # endnote 38
    assert CODEBOOK.ai_ml_keywords[0] == "算法" and CODEBOOK.ai_ml_keywords[-1] == "机器人"
    assert len(CODEBOOK.us_allies) == 19               # endnote 55
    assert CODEBOOK.us_allies_years == (2015, 2020)    # the brief's window, which the list describes
    assert "United States" not in CODEBOOK.us_allies
    assert len(CODEBOOK.category_codes) == 11          # ten MIC2025 industries + other
    assert len(CODEBOOK.cooperation_forms) == 9        # Appendix I


def hits(title, description=""):
    records = pd.DataFrame({"file_number": ["x"], "title_zh": [title], "description_zh": [description]})
    return code_ai(records, CODEBOOK.ai_ml_keywords, CODEBOOK.keyword_matching).iloc[0]


@pytest.mark.parametrize("text,expected", [
    ("AI芯片", "AI"),                 # Latin term next to Chinese characters: a word boundary
    ("(AI) platform", "AI"),
    ("TRAINING platform", ""),        # AI inside a Latin word: no hit
    ("Thai rice", ""),
    ("ai lowercase", ""),             # case-sensitive
    ("工业自动化生产线", "自动"),       # broad Chinese term hits inside a longer word
    ("人工智能平台", "人工智能;智能"),    # overlapping terms are all reported
    ("无人机控制", "人机;无人"),        # 无人机 (UAV) also contains 人机 (human-machine)
    ("新型咖啡杯", ""),
])
def test_keyword_matching_rules(text, expected):
    assert hits(text)["ai_keywords"] == expected


def test_hits_are_located_by_field():
    row = hits("深度学习平台", "用于机器人")
    assert row["ai_flag"]
    assert row["ai_keywords_title"] == "深度学习"
    assert row["ai_keywords_description"] == "机器人"
    assert row["ai_keywords"] == "机器人;深度学习"


def test_keyword_contributions_count_sole_hits():
    records = pd.DataFrame({
        "file_number": ["a", "b", "c"],
        "title_zh": ["自动门", "自动驾驶算法", "咖啡"],
        "description_zh": ["", "", ""],
    })
    coded = code_ai(records, CODEBOOK.ai_ml_keywords, CODEBOOK.keyword_matching)
    table = keyword_contributions(coded, CODEBOOK.ai_ml_keywords).set_index("keyword")
    assert table.loc["自动", "records_hit"] == 2
    assert table.loc["自动", "records_only_this_keyword"] == 1   # only record a
    assert table.loc["算法", "records_only_this_keyword"] == 0


def test_prefix_terms_are_refused():
    with pytest.raises(ValueError, match="prefix"):
        keyword_pattern(["自动", "自动化"], CODEBOOK.keyword_matching)


def test_cooperation_forms_are_multi_label_in_codebook_order():
    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["寻求合资"],
                            "description_zh": ["外方寻求风险投资，并希望合作研究和技术转让。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    # 风险投资 and 投资 both name financial investment: one form, not two
    assert row["cooperation_forms"] == "technology_transfer;financial_investment;research_cooperation;joint_venture"
    assert row["n_cooperation_forms"] == 4


def test_broad_partnership_terms_hit_inside_longer_phrases():
    # 开展合作研究 ("carry out cooperative research") contains 开展合作, an Appendix I
    # partnership term: the substring rule counts both forms, as the brief's list implies.
    records = pd.DataFrame({"file_number": ["x"], "title_zh": ["项目"], "description_zh": ["希望开展合作研究。"]})
    row = code_cooperation(records, CODEBOOK.cooperation_forms, CODEBOOK.keyword_matching).iloc[0]
    assert row["cooperation_forms"] == "cooperative_partnership;research_cooperation"


def records(**columns):
    base = {"file_number": ["b", "a"], "year": [2016, 2015], "filing_date": ["2016-02", "2015-01-04"],
            "post": ["东京", "休斯顿"], "post_en": ["Tokyo", "Houston"], "post_type": ["embassy", "consulate"],
            "country": ["Japan", "United States"], "target_name": ["Beta", "Alpha"],
            "provenance": ["reconstructed", "brief"], "title_zh": ["深度学习平台", "咖啡杯"],
            "description_zh": ["寻求合资", "希望技术转让"]}
    return pd.DataFrame({**base, **columns})


MANUAL = pd.DataFrame({"file_number": ["a", "b"], "mic2025_category": ["other", "information_technology"],
                       "institution_type": ["company", "university"], "code_source": ["coder_a_only", "adjudicated"]})


def test_coded_table_joins_automated_and_manual_codes_by_file_number():
    coded = code_records(records(), CODEBOOK, MANUAL).set_index("file_number")
    assert list(coded.index) == ["a", "b"]  # sorted by file number
    # b: 深度学习 is an endnote-38 term, 合资 names a joint venture; a: neither
    assert coded.loc["b", "ai_flag"] and coded.loc["b", "ai_keywords"] == "深度学习"
    assert not coded.loc["a", "ai_flag"] and coded.loc["a", "ai_keywords"] == ""
    assert coded.loc["b", "cooperation_forms"] == "joint_venture"
    assert coded.loc["a", "cooperation_forms"] == "technology_transfer"
    # Japan is among the 19 endnote-55 allies; the United States itself is not
    assert coded.loc["b", "us_ally"] and not coded.loc["a", "us_ally"]
    assert coded.loc["b", "mic2025_category"] == "information_technology"
    assert coded.loc["b", "code_source"] == "adjudicated"


def test_a_record_without_manual_codes_is_refused():
    with pytest.raises(ValueError, match="1 records lack manual codes, first b"):
        code_records(records(), CODEBOOK, MANUAL.iloc[:1])


def test_the_worksheet_is_a_coder_sheet_and_its_context_lies_beside_it():
    uncoded = records()
    suggestions = pd.DataFrame({"file_number": ["a", "b"], "mic2025_category": ["other", "vehicles"],
                                "institution_type": ["company", "other"]})
    sheet, context = to_code_worksheet(uncoded, suggestions)
    # exactly a coder sheet's columns, in a coder sheet's order
    assert list(sheet.columns) == ["file_number", "mic2025_category", "institution_type", "provenance"]
    assert list(sheet["file_number"]) == ["a", "b"]             # sorted by file number
    assert set(sheet["mic2025_category"]) == set(sheet["institution_type"]) == {""}  # the coder's to fill
    assert set(sheet["provenance"]) == {"bulletin"}             # a real coder's codes
    # the context has the same rows in the same order, with the text and the suggestions
    assert list(context["file_number"]) == ["a", "b"]
    assert list(context["title_zh"]) == ["咖啡杯", "深度学习平台"]
    assert list(context["country"]) == ["United States", "Japan"]
    assert list(context["record_provenance"]) == ["brief", "reconstructed"]
    assert list(context["suggested_category"]) == ["other", "vehicles"]
    assert list(context["suggested_institution_type"]) == ["company", "other"]
    blank_sheet, blank = to_code_worksheet(uncoded)
    assert blank_sheet.equals(sheet)
    assert set(blank["suggested_category"]) == {""}


def test_a_filled_in_worksheet_reads_as_a_coder_sheet(tmp_path):
    from wishlist.brief.sheets import read_coder_sheet
    from wishlist.core.files import write_csv

    sheet, _ = to_code_worksheet(records())
    sheet["mic2025_category"] = ["other", "information_technology"]
    sheet["institution_type"] = ["company", "university"]
    write_csv(tmp_path / "coder_c.csv", sheet)
    allowed = {"mic2025_category": CODEBOOK.category_codes, "institution_type": CODEBOOK.institution_codes}
    read = read_coder_sheet(tmp_path / "coder_c.csv", allowed, {"a", "b"})
    assert read.to_dict("list") == {"file_number": ["a", "b"], "mic2025_category": ["other", "information_technology"],
                                    "institution_type": ["company", "university"],
                                    "provenance": ["bulletin", "bulletin"]}


def test_the_context_file_sits_next_to_the_worksheet():
    assert context_path("results/worksheets/to_code.csv") == Path("results/worksheets/to_code_context.csv")


def test_the_stop_message_names_both_files_and_the_next_steps():
    message = stop_message(2, "2021-02-柏林-1", "results/worksheets/to_code.csv",
                           "results/worksheets/to_code_context.csv", ["data/coding/coder_a.csv", "data/coding/coder_b.csv"])
    assert message.startswith("2 record(s) have no manual codes (first 2021-02-柏林-1).")
    for part in ("results/worksheets/to_code.csv", "results/worksheets/to_code_context.csv", "'bulletin'",
                 "data/coding/coder_a.csv", "make manifests", "coding.provisional: true"):
        assert part in message


# ---------------------------------------------------------------- ally status by filing year --
def alliance_table(tmp_path, rows):
    path = tmp_path / "alliances.csv"
    path.write_text("country,group,since_year,ended_year,source\n" + "".join(f"{r}\n" for r in rows),
                    encoding="utf-8")
    return read_alliances(path)


# A hand-made table: Germany NATO since 1955, Finland since 2023, Japan an MNNA since 1987,
# a country whose designation ended in 2022.
HAND_TABLE = ["Germany,nato,1955,,test", "Finland,nato,2023,,test", "Japan,mnna,1987,,test",
              "Afghanistan,mnna,2012,2022,test"]


def test_records_after_the_window_follow_the_table_as_of_their_filing_year(tmp_path):
    table = alliance_table(tmp_path, HAND_TABLE)
    countries = ["Germany", "Germany", "Finland", "Finland", "Japan", "Japan", "Afghanistan", "Afghanistan",
                 "United States", "Russia"]
    years = [2021, 2018, 2021, 2023, 2021, 2018, 2021, 2022, 2021, 2021]
    expected = [True,    # 2021 Germany: NATO since 1955, table applies after 2020
                False,   # 2018 Germany: inside the brief's window, endnote 55 does not list Germany
                False,   # 2021 Finland: joins only in 2023
                True,    # 2023 Finland: a member as of its filing year
                True,    # 2021 Japan: MNNA since 1987
                True,    # 2018 Japan: on endnote 55's list
                True,    # 2021 Afghanistan: designated 2012, still held in 2021
                False,   # 2022 Afghanistan: the designation ended in 2022
                False,   # the United States is not its own ally
                False]   # Russia: in no table
    assert us_ally(countries, years, CODEBOOK, table).tolist() == expected


def test_inside_the_window_the_table_is_not_consulted(tmp_path):
    # an empty table changes nothing inside 2015-2020: endnote 55's list decides
    table = alliance_table(tmp_path, [])
    assert us_ally(["Japan", "Finland", "Chile"], [2015, 2020, 2017], CODEBOOK, table).tolist() == [True, False, False]
    # and without a table only records outside the window are refused
    assert us_ally(["Japan"], [2019], CODEBOOK).tolist() == [True]
    with pytest.raises(ValueError, match=r"records filed in \[2021\]"):
        us_ally(["Japan"], [2021], CODEBOOK)


def test_the_brief_window_numbers_do_not_change():
    # a small frame of the brief's window: 3 of 5 records from endnote-55 countries, one US record
    # (not an ally), one Finland record (not on the list in 2015-2020): allies_share = 3 / 5 by hand
    frame = records()  # b: Japan 2016, a: United States 2015
    small = pd.concat([frame, frame.assign(file_number=["c", "d"], country=["United Kingdom", "Finland"],
                                           year=[2019, 2020]),
                       frame.iloc[:1].assign(file_number=["e"], country=["Canada"], year=[2020])])
    manual = pd.DataFrame({"file_number": list("abcde"), "mic2025_category": ["other"] * 5,
                           "institution_type": ["company"] * 5, "code_source": ["coder_a_only"] * 5})
    table = read_alliances(ROOT / "data/reference/alliances.csv")
    with_table = code_records(small, CODEBOOK, manual, table).set_index("file_number")["us_ally"]
    assert dict(with_table) == {"a": False, "b": True, "c": True, "d": False, "e": True}
    assert with_table.mean() == 3 / 5
    # the earlier rule (the list alone, whatever the year) gives the same flags in the window
    before = small.set_index("file_number")["country"].isin(CODEBOOK.us_allies)
    assert before.sort_index().tolist() == with_table.sort_index().tolist()


def test_the_table_reproduces_endnote_55_for_the_corpus_countries_in_every_window_year():
    # the 37 countries of data/countries.csv: allies in 2015-2020 by the table are exactly endnote 55's 19
    table = read_alliances(ROOT / "data/reference/alliances.csv")
    corpus = set(pd.read_csv(ROOT / "data/countries.csv")["country"])
    for year in range(2015, 2021):
        assert allies_in(table, year) & corpus == set(CODEBOOK.us_allies), year


def test_the_alliance_table_holds_the_dated_facts():
    table = read_alliances(ROOT / "data/reference/alliances.csv").set_index(["country", "group"])
    since = table["since_year"]
    # accession and designation years, as checked against the sources in the table's source column
    assert since[("Germany", "nato")] == 1955 and since[("Spain", "nato")] == 1982
    assert since[("Finland", "nato")] == 2023 and since[("Sweden", "nato")] == 2024
    assert since[("North Macedonia", "nato")] == 2020 and since[("Montenegro", "nato")] == 2017
    assert since[("Israel", "mnna")] == 1987 and since[("Brazil", "mnna")] == 2019
    assert since[("Colombia", "mnna")] == since[("Qatar", "mnna")] == 2022 and since[("Kenya", "mnna")] == 2024
    assert table.loc[("Afghanistan", "mnna"), "ended_year"] == 2022
    assert table["source"].str.len().min() > 10
    assert len(table.xs("nato", level="group")) == 31  # the 32 members of 2024, the United States not counted
    assert allies_in(read_alliances(ROOT / "data/reference/alliances.csv"), 2021) >= set(CODEBOOK.us_allies)


@pytest.mark.parametrize("row,problem", [
    ("United States,nato,1949,,x", "not its own ally"),
    ("Germany,eu,1958,,x", "unknown group"),
    ("Germany,nato,55,,x", "four-digit"),
    ("Germany,nato,1955,1950,x", "after since_year"),
    ("Germany,nato,1955,,", "needs its source"),
])
def test_a_bad_alliance_row_is_refused(tmp_path, row, problem):
    from wishlist.core.errors import StudyInputError

    with pytest.raises(StudyInputError, match=problem):
        alliance_table(tmp_path, [row])


def test_a_country_listed_twice_in_a_group_is_refused(tmp_path):
    from wishlist.core.errors import StudyInputError

    with pytest.raises(StudyInputError, match="listed twice"):
        alliance_table(tmp_path, ["Germany,nato,1955,,x", "Germany,nato,1956,,x"])


def test_the_log_lines_say_when_no_agreement_was_measured():
    report = {"real_text": {"records": 0, "measured": False},
              "reconstructed_text": {"records": 4, "measured": True,
                                     "mic2025_category": {"accuracy_pct": 0.75, "kappa": 0.5},
                                     "institution_type": {"accuracy_pct": 1.0}}}
    real, reconstructed = agreement_lines(report)
    assert "none human-coded, agreement not measured" in real
    assert "n = 4" in reconstructed and "accuracy 75.0 %" in reconstructed and "kappa 0.50" in reconstructed
    assert "kappa undefined" in reconstructed


# ---------------------------------------------------------------- the rule, on the fixture corpus --
def fixture_rule(tmp_path, provisional: bool):
    """Rule code_records' inputs: the fixture's records, one of them (the 2017 record) not coded."""
    import json
    from types import SimpleNamespace

    from wishlist.brief.records import Gazetteer, ingest
    from wishlist.core.files import write_csv, write_yaml

    fixture = ROOT / "tests/fixtures/corpus/data"
    gazetteer = Gazetteer.load(fixture / "gazetteer.csv", fixture / "countries.csv")
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted((fixture / "raw").glob("*.jsonl")):
        (raw / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    new = {"file_number": "2021-02-东京-1", "filing_date": "2021-01", "post": "东京", "country": "Japan",
           "title_zh": "高强度复合材料", "description_zh": "日本企业开发高强度轻质复合材料，寻求合资。",
           "provenance": "bulletin"}
    (raw / "2021.jsonl").write_text(json.dumps(new, ensure_ascii=False) + "\n", encoding="utf-8")
    records, report = ingest(sorted(raw.glob("*.jsonl")), gazetteer, 2015, 2021)
    write_csv(tmp_path / "records.csv", records)
    write_yaml(tmp_path / "ingest_report.yml", report)
    suggestions = tmp_path / "suggestion_model.yml"
    write_yaml(suggestions, {"real_text": {"records": 0, "measured": False},
                             "reconstructed_text": {"records": 3, "measured": True,
                                                    "mic2025_category": {"accuracy_pct": 2 / 3, "kappa": 0.5},
                                                    "institution_type": {"accuracy_pct": 1.0, "kappa": 1.0}}})
    return SimpleNamespace(
        input=SimpleNamespace(records=str(tmp_path / "records.csv"), report=str(tmp_path / "ingest_report.yml"),
                              codebook=str(ROOT / "data/codebook.yaml"),
                              coder_sheets=[str(fixture / "coding/coder_a.csv"), str(fixture / "coding/coder_b.csv")],
                              adjudication=str(fixture / "coding/adjudication.csv"),
                              alliances=str(ROOT / "data/reference/alliances.csv"), suggestions=str(suggestions)),
        output=SimpleNamespace(coded=tmp_path / "coded.csv", keywords=tmp_path / "keywords.csv",
                               numbers=tmp_path / "coding.yml"),
        params=SimpleNamespace(provisional=provisional, seed=2021, worksheet=str(tmp_path / "to_code.csv")))


def test_the_rule_stops_with_the_worksheet_and_its_context(tmp_path):
    from wishlist.core.errors import StudyInputError
    from wishlist.stages.code_records import main

    smk = fixture_rule(tmp_path, provisional=False)
    with pytest.raises(StudyInputError, match=r"1 record\(s\) have no manual codes \(first 2021-02-东京-1\)"):
        main(smk)
    sheet = pd.read_csv(tmp_path / "to_code.csv", dtype=str, keep_default_na=False)
    assert sheet.to_dict("records") == [{"file_number": "2021-02-东京-1", "mic2025_category": "",
                                         "institution_type": "", "provenance": "bulletin"}]
    context = pd.read_csv(tmp_path / "to_code_context.csv", dtype=str, keep_default_na=False)
    assert list(context["file_number"]) == ["2021-02-东京-1"] and list(context["record_provenance"]) == ["bulletin"]


def test_the_provisional_rule_discloses_count_model_and_agreement(tmp_path, capsys):
    import yaml

    from wishlist.stages.code_records import main

    smk = fixture_rule(tmp_path, provisional=True)
    main(smk)
    numbers = yaml.safe_load((tmp_path / "coding.yml").read_text(encoding="utf-8"))
    coded = pd.read_csv(tmp_path / "coded.csv", dtype=str, keep_default_na=False).set_index("file_number")
    assert numbers["provisional_records"] == numbers["provisional_codes"] == 1
    assert numbers["provisional_training_records"] == len(coded) - 1
    assert numbers["provisional_model"].startswith("char 1-3-gram TF-IDF + linear SVM (LinearSVC), trained on the")
    assert coded.loc["2021-02-东京-1", "code_source"] == "provisional"
    # the 2021 record (outside the brief's 2015-2020) takes its ally status from the dated table
    assert numbers["allies_by_table_records"] == int(coded["year"].astype(int).gt(2020).sum()) == 1
    assert numbers["allies_by_table_first_year"] == 2021
    assert coded.loc["2021-02-东京-1", "us_ally"] == "True"  # Japan, MNNA since 1987, filed in 2021
    log = capsys.readouterr().err
    assert "PROVISIONAL CODES: 1 record(s)" in log
    assert "records with real text (provenance brief/bulletin): none human-coded, agreement not measured" in log
    assert "n = 3; mic2025_category accuracy 66.7 %, kappa 0.50" in log


def test_a_fully_coded_run_says_no_provisional_model(tmp_path):
    import yaml

    from wishlist.stages.code_records import main

    smk = fixture_rule(tmp_path, provisional=False)
    (tmp_path / "raw/2021.jsonl").unlink()
    smk.params.worksheet = str(tmp_path / "to_code.csv")
    (tmp_path / "to_code.csv").write_text("stale\n", encoding="utf-8")
    from wishlist.brief.records import Gazetteer, ingest
    from wishlist.core.files import write_csv, write_yaml

    fixture = ROOT / "tests/fixtures/corpus/data"
    records, report = ingest(sorted((tmp_path / "raw").glob("*.jsonl")),
                             Gazetteer.load(fixture / "gazetteer.csv", fixture / "countries.csv"), 2015, 2021)
    write_csv(tmp_path / "records.csv", records)
    write_yaml(tmp_path / "ingest_report.yml", report)
    main(smk)
    numbers = yaml.safe_load((tmp_path / "coding.yml").read_text(encoding="utf-8"))
    assert (numbers["provisional_records"], numbers["provisional_model"], numbers["provisional_training_records"]) \
        == (0, "none", 0)
    assert not (tmp_path / "to_code.csv").exists()  # a stale worksheet is removed
