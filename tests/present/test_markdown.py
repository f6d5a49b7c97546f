"""Text from data is inert in the manuscript's Markdown: pandoc, parsing what
`inert` writes, must find only words and spaces, spelling exactly the input."""

from __future__ import annotations

import json
import re
import subprocess

import pypandoc
import pytest

from wishlist.present.markdown import inert
from wishlist.present.tables import markdown_table

HOSTILE = [
    "{{< include /etc/passwd >}}",
    '<img src="/etc/hostname">',
    "<script>alert(1)</script>",
    "![x](http://203.0.113.1/x.png)",
    "[click](javascript:alert(1))",
    '`#read("/etc/hostname")`{=typst}',
    "```{=html}",
    "*bold* **strong** _under_ ~sub~ ^sup^ ~~strike~~",
    "$x^2$ and $5 million, $6 million",
    "@fedasiuk2021 [@fig-x] @sec-y",
    "&lt;b&gt; &amp; &#42;",
    "a--b---c ... 'single' \"double\"",
    "# not a heading | not a column \\ backslash",
    "{{{< escaped >}}} and {{< var study.name >}}",
    "lone {{< opener",
    "国际技术合作机会 · Ünïcödé",
    "[^note] ^[inline note]",
    "<!-- comment -->",
    ":::: {.callout-note}",
    "- a list item",
    "+ another",
    "1. ordered",
    "2) ordered",
    ": definition",
    "    four spaces of code",
    "> quote",
    "| a | b |",
    "Term\n: definition",
]


def as_rendered(text: str, variable: bool = False) -> str:
    """What the renderers show: the text with its line breaks as spaces and its
    edges stripped. Seen by pandoc alone, a shortcode is still in Quarto's escaped
    form {{{< x >}}}, which Quarto and the Lua filter show as {{< x >}}."""
    flat = " ".join(text.splitlines()).strip()
    flat = re.sub(r"\{\{<(.*?)>\}\}", r"{{{<\1>}}}", flat)
    return re.sub(r"(?<!\{)\{\{<", "{{{<", flat) if variable else flat


def pandoc_ast(markdown: str) -> dict:
    out = subprocess.run([pypandoc.get_pandoc_path(), "--from=markdown", "--to=json"], input=markdown,
                         capture_output=True, encoding="utf-8", check=True).stdout
    return json.loads(out)


def words_only(inlines: list) -> str:
    """The text of inlines that are Str and Space only; anything else (emphasis,
    links, images, raw code, math, citations, notes) fails the test."""
    text = []
    for node in inlines:
        assert node["t"] in ("Str", "Space"), f"markup from text: {node}"
        text.append(node["c"] if node["t"] == "Str" else " ")
    return "".join(text)


@pytest.mark.parametrize("variable", [False, True])
@pytest.mark.parametrize("text", HOSTILE)
def test_pandoc_reads_inert_text_as_exactly_its_characters(text, variable):
    blocks = pandoc_ast(inert(text, variable=variable))["blocks"]
    assert [b["t"] for b in blocks] == ["Para"]
    assert words_only(blocks[0]["c"]) == as_rendered(text, variable)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_table_cell_and_caption_hold_exactly_the_text(text):
    import pandas as pd

    table = markdown_table(pd.DataFrame({"Company": [text], "n": [1]}), f"About {text}", "tbl-x")
    blocks = pandoc_ast(table)["blocks"]
    assert [b["t"] for b in blocks] == ["Table"]
    _attr, caption, _specs, _head, bodies, _foot = blocks[0]["c"]
    cell_blocks = bodies[0][3][0][1][0][4]  # first body, rows, first row, cells, first cell, blocks
    assert words_only(cell_blocks[0]["c"]) == as_rendered(text)
    caption_text = words_only(caption[1][0]["c"])
    assert caption_text.startswith(f"About {as_rendered(text)}")


def test_numbers_and_plain_words_are_left_as_they_are():
    for text in ("26.6", "23.4–30.2", "171 of 642", "1.5 million", "Tribosonics (United Kingdom)"):
        assert inert(text) == text


def test_line_breaks_become_spaces():
    assert words_only(pandoc_ast(inert("one\ntwo\r\nthree\u2028four"))["blocks"][0]["c"]) == "one two three four"


def test_markup_columns_keep_their_markdown():
    import pandas as pd

    table = markdown_table(pd.DataFrame({"Item": ["@fig-a"], "Rule": ["x_y"]}), "Map", "tbl-map", markup=("Item",))
    assert "| @fig-a | x\\_y |" in table
    with pytest.raises(ValueError, match="not in the table"):
        markdown_table(pd.DataFrame({"Item": ["a"]}), "Map", "tbl-map", markup=("Nope",))
