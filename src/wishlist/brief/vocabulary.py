"""Words the study shares across stages, defined once: file numbers, provenance, case outcomes, names.

The codebook (data/codebook.yaml) holds the brief's categories, keywords and country
groups; this module holds the fixed vocabulary of the study's own files.
"""

from __future__ import annotations

import re

# A bulletin file number: year-issue-post-sequence, e.g. 2015-03-休斯敦-2.
FILE_NUMBER = re.compile(r"^(?P<year>\d{4})-(?P<issue>\d{1,3})-(?P<post>[^-\s]+)-(?P<seq>\d{1,4})$")

# Where a record or a code comes from.
PROVENANCE_VALUES = ("published", "reconstructed")

# The case-outcome sheet (data/coding/case_outcomes.csv): its columns and its outcome codes.
OUTCOME_COLUMNS = ("file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date", "evidence",
                   "source", "provenance")
OUTCOMES = ("partnered", "no", "insufficient")

# Names the brief's figures single out.
UNITED_STATES = "United States"
RUSSIA = "Russia"
HOUSTON = "Houston"
RAS_TARGET = "Russian Academy of Sciences"
