"""Declared schemas (pandera) of the tables stages hand to each other."""

from __future__ import annotations


def records_schema():
    import pandera.pandas as pa

    from wishlist.brief.vocabulary import PROVENANCE_VALUES

    text = pa.Column(str)
    return pa.DataFrameSchema(
        {
            "file_number": pa.Column(str, unique=True),
            "year": pa.Column("int64", pa.Check.in_range(1990, 2100)),
            "issue": pa.Column("int64", pa.Check.ge(1)),
            "sequence": pa.Column("int64", pa.Check.ge(1)),
            "post": text,
            "post_en": text,
            "post_type": pa.Column(str, pa.Check.isin(["embassy", "consulate", "not_stated"])),
            "country": text,
            "filing_date": text,
            "filing_date_precision": pa.Column(str, pa.Check.isin(["day", "month", "year"])),
            "filing_date_start": text,
            "filing_date_end": text,
            "title_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
            "title_en": text,
            "description_zh": pa.Column(str, pa.Check.str_length(min_value=1)),
            "target_name": text,
            "archive_url": text,
            "provenance": pa.Column(str, pa.Check.isin(list(PROVENANCE_VALUES))),
            "source_note": text,
            "source_file": text,
            "source_line": pa.Column("int64", pa.Check.ge(1)),
        },
        strict=True,
        ordered=True,
    )
