"""Display formats (wishlist.present.formats): a share as a percentage, an interval, a CI heading."""

import math

from wishlist.present.formats import (
    BINOMIAL_METHODS,
    INTERVAL_NAMES,
    ci_heading,
    day_count,
    interval_text,
    percent,
)


def test_percent_has_one_decimal():
    assert percent(0.2734) == "27.3" and percent(0.0) == "0.0" and percent(1) == "100.0"
    assert percent(0.12345) == "12.3" and percent(0.12351) == "12.4"


def test_interval_text_uses_an_en_dash_and_is_empty_for_a_missing_bound():
    assert interval_text(0.2336, 0.3019) == "23.4–30.2"
    assert interval_text(float("nan"), 0.5) == "" and interval_text(0.1, math.nan) == ""


def test_ci_heading_at_the_confidence_level():
    assert ci_heading(0.95) == "95 % CI (%)" and ci_heading("0.9") == "90 % CI (%)" and ci_heading(0.995) == "99.5 % CI (%)"


def test_every_binomial_method_has_a_display_name():
    assert BINOMIAL_METHODS[0] == "wilson"  # the main method comes first in the sensitivity table
    assert [INTERVAL_NAMES[m] for m in BINOMIAL_METHODS] == ["Wilson", "Clopper–Pearson", "Jeffreys", "Agresti–Coull"]


def test_a_median_in_days_keeps_its_half_day():
    # (543 + 806) / 2 = 674.5: a median of an even count of whole days; 1304 whole, with its thousands comma
    assert (day_count(674.5), day_count(543.0), day_count(1304.0)) == ("674.5", "543", "1,304")
