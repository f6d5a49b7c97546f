"""Text from data, in the span collect_numbers wraps every variable in, renders as typed.

The values of _variables.yml are spans naming their numbers.yml key and rule
(wishlist.present.numbers.traced around wishlist.present.markdown.inert). A value
from data holding markup, raw HTML, a shortcode or a bracket must still show as
exactly its characters, inside exactly one span.study-number with the right
attributes, under both renderers; and nothing outside the project is read.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from reader_view import html_view, pdf_view
from render_project import write_project

from wishlist.present.markdown import inert
from wishlist.present.numbers import NumberSource, traced
from wishlist.present.render import render_manuscript

pytestmark = pytest.mark.workflow

SECRET = "SECRET-CONTENT-5d1e"

HOSTILE = {
    "include": "{{< include {secret} >}}",
    "var": "{{< var study.secret >}}",
    "img": '<img src="{secret}">',
    "js": "[click](javascript:alert(1))",
    "typst": '`#read("{secret}")`{=typst}',
    "markup": "*bold* _u_ ^p^ $5 @fig-x # h | c",
    "brackets": "a ]{.evil title=\"x\"} [b",
    "list": "- item",
    "ordered": "1. first",
    "lone": "lone {{< opener",
}


def project(tmp: Path) -> tuple[Path, dict[str, str]]:
    root = tmp / "proj"
    secret = tmp / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    texts = {k: v.replace("{secret}", str(secret)) for k, v in HOSTILE.items()}
    source = NumberSource("case_study", "workflow/scripts/case_study.py", "workflow/rules/sample.smk")
    variables = {"study": {"secret": "not to be shown"},
                 "company": {k: traced(inert(v, variable=True), f"company.{k}", source) for k, v in texts.items()}}
    lines = [f"- {key}: {{{{< var company.{key} >}}}}" for key in texts]
    qmd = write_project(root, "---\ntitle: Traced\n---\n\n# Companies {#sec-c}\n\n" + "\n".join(lines) + "\n",
                        variables)
    return qmd, texts


class Spans(HTMLParser):
    """Every <span> with its attributes and text (nested spans' text counts for each)."""

    def __init__(self):
        super().__init__()
        self.spans, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self.spans.append([dict(attrs), ""])
            self.open.append(len(self.spans) - 1)

    def handle_endtag(self, tag):
        if tag == "span" and self.open:
            self.open.pop()

    def handle_data(self, data):
        for index in self.open:
            self.spans[index][1] += data


@pytest.fixture(params=["pandoc", "quarto"])
def rendered(request, tmp_path):
    if request.param == "quarto":
        request.getfixturevalue("quarto")
    qmd, texts = project(tmp_path)
    html, pdf = tmp_path / "out" / "index.html", tmp_path / "out" / "index.pdf"
    render_manuscript(qmd, html, pdf, renderer=request.param, log=lambda line: None)
    return html.read_text(encoding="utf-8"), pdf, texts


def test_each_value_is_one_span_with_its_key_and_rule_showing_the_text_as_typed(rendered):
    html, _, texts = rendered
    parser = Spans()
    parser.feed(html)
    traced_spans = [(attrs, text) for attrs, text in parser.spans if attrs.get("class") == "study-number"]
    assert len(traced_spans) == len(texts)
    for (attrs, text), (key, value) in zip(traced_spans, texts.items()):
        assert attrs == {"class": "study-number", "data-key": f"company.{key}", "data-rule": "case_study",
                         "data-script": "workflow/scripts/case_study.py"}, key
        assert " ".join(text.split()) == " ".join(value.split()), key
    assert not any("evil" in (attrs.get("class") or "") for attrs, _ in parser.spans)
    assert SECRET not in html and "not to be shown" not in html_view(html)["text"]
    assert "<img" not in html and 'href="javascript' not in html


def test_the_pdf_shows_the_values_without_markup(rendered):
    _, pdf, texts = rendered
    text = pdf_view(pdf)["text"]
    assert SECRET not in text and "study-number" not in text and "data-key" not in text
    letters = "".join(text.split())  # a long path may break across lines
    for key in ("include", "img", "js", "typst", "brackets", "lone"):
        assert "".join(texts[key].split()) in letters, key
