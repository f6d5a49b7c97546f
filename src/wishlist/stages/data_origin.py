"""Rule data_origin: are the records and sheets in use the shipped reconstruction?

Sentences about the reconstruction ("the counts the brief publishes are reproduced by
construction", "the coder sheets are reconstructed too") are true only of the files the
generator wrote. This stage says, from checksums alone, whether each configured input
group is exactly those files (data/reference/reconstruction.sha256, written by
scripts/reconstruct_corpus.py): every configured file listed there with the same
SHA-256, and every listed file of the group configured. Editing one record, adding a
year, or pointing the config at other files makes the group not the reconstruction.
"""

from __future__ import annotations

from pathlib import Path

from wishlist.core.checksums import listed_in_group, read_reconstruction_listing, same_as_listed
from wishlist.core.errors import rule_log
from wishlist.core.numbers import write_numbers

def same_files(paths, listing: dict[str, str] | None, group: str, root: Path) -> bool:
    """Whether the configured `paths` are exactly the listing's files of `group`, by path and SHA-256."""
    if not listing:
        return False
    found = {}
    for path in paths:
        absolute = Path(path).resolve()
        try:
            found[absolute.relative_to(root.resolve()).as_posix()] = absolute
        except ValueError:  # outside the repository: not a file the generator wrote
            return False
    return same_as_listed(found, listed_in_group(listing, group))


def origin_numbers(raw, coding, listing, root: Path) -> dict:
    raw_same = same_files(raw, listing, "raw", root)
    coding_same = same_files(coding, listing, "coding", root)
    return {"raw_is_reconstruction": raw_same, "coding_is_reconstruction": coding_same,
            "data_are_reconstruction": raw_same and coding_same}


def main(smk):
    root = Path(smk.input.listing).resolve().parents[2]  # data/reference/<listing> -> the repository
    coding = [*smk.input.coder_sheets, smk.input.adjudication, smk.input.case_outcomes]
    numbers = origin_numbers(list(smk.input.raw), coding, read_reconstruction_listing(root), root)
    with rule_log() as log:
        print(f"raw records are the shipped reconstruction: {numbers['raw_is_reconstruction']}; "
              f"coding sheets: {numbers['coding_is_reconstruction']}", file=log)
    write_numbers(smk.output.numbers, numbers)
