"""Text from data renders as typed, with both renderers, in HTML and PDF.

A table the study writes (markdown_table) and a variable (_variables.yml, as
collect_numbers writes it) carry hostile strings: an include of a file outside
the project, raw HTML and typst, a remote image, a javascript: link, Markdown
and Quarto markup. The paper must show each string as exactly its characters,
load nothing, include nothing and fetch nothing. The manuscript source itself
may not include, embed or link outside those bounds either.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from reader_view import html_view, pdf_view
from render_project import write_project

from wishlist.present.markdown import inert
from wishlist.present.render import RenderError, render_manuscript
from wishlist.present.tables import markdown_table

pytestmark = pytest.mark.workflow

SECRET = "SECRET-CONTENT-7f3a"  # the text of a file outside the project

HOSTILE = {
    "include": "{{< include {secret} >}}",
    "var": "{{< var study.secret >}}",
    "img": '<img src="{secret}">',
    "remote": "![x](http://203.0.113.1/x.png)",
    "js": "[click](javascript:alert(1))",
    "typst": '`#read("{secret}")`{=typst}',
    "markup": "*bold* _u_ ~s~ ^p^ $5 and $6 @fig-x [a] # h | c",
    "entities": "&lt;b&gt; &amp;",
    "typography": "a--b ... 'single' \"double\"",
    "lone": "lone {{< opener",
    "list": "- item",
}


def project(tmp: Path) -> tuple[Path, dict[str, str]]:
    root = tmp / "proj"
    secret = tmp / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    texts = {k: v.replace("{secret}", str(secret)) for k, v in HOSTILE.items()}
    # as collect_numbers writes them
    variables = {"study": {"secret": "not to be shown"}, "company": {k: inert(v, variable=True) for k, v in texts.items()}}
    lines = [f"- {key}: {{{{< var company.{key} >}}}}" for key in texts]
    qmd = write_project(root, "---\ntitle: Inert\n---\n\n# Companies {#sec-c}\n\n" + "\n".join(lines)
                        + "\n\n{{< include ../results/cases.md >}}\n", variables)
    (root / "results").mkdir()
    frame = pd.DataFrame({"Case": list(texts), "Company": list(texts.values())})
    (root / "results" / "cases.md").write_text(markdown_table(frame, "Companies as typed", "tbl-cases"),
                                                encoding="utf-8")
    return qmd, texts


@pytest.fixture(params=["pandoc", "quarto"])
def rendered(request, tmp_path):
    if request.param == "quarto":
        request.getfixturevalue("quarto")
    qmd, texts = project(tmp_path)
    html, pdf = tmp_path / "out" / "index.html", tmp_path / "out" / "index.pdf"
    render_manuscript(qmd, html, pdf, renderer=request.param, log=lambda line: None)
    return html.read_text(encoding="utf-8"), pdf, texts


def test_html_shows_every_string_as_typed_twice(rendered):
    html, _, texts = rendered
    text = html_view(html)["text"]
    for key, value in texts.items():
        shown = " ".join(value.split())
        assert text.count(shown) == 2, (key, shown)  # once from the variable, once from the table
    assert SECRET not in html and "not to be shown" not in text
    assert "<img" not in html and 'href="javascript' not in html and "203.0.113.1/x.png\"" not in html


def test_pdf_shows_every_string_as_typed(rendered):
    _, pdf, texts = rendered
    # "..." is set with the font's ellipsis ligature, which the PDF's text layer reads as "…"
    text = pdf_view(pdf)["text"].replace("\u2026", "...")
    assert SECRET not in text
    for key in ("include", "img", "js", "typst", "markup", "entities", "typography", "lone"):
        assert " ".join(texts[key].split()) in text, key


def test_the_source_may_not_include_or_embed_outside_the_project(tmp_path):
    qmd, _ = project(tmp_path)
    secret = tmp_path / "secret.txt"
    base = qmd.read_text(encoding="utf-8").split("\n\n{{< include")[0]
    for addition, needle in ((f"{{{{< include {secret} >}}}}", "include outside the project"),
                             (f"![s]({secret})", "image outside the project"),
                             ("![r](http://203.0.113.1/x.png)", "image from a URL"),
                             ("[j](javascript:alert(1))", "javascript: target")):
        qmd.write_text(base + f"\n\n{addition}\n", encoding="utf-8")
        with pytest.raises(RenderError) as refused:
            render_manuscript(qmd, tmp_path / "o" / "i.html", tmp_path / "o" / "i.pdf", renderer="pandoc",
                              log=lambda line: None)
        assert needle in str(refused.value) + refused.value.stderr, addition
