"""Manuscript tables: a CSV for analysts and a Quarto pipe table the paper includes."""

from __future__ import annotations

from wishlist.present.markdown import inert


def _cell(value) -> str:
    """A cell as literal text: whatever its characters, it renders as them (a title
    from data cannot open markup, an include or raw HTML; a `|` cannot split the row)."""
    return inert(value)


def _widths(frame) -> list[int]:
    """Dashes per column: pandoc sizes wrapped pipe-table columns by the separator's dashes.

    Each column gets dashes in proportion to its longest cell (header included, as
    shown, not as escaped), between a floor and a cap, so long text columns get room
    and number columns stay narrow.
    """
    longest = [max([len(str(c))] + [len(str(v)) for v in frame[c]]) for c in frame.columns]
    return [min(max(n, 10), 60) for n in longest]


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
    shown = [markup_cell if column in markup else _cell for column in frame.columns]
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("-" * width for width in _widths(frame)) + "|"
    rows = ["| " + " | ".join(show(v) for show, v in zip(shown, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows, "", f": {inert(caption)} {{#{label}}}", ""])


def markup_cell(value) -> str:
    """A cell the program wrote as Markdown: only `|` and line breaks are made safe."""
    return " ".join(str(value).splitlines()).replace("|", "\\|")
