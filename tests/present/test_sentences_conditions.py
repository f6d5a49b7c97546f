"""Sentences and conditions chosen from the data (wishlist.present.sentences.*): each reading, by hand."""

from __future__ import annotations

import pytest

from wishlist.present.render import manuscript_conditions
from wishlist.present.sentences import with_sentences
from wishlist.present.sentences.time_to_partnership import dated_source

PUBLISHED = {"count": 67, "n": 100}


@pytest.mark.parametrize(("agreements", "sentence"), [
    (67, "The 100 double-coded records agree on the category in 67, as often as the brief reports."),
    (75, "The 100 double-coded records agree on the category in 75; the brief reports 67 of 100."),
])
def test_agreement_is_compared_with_the_brief_not_assumed(agreements, sentence):
    fragment = {"double_coded": 100, "mic2025_category": {"agreements": agreements}, "published": PUBLISHED}
    assert with_sentences("reliability", fragment)["agreement_sentence"] == sentence


@pytest.mark.parametrize(("low", "high", "sentence"), [
    # 14/30 with its Wilson interval 30.2-63.9 %: both one half and one third inside
    (0.302324, 0.638577, "“About half” is compatible with these data, but so is one in three."),
    (0.40, 0.70, "“About half” is compatible with these data, and one in three is not."),
    (0.10, 0.30, "“About half” lies outside this interval, and so does one in three."),
    (0.20, 0.45, "“About half” lies outside this interval, and one in three inside it."),
])
def test_about_half_follows_the_interval(low, high, sentence):
    fragment = {"partnered_share": {"ci_low_pct": low, "ci_high_pct": high}}
    assert with_sentences("case_study", fragment)["about_half_sentence"] == sentence


def test_the_us_lead_in_it_and_houston_s_lead_are_conditions_on_the_estimates():
    when = with_sentences("estimates", {"us_it": {"largest": True, "tied_largest": False},
                                        "largest_post": "Houston"})["when"]
    assert when == {"us_leads_it": True, "houston_largest": True}
    assert with_sentences("estimates", {"us_it": {"largest": True, "tied_largest": True}})["when"]["us_leads_it"] \
        is False
    when = with_sentences("estimates", {"us_it": {"largest": False}, "largest_post": "Moscow"})["when"]
    assert when == {"us_leads_it": False, "houston_largest": False}


def test_sources_name_the_sheets_as_they_are():
    shipped = {"raw_is_reconstruction": True, "coding_is_reconstruction": True, "data_are_reconstruction": True}
    words = with_sentences("data_origin", shipped)
    assert words["sheets_source"] == "reconstructed coder sheets"
    assert words["when"] == {"reconstruction": True, "raw_reconstruction": True, "coding_reconstruction": True}
    real = {"raw_is_reconstruction": False, "coding_is_reconstruction": False, "data_are_reconstruction": False}
    words = with_sentences("data_origin", real)
    assert words["sheets_source"] == "the coder sheets supplied with the study"
    assert "reconstructed" not in words["outcomes_source"]


def test_the_dated_cases_are_named_by_their_origin():
    assert dated_source(_ttp(14, 14, 0)) == "the brief's Table 1 cases"
    assert dated_source(_ttp(16, 0, 16)) == "cases of the study's own investigation"
    assert dated_source(_ttp(16, 14, 0)) == "dated cases of the case-outcome sheet"


def _ttp(n, brief, bulletin):
    return {"dated_cases": n, "dated_cases_brief": brief, "dated_cases_bulletin": bulletin,
            "dated_cases_reconstructed": n - brief - bulletin}


def test_conditions_become_metadata_keys():
    numbers = {"ingest": {"records_kept": 642, "when": {"reconstruction_only": True}},
               "data_origin": {"when": {"coding_reconstruction": False}}, "software": {"python": "3.11"}}
    assert manuscript_conditions(numbers) == {"data-origin-coding-reconstruction": False,
                                              "ingest-reconstruction-only": True}
    with pytest.raises(ValueError, match="must be a boolean"):
        manuscript_conditions({"ingest": {"when": {"x": "yes"}}})


def test_provisional_codes_are_disclosed_with_their_model():
    words = with_sentences("coding", {"provisional_records": 62, "provisional_model": "char 1-3-gram TF-IDF + "
                                      "linear SVM (LinearSVC), trained on the 642 human-coded records"})
    assert words["provisional_sentence"] == (
        "This run uses provisional codes for 62 records without human codes, made by the char 1-3-gram TF-IDF + "
        "linear SVM (LinearSVC), trained on the 642 human-coded records; every such code is labelled provisional.")
    assert words["when"] == {"provisional": True, "allies_by_table": False}
    assert with_sentences("coding", {"provisional_records": 0, "allies_by_table_records": 61})["when"] == \
        {"provisional": False, "allies_by_table": True}


def test_agreement_on_real_text_is_stated_apart_and_never_overclaimed():
    # the default data: 26 real-text records (the brief's cases), coded only by the reconstructed sheets
    part = {"records": 26, "measured": True, "real_coder_records": 0,
            "mic2025_category": {"accuracy_pct": 16 / 26}}
    sentence = with_sentences("suggestions", {"real_text": part})["real_text_sentence"]
    assert sentence.startswith("On the 26 records with real text, held out in turn, the model agrees with the "
                               "coder sheets on the category in 61.5 % of cases, but those sheets are not")
    real = {**part, "real_coder_records": 26}
    assert "and human codes, held out in turn, the model agrees with the coders on the category in 61.5 %" in \
        with_sentences("suggestions", {"real_text": real})["real_text_sentence"]
    none = with_sentences("suggestions", {"real_text": {"records": 0, "measured": False}})
    assert none["real_text_sentence"].startswith("No record with real text has human codes")
    assert none["when"] == {"real_text_measured": False}


def test_the_ranking_of_categories_follows_the_misclassification_bounds():
    largest = {"largest": "Biopharma", "largest_low_pct": 0.188, "highest_other": "IT",
               "highest_other_high_pct": 0.224, "robust": False}
    words = with_sentences("estimates", {"misclassification": {"error_rate_high_pct": 0.247,
                                                               "largest_category": largest}})
    assert words["ranking_sentence"].startswith("If 24.7 % of codes were wrong, Biopharma could fall to 18.8 % "
                                                "while IT could reach 22.4 %")
    robust = with_sentences("estimates", {"misclassification": {"error_rate_high_pct": 0.05, "largest_category":
                                                                {**largest, "robust": True}}})
    assert robust["ranking_sentence"].startswith("Even if 5.0 % of codes were wrong, Biopharma would keep")
    assert with_sentences("estimates", {})["ranking_sentence"].startswith("Without an estimate")


@pytest.mark.parametrize(("count", "n", "words"), [(6, 30, "a minority"), (15, 30, "half"), (16, 30, "a majority")])
def test_the_deals_after_the_report_are_a_part_chosen_from_the_counts(count, n, words):
    fragment = {"typology": {"deal_after_report": {"count": count, "n": n}}}
    assert with_sentences("case_study", fragment)["deals_after_report_part"] == words


def _timing(median, k, n, sensitivity_shares=()):
    """A fragment with the primary analysis and sensitivities holding only the shares."""
    fragment = {"partnered_only": {"median_years": median, "band_n": n, "band_1_to_3_years": k,
                                   "share_1_to_3_years_pct": k / n if n else "not estimable"}}
    names = ("partnered_only_boundary", "partnered_only_exclude", "partnered_only_boundary_exclude",
             "partnered_only_time_zero")
    fragment.update({name: {"share_1_to_3_years_pct": share} for name, share in zip(names, sensitivity_shares)})
    return fragment


def test_the_typical_case_in_the_abstract_states_the_median_and_the_band_share():
    from wishlist.present.sentences.time_to_partnership import typical_case, typical_delay

    # Table 1 (Fedasiuk et al. 2021): median 579 d = 1.59 y; 5/11 = 45 % in the band; the sensitivities
    # 6/11 = 55 %, 5/10 = 50 %, 6/10 = 60 %, 5/14 = 36 %
    table1 = _timing(579 / 365.25, 5, 11, (6 / 11, 5 / 10, 6 / 10, 5 / 14))
    assert typical_case(table1) == ("the median time to the first indicator is 1.6 years, inside the brief’s “one to "
                                    "three years”, but only 5 of 11 (45 %) partnered within that band (36–60 % across "
                                    "the sensitivity analyses)")
    assert typical_delay(table1) == ("Where partnerships follow, the median delay of 1.6 years lies inside the "
                                     "brief’s one to three years.")
    # a majority in the band, a median past three years, no sensitivity that differs
    other = _timing(3.4, 7, 12, (7 / 12,))
    assert typical_case(other) == ("the median time to the first indicator is 3.4 years, outside the brief’s “one to "
                                   "three years”, and 7 of 12 (58 %) partnered within that band")
    assert "lies outside" in typical_delay(other)
    assert "cannot be checked" in typical_case(_timing("not reached", 0, 0))
