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


# ----------------------------------------------------------- sentences hook and the rule itself
def test_a_stage_without_a_sentence_module_keeps_its_fragment():
    from wishlist.present.sentences import with_sentences

    assert with_sentences("no_such_stage", {"a": 1}) == {"a": 1}


def test_sentences_join_the_fragment_and_raw_keys_stay_out(monkeypatch):
    import sys
    import types

    from wishlist.present.sentences import with_sentences

    module = types.ModuleType("wishlist.present.sentences.probe")
    module.RAW_KEYS = ("raw",)
    module.sentences = lambda fragment: {"said": f"{fragment['raw']['n']} records"}
    monkeypatch.setitem(sys.modules, "wishlist.present.sentences.probe", module)
    assert with_sentences("probe", {"raw": {"n": 3}, "kept": 1}) == {"kept": 1, "said": "3 records"}


def test_a_sentence_may_not_overwrite_a_number(monkeypatch):
    import sys
    import types

    from wishlist.present.sentences import with_sentences

    module = types.ModuleType("wishlist.present.sentences.clash")
    module.sentences = lambda fragment: {"n": "three"}
    monkeypatch.setitem(sys.modules, "wishlist.present.sentences.clash", module)
    with pytest.raises(ValueError, match="already a number"):
        with_sentences("clash", {"n": 3})


def test_collect_numbers_main_nests_fragments_and_writes_display_strings(tmp_path):
    from types import SimpleNamespace

    import yaml

    from wishlist.present.collect_numbers import main

    (tmp_path / "ingest.yml").write_text("records_kept: 642\nreconstructed_records: 616\nshare_pct: 0.266355\n",
                                         encoding="utf-8")
    (tmp_path / "sample.yml").write_text("seed: 20622051\n", encoding="utf-8")
    out = SimpleNamespace(numbers=str(tmp_path / "numbers.yml"), variables=str(tmp_path / "_variables.yml"))
    main(SimpleNamespace(input=[str(tmp_path / "ingest.yml"), str(tmp_path / "sample.yml")], output=out))
    numbers = yaml.safe_load((tmp_path / "numbers.yml").read_text(encoding="utf-8"))
    assert numbers["ingest"]["records_kept"] == 642 and numbers["sample"]["seed"] == 20622051
    shown = yaml.safe_load((tmp_path / "_variables.yml").read_text(encoding="utf-8"))
    assert shown["ingest"]["share_pct"] == "26.6"  # 100 × 0.266355, one decimal
    assert shown["ingest"]["records_kept"] == "642"
    # the ingest sentence module names the record layer from the count of reconstructed records
    assert numbers["ingest"]["data_source"] == "reconstructed corpus"
