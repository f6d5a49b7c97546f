"""The numbers contract: formatting rules and flattening for Quarto variables."""

import pytest

from wishlist.core.numbers import clean
from wishlist.present.numbers import merge_fragments, nest, text_variables


def test_suffix_formatting():
    flat = text_variables({"a": {"share_pct": 171 / 642, "n": 642, "kappa": 0.5678, "median_years": 1.94,
                                 "gap_days": 406.0, "method": "wilson"}})
    assert flat == {"a.share_pct": "26.6", "a.n": "642", "a.kappa": "0.57", "a.median_years": "1.9",
                    "a.gap_days": "406", "a.method": "wilson"}


def test_nest_inverts_flatten():
    flat = {"coding.ai_flagged": "171", "coding.share.low_pct": "23.3"}
    assert nest(flat) == {"coding": {"ai_flagged": "171", "share": {"low_pct": "23.3"}}}


def test_nan_is_refused():
    with pytest.raises(ValueError):
        clean({"x": float("nan")})


def test_fragments_nest_under_stage_names():
    merged = merge_fragments({"sample": {"seed": 1}, "coding": {"ai": 2}})
    assert list(merged) == ["coding", "sample"]
