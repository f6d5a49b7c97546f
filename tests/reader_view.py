"""What a reader sees in a rendered paper, for comparing the two renderers.

Quarto and the pandoc path build different HTML around the same text (Quarto's
Bootstrap page against pandoc's template), and typst sets the same PDF text with
different page breaks. These helpers keep what a reader reads: the text of the
document body, its headings, captions and cross-reference links, and in the PDF
its outline, captions, references and numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "caption", "figcaption",
              "table", "section", "br", "ul", "ol", "dd", "dt", "figure", "header", "footer", "main", "body",
              "blockquote", "pre"}
VOID_TAGS = {"meta", "link", "img", "br", "hr", "input", "col", "source", "wbr"}
# Page furniture outside the document's text: scripts and styles, inline SVG, the table of
# contents (pandoc nav#TOC, Quarto's sidebar nav) and the title block.
SKIPPED_TAGS = {"script", "style", "svg", "nav", "head", "noscript"}
SKIPPED_IDS = {"TOC", "quarto-margin-sidebar", "title-block-header", "quarto-header"}
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad"), None) | {0x00A0: " "}


def made_by_lines(qmd: Path) -> bool:
    """Whether the document's captions end with "Made by rule …" lines: yes unless its front matter
    sets `made-by-lines: false` (the note, whose exhibits the supplement's exhibit map traces)."""
    from wishlist.present.render import front_matter

    return front_matter(qmd).get("made-by-lines", True) is not False


def normalise(text: str) -> str:
    return " ".join(text.translate(INVISIBLE).split())


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.skipping = 0
        self.text: list[str] = []
        self.headings: list[str] = []
        self.captions: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._open: list[tuple[str, list[str], str]] = []  # (what, text buffer, href)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in BLOCK_TAGS:
            self._data(" ")
        if tag in VOID_TAGS:
            return
        skip = tag in SKIPPED_TAGS or attrs.get("id") in SKIPPED_IDS
        self.stack.append((tag, skip))
        self.skipping += skip
        if not self.skipping:
            if tag in ("h1", "h2", "h3", "h4"):
                self._open.append(("heading", [], ""))
            elif tag in ("figcaption", "caption"):
                self._open.append(("caption", [], ""))
            elif tag == "a" and (attrs.get("href") or "").startswith("#") and "quarto-xref" in (attrs.get("class") or ""):
                self._open.append(("link", [], attrs["href"]))
            else:
                self._open.append(("", [], ""))

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._data(" ")
        if tag in VOID_TAGS or not self.stack:
            return
        # close up to the matching tag (tolerates unclosed <p> and the like)
        while self.stack:
            open_tag, skip = self.stack.pop()
            was_skipping = self.skipping
            self.skipping -= skip
            if not was_skipping and self._open:
                what, buffer, href = self._open.pop()
                text = normalise("".join(buffer))
                if what == "heading":
                    self.headings.append(text)
                elif what == "caption":
                    self.captions.append(text)
                elif what == "link":
                    self.links.append((text, href))
            if open_tag == tag:
                break

    def handle_data(self, data):
        self._data(data)

    def _data(self, data):
        if self.skipping:
            return
        self.text.append(data)
        for _, buffer, _ in self._open:
            buffer.append(data)


def html_view(html: str) -> dict:
    """The reader's view of an HTML paper: body text, headings (with their
    numbers), captions, cross-reference links (text, target) and the ids the
    links may point at."""
    reader = _Reader()
    reader.feed(html)
    return {
        "text": normalise("".join(reader.text)),
        "headings": reader.headings,
        "captions": reader.captions,
        "links": reader.links,
        # Quarto also gives each caption an id (fig-x-caption-<uuid>): not a target a reader cites
        "targets": sorted(i for i in reader.ids if re.match(r"(fig|tbl|sec)-", i) and "-caption-" not in i),
    }


def pdf_view(pdf: Path) -> dict:
    """The reader's view of a PDF paper: the outline (section titles with their
    numbers), the figure and table captions' numbers in order, how often each
    "Figure N" / "Table N" / "Section N.N" reference occurs, every decimal
    number, the made-by lines, the text, and its letters: the text without
    what depends on where lines and pages break (whitespace, hyphens, page
    numbers, table-of-contents leaders and their page numbers) and without
    icon glyphs (Unicode's private use area, where Quarto's callout icons are)."""
    import pypdf

    reader = pypdf.PdfReader(pdf)

    def titles(outline) -> list[str]:
        out = []
        for item in outline:
            out.extend(titles(item) if isinstance(item, list) else [normalise(item.title)])
        return out

    pages = [page.extract_text() for page in reader.pages]
    text = normalise("\n".join(pages))
    body = "\n".join(re.sub(rf"\s*\b{number}\s*$", "", page) for number, page in enumerate(pages, start=1))
    body = re.sub(r"(?:\s*\.){3,}\s*\d+", " ", body.translate(INVISIBLE))
    letters = as_letters(body)
    return {
        "outline": titles(reader.outline),
        "captions": re.findall(r"\b((?:Figure|Table) \d+):", text),
        "references": Counter(re.findall(r"\b(?:Figure|Table|Section) \d+(?:\.\d+)*", text)),
        "numbers": Counter(re.findall(r"\d+\.\d+", text)),
        "made_by": len(re.findall(r"Made by rule", text)),
        "text": text,
        "letters": letters,
    }


def as_letters(text: str) -> str:
    """Text as pdf_view's letters: no whitespace, hyphens, invisible characters or icon glyphs."""
    return re.sub(r"[\s\-\ue000-\uf8ff]", "", text.translate(INVISIBLE))


def figure_letters(figures: Path) -> list[str]:
    """Each figure's own text (its SVG's text elements, in order, as letters)."""
    import html

    out = []
    for svg in sorted(figures.glob("*.svg")):
        texts = re.findall(r"<text[^>]*>(.*?)</text>", svg.read_text(encoding="utf-8"), flags=re.DOTALL)
        letters = as_letters("".join(html.unescape(t) for t in texts))
        if letters:
            out.append(letters)
    return out


def without_figures(letters: str, figures: list[str], captions: list[str]) -> str:
    """`letters` without each figure's own text and each figure caption (as the HTML gives it), wherever the
    page layout put them: a figure floats to the foot of a page (paper.typ), and the two renderers' pages
    differ a little, so where a figure lands in the PDF's text is layout, not content. Longest first, so that
    a text that contains a shorter one goes whole."""
    for text in sorted([*figures, *(as_letters(c) for c in captions)], key=len, reverse=True):
        start = letters.find(text)
        if start >= 0:
            letters = letters[:start] + letters[start + len(text):]
    return letters


def first_difference(a: str, b: str, context: int = 60) -> str:
    """Where two strings part, with some context: for assertion messages."""
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at {i}: ...{a[max(0, i - context):i + context]!r}\n     vs ...{b[max(0, i - context):i + context]!r}"


def markdown_literal(markdown: str) -> str:
    """What Markdown backslash escapes stand for: each escaped ASCII punctuation
    character as itself (CommonMark and Pandoc: "\\*" is "*"). For reading the
    tables the study writes, whose text is escaped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
