"""The manuscript computes nothing and types no statistic: numbers come from results/numbers.yml."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QMD = (ROOT / "manuscript/index.qmd").read_text(encoding="utf-8")

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


def test_no_statistic_is_typed_into_the_manuscript():
    assert hand_typed_numbers(prose(QMD)) == []


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


def test_every_figure_caption_names_its_source():
    captions = re.findall(r"!\[(.*?)\]\(", QMD, flags=re.S)
    assert captions
    for caption in captions:
        assert "Source:" in caption, caption


def test_every_figure_has_alt_text_and_a_label():
    for figure in re.findall(r"!\[.*?\]\([^)]*\)(\{[^}]*\})?", QMD, flags=re.S):
        assert "#fig-" in figure and "fig-alt=" in figure, figure


def test_record_layer_captions_carry_the_data_source_variable():
    # not record-layer figures: the published layer, the coder sheets, and the case-study figures
    # (their sources are the case-outcome sheet and Table 1)
    for caption in re.findall(r"!\[([^\]]*)\]\(\.\./results/figures/"
                              r"(?!published|partnership_timeline|case_study|coder_confusion|cumulative_incidence)",
                              QMD, flags=re.S):
        assert "{{< var ingest.data_source >}}" in caption, caption


def test_no_executable_code_cells():
    assert not re.search(r"^```\{", QMD, flags=re.M)


def test_every_paper_input_is_shown(fixture_study):
    log = (fixture_study / "results/logs/paper_appendix.log").read_text(encoding="utf-8")
    assert "warning" not in log, log


def test_variables_resolve_and_labels_exist(fixture_study):
    # the Lua filter fails the render on an undefined variable or label; the fixture run rendered
    html = (fixture_study / "results/manuscript/index.html").read_text(encoding="utf-8")
    for leftover in ("{{<", "@fig-", "@tbl-", "@sec-", "??"):
        assert leftover not in html
    assert html.count('id="tbl-') >= 20 and html.count('id="fig-') >= 10


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
