"""The manuscript computes nothing and types no statistic: numbers come from results/numbers.yml.

Every check of the source holds for each document the workflow renders: the paper
(manuscript/index.qmd) and its supplement (manuscript/supplement.qmd)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("index", "supplement")  # as workflow/rules/common.smk PAPER_DOCUMENTS
QMDS = {name: (ROOT / f"manuscript/{name}.qmd").read_text(encoding="utf-8") for name in DOCUMENTS}
# every key either document cites, the paper's first (the order of the numbers table)
CITED = list(dict.fromkeys(key for text in QMDS.values() for key in re.findall(r"\{\{< var ([\w.]+) >\}\}", text)))

# What may carry digits in prose: years, the brief's own section furniture
# (endnote 38, Table 1, Figure 3, Appendix III), "Made in China 2025", SHA-256.
ALLOWED_BEFORE = re.compile(r"(endnotes?|Table|Figures?|Appendix|China|SHA-|and|,)\s*$")
YEAR = re.compile(r"^(19|20)\d\d$")


def prose(text: str) -> str:
    """The qmd with everything that is not prose removed (front matter, shortcodes, refs, code, paths)."""
    text = text.split("\n---\n", 1)[1]                      # front matter
    text = re.sub(r"\{\{<.*?>\}\}", " ", text)               # {{< var … >}}, {{< include … >}}
    text = re.sub(r"`[^`]*`", " ", text)                     # inline code (paths, commands)
    text = re.sub(r"\]\([^)]*\)", "]", text)                 # link and image targets
    text = re.sub(r"\{[#.][^}]*\}", " ", text)               # attributes {#fig-x fig-alt=…}
    text = re.sub(r"\[[^\]]*@[^\]]*\]", " ", text)           # citations [@a; @b]
    text = re.sub(r"@[\w-]+", " ", text)                     # @fig-x, @fedasiuk2021
    return text


def hand_typed_numbers(text: str) -> list[str]:
    found = []
    for match in re.finditer(r"\d+(?:[.,]\d+)?", text):
        digits = match.group()
        before = text[max(0, match.start() - 40):match.start()]
        if YEAR.match(digits) or ALLOWED_BEFORE.search(before):
            continue
        found.append(text[max(0, match.start() - 30):match.end() + 10].replace("\n", " "))
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_statistic_is_typed_into_the_manuscript(document):
    qmd = QMDS[document]
    assert hand_typed_numbers(prose(qmd)) == []


@pytest.mark.parametrize("sentence,typed", [
    ("The flag marks 171 of 642 records.", True),
    ("Agreement was 67 %.", True),
    ("as the brief's endnote 38 lists", False),
    ("the brief's Table 1 companies", False),
    ("filed from 2015 to 2020", False),
    ("Made in China 2025 industries", False),
])
def test_the_rule_itself(sentence, typed):
    assert bool(hand_typed_numbers(sentence)) is typed


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_figure_caption_names_its_source(document):
    qmd = QMDS[document]
    captions = re.findall(r"!\[(.*?)\]\(", qmd, flags=re.DOTALL)
    assert captions or document == "index"  # the short paper may show no figure; the supplement does
    for caption in captions:
        assert "Source:" in caption, caption


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_figure_has_alt_text_and_a_label(document):
    qmd = QMDS[document]
    for figure in re.findall(r"!\[.*?\]\([^)]*\)(\{[^}]*\})?", qmd, flags=re.DOTALL):
        assert "#fig-" in figure and "fig-alt=" in figure, figure


@pytest.mark.parametrize("document", DOCUMENTS)
def test_record_layer_captions_carry_the_data_source_variable(document):
    qmd = QMDS[document]
    # not record-layer figures: the published layer, the coder sheets, and the case-study figures
    # (their sources are the case-outcome sheet and Table 1)
    for caption in re.findall(r"!\[([^\]]*)\]\(\.\./results/figures/"
                              r"(?!published|partnership_timeline|case_study|coder_confusion|cumulative_incidence|identification_main)",
                              qmd, flags=re.DOTALL):
        assert "{{< var ingest.data_source >}}" in caption, caption


@pytest.mark.parametrize("document", DOCUMENTS)
def test_no_executable_code_cells(document):
    qmd = QMDS[document]
    assert not re.search(r"^```\{", qmd, flags=re.MULTILINE)


def test_every_paper_input_is_shown(fixture_study):
    log = (fixture_study / "results/logs/paper_appendix.log").read_text(encoding="utf-8")
    assert "warning" not in log, log


def test_variables_resolve_and_labels_exist(fixture_study):
    # the Lua filter fails the render on an undefined variable or label; the fixture run rendered
    counts = {"tbl": 0, "fig": 0}
    for document in DOCUMENTS:
        html = (fixture_study / f"results/manuscript/{document}.html").read_text(encoding="utf-8")
        for leftover in ("{{<", "@fig-", "@tbl-", "@sec-", "??"):
            assert leftover not in html, document
        for kind in counts:
            counts[kind] += html.count(f'id="{kind}-')
    assert counts["tbl"] >= 20 and counts["fig"] >= 10  # across the paper and the supplement


def test_paper_map_follows_the_papers_order_and_finds_labels():
    from wishlist.present.paper_appendix import paper_map, unused_paper_inputs

    qmd = ("![a](../results/figures/b.svg){#fig-b}\n\n![c](../results/figures/a.svg){#fig-a}\n\n"
           "{{< include ../results/tables/t2.md >}}\n\n{{< include ../results/tables/t1.md >}}\n")
    producers = [("results/figures/a.svg", "plots", "scripts/plots.py", "workflow/rules/x.smk"),
                 ("results/figures/a.png", "plots", "scripts/plots.py", "workflow/rules/x.smk"),
                 ("results/figures/b.svg", "plots", "scripts/plots.py", "workflow/rules/x.smk"),
                 ("results/tables/t1.md", "tables", "scripts/tables.py", "workflow/rules/y.smk"),
                 ("results/tables/t2.md", "tables", "scripts/tables.py", "workflow/rules/y.smk")]
    tables = {"results/tables/t1.md": ": one {#tbl-one}", "results/tables/t2.md": ": two {#tbl-two}"}
    table = paper_map(producers, qmd, tables)
    assert list(table["Item"]) == ["@fig-b", "@fig-a", "@tbl-two", "@tbl-one"]
    assert unused_paper_inputs(producers, qmd, tables) == []
    assert unused_paper_inputs(producers, qmd.replace("{{< include ../results/tables/t1.md >}}", ""), tables) == \
        ["results/tables/t1.md"]


def test_the_map_covers_every_document_and_numbers_each_exhibit_there():
    from wishlist.present.paper_appendix import documents_made_by, documents_map, documents_unused, hosts

    paper = ("![b](../results/figures/b.svg){#fig-b}\n\n![a](../results/figures/a.svg){#fig-a}\n\n"
             "{{< include ../results/tables/t1.md >}}\n")
    supplement = ("![a](../results/figures/a.svg){#fig-a}\n\n{{< include ../results/tables/t2.md >}}\n\n"
                  "{{< include ../results/tables/t1.md >}}\n\n{{< include ../results/tables/paper_map.md >}}\n")
    documents = {"index": paper, "supplement": supplement}
    producers = [("results/figures/a.svg", "plots", "s/p.py", "x.smk"), ("results/figures/b.svg", "plots", "s/p.py", "x.smk"),
                 ("results/tables/t1.md", "tables", "s/t.py", "y.smk"), ("results/tables/t2.md", "tables", "s/t.py", "y.smk"),
                 ("results/tables/paper_map.md", "paper_appendix", "s/a.py", "z.smk")]
    tables = {"results/tables/t1.md": ": one {#tbl-one}", "results/tables/t2.md": ": two {#tbl-two}",
              "results/tables/paper_map.md": "{#tbl-paper-map}"}
    assert hosts(documents, "results/tables/paper_map.md") == ["supplement"]
    table = documents_map(producers, documents, tables, host="supplement")
    # the paper's rows name their exhibit by number (text), the supplement's are cross-references
    assert table[["Item", "Document", "number"]].values.tolist() == [
        ["Figure 1", "Paper", "Figure 1"], ["Figure 2", "Paper", "Figure 2"], ["Table 1", "Paper", "Table 1"],
        ["@fig-a", "Supplement", "Figure 1"], ["@tbl-two", "Supplement", "Table 1"],
        ["@tbl-one", "Supplement", "Table 2"], ["@tbl-paper-map", "Supplement", "Table 3"]]
    made = documents_made_by(table, "results/manuscript")
    assert made["labels"]["fig-a"] == {"rule": "plots", "script": "s/p.py", "output": "results/figures/a.svg",
                                       "documents": ["index", "supplement"]}
    assert made["labels"]["fig-b"]["documents"] == ["index"]
    assert [(e["document"], e["label"], e["number"]) for e in made["exhibits"]][:2] == [
        ("index", "fig-b", "Figure 1"), ("index", "fig-a", "Figure 2")]
    assert documents_unused(producers, documents, tables) == []
    assert documents_unused(producers, {"index": paper}, tables) == ["results/tables/paper_map.md",
                                                                      "results/tables/t2.md"]
    # with no single host (both include the map) every item is a number: a reference would be the wrong one
    assert set(documents_map(producers, documents, tables)["Item"]) <= {"Figure 1", "Figure 2", "Table 1", "Table 2",
                                                                        "Table 3"}


# ------------------------------------------------------- the numbers in the text
NUMBERS_QMD = """---
title: "A {{< var a.title >}} paper"
---

# Abstract {.unnumbered}

We kept {{< var ingest.kept >}} of {{< var ingest.read >}} records.

# Data {#sec-data}

Again {{< var ingest.kept >}}; the escaped {{{< var not.cited >}}} is text.

```
{{< var in.code >}}
```

## Appendix {#sec-app .unnumbered}

Finally {{< var sample.seed >}}.
"""


def test_cited_numbers_lists_each_key_once_where_the_paper_first_shows_it():
    from wishlist.present.paper_appendix import FRONT_MATTER, cited_numbers

    assert cited_numbers(NUMBERS_QMD) == [("a.title", FRONT_MATTER, False), ("ingest.kept", "Abstract", False),
                                          ("ingest.read", "Abstract", False), ("sample.seed", "Appendix", False)]
    without_abstract = NUMBERS_QMD.replace("We kept {{< var ingest.kept >}} of {{< var ingest.read >}} records.", "")
    assert cited_numbers(without_abstract)[1] == ("ingest.kept", "@sec-data", True)  # a numbered section: a reference


def test_cited_numbers_finds_every_key_the_manuscript_cites():
    from rule_files import cited_keys

    from wishlist.present.paper_appendix import cited_numbers

    from wishlist.present.paper_appendix import documents_cited_numbers

    for qmd in QMDS.values():
        assert [key for key, *_ in cited_numbers(qmd)] == cited_keys(qmd)
    keys = [key for key, *_ in documents_cited_numbers(QMDS)]
    assert keys == CITED and len(keys) > 100  # the paper's, then the supplement's others


def test_numbers_table_names_rule_script_and_who_worded_it():
    from wishlist.present.paper_appendix import numbers_made_by, numbers_table

    sources = [{"key": "ingest.kept", "shown": "642", "rule": "ingest_records", "worded_by": "",
                "script": "workflow/scripts/ingest_records.py"},
               {"key": "ingest.data_source", "shown": "reconstructed corpus", "rule": "ingest_records",
                "worded_by": "collect_numbers", "script": "workflow/scripts/ingest_records.py"},
               {"key": "sample.uncited", "shown": "1", "rule": "draw_sample", "worded_by": "", "script": ""},
               {"key": "ingest.said", "shown": "Of the kept records, 12 are bulletin records and 3 are not.",
                "rule": "ingest_records", "worded_by": "collect_numbers", "script": ""}]
    cited = [("ingest.data_source", "@sec-data", True), ("ingest.kept", "Abstract *x*", False)]
    table = numbers_table(cited, sources)
    long = numbers_table([("ingest.said", "Abstract", False)], sources)["Shown"][0]
    assert long == "Of the kept records, 12 are bulletin re\u2026" and len(long) == 40  # cut to 40 characters
    long_table = numbers_table([("ingest.said", "Abstract", False)], sources)
    assert numbers_made_by(long_table, sources) == {  # the JSON keeps the whole sentence
        "ingest.said": {"shown": sources[-1]["shown"], "rule": "ingest_records (worded by collect_numbers)",
                        "script": ""}}
    assert table.to_dict("records") == [
        {"Key": "ingest.data_source", "Shown": "reconstructed corpus",
         "Rule": "ingest_records (worded by collect_numbers)", "Script": "workflow/scripts/ingest_records.py",
         "First cited": "@sec-data"},
        {"Key": "ingest.kept", "Shown": "642", "Rule": "ingest_records", "Script": "workflow/scripts/ingest_records.py",
         "First cited": "Abstract \\*x\\*"}]  # a heading's text is inert in the markup column
    with pytest.raises(ValueError, match="no.cited"):
        numbers_table([("no.cited", "Abstract", False)], sources)


def test_every_number_of_the_paper_names_its_key_and_rule(fixture_study):
    """The fixture run: every key the manuscript cites is in the numbers appendix table with
    the rule that declares its stage's fragment (read from the rule files), in paper_map.json,
    and in the HTML as span.study-number elements carrying that key and rule."""
    import csv
    import json
    from html.parser import HTMLParser

    import yaml
    from rule_files import cited_keys, flatten, stage_rules

    rules = stage_rules()
    cited = CITED
    table = (fixture_study / "results/tables/paper_numbers.md").read_text(encoding="utf-8").replace("\u200b", "")
    assert "{#tbl-paper-numbers}" in table
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.splitlines()[2:]
            if line.startswith("| ")]
    assert [row[0].replace("\\_", "_") for row in rows] == cited  # every cited key, in order of first citation
    for row in rows:
        key = row[0].replace("\\_", "_")
        rule, script, _ = rules[key.split(".")[0]]
        assert row[2].replace("\\_", "_").split(" (worded by")[0] == rule, row
        assert script == f"workflow/scripts/{rule}.py", row  # what the table's caption says in place of a column
    header = [cell.strip() for cell in table.splitlines()[0].strip("|").split(" | ")]
    assert header[:4] == ["Key", "Shown", "Rule", "First cited"]  # no Script column: the caption names the rule
    assert "rule X runs workflow/scripts/X.py" in table
    worded = {row[0].replace("\\_", "_"): row[2] for row in rows if "worded by" in row[2]}
    assert "ingest.data_source" in worded and worded["ingest.data_source"].endswith("(worded by collect\\_numbers)")

    made_by = json.loads((fixture_study / "results/tables/paper_map.json").read_text(encoding="utf-8"))
    assert sorted(made_by["numbers"]) == sorted(cited)
    assert made_by["labels"]["tbl-paper-numbers"]["rule"] == "paper_appendix"

    # numbers_map.csv: every key of numbers.yml, each fragment's keys with the rule that declares it
    numbers = flatten(yaml.safe_load((fixture_study / "results/numbers.yml").read_text(encoding="utf-8")))
    mapped = list(csv.DictReader((fixture_study / "results/numbers_map.csv").open(encoding="utf-8")))
    assert [row["key"] for row in mapped] == sorted(numbers)
    fragments = {p.stem for p in (fixture_study / "results/numbers").glob("*.yml")}
    assert fragments == set(rules) == {row["key"].split(".")[0] for row in mapped}
    assert all(row["rule"] == rules[row["key"].split(".")[0]][0] for row in mapped)

    spans = []

    class Spans(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "span" and "study-number" in (attrs.get("class") or "").split():
                spans.append(attrs)

    conditional = re.compile(r"^::: \{\.content-(?:visible|hidden)[^}]*\}\n.*?^:::$"
                             r"|\[(?:[^\[\]]|\[[^\[\]]*\])*\]\{\.content-(?:visible|hidden)[^}]*\}", re.MULTILINE | re.DOTALL)
    shown_always = set()
    for document, qmd in QMDS.items():
        spans.clear()
        html = (fixture_study / f"results/manuscript/{document}.html").read_text(encoding="utf-8")
        Spans().feed(html.split("<body", 1)[1])
        # every key cited outside a conditional passage (which may be hidden for these data) is shown, as a span
        always = set(cited_keys(conditional.sub(" ", qmd)))
        assert always <= {span["data-key"] for span in spans} <= set(cited_keys(qmd)), document
        shown_always |= always
        for span in spans:
            assert span["data-rule"] == rules[span["data-key"].split(".")[0]][0], span
        assert len(spans) >= len(re.findall(r"\{\{< var ", conditional.sub(" ", qmd)))  # each citation is a span
    assert len(shown_always) > 100
