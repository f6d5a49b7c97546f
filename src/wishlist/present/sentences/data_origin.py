"""Conditions from the data_origin stage: are the records and the sheets in use the shipped reconstruction?

The manuscript prints a statement about the reconstruction (how it was generated, what it
reproduces by construction) only under ``data_origin.when.reconstruction``; statements
about the reconstructed coder sheets and outcomes only under ``coding_reconstruction``.
"""

from __future__ import annotations

from collections.abc import Mapping


def sentences(fragment: Mapping) -> dict:
    coding = bool(fragment["coding_is_reconstruction"])
    return {
        "sheets_source": "reconstructed coder sheets" if coding else "the coder sheets supplied with the study",
        "outcomes_source": ("case-outcome sheet (Table 1 cases from the brief, other outcomes reconstructed)"
                            if coding else "the case-outcome sheet supplied with the study"),
        "when": {"reconstruction": bool(fragment["data_are_reconstruction"]),
                     "raw_reconstruction": bool(fragment["raw_is_reconstruction"]),
                     "coding_reconstruction": coding}}
