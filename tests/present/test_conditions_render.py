"""The manuscript's data conditions (when-meta / unless-meta) decide the same passages with both renderers.

The workflow passes each condition it computes (wishlist.present.render.manuscript_conditions)
as metadata; Quarto decides `when-meta` natively, the pandoc path's Lua filter in its shared
pass. A passage about the reconstruction must appear exactly when its condition holds, in HTML
and PDF, and a condition the workflow did not set is an error, not a silent false.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_view import html_view, pdf_view
from render_project import write_project

from wishlist.present.render import RenderError, render_manuscript

pytestmark = pytest.mark.workflow

DOC = """---
title: Conditions
---

Records: [RECON-INLINE]{.content-visible when-meta="data-origin-reconstruction"}[REAL-INLINE]{.content-hidden when-meta="data-origin-reconstruction"}.

::: {.content-visible when-meta="data-origin-reconstruction"}
RECON-BLOCK paragraph.
:::

::: {.content-hidden when-meta="data-origin-reconstruction"}
REAL-BLOCK paragraph [NESTED-MIXED]{.content-visible when-meta="ingest-reconstructed"}.
:::
"""


def project(tmp: Path, text: str = DOC) -> Path:
    return write_project(tmp / "proj", text)


CASES = {
    # (reconstruction, some records reconstructed) -> the markers that must show
    (True, True): {"RECON-INLINE", "RECON-BLOCK"},
    (False, True): {"REAL-INLINE", "REAL-BLOCK", "NESTED-MIXED"},
    (False, False): {"REAL-INLINE", "REAL-BLOCK"},
}
MARKERS = {"RECON-INLINE", "RECON-BLOCK", "REAL-INLINE", "REAL-BLOCK", "NESTED-MIXED"}


@pytest.mark.parametrize("renderer", ["pandoc", "quarto"])
@pytest.mark.parametrize("case", list(CASES), ids=["reconstruction", "mixed", "bulletin"])
def test_each_passage_shows_exactly_when_its_condition_holds(renderer, case, tmp_path, request):
    if renderer == "quarto":
        request.getfixturevalue("quarto")
    qmd = project(tmp_path)
    html, pdf = tmp_path / "out/index.html", tmp_path / "out/index.pdf"
    conditions = {"data-origin-reconstruction": case[0], "ingest-reconstructed": case[1]}
    render_manuscript(qmd, html, pdf, renderer=renderer, conditions=conditions, log=lambda line: None)
    for text in (html_view(html.read_text(encoding="utf-8"))["text"], pdf_view(pdf)["text"]):
        shown = {m for m in MARKERS if m in text}
        assert shown == CASES[case]


def test_an_unset_condition_is_an_error_not_a_silent_false(tmp_path):
    qmd = project(tmp_path)
    with pytest.raises(RenderError) as error:
        render_manuscript(qmd, tmp_path / "o/i.html", tmp_path / "o/i.pdf", renderer="pandoc",
                          conditions={"data-origin-reconstruction": True}, log=lambda line: None)
    assert "ingest-reconstructed" in (error.value.stderr or "") + str(error.value)


def test_a_meta_condition_with_a_format_condition_needs_both(tmp_path):
    # content-hidden hides only where every condition holds: with the meta condition false it hides nothing
    text = ("---\ntitle: Both\n---\n\nA [HIDDEN-IN-HTML-IF-K]{.content-hidden when-meta=\"k\" when-format=\"html\"} "
            "[SHOWN-IN-HTML-IF-K]{.content-visible when-meta=\"k\" when-format=\"html\"} B.\n")
    for k, expected in ((True, {"SHOWN-IN-HTML-IF-K"}), (False, {"HIDDEN-IN-HTML-IF-K"})):
        qmd = write_project(tmp_path / f"proj-{k}", text)
        html, pdf = tmp_path / f"out-{k}/index.html", tmp_path / f"out-{k}/index.pdf"
        render_manuscript(qmd, html, pdf, renderer="pandoc", conditions={"k": k}, log=lambda line: None)
        shown = {m for m in ("HIDDEN-IN-HTML-IF-K", "SHOWN-IN-HTML-IF-K")
                 if m in html_view(html.read_text(encoding="utf-8"))["text"]}
        assert shown == expected, k
        # typst: neither format condition holds, so the hidden one shows there whatever k is
        assert "HIDDEN-IN-HTML-IF-K" in pdf_view(pdf)["text"] and "SHOWN-IN-HTML-IF-K" not in pdf_view(pdf)["text"]
