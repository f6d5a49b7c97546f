"""Rule claims_audit: each check type on hand-made examples, then the real claims file (hand-worked values
beside each assertion)."""

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from wishlist.brief.rounding import HALF_UP, TRUNCATE
from wishlist.core.errors import StudyInputError
from wishlist.stages.claims_audit import checks, claims, main

ROOT = Path(__file__).resolve().parents[2]
CLAIMS = ROOT / "data/reference/brief_claims.yaml"
CASES = ROOT / "data/reference/published_cases.yaml"
TARGETS = ROOT / "data/reference/calibration_targets.yaml"


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_claims_words_for_rounding_are_the_shared_rules():
    assert checks.rule_of("nearest") == HALF_UP and checks.rule_of("truncate") == TRUNCATE
    with pytest.raises(ValueError, match="rounding must be one of"):
        checks.rule_of("half_up")  # brief_claims.yaml keeps its own words; the recomputed text shows them


# ------------------------------------------------------------------ check types


def test_ratio():
    # 190/642 = 29.60 % -> 30, not 25; 25 % of 642 needs 158..163 (157.5 <= n < 163.5 ... 0.245*642=157.3, 0.255*642=163.7)
    out = checks.check_ratio({"numerator": 190, "denominator": 642, "stated_percent": 25, "rounding": "nearest"})
    assert out.holds is False and out.values["rounded"] == 30
    assert (out.values["implied_low"], out.values["implied_high"]) == (158, 163)
    assert "29.6 %" in out.sentence and "25 %" in out.sentence
    # 171/642 = 26.64 % -> 27
    assert checks.check_ratio({"numerator": 171, "denominator": 642, "stated_percent": 27, "rounding": "nearest"}).holds
    # 69/77 = 89.61 %: 90 rounded, 89 truncated
    assert not checks.check_ratio({"numerator": 69, "denominator": 77, "stated_percent": 89, "rounding": "nearest"}).holds
    assert checks.check_ratio({"numerator": 69, "denominator": 77, "stated_percent": 89, "rounding": "truncate"}).holds


def test_sum():
    assert checks.check_sum({"parts": [69, 2, 2, 4], "total": 77}).holds
    assert checks.check_sum({"parts": [{"label": "a", "value": 529}, 113], "total": 642}).holds
    out = checks.check_sum({"parts": [14, 8, 7], "total": 30})
    assert out.holds is False and "29" in out.sentence


def test_bound():
    # 77/642: 7700 < 12 * 642 = 7704, so 11.99 % < 12 (strict)
    out = checks.check_bound({"numerator": 77, "denominator": 642, "op": "lt", "limit": 12})
    assert out.holds and "11.99" in out.recomputed
    assert not checks.check_bound({"numerator": 78, "denominator": 642, "op": "lt", "limit": 12}).holds  # 12.15 %
    assert not checks.check_bound({"value": 52, "op": "ge", "limit": 53}).holds
    # 81 - (40+6+3+2+2+2+2 = 57) = 24 >= 8
    assert checks.check_bound({"parts": [81], "minus": [40, 6, 3, 2, 2, 2, 2], "op": "ge", "limit": 8}).holds
    assert checks.check_bound({"numerator": 40, "denominator": 112, "op": "gt", "limit": 33.333}).holds  # 35.7 %


def test_words_reads_quantifiers_as_intervals():
    nearly_half = {"low": 40, "high": 50, "high_inclusive": False}
    # 308/642 = 47.98 %
    assert checks.check_words({"quantifier": "nearly half", "numerator": [112, 77, 62, 57], "denominator": 642,
                          "reading": nearly_half}).holds
    # exactly half is not "nearly half": 321/642 = 50 %
    assert not checks.check_words({"quantifier": "nearly half", "numerator": 321, "denominator": 642,
                              "reading": nearly_half}).holds
    # 14/30 = 46.7 %: about half yes, "typically" (> 50 %) no
    assert checks.check_words({"quantifier": "about half", "numerator": 14, "denominator": 30,
                          "reading": {"low": 40, "high": 60}}).holds
    out = checks.check_words({"quantifier": "typically", "numerator": 14, "denominator": 30,
                         "reading": {"low": 50, "low_inclusive": False}})
    assert out.holds is False and "more than 50 %" in out.sentence
    # "all of them" (at least 100 %) reads as 100 %, since a share cannot pass it
    assert checks.Interval(low=100, high=None).words() == "100 %"
    assert checks.Interval(low=100, high=None, low_inclusive=False).words() == "more than 100 %"
    assert checks.Interval(low=40, high=None).words() == "at least 40 %"


def test_implied_count():
    # 81/529 = 15.31 % -> 15; 82/529 = 15.50095 % -> 16: only 81 is "more than 80 (15 percent)"
    out = checks.check_implied_count({"denominator": 529, "stated_percent": 15, "rounding": "nearest",
                                 "count_op": "gt", "count_limit": 80})
    assert out.holds and out.values["candidates"] == [81]
    # 33/81 = 40.74 % -> 41; 32/81 = 39.51 -> 40; 34/81 = 41.98 -> 42
    assert checks.check_implied_count({"denominator": 81, "stated_percent": 41, "rounding": "nearest"}).values[
        "candidates"] == [33]
    assert not checks.check_implied_count({"denominator": 529, "stated_percent": 15, "rounding": "nearest",
                                      "count_op": "gt", "count_limit": 81}).holds


def test_union_gives_the_overlap_a_stated_union_needs():
    # union rounding to 50 % of 642: 317.79 < U < 324.21 -> 318..324; overlap = 160 + 171 - U -> 7..13
    check = {"first": [{"label": "bio", "count": 160}, {"label": "bio", "count": 190}],
             "second": {"label": "AI", "count": 171}, "total": 642,
             "reading": {"low": 49.5, "high": 50.5, "high_inclusive": False}}
    out = checks.check_union(check)
    assert out.holds and out.values == {"overlap_160": "7–13", "overlap_190": "37–43"}
    # two groups of 10 in 100 cannot cover half
    assert checks.check_union({"first": {"count": 10}, "second": {"count": 10}, "total": 100,
                          "reading": {"low": 50}}).holds is False


def test_max_share():
    # 100 - 30 - 5*1 = 65 at most: "more than 70 %" impossible, "more than 60 %" possible
    base = {"total": 100, "excluded": [{"label": "X", "count": 30}], "other_excluded_countries": 5, "op": "gt"}
    assert checks.check_max_share({**base, "stated_percent": 70}).holds is False
    assert checks.check_max_share({**base, "stated_percent": 60}).holds
    # the brief: 642 - 112 - 77 - 16 = 437 = 68.07 %
    brief = {"total": 642, "excluded": [{"count": 112}, {"count": 77}], "other_excluded_countries": 16,
             "op": "gt", "stated_percent": 70,
             "alternatives": [{"reading": "US and allies", "add": 77, "denominator": 642}]}
    out = checks.check_max_share(brief)
    assert out.holds is False and out.values["most"] == 437
    assert "needs ≥ 373" in out.recomputed  # (373 + 77)/642 = 70.09 % > 70; 372 + 77 = 449 -> 69.94 %


def test_top_k():
    good = {"known": [112, 77, 62, 57], "k": 8, "top_total": 448, "total": 642, "countries": 37}
    assert checks.check_top_k(good).holds  # 140 over ranks 5-8 (<= 4 * 57 = 228); 194 over 29 countries
    assert not checks.check_top_k({**good, "top_total": 600}).holds  # 292 > 228


def test_coverage():
    # every report coded, 100 by both: each codes (642 + 100) / 2 = 371 = 57.8 %
    out = checks.check_coverage({"total": 642, "coders": 2, "overlap": 100, "reading": {"low": 40, "high": 60}})
    assert out.holds and "371" in out.recomputed and "542" in out.recomputed
    assert not checks.check_coverage({"total": 642, "coders": 2, "overlap": 100, "reading": {"low": 45, "high": 55}}).holds


def test_lists_and_membership():
    assert checks.check_list_count({"items": list("abc"), "stated_count": 3}).holds
    assert not checks.check_list_count({"items": list("ab"), "stated_count": 3}).holds
    assert checks.check_list_count({"items": list("ab"), "stated_count": 2, "op": "ge"}).holds
    out = checks.check_list_subset({"items": ["Russia", "Romania"], "container": ["Russia", "Spain"]})
    assert out.holds is False and out.values["missing"] == "Romania"
    assert not checks.check_membership({"value": "university", "allowed": ["company"]}).holds
    assert checks.check_membership({"value": "company", "allowed": ["company"]}).holds


def test_dates():
    # 2016-09-29 -> 2017-11-09: 365 + 41 = 406 days = 1.11 years
    out = checks.check_elapsed({"start": "2016-09-29", "end": "2017-11-09", "stated": 1, "unit": "years"})
    assert out.holds and "406 days" in out.recomputed
    assert not checks.check_elapsed({"start": "2016-09-29", "end": "2017-11-09", "stated": 2, "unit": "years"}).holds
    # year precision: 2015 -> 2018-05-24 spans 875..1239 days = 2.40..3.39 years, contains 3
    assert checks.check_elapsed({"start": "2015", "end": "2018-05-24", "stated": 3, "unit": "years"}).holds
    # a source dated before the event it documents
    out = checks.check_order({"sequence": [{"label": "the event", "date": "2012-09-27"},
                                      {"label": "its source", "date": "2012-08-31"}]})
    assert out.holds is False and out.sentence.startswith("Its source (2012-08-31)")
    assert checks.check_order({"sequence": [{"label": "a", "date": "2016-07"}, {"label": "b", "date": "2016-07-15"}]}).holds
    assert checks.check_dates_agree({"pairs": [{"label": "x", "stated": "2019-07-31", "source": "2019-07"}]}).holds
    assert not checks.check_dates_agree({"pairs": [{"label": "x", "stated": "2019-07-31", "source": "2019-08"}]}).holds


def test_file_number_and_source_text():
    assert checks.check_file_number({"value": "2018-35-休斯顿-5", "stated_year": 2018, "stated_post": "休斯顿"}).holds
    assert not checks.check_file_number({"value": "2018-35-休斯顿-5", "stated_year": 2017, "stated_post": "休斯顿"}).holds
    assert checks.check_source_text({"evidence": "https://x.org/enters-into-30m-investment", "pattern": "30m"}).holds
    assert not checks.check_source_text({"evidence": "https://x.org/acquire-100-interest", "pattern": "5m"}).holds


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
    out = checks.check_table1(typically, HAND_CASES)
    assert out.holds is False and out.values == {"hits": 1, "n": 4}  # 1 of 4 = 25 %
    few = {"mode": "band_count", "band": "reversed", "quantifier": "a few", "reading": {"low": 1, "high": 2}}
    assert checks.check_table1(few, HAND_CASES).holds
    # after the report: surely A and C (2), possibly D (3); of a sample of 6 -> 33.3..50 %
    after = {"mode": "after_share", "sample_size": 6, "quantifier": "about half", "reading": {"low": 40, "high": 60}}
    out = checks.check_table1(after, HAND_CASES)
    assert out.holds and "2–3 of 6" in out.recomputed
    assert not checks.check_table1({**after, "reading": {"low": 51, "high": 60}}, HAND_CASES).holds
    deals = {"mode": "indicator_types", "matching_types": ["licensing", "investment"], "stated_count": 4}
    out = checks.check_table1(deals, HAND_CASES)
    assert out.holds is False and out.values == {"hits": 2, "misses": 2}
    years = {"mode": "report_years", "first_year": 2015, "last_year": 2016}
    assert checks.check_table1(years, HAND_CASES).holds
    assert not checks.check_table1({**years, "last_year": 2015}, HAND_CASES).holds


def test_durations_after_the_report_on_hand_cases():
    # after the report: A (517 d) and C (60 d) surely; D (-166..199 d) of uncertain order is left out or kept
    # from day 0; B (reversed) never counts. One to three years is [365.25, 1095.75) days.
    share = {"mode": "duration_share", "low_years": 1, "high_years": 3, "quantifier": "typically",
             "reading": {"low": 50, "low_inclusive": False}}
    out = checks.check_table1(share, HAND_CASES)
    # D left out: A of {A, C} = 1/2 = 50 %; D kept: 1/3 = 33.3 % -> 33.3-50 %, never more than half
    assert out.holds is False and "1/3–1/2 = 33.3–50.0 %" in out.recomputed and "2–3 cases" in out.recomputed
    assert checks.check_table1({**share, "reading": {"low": 40}}, HAND_CASES).holds
    # in whole years, [0.5, 3.5) y = [182.625, 1278.375) d: D kept may reach 199 d -> up to 2/3 = 66.7 %
    whole = checks.check_table1({**share, "whole_years": True}, HAND_CASES)
    assert whole.holds and "1/3–2/3 = 33.3–66.7 %" in whole.recomputed
    # median: D left out, (60 + 517)/2 = 288.5 d; D kept, [0, 60, 517] -> 60 d and [60, 199, 517] -> 199 d;
    # so 60-288.5 d = 0.16-0.79 y (days / 365.25), below one to three years but within the first year
    median = {"mode": "median_duration", "low_years": 1, "high_years": 3}
    out = checks.check_table1(median, HAND_CASES)
    assert out.holds is False and "0.16–0.79 y" in out.recomputed
    assert checks.check_table1({**median, "low_years": 0, "high_years": 1}, HAND_CASES).holds


def test_quantifiers_take_one_two_sided_tolerance():
    tolerances = {word: {"tolerance": 0.2} for word in ("nearly", "about", "more than", "fewer than")}

    def interval(word, of):
        return checks.Interval.from_spec(checks.resolve_quantifier({"quantifier": word, "of": of}, tolerances))

    nearly, about = interval("nearly", 50), interval("about", 50)
    assert nearly.contains(40) and nearly.contains(49.9) and not nearly.contains(50) and not nearly.contains(39.9)
    assert about.contains(40) and about.contains(60) and not about.contains(60.1)  # 40-60 %
    more = interval("more than", 300)  # (300, 360]
    assert not more.contains(300) and more.contains(335) and more.contains(360) and not more.contains(361)
    fewer = interval("fewer than", 12)  # [9.6, 12)
    assert fewer.contains(9.6) and fewer.contains(11.99) and not fewer.contains(12) and not fewer.contains(9.5)
    assert checks.resolve_quantifier({"low": 1}, tolerances) == {"low": 1}  # an interval stays as written
    with pytest.raises(ValueError, match="no tolerance"):
        checks.resolve_quantifier({"quantifier": "about", "of": 1}, {})
    # a bound check read through a quantifier: 335 in (300, 360]; 400 is "more than 300" only one-sided
    bound = {"type": "bound", "value": 335, "op": "gt", "limit": 300,
             "reading": checks.resolve_quantifier({"quantifier": "more than", "of": 300}, tolerances)}
    assert checks.check_bound(bound).holds and not checks.check_bound({**bound, "value": 400}).holds


def test_a_reading_settled_by_the_words_holds_and_says_why():
    out = checks.evaluate_check({"type": "by_reading", "why": "“including” introduces examples"})
    assert out.holds is True and out.recomputed == "“including” introduces examples"


def test_status_follows_the_source_basis():
    assert claims.status_for("published_counts", True) == claims.CONSISTENT
    assert claims.status_for("table1", False) == claims.INCONSISTENT
    assert claims.status_for("records", True) == claims.NEEDS_RECORDS
    assert claims.status_for("records", False) == claims.INCONSISTENT
    assert claims.status_for("not_checkable", True) == claims.NOT_CHECKABLE
    assert claims.status_for("not_checkable", None) == claims.NOT_CHECKABLE


def test_calibrated_reads_the_target_and_its_reading():
    targets = {"other": {"id": "other", "expected": 79, "denominator": 642}}
    claim = {"id": "x", "location": "l", "claim": "c", "published": "nearly one in eight", "relates_to": [],
             "source_basis": "records",
             "check": {"type": "calibrated", "target": "other",
                       "reading": {"low": 11.5, "high": 12.5, "high_inclusive": False}}}
    result = claims.evaluate_claim(claim, 1, targets=targets)
    assert result.status == claims.NEEDS_RECORDS and "79/642 = 12.3 %" in result.recomputed
    assert result.recomputed.startswith("the published figures do not test it")  # says what was checked
    claim["check"]["reading"] = {"low": 12.5}  # 12.3 % is not >= 12.5 %
    result = claims.evaluate_claim(claim, 1, targets=targets)
    assert result.status == claims.INCONSISTENT and "at least 12.5 %" in result.inconsistency


# ------------------------------------------------------------------ bad input


def good_claim(**changes):
    claim = {"id": "one", "location": "l", "claim": "c", "published": "1", "relates_to": [],
             "source_basis": "published_counts", "check": {"type": "sum", "parts": [1], "total": 1}}
    claim.update(changes)
    return claim


@pytest.mark.parametrize("bad,record,field", [
    ([{k: v for k, v in good_claim().items() if k != "published"}], "one", "published"),
    ([good_claim(check={"type": "median", "x": 1})], "one", "check.type"),
    ([good_claim(check={"type": "ratio", "numerator": 1, "denominator": 2, "stated_percent": 50})], "one",
     "check.rounding"),
    ([good_claim(check={"type": "implied_count", "denominator": 2, "stated_percent": 50, "rounding": "half_up"})],
     "one", "check.rounding"),  # the claims file's words are nearest/truncate
    ([good_claim(relates_to=["nowhere"])], "one", "relates_to"),
    ([good_claim(), good_claim()], "one", "id"),
    ([good_claim(source_basis="vibes")], "one", "source_basis"),
    ([good_claim(check={"type": "calibrated", "target": "t"})], "one", "source_basis"),
    ([good_claim(source_basis="records", check={"type": "calibrated", "target": "nope"})], "one", "check.target"),
    ([good_claim(source_basis="table1", check={"type": "table1", "mode": "vibes"})], "one", "check.mode"),
    ([good_claim(readings=[{"check": {"type": "sum", "parts": [1], "total": 1}}])], "one", "readings[1].label"),
    ([good_claim(readings=[{"label": "as worded", "check": {"type": "sum", "parts": [1], "total": 1}}])], "one",
     "readings[1].label"),  # the first reading's default label, repeated
    ([good_claim(readings=[{"label": "x", "check": {"type": "sum", "parts": [1]}}])], "one", "readings[1].check.total"),
    ([good_claim(readings=[{"label": "x", "check": {"type": "vibes"}}])], "one", "readings[1].check"),
    ([good_claim(check={"type": "bound", "value": 1, "op": "gt", "limit": 0, "reading": {"quantifier": "vibes"}})],
     "one", "check.reading"),
])
def test_bad_claims_name_the_claim_and_field(bad, record, field):
    with pytest.raises(StudyInputError) as error:
        claims.validate_claims(bad, {"t": {"id": "t", "expected": 1}}, file="brief_claims.yaml")
    assert error.value.record == record and error.value.field == field
    assert "brief_claims.yaml" in str(error.value)


@pytest.mark.parametrize("quantifiers,record", [
    (None, None), ({"roughly": {"tolerance": 0.2}}, "roughly"), ({"about": {"tolerance": 1.5}}, "about"),
    ({"about": {"tolerance": True}}, "about"),
])
def test_bad_quantifier_tolerances_are_refused(quantifiers, record):
    with pytest.raises(StudyInputError) as error:
        claims.validate_quantifiers(quantifiers, file="brief_claims.yaml")
    assert error.value.record == record and error.value.field.startswith("quantifiers")


def test_a_check_that_cannot_be_computed_names_the_claim():
    claim = good_claim(check={"type": "bound", "op": "gt", "limit": 1})  # no value, parts or numerator
    with pytest.raises(StudyInputError) as error:
        claims.evaluate_claim(claim, 1)
    assert error.value.record == "one" and error.value.field == "check"


# ------------------------------------------------------------------ the real claims file


@pytest.fixture(scope="module")
def results():
    """Every reading of every claim (ids <claim>@<n> for the further readings), before identification."""
    return {r.id: r for r in claims.audit(load(CLAIMS), load(CASES), load(TARGETS), file=str(CLAIMS))}


@pytest.fixture(scope="module")
def verdicts(results):
    return {r.id: r for r in claims.verdicts(list(results.values()))}


def test_the_claims_file_is_complete_and_linked(results, verdicts):
    doc = load(CLAIMS)["claims"]
    ids = [claim["id"] for claim in doc]
    assert len(ids) >= 40 and len(ids) == len(set(ids))
    for claim in doc:
        assert set(claim["relates_to"]) <= set(ids), claim["id"]
        if claim["check"]["type"] == "words" or claim["check"].get("mode") in ("band_share", "band_count",
                                                                                 "after_share"):
            assert "reading" in claim["check"], f"{claim['id']}: a vague quantifier needs a stated reading"
    assert len(results) == len(ids) + sum(len(c.get("readings", [])) for c in doc)
    assert list(verdicts) == ids  # one verdict per claim, in file order
    # "inconsistent (proved)" needs the identification stage's bounds (test_apply_identification_*)
    # the records-in-use statuses need records that are not the reconstruction (test_on_other_records_*)
    assert {r.status for r in results.values()} == {claims.CONSISTENT, claims.INCONSISTENT, claims.NOT_CHECKABLE,
                                                     claims.NEEDS_RECORDS}


def test_verdicts_are_tiered_by_consequence():
    fail, hold = claims.INCONSISTENT, claims.CONSISTENT
    assert claims.verdict_of([fail], "published_counts") == claims.ARITHMETIC_CONFLICT
    assert claims.verdict_of([claims.INCONSISTENT_PROVED, fail], "published_counts") == claims.ARITHMETIC_CONFLICT
    assert claims.verdict_of([fail, fail], "table1") == claims.UNSUPPORTED
    assert claims.verdict_of([fail, hold], "table1") == claims.WORDING
    assert claims.verdict_of([hold, fail], "published_counts") == claims.WORDING
    assert claims.verdict_of([hold, hold], "published_counts") == claims.CONSISTENT
    assert claims.verdict_of([claims.NOT_CHECKABLE], "not_checkable") == claims.NOT_CHECKABLE
    assert claims.verdict_of([claims.NEEDS_RECORDS], "records") == claims.NEEDS_RECORDS


# The verdicts on the claims a fair reading changes or leaves standing, each worked by hand from the brief:
@pytest.mark.parametrize("claim_id,verdict", [
    # 190/642 = 29.6 %, which no rounding makes 25 % (Biotechnology section)
    ("bio_190_25pct", claims.ARITHMETIC_CONFLICT),
    # 7 of Table 1's 14 indicators are finance, licensing, partnership or acquisition deals
    ("oa_acquired_14", claims.UNSUPPORTED),
    # after the report: 10-11 of 30 (33-37 %), not about half; and only 10-11 of the 14 that partnered
    ("es_success_after_identification", claims.UNSUPPORTED),
    # Tribosonics' report names the University of Bristol; the frame holds company projects only (endnote 66)
    ("case_tribosonics_frame", claims.UNSUPPORTED),
    # 52 countries in the summary, 53 at the end of 2019 in endnote 92: counts at different dates
    ("es_52_countries", claims.WORDING),
    # 69/77 = 89.6 %: 90 % rounded, 89 % truncated
    ("hou_89pct", claims.WORDING),
    # the body's "U.S. allies": at most 437/642 = 68.1 % without the US; 514/642 = 80.1 % with it
    ("loc_us_allies_over_70", claims.WORDING),
    # 5 of 14 in one to three years; but the median after the report is 1.5-2.2 years
    ("case_typically_1_to_3", claims.WORDING),
    # 14 of 30 (46.7 %); 14 of the 22 with a known outcome (63.6 %)
    ("t1_title_typically_share", claims.WORDING),
    # endnote 82 (31 August 2012) can announce the 27 September 2012 unveiling
    ("t1_oberaigner_endnote82", claims.WORDING),
    # the summary's "NATO members and MNNAs" counts the US: at most 642 - 112 - 16 = 514 = 80.1 % > 70 %
    ("es_allies_over_70", claims.CONSISTENT),
    # "including" introduces examples: leaving Romania out conflicts with nothing
    ("gov_lab_countries_romania", claims.CONSISTENT),
])
def test_fair_readings_give_the_verdicts(verdicts, claim_id, verdict):
    result = verdicts[claim_id]
    assert result.status == verdict
    if verdict == claims.WORDING:
        assert result.holds_under and result.fails_under
        assert result.inconsistency.endswith(", it holds.") and result.holds_under[0] in result.inconsistency
    elif verdict in (claims.ARITHMETIC_CONFLICT, claims.UNSUPPORTED):
        assert result.fails_under and not result.holds_under and result.inconsistency.endswith(".")
    else:
        assert not result.fails_under and result.inconsistency == ""


def test_the_timing_claim_is_read_against_the_partnered_only_durations(verdicts):
    text = verdicts["case_typically_1_to_3"].recomputed
    # after the report, DENSO (2015, against a 16 March 2015 report) left out or kept from day 0: 10-11 cases.
    # In one to three years: Drylet 406, EcoTech 806, Tribosonics 543-573, RUSNANO 917, BlueGreen 397-761 d:
    # 5 of 10-11 = 45.5-50 %. In whole years (182.6-1278.4 d) CYBERNET (360 d), Hanpak (1140 d) and RotaChrom
    # (1265 d) join, and DENSO kept may reach 290 d (0.79 y): 8/11-9/11 = 72.7-81.8 %. Medians: DENSO out, (543 + 806)/2 = 674.5 d to (761 + 806)/2 =
    # 783.5 d; DENSO kept, the 6th of 11: 543 d to 761 d; so 543-783.5 d = 1.49-2.15 years (Fedasiuk et al.
    # 2021, Table 1 dates).
    assert "5/11–5/10 = 45.5–50.0 %" in text
    assert "8/11–9/11 = 72.7–81.8 %" in text
    assert "median of the 10–11 cases after the report: 1.49–2.15 y" in text


def test_sound_arithmetic_is_consistent(verdicts):
    for claim_id in ("en56_parts_77", "gov_529_of_642", "ai_171_27pct", "es_us_under_12", "es_nearly_half_four",
                     "ru_ras_one_third", "gov_companies_50", "gov_labs_80_15pct", "fig6_top8_448",
                     "case_outcomes_sum_30", "es_more_than_300_targets", "intro_six_hundred"):
        assert verdicts[claim_id].status == claims.CONSISTENT, claim_id
        assert verdicts[claim_id].inconsistency == ""


def test_record_layer_claims_need_the_records(verdicts):
    assert verdicts["tech_other_one_in_eight"].status == claims.NEEDS_RECORDS
    assert "79/642" in verdicts["tech_other_one_in_eight"].recomputed
    assert verdicts["tech_other_one_in_eight"].reading.startswith("[10, 12.5) %")  # nearly 12.5: 0.8 x 12.5 = 10
    assert verdicts["es_half_biotech_ai"].status == claims.NEEDS_RECORDS
    assert "overlap 7–13" in verdicts["es_half_biotech_ai"].recomputed
    assert verdicts["ai_senstone_2m"].status == claims.NOT_CHECKABLE


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
    [proved] = claims.apply_identification([results["es_allies_over_70"]], doc, BOUNDS, READINGS)
    assert proved.status == claims.INCONSISTENT_PROVED
    assert "at most 67.8 %" in proved.inconsistency and "Allies' or US share (up to 79.8 %)" in proved.inconsistency
    assert "sharp bounds from the other published figures: 42.5 %–67.8 %" in proved.recomputed


def test_apply_identification_proves_a_figure_in_a_conflict_set(results):
    doc = {"claims": [{"id": "bio_190_25pct", "identification": {"figure": "allies_share_over_70"}}]}
    [proved] = claims.apply_identification([results["bio_190_25pct"]], doc, BOUNDS, READINGS, load(TARGETS))
    assert proved.status == claims.INCONSISTENT_PROVED
    assert "Russia hosted 112 projects" in proved.inconsistency  # the conflict set, in the brief's words


def test_apply_identification_keeps_a_claim_inside_its_bounds(results):
    doc = {"claims": [{"id": "es_half_biotech_ai", "identification": {"quantity": "biotech_or_ai_share"}}]}
    [kept] = claims.apply_identification([results["es_half_biotech_ai"]], doc, BOUNDS, READINGS)
    assert kept.status == claims.NEEDS_RECORDS and "26.6 %–52.0 %" in kept.recomputed
    untouched = results["ai_171_27pct"]
    assert claims.apply_identification([untouched], doc, BOUNDS, READINGS) == [untouched]


def fake_smk(tmp_path, claims_file=CLAIMS, reconstruction=True, figures=()):
    """The rule's inputs and outputs, with hand-made identification outputs (BOUNDS, READINGS) and the records'
    origin and figures (`figures`: (id, met by the records) pairs)."""
    bounds, readings = tmp_path / "bounds.csv", tmp_path / "readings.csv"
    pd.DataFrame(BOUNDS).to_csv(bounds, index=False)
    pd.DataFrame(READINGS).to_csv(readings, index=False)
    origin, figures_csv = tmp_path / "data_origin.yml", tmp_path / "figures_on_records.csv"
    origin.write_text(f"data_are_reconstruction: {str(reconstruction).lower()}\n", encoding="utf-8")
    pd.DataFrame([(i, "", met) for i, met in figures], columns=["figure", "statement", "met_by_records"]).to_csv(
        figures_csv, index=False)
    return SimpleNamespace(
        input=SimpleNamespace(claims=str(claims_file), cases=str(CASES), targets=str(TARGETS),
                              spec=str(ROOT / "data/reference/identification.yaml"), bounds=str(bounds),
                              readings=str(readings), origin=str(origin), figures=str(figures_csv)),
        output=SimpleNamespace(table=str(tmp_path / "out/claims_audit.csv"), numbers=str(tmp_path / "out/claims.yml")))


def test_main_writes_the_audit_table_and_its_numbers(tmp_path):
    main(fake_smk(tmp_path))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["claims.yml", "claims_audit.csv"]  # no tables
    table = pd.read_csv(tmp_path / "out/claims_audit.csv", keep_default_na=False).set_index("id")
    numbers = yaml.safe_load((tmp_path / "out/claims.yml").read_text(encoding="utf-8"))
    assert numbers["total_claims"] == len(table) == len(load(CLAIMS)["claims"])
    assert numbers["total_claims"] == sum(numbers[k] for k in claims.VERDICT_KEYS.values())
    # the hand-made bounds prove the endnote-55 reading of the body's allied share (at most 67.8 % against
    # "more than 70 percent"), but the reading with the United States holds: wording, proved under one reading
    allies = table.loc["loc_us_allies_over_70"]
    assert allies["status"] == claims.WORDING and allies["proved"]
    assert "at most 67.8 %" in allies["inconsistency"]
    assert table.loc["es_allies_over_70", "status"] == claims.CONSISTENT
    faulted = table[table["status"].isin(claims.FAULTS)]
    assert {k for k in numbers if k.startswith("inconsistency_")} == {f"inconsistency_{i}" for i in faulted.index}
    assert numbers["inconsistency_hou_89pct"] == table.loc["hou_89pct", "inconsistency"]
    assert "(nearest)" in table.loc["hou_89pct", "recomputed"]  # the claims file's word, as written
    assert "read truncated to the whole percent: 69/77 = 89.6 % → 89 % (truncate)" in table.loc["hou_89pct",
                                                                                               "recomputed"]
    assert numbers["checkable"] == (numbers["arithmetic_conflict"] + numbers["unsupported"] + numbers["wording"]
                                    + numbers["consistent"])
    assert numbers["faults"] == len(faulted)
    for key in ("arithmetic_conflict", "unsupported", "wording"):
        listed = [int(n) for n in numbers[f"numbers_{key}"].split(";") if n]
        assert listed == sorted(table.loc[table["status"].eq(
            {v: k for k, v in claims.VERDICT_KEYS.items()}[key]), "number"])


def test_main_stops_on_a_bad_claim_and_writes_nothing(tmp_path):
    doc = load(CLAIMS)
    doc["claims"][0]["check"]["type"] = "vibes"
    bad = tmp_path / "brief_claims.yaml"
    bad.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StudyInputError) as error:
        main(fake_smk(tmp_path, bad))
    assert error.value.record == doc["claims"][0]["id"] and error.value.field == "check.type"
    assert str(bad) in str(error.value)
    assert not (tmp_path / "out").exists()


def test_on_other_records_nothing_holds_by_construction(tmp_path):
    # records that are not the shipped reconstruction: the "other" share and the biotech-or-AI half are stated as
    # rules, the records miss the first; the reconstruction's calibrated 79/642 is never printed for them
    figures = [("category_other_nearly_one_in_eight", False), ("biotech_or_ai_half", True)]
    main(fake_smk(tmp_path, reconstruction=False, figures=figures))
    table = pd.read_csv(tmp_path / "out/claims_audit.csv", keep_default_na=False).set_index("id")
    numbers = yaml.safe_load((tmp_path / "out/claims.yml").read_text(encoding="utf-8"))
    assert numbers["needs_records"] == 0
    other = table.loc["tech_other_one_in_eight"]
    assert other["status"] == claims.RECORDS_FAIL and "79/642" not in other["recomputed"]
    assert other["recomputed"] == "the records in use do not meet it (category_other_nearly_one_in_eight)"
    assert table.loc["es_half_biotech_ai", "status"] == claims.RECORDS_HOLD
    # a record-layer claim whose figure no rule states is not checked, and says so
    unchecked = table[table["source_basis"].eq("records")
                      & ~table.index.isin(["tech_other_one_in_eight", "es_half_biotech_ai"])]
    assert set(unchecked["status"]) <= {claims.RECORDS_UNCHECKED, claims.NOT_CHECKABLE}
    assert not table["recomputed"].str.contains("reconstruction:").any()


def test_on_the_reconstruction_record_layer_claims_need_the_records(tmp_path):
    main(fake_smk(tmp_path, reconstruction=True, figures=[("category_other_nearly_one_in_eight", False)]))
    table = pd.read_csv(tmp_path / "out/claims_audit.csv", keep_default_na=False).set_index("id")
    assert table.loc["tech_other_one_in_eight", "status"] == claims.NEEDS_RECORDS
