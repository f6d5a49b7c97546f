"""Manuscript tables: a CSV for analysts and a Quarto pipe table the paper includes."""

from __future__ import annotations


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _widths(frame) -> list[int]:
    """Dashes per column: pandoc sizes wrapped pipe-table columns by the separator's dashes.

    Each column gets dashes in proportion to its longest cell (header included),
    between a floor and a cap, so long text columns get room and number columns stay narrow.
    """
    longest = [max([len(_cell(c))] + [len(_cell(v)) for v in frame[c]]) for c in frame.columns]
    return [min(max(n, 10), 60) for n in longest]


def markdown_table(frame, caption: str, label: str) -> str:
    """Pipe table followed by a Quarto caption line `: caption {#tbl-label}`."""
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', got {label!r}")
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("-" * width for width in _widths(frame)) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows, "", f": {caption} {{#{label}}}", ""])
