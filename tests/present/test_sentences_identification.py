"""The words of the identification numbers (wishlist.present.sentences.identification), from the stage's values."""

from __future__ import annotations

import pytest

from wishlist.present.sentences import with_sentences
from wishlist.present.sentences.identification import in_words, lower_first, range_text


@pytest.mark.parametrize("low, high, unit, shown", [
    (318 / 642, 324 / 642, "share", "49.5–50.5 %"),  # 49.53 % and 50.47 % to one decimal
    (435 / 642, 435 / 642, "share", "67.8 %"),  # one value when the ends coincide
    (0.4999, 0.5001, "share", "50.0 %"),  # ... as shown, not as computed
    (5.0, 16.0, "count", "5–16"),
    (33.0, 33.0, "count", "33"),
    (1.0, 4.5, "count", "1–4"),  # 4.5 shows as 4 (round half to even)
    (None, None, "share", "infeasible"),
    (float("nan"), 1.0, "count", "infeasible"),
])
def test_ranges_as_text(low, high, unit, shown):
    assert range_text(low, high, unit) == shown


def test_statements_read_inside_a_sentence():
    assert lower_first("The projects lie in 37 countries") == "the projects lie in 37 countries"
    assert lower_first("Russia hosted 112 projects") == "Russia hosted 112 projects"  # a name keeps its capital
    said = {"a": "The first figure.", "b": "Russia hosted 112 projects"}
    assert in_words(["a", "b", "c"], said) == "the first figure; Russia hosted 112 projects; c"
    assert in_words([], said) == "no single figure"


def fragment():
    """A fragment as identification_summary writes it (two quantities, one infeasible reading)."""
    return {
        "quantities": 2, "determined": 1, "constrained": 1, "free": 0, "study_reading": "plain",
        "label": {"a_share": "determined", "others_x": "constrained"}, "conflict_count": {"strict": 2},
        "raw": {
            "by_quantity": {
                "a_share": {"unit": "share", "lower": 0.416667, "upper": 0.416667,
                            "lower_without_claim": 0.25, "upper_without_claim": 0.5,
                            "binding_lower": ["a"], "binding_upper": ["a", "total"]},
                "others_x": {"unit": "count", "lower": 0.0, "upper": 6.0,
                             "lower_without_claim": 0.0, "upper_without_claim": 6.0, "binding_lower": [],
                             "binding_upper": ["lead"]},
            },
            "conflict_sets": {"strict": [["a", "a_big"], ["lead"]]},
            "statements": {"a": "Country A hosted five records.", "a_big": "More than six records are A's",
                           "total": "The brief counts 12 records"},
        },
    }


def test_the_numbers_entry_holds_the_words_and_not_the_raw_values():
    entry = with_sentences("identification", fragment())
    assert "raw" not in entry
    assert entry["label"] == fragment()["label"] and entry["conflict_count"] == {"strict": 2}
    assert entry["bounds"] == {"a_share": "41.7 %", "others_x": "0–6"}
    assert "ensemble" not in entry
    assert entry["lower"] == {"a_share": "41.7 %", "others_x": "0"} and entry["upper"]["others_x"] == "6"
    assert entry["without_claim"] == {"a_share": "25.0–50.0 %", "others_x": "0–6"}
    assert entry["binding_lower"] == {"a_share": "a", "others_x": "none alone"}
    assert entry["binding_upper"] == {"a_share": "a, total", "others_x": "lead"}
    assert entry["binding_lower_text"] == {"a_share": "Country A hosted five records", "others_x": "no single figure"}
    assert entry["binding_upper_text"]["a_share"] == "Country A hosted five records; the brief counts 12 records"
    assert entry["conflicts"] == {"strict": "Country A hosted five records; more than six records are A's — and, separately, "
                                            "lead"}


def departing_fragment():
    """fragment(), with the records in use outside a_share's bounds and two figures unmet."""
    out = fragment()
    out["raw"]["by_quantity"]["a_share"].update(value=4 / 11, within_bounds=False)
    out["raw"]["by_quantity"]["others_x"].update(value=2.0, within_bounds=True)
    out["raw"]["departures"] = ["a", "total"]
    out.update(figures_modelled=5, departures=2, values_outside_bounds=1)
    return out


def test_a_value_outside_its_bounds_is_never_labelled_by_them():
    entry = with_sentences("identification", departing_fragment())
    assert entry["value_label"] == {"a_share": "outside the 41.7 % the published figures allow",
                                    "others_x": "constrained by the published figures to 0–6"}
    assert entry["departures_sentence"] == (
        "The records in use depart from the brief: they do not meet 2 of its 5 published figures stated as rules "
        "(Country A hosted five records; the brief counts 12 records), and 1 of the 2 record-layer values lies "
        "outside the bounds the figures set. Where a value departs, the text says so instead of labelling it by "
        "those bounds.")
    assert entry["when"] == {"meets_brief": False, "departs": True}


def test_records_that_meet_the_brief_say_so():
    entry = with_sentences("identification", {**fragment(), "figures_modelled": 5, "values_outside_bounds": 0})
    assert entry["value_label"]["a_share"] == "determined by the published figures"
    assert entry["departures_sentence"] == ("The records in use meet every one of the 5 published figures stated "
                                            "as rules, and each of the 2 record-layer values lies within its bounds.")
    assert entry["when"] == {"meets_brief": True, "departs": False}


def test_records_outside_the_brief_s_corpus_are_never_labelled_by_its_bounds():
    # a new year or a new country: the brief's figures describe another corpus, so no value is compared
    entry = with_sentences("identification", {**departing_fragment(), "records_outside_brief_corpus": 6})
    assert set(entry["value_label"].values()) == {"not compared with the brief's bounds"}
    assert entry["departures_sentence"].endswith(
        "Of the records in use, 6 lie outside the brief's corpus (filed outside its 2015–2020 window or in a country it does "
        "not name), so no record-layer value is compared with the brief's bounds.")
    assert entry["departures_sentence"].startswith("The records in use depart from the brief: they do not meet 2 of")
    assert entry["when"]["departs"] is True


def test_the_inferred_ranks_five_to_eight_are_named_in_words():
    # identification.yaml's reading of the brief's Figure 6 (ranks 5-8 are not printed)
    raw = fragment()["raw"]
    four = {**fragment(), "raw": {**raw, "ranks_five_to_eight": ["Israel", "South Korea", "Canada", "Poland"]}}
    assert with_sentences("identification", four)["inferred_ranks_five_to_eight"] == \
        "Israel, South Korea, Canada and Poland"
    one = {**fragment(), "raw": {**raw, "ranks_five_to_eight": ["Israel"]}}
    assert with_sentences("identification", one)["inferred_ranks_five_to_eight"] == "Israel"
