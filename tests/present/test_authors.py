"""The papers' authorship line: config manuscript.authors, else CITATION.cff, else a default;
written inert, so an author's name renders as exactly its characters in both renderers."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from reader_view import normalise, pdf_view
from render_project import write_project

from wishlist.core.errors import StudyInputError
from wishlist.core.files import read_yaml
from wishlist.present.render import (
    DEFAULT_AUTHOR,
    RenderError,
    _author_metadata,
    manuscript_authors,
    render_manuscript,
)
from wishlist.present.render_manuscript import authors_of

ROOT = Path(__file__).resolve().parents[2]

CFF = {"authors": [
    {"given-names": "Ada", "family-names": "Lovelace", "affiliation": "Analytical Engines",
     "orcid": "https://orcid.org/0000-0002-1825-0097"},
    {"given-names": "Vincent", "name-particle": "van", "family-names": "Gogh"},
    {"name": "The Wish List Team"},
]}


# ------------------------------------------------------------- resolution --
def test_citation_cff_is_the_default():
    assert manuscript_authors(None, CFF) == [
        {"name": "Ada Lovelace", "affiliation": "Analytical Engines", "orcid": "0000-0002-1825-0097"},
        {"name": "Vincent van Gogh"},
        {"name": "The Wish List Team"}]
    assert manuscript_authors([], CFF) == manuscript_authors(None, CFF)  # empty config: CITATION.cff


def test_the_repository_citation_names_the_authors():
    citation = read_yaml(ROOT / "CITATION.cff")
    names = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in citation["authors"]]
    assert [a["name"] for a in manuscript_authors(None, citation)] == names


def test_config_overrides_citation_cff():
    configured = ["Grace Hopper", {"given-names": "Alan", "family-names": "Turing", "orcid": "0000-0001-2345-678X"}]
    assert manuscript_authors(configured, CFF) == [
        {"name": "Grace Hopper"}, {"name": "Alan Turing", "orcid": "0000-0001-2345-678X"}]


def test_fallback_when_neither_names_anyone():
    for citation in (None, {}, {"authors": []}):
        assert manuscript_authors(None, citation) == [{"name": DEFAULT_AUTHOR}] == [
            {"name": "wishlist-study contributors"}]


@pytest.mark.parametrize("entry,problem", [
    ({"affiliation": "Nowhere"}, "needs a name"),
    ({"name": "A", "orcid": "javascript:alert(1)"}, "not an ORCID"),
    ({"name": ["A", "B"]}, "must be text"),
    (42, "a name or a mapping"),
])
def test_a_malformed_author_is_refused(entry, problem):
    with pytest.raises(ValueError, match=problem):
        manuscript_authors([entry], CFF)
    with pytest.raises(ValueError, match=problem):
        manuscript_authors(None, {"authors": [entry]})


def test_the_rule_reads_citation_cff_as_data(tmp_path):
    """The safe YAML reader: a tag that would build an object is refused, and the file is named."""
    cff = tmp_path / "CITATION.cff"
    cff.write_text("authors:\n  - name: Ada\n    affiliation: Engines\n", encoding="utf-8")
    assert authors_of([], cff) == [{"name": "Ada", "affiliation": "Engines"}]
    assert authors_of(["Grace"], cff) == [{"name": "Grace"}]
    assert authors_of([], tmp_path / "absent.cff") == [{"name": DEFAULT_AUTHOR}]
    cff.write_text("authors: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(StudyInputError):
        authors_of([], cff)
    cff.write_text("authors:\n  - affiliation: Engines\n", encoding="utf-8")
    with pytest.raises(StudyInputError, match="CITATION.cff"):
        authors_of([], cff)


def test_the_render_rule_lists_citation_cff_and_passes_the_config():
    rule = (ROOT / "workflow/rules/manuscript.smk").read_text(encoding="utf-8")
    block = rule[rule.index("rule render_manuscript:"):]
    assert 'citation="CITATION.cff"' in block and 'authors=config["manuscript"].get("authors")' in block
    for qmd in ("index", "supplement"):
        front = (ROOT / f"manuscript/{qmd}.qmd").read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert "\nauthor:" not in front and "\nauthors:" not in front, f"{qmd}.qmd names authors itself"


HOSTILE = [{"name": "<script>alert(1)</script>", "affiliation": "*x* {{< var study.secret >}}"},
           {"name": "#set page(width: 1cm)", "affiliation": "[a](javascript:alert(1)) `#read(\"/etc/passwd\")`{=typst}",
            "orcid": "0000-0002-1825-0097"},
           {"name": "*x* _y_ @fig-z $5"}]


@pytest.mark.parametrize("renderer,fmt", [("quarto", "html"), ("quarto", "typst"), ("pandoc", "html"),
                                          ("pandoc", "typst")])
def test_the_metadata_is_inert_markdown(renderer, fmt):
    """Every character that could open markup is escaped (the ORCID link the pandoc HTML builds
    from the validated iD aside)."""
    import re

    meta = _author_metadata(HOSTILE, renderer, fmt)
    values = [v for entry in meta["author"] for v in (entry.values() if isinstance(entry, dict) else [entry])]
    values = [re.sub(r" \[ORCID [\dX-]+\]\(https://orcid\.org/[\dX-]+\)$", "", v) for v in values]
    assert len(values) >= len(HOSTILE)
    for value in values:
        assert not re.search(r"(?<!\\)[*_#<>`\[\]{}@$]", value), value


def test_the_front_matter_may_not_name_authors_too(tmp_path):
    qmd = write_project(tmp_path / "proj", "---\ntitle: T\nauthor: Someone\n---\n\nText.\n")
    with pytest.raises(RenderError, match="front matter sets author"):
        render_manuscript(qmd, tmp_path / "o/i.html", tmp_path / "o/i.pdf", renderer="pandoc",
                          authors=[{"name": "A"}], log=lambda line: None)


# --------------------------------------------------------------- rendered --
class _TitleBlock(HTMLParser):
    """Text of every element whose class is author or affiliation, and every script's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[list] = []
        self.found: dict[str, list[str]] = {"author": [], "affiliation": []}
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        self.in_script = tag == "script"
        kind = next((k for k in self.found if k in classes), None)
        if tag in ("p", "div", "span") and kind:
            self.open.append([tag, kind, ""])
        elif self.open and tag == self.open[-1][0]:
            self.open.append([tag, None, ""])

    def handle_endtag(self, tag):
        self.in_script = False
        if self.open and self.open[-1][0] == tag:
            _, kind, text = self.open.pop()
            if kind:
                self.found[kind].append(normalise(text))
            elif self.open:
                self.open[-1][2] += text

    def handle_data(self, data):
        if self.in_script:
            self.scripts.append(data)
        if self.open:
            self.open[-1][2] += data


@pytest.fixture(params=["pandoc", "quarto"])
def rendered(request, tmp_path):
    if request.param == "quarto":
        request.getfixturevalue("quarto")
    qmd = write_project(tmp_path / "proj", "---\ntitle: Authors\n---\n\n# Text {#sec-t}\n\nText.\n",
                        {"study": {"secret": "not to be shown"}})
    html, pdf = tmp_path / "out/index.html", tmp_path / "out/index.pdf"
    render_manuscript(qmd, html, pdf, renderer=request.param, authors=HOSTILE, log=lambda line: None)
    return request.param, html.read_text(encoding="utf-8"), pdf


@pytest.mark.workflow
def test_hostile_author_names_render_as_typed_in_html(rendered):
    renderer, html, _ = rendered
    block = _TitleBlock()
    block.feed(html)
    authors = " | ".join(block.found["author"])
    for author in HOSTILE:
        assert author["name"] in authors, (renderer, author["name"], authors)
    shown = " | ".join(block.found["author"] + block.found["affiliation"])
    for affiliation in (a["affiliation"] for a in HOSTILE if "affiliation" in a):
        assert normalise(affiliation) in shown, (renderer, affiliation, shown)
    assert not any("alert(1)" in script for script in block.scripts)
    assert "not to be shown" not in html and 'href="javascript' not in html
    assert "<em>x</em>" not in html  # (Quarto's <meta name="author" content="<script>..."> is attribute text)


@pytest.mark.workflow
def test_hostile_author_names_render_as_typed_in_the_pdf(rendered):
    renderer, _, pdf = rendered
    view = pdf_view(pdf)
    letters = "".join(view["text"].split())  # the title block may break a line anywhere
    for author in HOSTILE:
        assert author["name"] in view["text"], (renderer, author["name"])
        if "affiliation" in author:
            assert "".join(author["affiliation"].split()) in letters, (renderer, author["affiliation"])
    assert "not to be shown" not in view["text"] and "root:" not in view["text"]
