"""Display formats of the paper's tables and figures: how a share and its interval are written.

One definition each: a share as a percentage with one decimal ("27.3"), an interval as
"23.4–30.2" (en dash, no spaces); the names interval methods are shown under. Used by
every exhibits module and figure.
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


def interval_text(low: float, high: float) -> str:
    """'23.4–30.2' (percent, one decimal); an empty string for a missing interval."""
    if math.isnan(low) or math.isnan(high):
        return ""
    return f"{percent(low)}–{percent(high)}"


def ci_heading(level: float) -> str:
    """The heading of an interval column at a confidence level: 0.95 -> '95 % CI (%)'."""
    return f"{100 * float(level):g} % CI (%)"
