"""Words of results/numbers/identification.yml: ranges as text, binding figures and conflicts in the brief's words.

The identification_summary stage stores values under the fragment's ``raw`` key (per
quantity: unit, bounds, bounds without its claims, binding figure ids, value in the records;
per infeasible reading: its conflict sets; the brief's statement of each figure named).
`sentences` words them under the keys the manuscript cites; ``raw`` is listed in
RAW_KEYS, so collect_numbers leaves it out of numbers.yml: those values exist to be
worded, not shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from wishlist.present.sentences.ingest import listed

RAW = "raw"  # wishlist.stages.identification_summary.RAW
RAW_KEYS = (RAW,)  # inputs of the sentences only: not copied into numbers.yml
NO_SINGLE_FIGURE = "no single figure"  # binding, in words, when no one figure binds alone
NONE_ALONE = "none alone"  # binding, as ids, when no one figure binds alone
INFEASIBLE = "infeasible"  # the range of a quantity no corpus can have
ID_LIST, STATEMENT_LIST, CONFLICT_LIST = ", ", "; ", " — and, separately, "

# A statement that opens with one of these reads lower-case inside a sentence ("... (binding: the projects
# lie in 37 countries)"); any other opening is a name (Russia, Biopharmaceuticals, US allies) and stays.
FUNCTION_WORDS = ("The ", "A ", "An ", "Endnote ", "More ", "Half ", "Nearly ", "Over ", "Less ", "Fewer ", "Every ",
                  "Most ", "Diplomats ")


def range_text(low, high, unit: str) -> str:
    """'49.5–50.5 %' for shares, '5–16' for counts; one value when they coincide; 'infeasible' without one."""
    if low is None or high is None or (isinstance(low, float) and math.isnan(low)):
        return INFEASIBLE
    show = (lambda v: f"{100 * float(v):.1f}") if unit == "share" else (lambda v: f"{float(v):.0f}")
    suffix = " %" if unit == "share" else ""
    if show(low) == show(high):
        return show(low) + suffix
    return f"{show(low)}–{show(high)}{suffix}"


def lower_first(statement: str) -> str:
    """A statement set inside a sentence: 'The projects lie ...' -> 'the projects lie ...'."""
    return statement[:1].lower() + statement[1:] if statement.startswith(FUNCTION_WORDS) else statement


def in_words(ids: Sequence[str], said: Mapping[str, str]) -> str:
    """Figures by the brief's statements, joined by ';' ('no single figure' for none)."""
    return STATEMENT_LIST.join(lower_first(said.get(i, i).rstrip(".")) for i in ids) or NO_SINGLE_FIGURE


LABEL_WORDS = {"determined": "determined by the published figures",
               "constrained": "constrained by the published figures", "free": "free: the published figures leave it open"}
DEPARTURES_LISTED = 5  # the departures the sentence names; the table lists them all


NOT_COMPARABLE = "not compared with the brief's bounds"


def value_label(label: str, value: Mapping, comparable: bool = True) -> str:
    """The label a record-layer value carries in the text: the bounds' label, or -- when the value lies outside
    the bounds -- that it departs from them (a value is never labelled by bounds it lies outside). When some
    records lie outside the brief's corpus (other years, new countries) no value is labelled by its bounds."""
    if not comparable:
        return NOT_COMPARABLE
    if value.get("within_bounds", True):
        words = LABEL_WORDS.get(label, label)
        if label == "constrained":
            words += f" to {range_text(value['lower'], value['upper'], value['unit'])}"
        return words
    return f"outside the {range_text(value['lower'], value['upper'], value['unit'])} the published figures allow"


def departures_sentence(departed: Sequence[str], figures: int, outside: int, quantities: int,
                        said: Mapping[str, str], outside_corpus: int = 0) -> str:
    """Whether the records in use meet the brief's published figures, in words: the count, and the first few."""
    if outside_corpus:
        scope = (f" Of the records in use, {outside_corpus} {'lies' if outside_corpus == 1 else 'lie'} outside the "
                 "brief's corpus (filed outside its 2015–2020 "
                 "window or in a country it does not name), so no record-layer value is compared with the brief's "
                 "bounds.")
        if not departed:
            return f"The records in use meet every one of the {figures} published figures stated as rules." + scope
        named = in_words(list(departed[:DEPARTURES_LISTED]), said)
        more = len(departed) - DEPARTURES_LISTED
        tail = f"; and {more} more" if more > 0 else ""
        return (f"The records in use depart from the brief: they do not meet {len(departed)} of its {figures} "
                f"published figures stated as rules ({named}{tail})." + scope)
    if not departed:
        return (f"The records in use meet every one of the {figures} published figures stated as rules, and each "
                f"of the {quantities} record-layer values lies within its bounds.")
    named = in_words(list(departed[:DEPARTURES_LISTED]), said)
    more = len(departed) - DEPARTURES_LISTED
    tail = f"; and {more} more" if more > 0 else ""
    figure_word = "figure" if len(departed) == 1 else "figures"
    verb = "lies" if outside == 1 else "lie"
    return (f"The records in use depart from the brief: they do not meet {len(departed)} of its {figures} published "
            f"{figure_word} stated as rules ({named}{tail}), and {outside} of the {quantities} record-layer "
            f"values {verb} outside the bounds the figures set. Where a value departs, the text says so instead of "
            "labelling it by those bounds.")


def sentences(fragment: Mapping) -> dict:
    """The worded keys of the identification entry of numbers.yml, from the fragment's raw values."""
    raw = fragment[RAW]
    values, said = raw["by_quantity"], raw["statements"]
    outside_corpus = int(fragment.get("records_outside_brief_corpus", 0))
    departs = bool(raw.get("departures")) or bool(int(fragment.get("values_outside_bounds", 0))) or outside_corpus > 0
    return {
        "bounds": {q: range_text(v["lower"], v["upper"], v["unit"]) for q, v in values.items()},
        "lower": {q: range_text(v["lower"], v["lower"], v["unit"]) for q, v in values.items()},
        "upper": {q: range_text(v["upper"], v["upper"], v["unit"]) for q, v in values.items()},
        "without_claim": {q: range_text(v["lower_without_claim"], v["upper_without_claim"], v["unit"])
                          for q, v in values.items()},
        "binding_lower": {q: ID_LIST.join(v["binding_lower"]) or NONE_ALONE for q, v in values.items()},
        "binding_upper": {q: ID_LIST.join(v["binding_upper"]) or NONE_ALONE for q, v in values.items()},
        "binding_lower_text": {q: in_words(v["binding_lower"], said) for q, v in values.items()},
        "binding_upper_text": {q: in_words(v["binding_upper"], said) for q, v in values.items()},
        "conflicts": {reading: CONFLICT_LIST.join(in_words(group, said) for group in groups)
                      for reading, groups in raw["conflict_sets"].items()},
        "value_label": {q: value_label(fragment["label"][q], v, comparable=not outside_corpus)
                        for q, v in values.items()},
        "departures_sentence": departures_sentence(raw.get("departures", []), int(fragment.get("figures_modelled", 0)),
                                                   int(fragment.get("values_outside_bounds", 0)),
                                                   int(fragment["quantities"]), said, outside_corpus),
        # which countries fill ranks 5-8 of the brief's Figure 6 is the study's inference (identification.yaml)
        "inferred_ranks_five_to_eight": listed(raw.get("ranks_five_to_eight", [])),
        # conditions of the manuscript's conditional passages (wishlist.present.render passes them as metadata)
        "when": {"meets_brief": not departs, "departs": departs},
    }
