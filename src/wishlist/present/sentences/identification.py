"""Words of results/numbers/identification.yml: ranges as text, binding figures and conflicts in the brief's words.

The identification_summary stage stores values under the fragment's ``raw`` key (per
quantity: unit, bounds, ensemble range, bounds without its claims, binding figure ids;
per infeasible reading: its conflict sets; the brief's statement of each figure named).
`sentences` words them under the keys the manuscript cites; ``raw`` is listed in
RAW_KEYS, so collect_numbers leaves it out of numbers.yml: those values exist to be
worded, not shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

RAW = "raw"  # wishlist.stages.identification_summary.RAW
RAW_KEYS = (RAW,)  # inputs of the sentences only: not copied into numbers.yml
NO_SINGLE_FIGURE = "no single figure"  # binding, in words, when no one figure binds alone
NONE_ALONE = "none alone"  # binding, as ids, when no one figure binds alone
INFEASIBLE = "infeasible"  # the range of a quantity no corpus can have
ID_LIST, STATEMENT_LIST, CONFLICT_LIST = ", ", "; ", " — and, separately, "

# A statement that opens with one of these reads lower-case inside a sentence ("... (binding: the projects
# lie in 37 countries)"); any other opening is a name (Russia, Biopharmaceuticals, US allies) and stays.
FUNCTION_WORDS = ("The ", "A ", "An ", "Endnote ", "More ", "Half ", "Nearly ", "Over ", "Less ", "Fewer ", "Every ",
                  "Most ")


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


def sentences(fragment: Mapping) -> dict:
    """The worded keys of the identification entry of numbers.yml, from the fragment's raw values."""
    raw = fragment[RAW]
    values, said = raw["by_quantity"], raw["statements"]
    return {
        "bounds": {q: range_text(v["lower"], v["upper"], v["unit"]) for q, v in values.items()},
        "ensemble": {q: range_text(v["ensemble_low"], v["ensemble_high"], v["unit"]) for q, v in values.items()},
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
    }
