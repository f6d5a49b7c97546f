"""Words about the ingested records: how the paper and the captions name the record layer.

The ingest stage stores counts per provenance (brief_records, bulletin_records,
reconstructed_records); the record layer's name and the conditions the manuscript's
conditional passages test (`when`) are chosen here, once, from those counts:

- the *reconstructed corpus*: some records are reconstructed and none is a bulletin record
  a user supplied (the brief's own cases may be among them);
- *bulletin records*: no record is reconstructed;
- *bulletin records and the reconstructed corpus*: both kinds are present (a user added real
  records, a new year say, to the reconstruction).
"""

from __future__ import annotations

RECONSTRUCTED_SOURCE = "reconstructed corpus"
BULLETIN_SOURCE = "bulletin records"
MIXED_SOURCE = "bulletin records and reconstructed corpus"


def source_name(reconstructed: bool, bulletin: bool = False) -> str:
    """The record layer's name from which kinds of record it holds."""
    if reconstructed and bulletin:
        return MIXED_SOURCE
    return RECONSTRUCTED_SOURCE if reconstructed else BULLETIN_SOURCE


def data_source(records) -> str:
    """How captions name the record layer of a records (or coded-records) table, from its provenance column."""
    provenance = records["provenance"]
    return source_name(bool(provenance.eq("reconstructed").any()), bool(provenance.eq("bulletin").any()))


def listed(items) -> str:
    """'A', 'A and B', 'A, B and C': items in words, as the sentences name cases, claims and countries."""
    items = [str(item) for item in items]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 record', '0 records', '2 records': grammatical number follows the count."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


def origin_sentence(brief: int, bulletin: int, reconstructed: int) -> str:
    """The kept records by origin, in words; only the kinds present are named."""
    parts = []
    if brief:
        parts.append(f"{plural(brief, 'is a case', 'are cases')} the brief describes")
    if bulletin:
        parts.append(f"{plural(bulletin, 'is a bulletin record', 'are bulletin records')} supplied with the study's "
                     "data")
    if reconstructed:
        parts.append(f"{plural(reconstructed, 'is', 'are')} reconstructed")
    if not parts:
        return "Of the kept records, none is left."
    if len(parts) > 1:
        parts[-1] = "and " + parts[-1]
    joined = (", " if len(parts) > 2 else " ").join(parts)
    return f"Of the kept records, {joined}."


def sentences(fragment) -> dict:
    brief, reconstructed = int(fragment["brief_records"]), int(fragment["reconstructed_records"])
    bulletin = int(fragment["bulletin_records"])
    outside = int(fragment["records_outside_window"])
    return {
        "data_source": source_name(reconstructed > 0, bulletin > 0),
        "origin_sentence": origin_sentence(brief, bulletin, reconstructed),
        "outside_window_sentence": (
            "No record fell outside the study window." if outside == 0 else
            f"The ingest report lists the {plural(outside, 'record')} that fell outside the study window."),
        # conditions of the manuscript's conditional passages (wishlist.present.render passes them as metadata)
        "when": {"reconstructed": reconstructed > 0, "bulletin": bulletin > 0,
                 "reconstruction_only": reconstructed > 0 and bulletin == 0},
    }
