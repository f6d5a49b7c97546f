"""Words about the ingested records: how the paper and the captions name the record layer.

The ingest stage stores counts (published_records, reconstructed_records); the name
of the record layer ("reconstructed corpus" as long as any record is reconstructed)
is chosen here, once, for numbers.yml (ingest.data_source) and for every caption.
"""

from __future__ import annotations

RECONSTRUCTED_SOURCE = "reconstructed corpus"
PUBLISHED_SOURCE = "published bulletin records"


def source_name(reconstructed: bool) -> str:
    """The record layer's name: the reconstruction if any record is reconstructed, else the real records."""
    return RECONSTRUCTED_SOURCE if reconstructed else PUBLISHED_SOURCE


def data_source(records) -> str:
    """How captions name the record layer of a records (or coded-records) table, from its provenance column."""
    return source_name(bool(records["provenance"].eq("reconstructed").any()))


def sentences(fragment) -> dict:
    return {"data_source": source_name(int(fragment["reconstructed_records"]) > 0)}
