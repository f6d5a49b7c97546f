"""Display formats of the paper's tables and figures: how a share and its interval are written.

The rules, one definition each, used by every exhibits module and figure:

* a share of the records as a percentage with one decimal ("27.3"; under a heading
  that says "(%)", or with a space before the sign: "27.3 %", percent_text);
  a share of a few cases (the 30 investigated companies, the 14 dated cases: one case
  is several points) as a whole percentage ("27", whole_percent);
* a range or interval with an en dash and no spaces ("23.4–30.2", "16–61",
  range_text), but " to " where an end is negative or a word ("−74 to 290",
  "1.6 to not reached"), where a dash would read as a minus sign or join words;
* a negative number with a minus sign (U+2212), not a hyphen;
* a confidence level as "95 %" (level_text);
* a median in days whole or to the half day ("543", "674.5", day_count).

Extra digits only where a comparison needs them (11.99 % < 12 %): those are written
where the comparison is made.
"""

from __future__ import annotations

import math

# How an interval method (wishlist.stats.proportions) is named in a table or figure, in the order the
# binomial methods are compared (main method first), then the simultaneous multinomial methods.
INTERVAL_NAMES = {"wilson": "Wilson", "clopper_pearson": "Clopper–Pearson", "jeffreys": "Jeffreys",
                  "agresti_coull": "Agresti–Coull", "goodman": "Goodman", "sison_glaz": "Sison–Glaz"}
BINOMIAL_METHODS = ("wilson", "clopper_pearson", "jeffreys", "agresti_coull")


def percent(value: float) -> str:
    """A fraction in [0, 1] as a percentage with one decimal: 0.2734 -> '27.3'."""
    return f"{100 * value:.1f}"


def percent_text(value: float) -> str:
    """A fraction as a percentage with its sign: 0.2734 -> '27.3 %'."""
    return f"{percent(value)} %"


def whole_percent(value: float) -> str:
    """A share of a few cases as a whole percentage: 0.2727 -> '27'."""
    return f"{100 * value:.0f}"


def day_count(value: float) -> str:
    """A median of whole days: whole, or half way between two ('1,304', '674.5'), never rounded away."""
    return f"{value:,.1f}" if value % 1 else f"{value:,.0f}"


def level_text(level: float) -> str:
    """A confidence level: 0.95 -> '95 %', 0.995 -> '99.5 %'."""
    return f"{100 * float(level):g} %"


def number_text(value) -> str:
    """A number as shown: a minus sign for a negative ('-74' -> '−74'); a string as it is."""
    return str(value).replace("-", "\u2212", 1) if str(value).startswith("-") else str(value)


def range_text(low, high) -> str:
    """'16–61' (en dash) for two non-negative numbers; '−74 to 290' or '1.6 to not reached'
    where an end is negative or a word. `low` and `high` are numbers or their display text."""
    low_text, high_text = number_text(low), number_text(high)

    def plain(text: str) -> bool:
        return bool(text) and text.replace(".", "", 1).replace(",", "").isdigit()

    joiner = "–" if plain(low_text) and plain(high_text) else " to "
    return f"{low_text}{joiner}{high_text}"


def interval_text(low: float, high: float) -> str:
    """'23.4–30.2' (percent, one decimal); an empty string for a missing interval."""
    if math.isnan(low) or math.isnan(high):
        return ""
    return range_text(percent(low), percent(high))


def ci_heading(level: float) -> str:
    """The heading of an interval column at a confidence level: 0.95 -> '95 % CI (%)'."""
    return f"{level_text(level)} CI (%)"
