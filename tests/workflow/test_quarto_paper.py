"""The paper rendered by the workflow with a real Quarto, against the pandoc path.

`quarto_paper` is the default study re-rendered with Quarto on PATH (renderer
auto); `default_study` holds the same study rendered by the pandoc path. Both
renders are made once per session. Remaining differences between the two, by
design: the HTML page around the text (Quarto's Bootstrap theme against
pandoc's template and manuscript/paper.css), callout icons in Quarto's PDF,
and page breaks (Quarto's callout box is taller). Text, numbers, numbering,
captions and cross-reference targets must be the same. Each check holds for both
documents the workflow renders: the paper (index) and its supplement.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reader_view import (
    figure_letters,
    first_difference,
    html_view,
    made_by_lines,
    pdf_view,
    without_figures,
)

from wishlist.core.files import read_yaml
from wishlist.present.render import (
    front_matter,
    manuscript_conditions,
    render_manuscript,
)
from wishlist.present.render_manuscript import authors_of

pytestmark = pytest.mark.workflow

PAPER = Path("results/manuscript")
DOCUMENTS = ("index", "supplement")  # as workflow/rules/common.smk PAPER_DOCUMENTS


def _html(study: Path, document: str = "index") -> dict:
    return html_view((study / PAPER / f"{document}.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_workflow_renders_with_quarto_and_says_which(quarto_paper, quarto, document):
    log = (quarto_paper / f"results/logs/render_manuscript/{document}.log").read_text(encoding="utf-8")
    version = subprocess.run([quarto, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    assert f"render: {document}.qmd with quarto {version} (quarto found on PATH" in log
    warnings = [line for line in log.splitlines() if "WARN" in line and "typst-gather" not in line]
    assert warnings == []  # no unknown variable, unresolved reference or missing file
    assert (quarto_paper / PAPER / f"{document}.pdf").read_bytes().startswith(b"%PDF")


def test_quarto_leaves_nothing_behind(quarto_paper):
    """No output beside the source, no scratch folder, no resource copies."""
    for document in DOCUMENTS:
        assert not (quarto_paper / f"manuscript/{document}.html").exists()
        assert not (quarto_paper / f"manuscript/{document}.pdf").exists()
        assert not (quarto_paper / f"manuscript/{document}_files").exists()
    assert not list(quarto_paper.glob(".render-*")) and not list((quarto_paper / "manuscript").glob(".render-*"))
    assert not (quarto_paper / "results/results").exists()


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("part", ["text", "headings", "captions", "links", "targets"])
def test_html_renders_agree(quarto_paper, default_study, part, document):
    quarto, pandoc = _html(quarto_paper, document)[part], _html(default_study, document)[part]
    assert quarto == pandoc
    assert quarto or part == "links"  # a short paper may cross-reference nothing


def test_html_agreement_covers_the_paper(quarto_paper):
    """Across the paper and the supplement (the short paper alone holds fewer)."""
    views = [_html(quarto_paper, document) for document in DOCUMENTS]
    captions = [c for view in views for c in view["captions"]]
    assert len(captions) >= 30 and sum(len(v["links"]) for v in views) >= 50
    assert sum(len(v["headings"]) for v in views) >= 20
    assert sum(text.startswith("Figure ") for text in captions) >= 12


def table_headers(tables: Path) -> list[str]:
    """The header row of every Markdown table the paper includes, as pdf_view's letters (no space or dash)."""

    headers = []
    for table in sorted(tables.glob("*.md")):
        first = next((line for line in table.read_text(encoding="utf-8").splitlines() if line.startswith("|")), None)
        if first:
            cells = "".join(cell.strip() for cell in first.strip("|").split("|"))
            headers.append(re.sub(r"[\s\-\\`*]", "", cells))
    return [h for h in headers if len(h) >= 8]


def without_repeated_headers(letters: str, headers: list[str]) -> str:
    """`letters` with every occurrence of a table header after its table's first one removed."""
    for header in headers:
        first = letters.find(header)
        if first >= 0:
            end = first + len(header)
            letters = letters[:end] + letters[end:].replace(header, "")
    return letters


def test_figures_are_taken_out_wherever_they_float():
    figure, caption = "0204060Share(%)", "Figure 1: A caption. Made by rule x · workflow/scripts/x.py"
    before = "Text before. Text after." + figure + "Figure1:Acaption.Madebyrulex·workflow/scripts/x.py" + "More."
    after = "Text before." + figure + "Figure1:Acaption.Madebyrulex·workflow/scripts/x.py" + "Text after.More."
    assert (without_figures(before.replace(" ", ""), [figure], [caption])
            == without_figures(after.replace(" ", ""), [figure], [caption]) == "Textbefore.Textafter.More.")
    # a caption without a made-by line (the note's) goes too; text that is no figure's stays
    assert without_figures("A.Figure2:Bars.B.", [], ["Figure 2: Bars."]) == "A.B."
    assert without_figures("A.B.", [figure], [caption]) == "A.B."


def test_repeated_headers_are_removed_after_the_first_only():
    assert without_repeated_headers("AxHEADER12HEADER34HEADER5", ["HEADER"]) == "AxHEADER12345"
    assert without_repeated_headers("no header", ["HEADER"]) == "no header"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_pdf_renders_agree(quarto_paper, default_study, document):
    quarto_pdf, pandoc_pdf = quarto_paper / PAPER / f"{document}.pdf", default_study / PAPER / f"{document}.pdf"
    quarto, pandoc = pdf_view(quarto_pdf), pdf_view(pandoc_pdf)
    for part in ("outline", "references", "made_by"):
        assert quarto[part] == pandoc[part], part
    # a figure floats (paper.typ) and the two renderers' pages differ a little, so a figure may land before
    # a table in one and after it in the other: figures, and tables, each keep their order
    for kind in ("Figure", "Table"):
        assert [c for c in quarto["captions"] if c.startswith(kind)] == [c for c in pandoc["captions"]
                                                                          if c.startswith(kind)], kind
    assert sorted(quarto["captions"]) == sorted(pandoc["captions"])
    # a table broken across pages repeats its header row (typst's table.header); a table may break in one
    # renderer and not the other: the repeats are layout, not text (the numbers of a header row are
    # compared with the letters below)
    headers = table_headers(quarto_paper / "results/tables")
    in_headers = {number for header in headers for number in re.findall(r"\d+\.\d+", header)}
    assert ({k: v for k, v in quarto["numbers"].items() if k not in in_headers}
            == {k: v for k, v in pandoc["numbers"].items() if k not in in_headers})
    # a figure floats to the foot of a page, which need not be the same page in both renderers: its text and
    # caption are taken out wherever they land (the captions are compared above, in order)
    figures = figure_letters(quarto_paper / "results/figures")
    captions = [c for c in _html(quarto_paper, document)["captions"] if c.startswith("Figure ")]
    quarto_letters, pandoc_letters = (without_figures(without_repeated_headers(v["letters"], headers), figures,
                                                      captions) for v in (quarto, pandoc))
    assert quarto_letters == pandoc_letters, first_difference(quarto_letters, pandoc_letters)
    # every figure and table names its rule, or none does (the note: its exhibit map is in the supplement)
    lines = made_by_lines(default_study / f"manuscript/{document}.qmd")
    assert quarto["made_by"] == (len(quarto["captions"]) if lines else 0)


def test_the_pdfs_cover_the_paper(quarto_paper):
    captions = sum(len(pdf_view(quarto_paper / PAPER / f"{document}.pdf")["captions"]) for document in DOCUMENTS)
    assert captions >= 30


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_title_block_names_the_configured_authors(quarto_paper, default_study, document):
    """The authors come from CITATION.cff (the config names none): in both renderers' PDFs."""
    authors = authors_of([], quarto_paper / "CITATION.cff")
    for study in (quarto_paper, default_study):
        first_page = pdf_view(study / PAPER / f"{document}.pdf")["text"][:2000]
        for author in authors:
            assert author["name"] in first_page, (study, document)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_title_is_not_hyphenated(quarto_paper, default_study, document):
    """Both renderers set the title's words whole (paper.typ reaches Quarto's title float)."""
    import pypdf

    title = front_matter(quarto_paper / f"manuscript/{document}.qmd")["title"]
    for study in (quarto_paper, default_study):
        page = pypdf.PdfReader(study / PAPER / f"{document}.pdf").pages[0].extract_text()
        head = page[:page.index(title.split()[-1]) + len(title.split()[-1])]
        assert "\u00ad" not in head and not re.search(r"\w-\n", head), (study, head)
        assert " ".join(head.split()).replace("’", "'") == title, (study, head)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_two_quarto_renders_are_identical(quarto_paper, monkeypatch, document):
    """HTML and PDF byte for byte (the PDF's dates come from SOURCE_DATE_EPOCH)."""
    html, pdf = quarto_paper / PAPER / f"{document}.html", quarto_paper / PAPER / f"{document}.pdf"
    first = html.read_bytes(), pdf.read_bytes()
    monkeypatch.chdir(quarto_paper)
    conditions = manuscript_conditions(read_yaml(quarto_paper / "results/numbers.yml"))
    configured = read_yaml(quarto_paper / "config/config.yaml")["manuscript"].get("authors") or []
    render_manuscript(Path(f"manuscript/{document}.qmd"), html, pdf, renderer="quarto", conditions=conditions,
                      authors=authors_of(configured, Path("CITATION.cff")), log=lambda line: None)
    assert (html.read_bytes(), pdf.read_bytes()) == first
