"""Words the study shares across stages, defined once: file numbers, provenance, case outcomes, names.

The codebook (data/codebook.yaml) holds the brief's categories, keywords and country
groups; this module holds the fixed vocabulary of the study's own files.
"""

from __future__ import annotations

import re

# A bulletin file number: year-issue-post-sequence, e.g. 2015-03-休斯敦-2.
FILE_NUMBER = re.compile(r"^(?P<year>\d{4})-(?P<issue>\d{1,3})-(?P<post>[^-\s]+)-(?P<seq>\d{1,4})$")

# Where a record, a code or a case outcome comes from:
# - "brief": a case the brief names, with the facts it states (Table 1, the endnotes' examples);
# - "bulletin": a real bulletin record (or a real coder's code, a real investigation's outcome) a user supplies;
# - "reconstructed": written by the study's seeded generator (wishlist.reconstruct).
PROVENANCE_VALUES = ("brief", "bulletin", "reconstructed")
# Values of earlier releases, refused with the word that replaces them.
PROVENANCE_RENAMED = {"published": "'brief' for a case the brief names, 'bulletin' for a real record you supply"}


def provenance_problem(value: str) -> str | None:
    """Why `value` is not a provenance (None when it is one): the one message records and sheets give."""
    if value in PROVENANCE_VALUES:
        return None
    if value in PROVENANCE_RENAMED:
        return f"{value!r} is no longer a provenance: write {PROVENANCE_RENAMED[value]}"
    return f"must be one of {list(PROVENANCE_VALUES)}"

# The case-outcome sheet (data/coding/case_outcomes.csv): its columns and its outcome codes.
OUTCOME_COLUMNS = ("file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date", "evidence",
                   "source", "provenance")
OUTCOMES = ("partnered", "no", "insufficient")

# Names the brief's figures single out.
UNITED_STATES = "United States"
RUSSIA = "Russia"
HOUSTON = "Houston"
RAS_TARGET = "Russian Academy of Sciences"
