"""Manuscript tables: a CSV for analysts and a Quarto pipe table the paper includes."""

from __future__ import annotations

import math
import re

from wishlist.present.markdown import inert


def _cell(value) -> str:
    """A cell as literal text: whatever its characters, it renders as them (a title
    from data cannot open markup, an include or raw HTML; a `|` cannot split the row)."""
    return inert(value)


# Advance widths (em) of Libertinus Serif, the PDF's text face, measured with typst 0.15;
# a character not listed counts as WIDE_EM (CJK: one em) or DEFAULT_EM.
_ADVANCE = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (0.25, 0.288, 0.336, 0.465, 0.465, 0.637, 0.705, 0.19, 0.298, 0.298, 0.369, 0.55, 0.22, 0.338, 0.22, 0.323,
     *[0.465] * 10, 0.236, 0.236, 0.55, 0.55, 0.55, 0.435, 0.895,
     0.695, 0.588, 0.646, 0.701, 0.557, 0.485, 0.685, 0.73, 0.297, 0.322, 0.637, 0.528, 0.839, 0.699, 0.702, 0.541,
     0.702, 0.587, 0.485, 0.647, 0.683, 0.674, 0.973, 0.66, 0.597, 0.604, 0.356, 0.287, 0.356, 0.518, 0.486, 0.392,
     0.457, 0.493, 0.428, 0.506, 0.453, 0.291, 0.5, 0.538, 0.271, 0.272, 0.512, 0.264, 0.79, 0.542, 0.51, 0.519,
     0.503, 0.372, 0.39, 0.316, 0.531, 0.511, 0.76, 0.499, 0.529, 0.424, 0.277, 0.205, 0.277, 0.449)))
_ADVANCE.update({"\u200b": 0.0, "\u2013": 0.548, "\u2014": 0.742, "\u00a0": 0.25, "\u2019": 0.268, "\u2212": 0.55, "\u00b1": 0.55})
DEFAULT_EM, WIDE_EM = 0.6, 1.0
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")

# The PDF's text width (A4, the narrower of A4 and letter, with _quarto.yml's 2.5 cm
# margins: 453 pt) in ems of the tables' 8 pt type (manuscript/paper.typ), less a
# margin for the estimate; each cell adds its inset (4 pt a side = 1 em).
TEXT_WIDTH_EM = 56.0
INSET_EM = 1.0
SAFETY = 1.05  # widths are estimated from the font's advances without kerning
# A data cell up to this wide is kept on one line (numbers, dates, "171 of 642", a
# country): its column is at least as wide, and its spaces are non-breaking.
KEEP_WHOLE_EM = 7.0
# Where a line may break inside a run of non-space characters: after a slash, a
# dash or a hyphen followed by a letter (not "-74"), and around each CJK character.
_BREAKS = re.compile(r"(?<=[/\u200b\u2013\u2014])|(?<=[A-Za-z)]-)(?=[A-Za-z(])|(?<=" + _WIDE.pattern + r")|(?="
                     + _WIDE.pattern + r")")


def text_em(text: str) -> float:
    """Estimated width of `text` in ems of the PDF's text face."""
    return sum(WIDE_EM if _WIDE.match(ch) else _ADVANCE.get(ch, DEFAULT_EM) for ch in text)


def _longest_unbreakable(text: str) -> float:
    return max([0.0] + [text_em(piece) for word in text.split() for piece in _BREAKS.split(word)])


def _kept_whole(text: str, numbers_only: bool = False) -> bool:
    return text_em(text) <= KEEP_WHOLE_EM and (not numbers_only or any(ch.isdigit() for ch in text))


def column_widths(frame, total: float = TEXT_WIDTH_EM) -> list[float]:
    """Each column's width in ems: wide enough for its longest unbreakable word and,
    where the text width allows, for its short cells on one line (first every short
    cell, else those holding a number), so nothing breaks mid-word and numbers stay
    whole; the rest of the text width goes to the columns that would wrap, in
    proportion to what they lack of their longest cell (the CSS auto-table rule).
    A table that fits on one line per cell gets its natural widths."""
    columns = [(str(c), [str(v) for v in frame[c]]) for c in frame.columns]
    natural = [SAFETY * max([text_em(h)] + [text_em(c) for c in cells]) + INSET_EM for h, cells in columns]
    if sum(natural) <= total:
        return natural
    for keep in (lambda c: _kept_whole(c), lambda c: _kept_whole(c, numbers_only=True), lambda c: False):
        minimum = [SAFETY * max([_longest_unbreakable(h)] + [text_em(c) if keep(c) else _longest_unbreakable(c)
                                                               for c in cells]) + INSET_EM for h, cells in columns]
        if sum(minimum) <= total:
            break
    spare, lack = total - sum(minimum), [n - m for n, m in zip(natural, minimum)]
    if spare <= 0 or sum(lack) <= 0:  # cannot fit: every column at its minimum, scaled into the text width
        return minimum
    return [m + spare * d / sum(lack) for m, d in zip(minimum, lack)]


def _widths(frame) -> list[int]:
    """Dashes per column in the separator row, in proportion to column_widths.

    Pandoc (and Quarto) give a pipe table explicit relative column widths (each
    column's dashes over their sum) when one of its lines, the separator included,
    is longer than 72 characters, and auto widths otherwise. So a narrow table keeps
    a separator of 72 characters or fewer (2 dashes an em, rounded up: auto widths
    or, if a row is long, widths no narrower than its cells); any other gets 4
    dashes an em, and with them explicit widths.
    """
    widths = column_widths(frame)
    if 2 * sum(widths) + len(widths) + 1 <= 72:
        return [max(1, math.ceil(2 * w)) for w in widths]
    return [max(3, round(4 * w)) for w in widths]


# The words a short number cell may hold besides numbers: "171 of 642", "27.3 %", "543–573 d".
_NUMBER_WORDS = frozenset({"of", "to", "%", "/", "d", "=", "<", ">", "≤", "≥", "±", "→", "×", "–"})


def _is_number_cell(text: str) -> bool:
    words = text.split(" ")
    return any(ch.isdigit() for ch in text) and all(any(ch.isdigit() for ch in w) or w.lstrip("\\") in _NUMBER_WORDS
                                                    for w in words)


def _keep_whole(text: str) -> str:
    """A short cell of numbers ("171 of 642", "27.3 %", "11 (11 / 0 / 19)") with
    non-breaking spaces: HTML and typst never break it (both keep U+00A0)."""
    return text.replace(" ", "\u00a0") if _kept_whole(text) and _is_number_cell(text) else text


def markdown_table(frame, caption: str, label: str, markup: tuple[str, ...] = ()) -> str:
    """Pipe table followed by a Quarto caption line `: caption {#tbl-label}`.

    Headers, cells and the caption are inert text (wishlist.present.markdown).
    `markup` names columns whose cells the program writes as Markdown on purpose
    (cross-references such as `@fig-x`); they must hold no text from data.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', got {label!r}")
    unknown = set(markup) - set(frame.columns)
    if unknown:
        raise ValueError(f"markup columns not in the table: {sorted(unknown)}")
    shown = [markup_cell if column in markup else _data_cell for column in frame.columns]
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("-" * width for width in _widths(frame)) + "|"
    rows = ["| " + " | ".join(show(v) for show, v in zip(shown, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows, "", f": {inert(caption)} {{#{label}}}", ""])


def _data_cell(value) -> str:
    return _keep_whole(_cell(value))


def markup_cell(value) -> str:
    """A cell the program wrote as Markdown: only `|` and line breaks are made safe."""
    return " ".join(str(value).splitlines()).replace("|", "\\|")
