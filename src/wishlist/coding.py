"""Code ingested records: automated keyword codes and the manual codes from coder sheets.

The AI/ML flag follows the brief's endnote 38: a record is AI-related when its title
or description contains any of the 20 published terms. Matching rules live in the
codebook (Chinese terms: substrings; Latin terms: case-sensitive, ASCII word
boundaries). All terms are searched with ONE compiled pattern of zero-width
lookaheads, so overlapping hits (人工智能 also contains 智能) are all reported and
the cost is one regex pass per text, not one per keyword.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .errors import StudyInputError

LATIN = re.compile(r"^[A-Za-z0-9 ]+$")
TEXT_FIELDS = {"title_zh": "title", "description_zh": "description"}


def keyword_pattern(terms: Sequence[str], matching: dict) -> re.Pattern:
    """One pattern that finds every occurrence of every term, overlaps included."""
    if matching.get("chinese") != "substring" or matching.get("latin") != "case_sensitive_word_boundary":
        raise ValueError(f"unsupported keyword matching rule {matching!r}")
    alternatives = []
    # longest first, so that at one position the longer term wins; shorter terms
    # that start elsewhere are still found by the lookahead at their own position
    for term in sorted(set(terms), key=lambda t: (-len(t), t)):
        if LATIN.match(term):
            alternatives.append(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])")
        else:
            alternatives.append(re.escape(term))
    prefixes = [(a, b) for a in terms for b in terms if a != b and b.startswith(a)]
    if prefixes:
        # two terms starting at the same position would hide the shorter one
        raise ValueError(f"keyword {prefixes[0][0]!r} is a prefix of {prefixes[0][1]!r}; "
                         "the one-pass matcher cannot report both")
    return re.compile("(?=(" + "|".join(alternatives) + "))")


def find_keywords(texts, pattern: re.Pattern):
    """For each text, the sorted tuple of distinct terms it contains."""
    return texts.str.findall(pattern).map(lambda hits: tuple(sorted(set(hits))))


def code_ai(records, terms: Sequence[str], matching: dict):
    """AI flag, matched terms and where they matched (title / description)."""
    pattern = keyword_pattern(terms, matching)
    coded = records[["file_number"]].copy()
    hits = {where: find_keywords(records[field], pattern) for field, where in TEXT_FIELDS.items()}
    all_hits = (hits["title"] + hits["description"]).map(lambda h: tuple(sorted(set(h))))
    coded["ai_flag"] = all_hits.map(bool)
    coded["ai_keywords"] = all_hits.map(";".join)
    coded["ai_keywords_title"] = hits["title"].map(";".join)
    coded["ai_keywords_description"] = hits["description"].map(";".join)
    return coded


def keyword_contributions(coded, terms: Sequence[str]):
    """Per term: records it hits, and records it alone makes AI-related.

    The second number answers the auditing question "how much does the flag rest on
    broad terms like 自动 or 智能?".
    """
    import pandas as pd

    term_sets = coded["ai_keywords"].map(lambda s: frozenset(s.split(";")) if s else frozenset())
    rows = []
    for term in terms:  # 20 terms x vectorised set tests; fine at 100x the corpus
        hit = term_sets.map(lambda found, t=term: t in found)
        alone = term_sets.map(lambda found, t=term: found == {t})
        rows.append({"keyword": term, "records_hit": int(hit.sum()), "records_only_this_keyword": int(alone.sum())})
    return pd.DataFrame(rows)


def read_manual_codes(path, record_ids, category_codes, institution_codes, outside_window=()):
    """Adjudicated manual codes (MIC2025 category, institution type), one row per record.

    Codes of records that exist but fall outside the study window are set aside
    (the ingest report counts those records); a code for a record that exists
    nowhere is an error.
    """
    import pandas as pd

    expected = ["file_number", "mic2025_category", "institution_type"]
    codes = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(codes.columns) != expected:
        raise StudyInputError(path, f"columns are {list(codes.columns)}, expected {expected}", row=1)
    for index, row in codes.iterrows():
        line = index + 2
        if row["mic2025_category"] not in category_codes:
            raise StudyInputError(path, f"unknown category {row['mic2025_category']!r}", row=line,
                                  record=row["file_number"], field="mic2025_category")
        if row["institution_type"] not in institution_codes:
            raise StudyInputError(path, f"unknown institution type {row['institution_type']!r}", row=line,
                                  record=row["file_number"], field="institution_type")
    duplicated = codes["file_number"].duplicated()
    if duplicated.any():
        line = int(duplicated.idxmax()) + 2
        raise StudyInputError(path, "record coded twice", row=line, record=codes["file_number"][line - 2],
                              field="file_number")
    codes = codes[~codes["file_number"].isin(set(outside_window))]
    unknown = sorted(set(codes["file_number"]) - set(record_ids))
    if unknown:
        line = int(codes.index[codes["file_number"] == unknown[0]][0]) + 2
        raise StudyInputError(path, "code for a record that does not exist", row=line, record=unknown[0],
                              field="file_number")
    missing = sorted(set(record_ids) - set(codes["file_number"]))
    if missing:
        raise StudyInputError(path, f"{len(missing)} record(s) have no manual code, first {missing[0]}",
                              record=missing[0])
    return codes


def code_records(records, codebook, manual_codes):
    """The coded-records table: one row per ingested record, every coded variable."""
    coded = code_ai(records, codebook.ai_ml_keywords, codebook.keyword_matching)
    base = records[["file_number", "year", "filing_date", "post", "post_en", "country", "provenance"]]
    coded = base.merge(coded, on="file_number", validate="one_to_one")
    coded["us_ally"] = coded["country"].isin(codebook.us_allies)
    coded = coded.merge(manual_codes, on="file_number", how="left", validate="one_to_one")
    return coded.sort_values("file_number", kind="stable").reset_index(drop=True)
