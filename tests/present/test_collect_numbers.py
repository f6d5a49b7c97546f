"""The numbers contract: formatting rules and flattening for Quarto variables, and the
source (key, rule) every number of the paper carries."""

import csv

import pytest
from rule_files import flatten, stage_rules

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

    (tmp_path / "ingest.yml").write_text("records_kept: 642\nreconstructed_records: 616\nshare_pct: 0.266355\n"
                                         "brief_records: 14\nbulletin_records: 12\nrecords_outside_window: 1\n",
                                         encoding="utf-8")
    (tmp_path / "sample.yml").write_text("seed: 20622051\n", encoding="utf-8")
    out = SimpleNamespace(numbers=str(tmp_path / "numbers.yml"), variables=str(tmp_path / "_variables.yml"),
                          numbers_map=str(tmp_path / "numbers_map.csv"))
    rules = stage_rules()
    producers = {stage: list(rules[stage]) for stage in ("ingest", "sample")}
    main(SimpleNamespace(input=[str(tmp_path / "ingest.yml"), str(tmp_path / "sample.yml")], output=out,
                         params=SimpleNamespace(producers=producers)))
    numbers = yaml.safe_load((tmp_path / "numbers.yml").read_text(encoding="utf-8"))
    assert numbers["ingest"]["records_kept"] == 642 and numbers["sample"]["seed"] == 20622051
    shown = yaml.safe_load((tmp_path / "_variables.yml").read_text(encoding="utf-8"))
    # 100 × 0.266355, one decimal, in a span naming its key and the rule that declares results/numbers/ingest.yml
    assert shown["ingest"]["share_pct"] == ('[26.6]{.study-number data-key="ingest.share_pct" '
                                            'data-rule="ingest_records" data-script="workflow/scripts/ingest_records.py"}')
    assert shown["sample"]["seed"] == ('[20622051]{.study-number data-key="sample.seed" data-rule="draw_sample" '
                                       'data-script="workflow/scripts/draw_sample.py"}')
    # the ingest sentence module names the record layer from the count of reconstructed records:
    # the stage's rule wrote the numbers, collect_numbers the words
    assert "reconstructed" in numbers["ingest"]["data_source"]
    assert shown["ingest"]["data_source"].endswith(
        '{.study-number data-key="ingest.data_source" data-rule="ingest_records" '
        'data-script="workflow/scripts/ingest_records.py" data-worded-by="collect_numbers"}')
    table = list(csv.DictReader((tmp_path / "numbers_map.csv").open(encoding="utf-8")))
    flat = flatten(numbers)
    assert [row["key"] for row in table] == sorted(flat)  # every key of numbers.yml, in key order
    by_key = {row["key"]: row for row in table}
    assert by_key["ingest.records_kept"] == {
        "key": "ingest.records_kept", "shown": "642", "rule": "ingest_records", "worded_by": "",
        "script": "workflow/scripts/ingest_records.py", "rule_file": "workflow/rules/ingest.smk",
        "fragment": str(tmp_path / "ingest.yml")}
    assert by_key["sample.seed"]["rule"] == "draw_sample"
    worded = {key for key, row in by_key.items() if row["worded_by"]}
    assert worded == {key for key in flat if key.split(".")[1] in
                      ("data_source", "origin_sentence", "outside_window_sentence", "when")}
    assert all(by_key[key]["worded_by"] == "collect_numbers" and by_key[key]["rule"] == "ingest_records"
               for key in worded)


def test_a_fragment_no_rule_declares_is_refused(tmp_path):
    from types import SimpleNamespace

    from wishlist.present.collect_numbers import main

    (tmp_path / "orphan.yml").write_text("n: 1\n", encoding="utf-8")
    out = SimpleNamespace(numbers=str(tmp_path / "n.yml"), variables=str(tmp_path / "v.yml"),
                          numbers_map=str(tmp_path / "m.csv"))
    with pytest.raises(ValueError, match="results/numbers/orphan.yml"):
        main(SimpleNamespace(input=[str(tmp_path / "orphan.yml")], output=out,
                             params=SimpleNamespace(producers={"ingest": ["ingest_records", "", ""]})))


# ----------------------------------------------------------- the span a number carries
def test_traced_wraps_the_value_in_a_span_naming_key_and_rule():
    from wishlist.present.numbers import NumberSource, traced

    source = NumberSource("ingest_records", "workflow/scripts/ingest_records.py", "workflow/rules/ingest.smk")
    assert traced("642", "ingest.records_kept", source) == (
        '[642]{.study-number data-key="ingest.records_kept" data-rule="ingest_records" '
        'data-script="workflow/scripts/ingest_records.py"}')
    worded = NumberSource("ingest_records", "", "", "collect_numbers")
    assert traced("x", "ingest.data_source", worded) == (
        '[x]{.study-number data-key="ingest.data_source" data-rule="ingest_records" data-worded-by="collect_numbers"}')
    assert worded.shown() == "ingest_records (worded by collect_numbers)" and source.shown() == "ingest_records"


@pytest.mark.parametrize("key,rule,script", [
    ('a.b" onmouseover="x', "r", ""), ("a.b c", "r", ""), ("a.b}", "r", ""), ("", "r", ""), ("a..b", "r", ""),
    ("a.b", "r-x", ""), ("a.b", 'r"', ""), ("a.b", "", ""), ("a.b", "r", 'x.py" y="z'), ("a.b", "r", "a b.py"),
])
def test_traced_refuses_what_could_break_out_of_an_attribute(key, rule, script):
    from wishlist.present.numbers import NumberSource, traced

    with pytest.raises(ValueError, match="cannot go into the paper's markup"):
        traced("1", key, NumberSource(rule, script, ""))


HOSTILE = ["{{< include /etc/passwd >}}", '<img src="x">', "[click](javascript:alert(1))", '`#x`{=typst}',
           "*bold* _u_ ~s~ ^p^ $5 @fig-x [a] # h | c ]{.evil}", "- item", "1. first", "back\\slash\\", "",
           "a--b ... 'q' \"d\"", "lone {{< opener", "]", "[", "\\"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_traced_value_is_one_span_holding_exactly_the_text(text):
    """Parsed as pandoc parses a metadata value: one span with exactly the key and rule,
    whose text is the value as typed (the inert escaping holds inside the brackets)."""
    import json

    import pypandoc

    from wishlist.present.markdown import inert
    from wishlist.present.numbers import NumberSource, traced

    value = traced(inert(text, variable=True), "company.name", NumberSource("case_study", "workflow/scripts/c.py", ""))
    document = json.loads(pypandoc.convert_text(f"---\nv: {json.dumps(value)}\n---\n", "json", format="markdown"))
    inlines = document["meta"]["v"]["c"]
    assert [el["t"] for el in inlines] == ["Span"]
    (identifier, classes, attributes), content = inlines[0]["c"]
    assert (identifier, classes) == ("", ["study-number"])
    assert attributes == [["data-key", "company.name"], ["data-rule", "case_study"],
                          ["data-script", "workflow/scripts/c.py"]]

    def text_of(elements):  # Str and Space only: any other element (markup) shows as a NUL and its type
        return "".join(el["c"] if el["t"] == "Str" else " " if el["t"] == "Space" else "\0" + el["t"]
                       for el in elements)

    # a shortcode stays in Quarto's escaped form, which both renderers show unescaped (test_traced_render.py)
    shown = text_of(content).replace("{{{<", "{{<").replace(">}}}", ">}}")
    assert shown == " ".join(text.split()), content
