"""Text for the manuscript's Markdown, inert: it renders as exactly its characters.

Record titles, company names, notes and every other string that comes from data
reach the paper through its tables (``results/tables/*.md``, included by the
manuscript) and its variables (``_variables.yml``). Both renderers parse them as
Pandoc Markdown, so a title holding ``*``, ``<img …>``, ``[x](javascript:…)``,
`` `…`{=typst} `` or ``{{< include … >}}`` would otherwise become emphasis, raw
HTML, a link, raw typst or an include. ``inert`` makes such text literal:

* every ASCII punctuation character that can open Markdown or Quarto markup, and
  every quote, is backslash-escaped (pandoc's ``all_symbols_escapable``: an escaped
  symbol is that symbol), so nothing opens markup and no quote turns curly; so is
  each hyphen of a ``--`` and each dot of a ``...`` (else a dash, an ellipsis). A
  lone ``-``, ``.``, ``(`` or ``:`` means nothing inside a line and stays as it is;
* a shortcode ``{{< x >}}`` is written as Quarto's escaped form ``{{{< x >}}}``,
  which Quarto and the project's Lua filter both show as ``{{< x >}}`` and never
  run (Quarto finds shortcodes in the parsed text, after the backslashes are gone);
  in a variable so is an unclosed ``{{<`` (as ``{{{<``), which Quarto would drop
  there with the rest of the value (in the text it shows it as it is);
* a line break becomes a space (a table cell and a variable are one line), and the
  text is stripped of leading and trailing space;
* what could start a block, were the text read as a document (a variable is: Pandoc
  reads metadata as Markdown), is escaped too: a leading ``-``, ``+`` or ``:``
  before a space (a list item, a definition; ``-5`` stays) and the ``.`` or ``)``
  after a leading number (an ordered list); ``:::`` (a fenced div) is escaped as
  a run.

The HTML and typst writers then escape what their formats need. CSV for
spreadsheets is handled where CSVs are written (wishlist.core.files).
"""

from __future__ import annotations

import re

# Characters that can open markup inside a line of Pandoc Markdown (with Quarto's
# extensions: citations and cross-references @, raw attributes {}, math $,
# entities &, images !, sub/superscript ~ ^, strike-out ~~) or turn curly (quotes).
SPECIAL = frozenset("\\`*_{}[]<>#|~^$@&!\"'")
SHORTCODE = re.compile(r"\{\{<(.*?)>\}\}", re.S)
LONE_OPENER = re.compile(r"(?<!\{)\{\{<")
RUNS = re.compile(r"-{2,}|\.{3,}|:{3,}")  # dashes and ellipses of smart typography, div fences
LIST_START = re.compile(r"[-+:](?=\s|$)")  # "- ", "+ ", ": ": a list item, a definition
BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s|$)")  # "1. " or "1) ": an ordered list


def inert(text, variable: bool = False) -> str:
    """``text`` as Markdown that renders as exactly its characters: in the paper's
    source and tables, or (``variable``) as the value of a ``{{< var >}}``."""
    text = " ".join(str(text).splitlines()) if ("\n" in str(text) or "\r" in str(text)) else str(text)
    text = SHORTCODE.sub(lambda m: "{{{<" + m.group(1) + ">}}}", text)
    if variable:  # in a value Quarto drops an unclosed "{{<" and what follows; in the text it keeps it
        text = LONE_OPENER.sub("{{{<", text)
    text = text.strip()
    text = "".join("\\" + ch if ch in SPECIAL else ch for ch in text)
    text = RUNS.sub(lambda m: "".join("\\" + ch for ch in m.group(0)), text)
    text = BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return ("\\" + text) if LIST_START.match(text) else text
