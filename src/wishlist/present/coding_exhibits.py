"""Rule coding_exhibits: what each AI/ML keyword contributes to the flag (results/tables/keyword_contributions.md)."""

from __future__ import annotations

from wishlist.brief.records import read_coded_records
from wishlist.core.files import read_csv, write_text
from wishlist.present.sentences.ingest import data_source
from wishlist.present.tables import markdown_table

KEYWORD_HEADERS = {"keyword": "Keyword (endnote 38)", "records_hit": "Records hit",
                   "records_only_this_keyword": "Records flagged by this keyword alone"}


def keyword_markdown(contributions, source: str) -> str:
    """The keyword-contribution table with its caption (`source`: how the record layer is named)."""
    return markdown_table(contributions.rename(columns=KEYWORD_HEADERS),
                          f"What each AI/ML keyword contributes to the flag. Source: {source}.", "tbl-keywords")


def main(smk):
    contributions = read_csv(smk.input.keywords, dtype={"keyword": str}, keep_default_na=False)
    coded = read_coded_records(smk.input.coded)
    write_text(smk.output.keywords_md, keyword_markdown(contributions, data_source(coded)))
