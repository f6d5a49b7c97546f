"""Quarto and the pandoc path agree on the subset of Quarto the paper uses.

A set of small documents (shortcodes, includes, fig/tbl/sec references,
callouts, citations, Chinese text, cross-format conditionals) is rendered by
both; what a reader sees must match: the text, the numbers, the numbering of
figures, tables and sections, the reference labels and the captions. And each
thing one renderer refuses, the other refuses too.

Needs a real Quarto (the `quarto` fixture: run where it is on PATH, fail under
CI with the kit present, else skip). Each document is rendered once per
renderer per session.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reader_view import (
    figure_letters,
    first_difference,
    html_view,
    pdf_view,
    without_figures,
)

from wishlist.present.render import RenderError, render_manuscript

pytestmark = pytest.mark.workflow

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "render"
LUA = ROOT / "manuscript" / "filters" / "quarto-subset.lua"
RENDERERS = ("pandoc", "quarto")

FEATURES = """---
title: "Features: {{< var study.name >}}"
bibliography: references.bib
number-sections: true
---

# Conditionals and callouts {#sec-features}

Always shown.

::: {.content-visible when-format="html"}
Only in HTML.
:::

::: {.content-visible when-format="typst"}
Only in the PDF.
:::

::: {.content-hidden when-format="html"}
Hidden in HTML.
:::

::: {.content-visible unless-format="typst"}
Everywhere but the PDF.
:::

::: {.content-visible when-format="pdf"}
LaTeX only, so in neither output.
:::

A [span for HTML]{.content-visible when-format="html"}[span for the PDF]{.content-visible when-format="typst"} in a sentence.

::: {.callout-warning title="Mind the base"}
Shares are of {{< var sample.size >}} records.
:::

::: {.callout-tip}
A tip without a title.
:::

## Citations {#sec-citations}

@fedasiuk2021 is narrative; this is parenthetical [@fedasiuk2021, p. 3]; see
@sec-features and [-@sec-features].

## 中文标题 {#sec-chinese}

国际技术合作机会 and 半导体 in text.

# References {.unnumbered}
"""

FORMAT_SETTINGS = """  html:
    format-links: false
    toc-title: Contents
  typst:
    citeproc: true
    toc-title: Contents
    include-in-header: manuscript/paper.typ
    margin:
      x: 2.5cm
      y: 2.5cm
"""


# The fixture document with a number in a callout too (the fixture has one in the
# title, the text, a figure caption and an included table's cell).
CALLOUT = """::: {.callout-warning title="Base"}
Shares are of {{< var sample.size >}} records.
:::

# References"""
WITH_CALLOUT = (FIXTURE / "manuscript" / "index.qmd").read_text(encoding="utf-8").replace("# References", CALLOUT)

# _variables.yml as collect_numbers writes it: each value a span naming its key and rule
# (typed here by hand, not by the code under test).
TRACED_VARIABLES = """study:
  name: '[Wish List]{.study-number data-key="study.name" data-rule="name_rule"}'
sample:
  size: '[1234]{.study-number data-key="sample.size" data-rule="sample_rule" data-script="workflow/scripts/s.py"}'
  share: '[42%]{.study-number data-key="sample.share" data-rule="sample_rule" data-worded-by="collect_numbers"}'
"""


def make_project(dest: Path, document: str | None = None, variables: str | None = None) -> Path:
    """The render fixture as a Quarto project whose filter, typst header and
    margins are the study's; `document` replaces manuscript/index.qmd and
    `variables` the project's _variables.yml."""
    shutil.copytree(FIXTURE, dest)
    if variables is not None:
        (dest / "_variables.yml").write_text(variables, encoding="utf-8")
    (dest / "manuscript" / "filters").mkdir()
    shutil.copy2(LUA, dest / "manuscript" / "filters" / LUA.name)
    shutil.copy2(ROOT / "manuscript" / "paper.typ", dest / "manuscript" / "paper.typ")
    config = (dest / "_quarto.yml").read_text(encoding="utf-8")
    head, _, rest = config.partition("format:\n")
    rest = rest[rest.index("filters:"):]
    (dest / "_quarto.yml").write_text(f"{head}format:\n{FORMAT_SETTINGS}{rest}", encoding="utf-8")
    qmd = dest / "manuscript" / "index.qmd"
    if document is not None:
        qmd.write_text(document, encoding="utf-8")
    return qmd


def render(qmd: Path, renderer: str, authors=None) -> tuple[Path, Path]:
    out = qmd.parents[1] / "results" / renderer
    html, pdf = out / f"{qmd.stem}.html", out / f"{qmd.stem}.pdf"
    render_manuscript(qmd, html, pdf, renderer=renderer, authors=authors, log=lambda line: None)
    return html, pdf


# The authorship line as the workflow passes it (config or CITATION.cff): both title blocks
# name each author and affiliation, so the PDFs' text agrees.
AUTHORS = [{"name": "Ada Lovelace", "affiliation": "Analytical Engines", "orcid": "0000-0002-1825-0097"},
           {"name": "*Grace* <Hopper>"}]

# name -> (document, variables, authors, file stem)
DOCUMENTS = {"fixture": (None, None, None, "index"), "features": (FEATURES, None, None, "index"),
             "untraced": (WITH_CALLOUT, None, None, "index"), "traced": (WITH_CALLOUT, TRACED_VARIABLES, None, "index"),
             # a second document of the same project, as the supplement is, with authors
             "supplement": (None, None, AUTHORS, "supplement")}


_RENDERED: dict[str, dict] = {}


def _render_both(name: str, tmp_path_factory) -> dict:
    """One small document rendered by each renderer into the same project, once."""
    if name not in _RENDERED:
        document, variables, authors, stem = DOCUMENTS[name]
        qmd = make_project(tmp_path_factory.mktemp(name) / "proj", document, variables)
        if stem != "index":  # the fixture's text as another document of the project, without an author line
            text = qmd.read_text(encoding="utf-8")
            qmd = qmd.with_name(f"{stem}.qmd")
            qmd.write_text(text, encoding="utf-8")
        _RENDERED[name] = {renderer: render(qmd, renderer, authors) for renderer in RENDERERS}
    return _RENDERED[name]


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def both(request, quarto, tmp_path_factory):
    return _render_both(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def features(quarto, tmp_path_factory):
    return _render_both("features", tmp_path_factory)


def _html(both, renderer):
    return html_view(both[renderer][0].read_text(encoding="utf-8"))


def test_html_text_agrees(both):
    assert _html(both, "quarto")["text"] == _html(both, "pandoc")["text"]


@pytest.mark.parametrize("part", ["headings", "captions", "links", "targets"])
def test_html_numbering_captions_and_references_agree(both, part):
    quarto, pandoc = _html(both, "quarto")[part], _html(both, "pandoc")[part]
    assert quarto == pandoc
    assert quarto or part in ("captions", "targets"), f"the document has no {part}: the comparison is empty"


def test_pdf_text_agrees(both):
    """Line and page breaks aside (Quarto's callout box is taller, so a page may
    break earlier), where the floating figures land, and Quarto's callout icons (a
    glyph the fallback does not draw)."""
    quarto, pandoc = pdf_view(both["quarto"][1]), pdf_view(both["pandoc"][1])
    for part in ("outline", "captions", "references", "numbers", "made_by"):
        assert quarto[part] == pandoc[part], part
    # a figure floats to the foot of a page: where its text lands is layout (the captions agree, above)
    figures = figure_letters(both["quarto"][1].parents[2] / "generated" / "figures")
    captions = [c for c in _html(both, "quarto")["captions"] if c.startswith("Figure ")]
    quarto_letters, pandoc_letters = (without_figures(v["letters"], figures, captions) for v in (quarto, pandoc))
    assert quarto_letters == pandoc_letters, first_difference(quarto_letters, pandoc_letters)


@pytest.mark.parametrize("renderer", RENDERERS)
def test_a_second_document_names_its_authors(renderer, quarto, tmp_path_factory):
    html, pdf = _render_both("supplement", tmp_path_factory)[renderer]
    assert html.name == "supplement.html"
    text = pdf_view(pdf)["text"]
    for author in AUTHORS:
        assert author["name"] in text and author.get("affiliation", "") in text
    assert "*Grace* &lt;Hopper&gt;" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("renderer", RENDERERS)
def test_conditionals_pick_the_content_for_the_format(features, renderer):
    """Quarto's reading of when-format and unless-format, which both renderers follow."""
    html = _html(features, renderer)["text"]
    pdf = pdf_view(features[renderer][1])["text"]
    for shown, where in (("Only in HTML.", html), ("Everywhere but the PDF.", html), ("span for HTML", html),
                         ("Only in the PDF.", pdf), ("Hidden in HTML.", pdf), ("span for the PDF", pdf)):
        assert shown in where
    for hidden, where in (("Only in the PDF.", html), ("Hidden in HTML.", html), ("span for the PDF", html),
                          ("Only in HTML.", pdf), ("Everywhere but the PDF.", pdf), ("LaTeX only", pdf + html)):
        assert hidden not in where


# ------------------------------------------- every number says its source --
@pytest.fixture(scope="module")
def traced(quarto, tmp_path_factory):
    return {name: _render_both(name, tmp_path_factory) for name in ("traced", "untraced")}


def _spans(html: str) -> list[tuple[str, dict, str]]:
    """(class, attributes, text) of every span.study-number, in document order."""
    from html.parser import HTMLParser

    found, stack = [], []

    class Spans(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "span":
                attrs = dict(attrs)
                stack.append(len(found) if "study-number" in (attrs.get("class") or "").split() else None)
                if stack[-1] is not None:
                    found.append([attrs.pop("class"), attrs, ""])

        def handle_endtag(self, tag):
            if tag == "span" and stack:
                stack.pop()

        def handle_data(self, data):
            for index in {i for i in stack if i is not None}:
                found[index][2] += data

    Spans().feed(html)
    return [tuple(span) for span in found]


SIZE = ("study-number", {"data-key": "sample.size", "data-rule": "sample_rule",
                         "data-script": "workflow/scripts/s.py"}, "1234")
SHARE = ("study-number", {"data-key": "sample.share", "data-rule": "sample_rule",
                          "data-worded-by": "collect_numbers"}, "42%")
NAME = ("study-number", {"data-key": "study.name", "data-rule": "name_rule"}, "Wish List")


@pytest.mark.parametrize("renderer", RENDERERS)
def test_html_numbers_carry_their_key_and_rule(traced, renderer):
    """Title, text, figure caption, included table and callout: each shown number is a
    span naming its numbers.yml key and rule, and shows just its value."""
    html = traced["traced"][renderer][0].read_text(encoding="utf-8")
    body = html.split("<body", 1)[1]
    spans = _spans(body)
    assert NAME in spans  # the title (its <title> element is plain text: a span cannot go there)
    assert spans.count(SHARE) == 1
    # text, figure caption, table cell, callout; each one once (a table of contents holds no numbers here)
    assert spans.count(SIZE) == 4, spans
    assert {span[0] for span in spans} == {"study-number"} and len(spans) == spans.count(NAME) + 5
    assert "<title>Render fixture: Wish List</title>" in html
    untraced = traced["untraced"][renderer][0].read_text(encoding="utf-8")
    assert "study-number" not in untraced and "data-key" not in untraced


@pytest.mark.parametrize("renderer", RENDERERS)
def test_the_markup_changes_no_text(traced, renderer):
    """What a reader sees is the same with and without the spans, in HTML and in the PDF."""
    with_spans, without = traced["traced"][renderer], traced["untraced"][renderer]
    assert html_view(with_spans[0].read_text(encoding="utf-8")) == html_view(without[0].read_text(encoding="utf-8"))
    assert pdf_view(with_spans[1]) == pdf_view(without[1])
    assert "Shares are of 1234 records." in pdf_view(with_spans[1])["text"]


# ------------------------------------------------------ refused by both --
REFUSED = {
    "undefined variable": ("Missing: {{< var sample.nope >}}.", "sample.nope"),
    "undefined label": ("See @fig-nothere.", "fig-nothere"),
    "missing include": ("{{< include ../generated/tables/absent.md >}}", "absent.md"),
    "undefined citation": ("As argued [@nobody2020].", "nobody2020"),
    "image outside the project": ("![Out](../../outside.svg){#fig-out}", "outside.svg"),
    "unsupported shortcode": ("{{< meta title >}}", "meta title"),
    "unsupported condition": ("::: {.content-visible when-meta=\"draft\"}\nx\n:::", "when-meta"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_both_renderers_refuse(case, quarto, tmp_path):
    addition, needle = REFUSED[case]
    qmd = make_project(tmp_path / "proj")
    (tmp_path / "outside.svg").write_text((FIXTURE / "generated/figures/bars.svg").read_text())
    qmd.write_text(qmd.read_text(encoding="utf-8").replace("# References", f"{addition}\n\n# References"),
                   encoding="utf-8")
    for renderer in RENDERERS:
        with pytest.raises(RenderError) as refused:
            render(qmd, renderer)
        assert needle in str(refused.value) + refused.value.stderr, (renderer, str(refused.value))
        assert not (qmd.parents[1] / "results" / renderer / "index.html").exists()
