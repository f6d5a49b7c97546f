"""Claims audit: each check type on hand-made examples, then the real claims file."""

import runpy
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from wishlist.core.errors import StudyInputError
from wishlist.stages import claims_audit as c

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "data/reference/brief_claims.yaml"
CASES = ROOT / "data/reference/published_cases.yaml"
TARGETS = ROOT / "data/reference/calibration_targets.yaml"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# ------------------------------------------------------------------ arithmetic


def test_rounding_is_exact_half_up_or_truncation():
    # 264/529 = 49.905... -> 50 (nearest), 49 (truncate); 1/8 = 12.5 exactly -> 13 half up
    assert c.round_pct(c.pct(264, 529), "nearest") == 50
    assert c.round_pct(c.pct(264, 529), "truncate") == 49
    assert c.round_pct(c.pct(1, 8), "nearest") == 13
    # 68/77 = 88.31, 69/77 = 89.61: no count out of 77 rounds to 89
    assert c.counts_rounding_to(89, 77, "nearest") == []
    assert c.counts_rounding_to(89, 77, "truncate") == [69]


# ------------------------------------------------------------------ check types


def test_ratio():
    # 190/642 = 29.60 % -> 30, not 25; 25 % of 642 needs 158..163 (157.5 <= n < 163.5 ... 0.245*642=157.3, 0.255*642=163.7)
    out = c.check_ratio({"numerator": 190, "denominator": 642, "stated_pct": 25, "rounding": "nearest"})
    assert out.holds is False and out.values["rounded"] == 30
    assert (out.values["implied_low"], out.values["implied_high"]) == (158, 163)
    assert "29.6 %" in out.sentence and "25 %" in out.sentence
    # 171/642 = 26.64 % -> 27
    assert c.check_ratio({"numerator": 171, "denominator": 642, "stated_pct": 27, "rounding": "nearest"}).holds
    # 69/77 = 89.61 %: 90 rounded, 89 truncated
    assert not c.check_ratio({"numerator": 69, "denominator": 77, "stated_pct": 89, "rounding": "nearest"}).holds
    assert c.check_ratio({"numerator": 69, "denominator": 77, "stated_pct": 89, "rounding": "truncate"}).holds


def test_sum():
    assert c.check_sum({"parts": [69, 2, 2, 4], "total": 77}).holds
    assert c.check_sum({"parts": [{"label": "a", "value": 529}, 113], "total": 642}).holds
    out = c.check_sum({"parts": [14, 8, 7], "total": 30})
    assert out.holds is False and "29" in out.sentence


def test_bound():
    # 77/642: 7700 < 12 * 642 = 7704, so 11.99 % < 12 (strict)
    out = c.check_bound({"numerator": 77, "denominator": 642, "op": "lt", "limit": 12})
    assert out.holds and "11.99" in out.recomputed
    assert not c.check_bound({"numerator": 78, "denominator": 642, "op": "lt", "limit": 12}).holds  # 12.15 %
    assert not c.check_bound({"value": 52, "op": "ge", "limit": 53}).holds
    # 81 - (40+6+3+2+2+2+2 = 57) = 24 >= 8
    assert c.check_bound({"parts": [81], "minus": [40, 6, 3, 2, 2, 2, 2], "op": "ge", "limit": 8}).holds
    assert c.check_bound({"numerator": 40, "denominator": 112, "op": "gt", "limit": 33.333}).holds  # 35.7 %


def test_words_reads_quantifiers_as_intervals():
    nearly_half = {"low": 40, "high": 50, "high_inclusive": False}
    # 308/642 = 47.98 %
    assert c.check_words({"quantifier": "nearly half", "numerator": [112, 77, 62, 57], "denominator": 642,
                          "reading": nearly_half}).holds
    # exactly half is not "nearly half": 321/642 = 50 %
    assert not c.check_words({"quantifier": "nearly half", "numerator": 321, "denominator": 642,
                              "reading": nearly_half}).holds
    # 14/30 = 46.7 %: about half yes, "typically" (> 50 %) no
    assert c.check_words({"quantifier": "about half", "numerator": 14, "denominator": 30,
                          "reading": {"low": 40, "high": 60}}).holds
    out = c.check_words({"quantifier": "typically", "numerator": 14, "denominator": 30,
                         "reading": {"low": 50, "low_inclusive": False}})
    assert out.holds is False and "more than 50 %" in out.sentence


def test_implied_count():
    # 81/529 = 15.31 % -> 15; 82/529 = 15.50095 % -> 16: only 81 is "more than 80 (15 percent)"
    out = c.check_implied_count({"denominator": 529, "stated_pct": 15, "rounding": "nearest",
                                 "count_op": "gt", "count_limit": 80})
    assert out.holds and out.values["candidates"] == [81]
    # 33/81 = 40.74 % -> 41; 32/81 = 39.51 -> 40; 34/81 = 41.98 -> 42
    assert c.check_implied_count({"denominator": 81, "stated_pct": 41, "rounding": "nearest"}).values[
        "candidates"] == [33]
    assert not c.check_implied_count({"denominator": 529, "stated_pct": 15, "rounding": "nearest",
                                      "count_op": "gt", "count_limit": 81}).holds


def test_union_gives_the_overlap_a_stated_union_needs():
    # union rounding to 50 % of 642: 317.79 < U < 324.21 -> 318..324; overlap = 160 + 171 - U -> 7..13
    check = {"first": [{"label": "bio", "count": 160}, {"label": "bio", "count": 190}],
             "second": {"label": "AI", "count": 171}, "total": 642,
             "reading": {"low": 49.5, "high": 50.5, "high_inclusive": False}}
    out = c.check_union(check)
    assert out.holds and out.values == {"overlap_160": "7–13", "overlap_190": "37–43"}
    # two groups of 10 in 100 cannot cover half
    assert c.check_union({"first": {"count": 10}, "second": {"count": 10}, "total": 100,
                          "reading": {"low": 50}}).holds is False


def test_max_share():
    # 100 - 30 - 5*1 = 65 at most: "more than 70 %" impossible, "more than 60 %" possible
    base = {"total": 100, "excluded": [{"label": "X", "count": 30}], "other_excluded_countries": 5, "op": "gt"}
    assert c.check_max_share({**base, "stated_pct": 70}).holds is False
    assert c.check_max_share({**base, "stated_pct": 60}).holds
    # the brief: 642 - 112 - 77 - 16 = 437 = 68.07 %
    brief = {"total": 642, "excluded": [{"count": 112}, {"count": 77}], "other_excluded_countries": 16,
             "op": "gt", "stated_pct": 70,
             "alternatives": [{"reading": "US and allies", "add": 77, "denominator": 642}]}
    out = c.check_max_share(brief)
    assert out.holds is False and out.values["most"] == 437
    assert "needs ≥ 373" in out.recomputed  # (373 + 77)/642 = 70.09 % > 70; 372 + 77 = 449 -> 69.94 %


def test_top_k():
    good = {"known": [112, 77, 62, 57], "k": 8, "top_total": 448, "total": 642, "countries": 37}
    assert c.check_top_k(good).holds  # 140 over ranks 5-8 (<= 4 * 57 = 228); 194 over 29 countries
    assert not c.check_top_k({**good, "top_total": 600}).holds  # 292 > 228


def test_coverage():
    # every report coded, 100 by both: each codes (642 + 100) / 2 = 371 = 57.8 %
    out = c.check_coverage({"total": 642, "coders": 2, "overlap": 100, "reading": {"low": 40, "high": 60}})
    assert out.holds and "371" in out.recomputed and "542" in out.recomputed
    assert not c.check_coverage({"total": 642, "coders": 2, "overlap": 100, "reading": {"low": 45, "high": 55}}).holds


def test_lists_and_membership():
    assert c.check_list_count({"items": list("abc"), "stated_count": 3}).holds
    assert not c.check_list_count({"items": list("ab"), "stated_count": 3}).holds
    assert c.check_list_count({"items": list("ab"), "stated_count": 2, "op": "ge"}).holds
    out = c.check_list_subset({"items": ["Russia", "Romania"], "container": ["Russia", "Spain"]})
    assert out.holds is False and out.values["missing"] == "Romania"
    assert not c.check_membership({"value": "university", "allowed": ["company"]}).holds
    assert c.check_membership({"value": "company", "allowed": ["company"]}).holds


def test_dates():
    # 2016-09-29 -> 2017-11-09: 365 + 41 = 406 days = 1.11 years
    out = c.check_elapsed({"start": "2016-09-29", "end": "2017-11-09", "stated": 1, "unit": "years"})
    assert out.holds and "406 days" in out.recomputed
    assert not c.check_elapsed({"start": "2016-09-29", "end": "2017-11-09", "stated": 2, "unit": "years"}).holds
    # year precision: 2015 -> 2018-05-24 spans 875..1239 days = 2.40..3.39 years, contains 3
    assert c.check_elapsed({"start": "2015", "end": "2018-05-24", "stated": 3, "unit": "years"}).holds
    # a source dated before the event it documents
    out = c.check_order({"sequence": [{"label": "the event", "date": "2012-09-27"},
                                      {"label": "its source", "date": "2012-08-31"}]})
    assert out.holds is False and out.sentence.startswith("Its source (2012-08-31)")
    assert c.check_order({"sequence": [{"label": "a", "date": "2016-07"}, {"label": "b", "date": "2016-07-15"}]}).holds
    assert c.check_dates_agree({"pairs": [{"label": "x", "stated": "2019-07-31", "source": "2019-07"}]}).holds
    assert not c.check_dates_agree({"pairs": [{"label": "x", "stated": "2019-07-31", "source": "2019-08"}]}).holds


def test_file_number_and_source_text():
    assert c.check_file_number({"value": "2018-35-休斯顿-5", "stated_year": 2018, "stated_post": "休斯顿"}).holds
    assert not c.check_file_number({"value": "2018-35-休斯顿-5", "stated_year": 2017, "stated_post": "休斯顿"}).holds
    assert c.check_source_text({"evidence": "https://x.org/enters-into-30m-investment", "pattern": "30m"}).holds
    assert not c.check_source_text({"evidence": "https://x.org/acquire-100-interest", "pattern": "5m"}).holds


HAND_CASES = [  # report -> indicator, worked by hand
    {"id": "a", "company": "A", "report_date": "2016-01-01",
     "partnership_indicator": {"date": "2017-06-01", "type": "licensing"}},       # 517 days: 1-3 years
    {"id": "b", "company": "B", "report_date": "2016-01-01",
     "partnership_indicator": {"date": "2015-12-01", "type": "event_attendance"}},  # -31 days: reversed
    {"id": "c", "company": "C", "report_date": "2016-01-01",
     "partnership_indicator": {"date": "2016-03-01", "type": "hire"}},             # 60 days: under a year
    {"id": "d", "company": "D", "report_date": "2016-06-15",
     "partnership_indicator": {"date": "2016", "type": "investment"}},             # -166..199: ambiguous
]


def test_table1_modes_on_hand_cases():
    typically = {"mode": "band_share", "band": "1_to_3_years", "quantifier": "typically",
                 "reading": {"low": 50, "low_inclusive": False}}
    out = c.check_table1(typically, HAND_CASES)
    assert out.holds is False and out.values == {"hits": 1, "n": 4}  # 1 of 4 = 25 %
    few = {"mode": "band_count", "band": "reversed", "quantifier": "a few", "reading": {"low": 1, "high": 2}}
    assert c.check_table1(few, HAND_CASES).holds
    # after the report: surely A and C (2), possibly D (3); of a sample of 6 -> 33.3..50 %
    after = {"mode": "after_share", "sample_size": 6, "quantifier": "about half", "reading": {"low": 40, "high": 60}}
    out = c.check_table1(after, HAND_CASES)
    assert out.holds and "2–3 of 6" in out.recomputed
    assert not c.check_table1({**after, "reading": {"low": 51, "high": 60}}, HAND_CASES).holds
    deals = {"mode": "indicator_types", "matching_types": ["licensing", "investment"], "stated_count": 4}
    out = c.check_table1(deals, HAND_CASES)
    assert out.holds is False and out.values == {"hits": 2, "misses": 2}
    years = {"mode": "report_years", "first_year": 2015, "last_year": 2016}
    assert c.check_table1(years, HAND_CASES).holds
    assert not c.check_table1({**years, "last_year": 2015}, HAND_CASES).holds


def test_status_follows_the_source_basis():
    assert c.status_for("published_counts", True) == c.CONSISTENT
    assert c.status_for("table1", False) == c.INCONSISTENT
    assert c.status_for("records", True) == c.BY_CONSTRUCTION
    assert c.status_for("records", False) == c.INCONSISTENT
    assert c.status_for("not_checkable", True) == c.NOT_CHECKABLE
    assert c.status_for("not_checkable", None) == c.NOT_CHECKABLE


def test_calibrated_reads_the_target_and_its_reading():
    targets = {"other": {"id": "other", "expected": 79, "denominator": 642}}
    claim = {"id": "x", "location": "l", "claim": "c", "published": "nearly one in eight", "relates_to": [],
             "source_basis": "records",
             "check": {"type": "calibrated", "target": "other",
                       "reading": {"low": 11.5, "high": 12.5, "high_inclusive": False}}}
    result = c.evaluate_claim(claim, 1, targets=targets)
    assert result.status == c.BY_CONSTRUCTION and "79/642 = 12.3 %" in result.recomputed
    claim["check"]["reading"] = {"low": 12.5}  # 12.3 % is not >= 12.5 %
    result = c.evaluate_claim(claim, 1, targets=targets)
    assert result.status == c.INCONSISTENT and "at least 12.5 %" in result.inconsistency


# ------------------------------------------------------------------ bad input


def good_claim(**changes):
    claim = {"id": "one", "location": "l", "claim": "c", "published": "1", "relates_to": [],
             "source_basis": "published_counts", "check": {"type": "sum", "parts": [1], "total": 1}}
    claim.update(changes)
    return claim


@pytest.mark.parametrize("claims,record,field", [
    ([{k: v for k, v in good_claim().items() if k != "published"}], "one", "published"),
    ([good_claim(check={"type": "median", "x": 1})], "one", "check.type"),
    ([good_claim(check={"type": "ratio", "numerator": 1, "denominator": 2, "stated_pct": 50})], "one",
     "check.rounding"),
    ([good_claim(relates_to=["nowhere"])], "one", "relates_to"),
    ([good_claim(), good_claim()], "one", "id"),
    ([good_claim(source_basis="vibes")], "one", "source_basis"),
    ([good_claim(check={"type": "calibrated", "target": "t"})], "one", "source_basis"),
    ([good_claim(source_basis="records", check={"type": "calibrated", "target": "nope"})], "one", "check.target"),
    ([good_claim(source_basis="table1", check={"type": "table1", "mode": "vibes"})], "one", "check.mode"),
])
def test_bad_claims_name_the_claim_and_field(claims, record, field):
    with pytest.raises(StudyInputError) as error:
        c.validate_claims(claims, {"t": {"id": "t", "expected": 1}}, file="brief_claims.yaml")
    assert error.value.record == record and error.value.field == field
    assert "brief_claims.yaml" in str(error.value)


def test_a_check_that_cannot_be_computed_names_the_claim():
    claim = good_claim(check={"type": "bound", "op": "gt", "limit": 1})  # no value, parts or numerator
    with pytest.raises(StudyInputError) as error:
        c.evaluate_claim(claim, 1)
    assert error.value.record == "one" and error.value.field == "check"


# ------------------------------------------------------------------ the real claims file


@pytest.fixture(scope="module")
def results():
    return {r.id: r for r in c.audit(load(CLAIMS), load(CASES), load(TARGETS), file=str(CLAIMS))}


def test_the_claims_file_is_complete_and_linked(results):
    doc = load(CLAIMS)["claims"]
    ids = [claim["id"] for claim in doc]
    assert len(ids) >= 40 and len(ids) == len(set(ids))
    for claim in doc:
        assert set(claim["relates_to"]) <= set(ids), claim["id"]
        if claim["check"]["type"] == "words" or claim["check"].get("mode") in ("band_share", "band_count",
                                                                                 "after_share"):
            assert "reading" in claim["check"], f"{claim['id']}: a vague quantifier needs a stated reading"
    assert len(results) == len(ids)
    # "inconsistent (proved)" needs the identification stage's bounds (test_apply_identification_*)
    assert {r.status for r in results.values()} == set(c.STATUSES) - {c.INCONSISTENT_PROVED}


@pytest.mark.parametrize("claim_id", [
    "bio_190_25pct",               # 190/642 = 29.6 %, not 25 %
    "es_allies_over_70",           # at most 437/642 = 68.1 % under endnote 55
    "case_typically_1_to_3",       # 5 of 14 Table 1 cases in 1-3 years
    "gov_lab_countries_romania",   # endnote 60's Romanian lab
    "oa_acquired_14",              # 7 of 14 indicators are deals
    "hou_89pct",                   # 69/77 rounds to 90
    "es_success_after_identification",
])
def test_key_inconsistencies_are_found(results, claim_id):
    result = results[claim_id]
    assert result.status == c.INCONSISTENT
    sentence = result.inconsistency
    assert sentence.endswith(".") and ". " not in sentence[:-1], "one plain sentence"


@pytest.mark.parametrize("claim_id", [
    "en56_parts_77", "gov_529_of_642", "ai_171_27pct", "es_us_under_12", "es_nearly_half_four",
    "ru_ras_one_third", "gov_companies_50", "gov_labs_80_15pct", "fig6_top8_448", "case_outcomes_sum_30",
])
def test_sound_arithmetic_is_consistent(results, claim_id):
    assert results[claim_id].status == c.CONSISTENT
    assert results[claim_id].inconsistency == ""


def test_record_layer_claims_hold_only_by_construction(results):
    assert results["tech_other_one_in_eight"].status == c.BY_CONSTRUCTION
    assert "79/642" in results["tech_other_one_in_eight"].recomputed
    assert results["es_half_biotech_ai"].status == c.BY_CONSTRUCTION
    assert "overlap 7–13" in results["es_half_biotech_ai"].recomputed
    assert results["ai_senstone_2m"].status == c.NOT_CHECKABLE


# Hand-made identification outputs: the literal reading fails on {allies_share_over_70, country_russia},
# and the allied share can reach at most 67.8 % from the other figures (the other readings allow 79.8 %).
READINGS = [
    {"reading": "literal", "study_reading": "False", "feasible": "False",
     "conflict_sets": "allies_share_over_70;country_russia", "description": "as printed"},
    {"reading": "reconstruction", "study_reading": "True", "feasible": "True", "conflict_sets": "",
     "description": "the study's"},
]
BOUNDS = [
    {"quantity": "allies_share", "description": "Allies' share", "unit": "share", "reading": "reconstruction",
     "lower_without_claim": 0.425, "upper_without_claim": 0.678, "stated_kind": "lower bound",
     "stated_feasible": "False"},
    {"quantity": "allies_and_us_share", "description": "Allies' or US share", "unit": "share",
     "reading": "reconstruction", "lower_without_claim": 0.545, "upper_without_claim": 0.798,
     "stated_kind": "lower bound", "stated_feasible": "True"},
    {"quantity": "allies_share_of_non_us", "description": "Allies' share of non-US records", "unit": "share",
     "reading": "reconstruction", "lower_without_claim": 0.483, "upper_without_claim": 0.77,
     "stated_kind": "lower bound", "stated_feasible": "True"},
    {"quantity": "biotech_or_ai_share", "description": "Biopharma or AI", "unit": "share",
     "reading": "reconstruction", "lower_without_claim": 0.266, "upper_without_claim": 0.52,
     "stated_kind": "rounded percentage", "stated_feasible": "True"},
    {"quantity": "government_lab_ai_share", "description": "AI share of labs", "unit": "share",
     "reading": "reconstruction", "lower_without_claim": 0.0, "upper_without_claim": 1.0,
     "stated_kind": "rounded percentage", "stated_feasible": "True"},
]


def test_apply_identification_proves_a_claim_outside_its_sharp_bounds(results):
    doc = {"claims": [{"id": "es_allies_over_70", "identification": {
        "quantity": "allies_share", "alternatives": ["allies_and_us_share"]}}]}
    [proved] = c.apply_identification([results["es_allies_over_70"]], doc, BOUNDS, READINGS)
    assert proved.status == c.INCONSISTENT_PROVED
    assert "at most 67.8 %" in proved.inconsistency and "Allies' or US share (up to 79.8 %)" in proved.inconsistency
    assert "sharp bounds from the other published figures: 42.5 %–67.8 %" in proved.recomputed


def test_apply_identification_proves_a_figure_in_a_conflict_set(results):
    doc = {"claims": [{"id": "bio_190_25pct", "identification": {"figure": "allies_share_over_70"}}]}
    [proved] = c.apply_identification([results["bio_190_25pct"]], doc, BOUNDS, READINGS, load(TARGETS))
    assert proved.status == c.INCONSISTENT_PROVED
    assert "Russia hosted 112 projects" in proved.inconsistency  # the conflict set, in the brief's words


def test_apply_identification_keeps_a_claim_inside_its_bounds(results):
    doc = {"claims": [{"id": "es_half_biotech_ai", "identification": {"quantity": "biotech_or_ai_share"}}]}
    [kept] = c.apply_identification([results["es_half_biotech_ai"]], doc, BOUNDS, READINGS)
    assert kept.status == c.BY_CONSTRUCTION and "26.6 %–52.0 %" in kept.recomputed
    untouched = results["ai_171_27pct"]
    assert c.apply_identification([untouched], doc, BOUNDS, READINGS) == [untouched]


def test_the_rule_script_writes_all_outputs(tmp_path):
    out = {name: tmp_path / rel for name, rel in {
        "table": "claims/claims_audit.csv", "table_md": "tables/claims_audit.md",
        "inconsistencies_md": "tables/claims_inconsistencies.md", "numbers": "numbers/claims.yml"}.items()}
    bounds, readings = tmp_path / "bounds.csv", tmp_path / "readings.csv"
    pd.DataFrame(BOUNDS).to_csv(bounds, index=False)
    pd.DataFrame(READINGS).to_csv(readings, index=False)
    smk = SimpleNamespace(input=SimpleNamespace(claims=str(CLAIMS), cases=str(CASES), targets=str(TARGETS),
                                                spec=str(ROOT / "data/reference/identification.yaml"),
                                                bounds=str(bounds), readings=str(readings)),
                          output=SimpleNamespace(**{k: str(v) for k, v in out.items()}),
                          log=[str(tmp_path / "claims.log")])
    runpy.run_path(str(ROOT / "scripts/claims_audit.py"), init_globals={"snakemake": smk})
    numbers = yaml.safe_load(out["numbers"].read_text(encoding="utf-8"))
    assert numbers["total_claims"] == sum(numbers[k] for k in c.STATUS_KEYS.values())
    failed = numbers["inconsistent"] + numbers["inconsistent_proved"]
    assert numbers["inconsistent_proved"] == 1  # the allied share, from the hand-made bounds
    assert failed == sum(1 for k in numbers if k.startswith("inconsistency_"))
    assert "{#tbl-claims}" in out["table_md"].read_text(encoding="utf-8")
    bad_md = out["inconsistencies_md"].read_text(encoding="utf-8")
    assert "{#tbl-inconsistencies}" in bad_md and bad_md.count("\n| ") == failed  # rows after the header


def test_the_rule_script_stops_on_a_bad_claim(tmp_path, capsys):
    doc = load(CLAIMS)
    doc["claims"][0]["check"]["type"] = "vibes"
    bad = tmp_path / "brief_claims.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    smk = SimpleNamespace(input=SimpleNamespace(claims=str(bad), cases=str(CASES), targets=str(TARGETS)),
                          output=SimpleNamespace(table=str(tmp_path / "a.csv"), table_md=str(tmp_path / "a.md"),
                                                 inconsistencies_md=str(tmp_path / "b.md"),
                                                 numbers=str(tmp_path / "c.yml")),
                          log=[str(tmp_path / "claims.log")])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(ROOT / "scripts/claims_audit.py"), init_globals={"snakemake": smk})
    assert stop.value.code == 1
    message = capsys.readouterr().err
    assert f"record {doc['claims'][0]['id']}" in message and "field 'check.type'" in message
    assert not (tmp_path / "a.csv").exists()


def test_the_rule_file_registers_its_outputs():
    text = (ROOT / "workflow/rules/claims_audit.smk").read_text(encoding="utf-8")
    assert 'NUMBER_STAGES += ["claims"]' in text
    assert "PAPER_INPUTS += [rules.claims_audit.output.table_md, rules.claims_audit.output.inconsistencies_md]" in text
    assert "STUDY_OUTPUTS += [rules.claims_audit.output.table]" in text
