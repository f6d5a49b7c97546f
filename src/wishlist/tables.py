"""Manuscript tables: a CSV for analysts and a Quarto pipe table the paper includes."""

from __future__ import annotations


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame, caption: str, label: str) -> str:
    """Pipe table followed by a Quarto caption line `: caption {#tbl-label}`."""
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', got {label!r}")
    header = "| " + " | ".join(_cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows, "", f": {caption} {{#{label}}}", ""])
