"""Ingest raw bulletin records: validate, normalise, parse, place, and report.

Raw records are JSON Lines under data/raw/ (one object a line; see data/README.md).
Real records can replace the reconstructed ones unchanged, so every check here is
strict and every failure names the file, line and field. Nothing is dropped
silently: records outside the study window are counted in the ingest report.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from wishlist.brief.dates import parse_filing_date
from wishlist.brief.vocabulary import FILE_NUMBER, PROVENANCE_VALUES
from wishlist.core.errors import StudyInputError
from wishlist.core.files import bool_column

REQUIRED_FIELDS = ("file_number", "filing_date", "post", "country", "title_zh", "description_zh", "provenance")
OPTIONAL_FIELDS = ("title_en", "target_name", "archive_url", "source_note")
POST_NOT_STATED = "未注明"
MAX_FIELD_CHARS = 20_000  # a bulletin description is a few hundred characters

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"\s+")

RECORD_COLUMNS = (
    "file_number", "year", "issue", "sequence", "post", "post_en", "post_type", "country",
    "filing_date", "filing_date_precision", "filing_date_start", "filing_date_end",
    "title_zh", "title_en", "description_zh", "target_name", "archive_url",
    "provenance", "source_note", "source_file", "source_line",
)


@dataclass(frozen=True)
class Gazetteer:
    """Post name (Chinese) -> English name, country and post type."""

    posts: dict[str, dict]
    countries: frozenset[str]

    @classmethod
    def load(cls, gazetteer_csv: str | Path, countries_csv: str | Path) -> "Gazetteer":
        with open(countries_csv, encoding="utf-8-sig", newline="") as handle:
            countries = frozenset(row["country"] for row in csv.DictReader(handle))
        posts = {}
        with open(gazetteer_csv, encoding="utf-8-sig", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                if row["country"] and row["country"] not in countries:
                    raise StudyInputError(gazetteer_csv, f"country {row['country']!r} is not in {countries_csv}",
                                          row=line, field="country")
                posts[row["post_zh"]] = row
        return cls(posts, countries)


def normalize_text(text: str) -> str:
    """NFKC (full-width digits/Latin/punctuation to their plain forms), one space per whitespace run."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def _read_lines(path: Path):
    """Yield (line number, text) of a JSONL file; BOM and CRLF accepted, bad bytes refused."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise StudyInputError(path, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}; legacy GBK/GB2312 "
                                    "files must be converted to UTF-8)", row=line) from None
    if not text.strip():
        raise StudyInputError(path, "is empty: a raw file must hold at least one record")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def _check_record(obj, path: Path, line: int, gazetteer: Gazetteer) -> dict:
    if not isinstance(obj, dict):
        raise StudyInputError(path, "a record must be a JSON object", row=line)
    record_id = obj.get("file_number")
    where = {"row": line, "record": record_id if isinstance(record_id, str) else None}
    unknown = sorted(set(obj) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise StudyInputError(path, f"unknown field(s) {unknown}; expected {list(REQUIRED_FIELDS + OPTIONAL_FIELDS)}",
                              field=unknown[0], **where)
    out = {}
    for field in REQUIRED_FIELDS + OPTIONAL_FIELDS:
        value = obj.get(field, "")
        if field in REQUIRED_FIELDS and field not in obj:
            raise StudyInputError(path, "required field is missing", field=field, **where)
        if not isinstance(value, str):
            raise StudyInputError(path, f"must be a string, got {type(value).__name__}", field=field, **where)
        if CONTROL_CHARS.search(value):
            raise StudyInputError(path, "contains a control character", field=field, **where)
        if len(value) > MAX_FIELD_CHARS:
            raise StudyInputError(path, f"is {len(value)} characters long (limit {MAX_FIELD_CHARS})",
                                  field=field, **where)
        value = normalize_text(value)
        if field in REQUIRED_FIELDS and not value:
            raise StudyInputError(path, "required field is empty", field=field, **where)
        out[field] = value

    match = FILE_NUMBER.match(out["file_number"])
    if not match:
        raise StudyInputError(path, f"{out['file_number']!r} is not YEAR-ISSUE-POST-SEQUENCE "
                                    "(e.g. 2018-35-休斯顿-5)", field="file_number", **where)
    if match["post"] != out["post"]:
        raise StudyInputError(path, f"post {out['post']!r} differs from the file number's post {match['post']!r}",
                              field="post", **where)
    try:
        precision, start, end = parse_filing_date(out["filing_date"])
    except ValueError as exc:
        raise StudyInputError(path, f"unparseable date: {exc}", field="filing_date", **where) from None
    if start.year != int(match["year"]):
        raise StudyInputError(path, f"date {out['filing_date']} is outside its file number's year {match['year']}",
                              field="filing_date", **where)
    post = gazetteer.posts.get(out["post"])
    if post is None:
        raise StudyInputError(path, f"unknown post {out['post']!r}: add it to the gazetteer", field="post", **where)
    if out["country"] not in gazetteer.countries:
        raise StudyInputError(path, f"unknown country {out['country']!r}", field="country", **where)
    if out["post"] != POST_NOT_STATED and post["country"] != out["country"]:
        raise StudyInputError(path, f"country {out['country']!r} does not match post {out['post']!r} "
                                    f"({post['country']})", field="country", **where)
    if out["provenance"] not in PROVENANCE_VALUES:
        raise StudyInputError(path, f"must be one of {list(PROVENANCE_VALUES)}", field="provenance", **where)
    out.update(
        year=int(match["year"]), issue=int(match["issue"]), sequence=int(match["seq"]),
        post_en=post["post_en"], post_type=post["post_type"],
        filing_date_precision=precision, filing_date_start=start.isoformat(), filing_date_end=end.isoformat(),
        source_file=path.name, source_line=line,
    )
    return out


def read_raw_records(raw_files: list[str | Path], gazetteer: Gazetteer) -> list[dict]:
    """Parse and check every raw record; raise StudyInputError at the first bad one."""
    records, seen = [], {}
    for raw_file in sorted(Path(f) for f in raw_files):
        for line, text in _read_lines(raw_file):
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                raise StudyInputError(raw_file, f"is not valid JSON ({exc.msg}, column {exc.colno})",
                                      row=line) from None
            record = _check_record(obj, raw_file, line, gazetteer)
            key = record["file_number"]
            if key in seen:
                raise StudyInputError(raw_file, f"duplicate file number, first seen at {seen[key]}",
                                      row=line, record=key, field="file_number")
            seen[key] = f"{raw_file.name} line {line}"
            records.append(record)
    if not records:
        raise StudyInputError("data/raw", "no raw record files found")
    return records


def ingest(raw_files, gazetteer: Gazetteer, first_year: int, last_year: int):
    """Return (records table in the study window, ingest report)."""
    import pandas as pd

    records = read_raw_records(raw_files, gazetteer)
    in_window = [r for r in records if first_year <= r["year"] <= last_year]
    outside = [r for r in records if not first_year <= r["year"] <= last_year]
    table = pd.DataFrame(in_window, columns=list(RECORD_COLUMNS))
    table = table.sort_values(["year", "issue", "post", "sequence", "file_number"], kind="stable")
    report = {
        "study_window": {"first_year": first_year, "last_year": last_year},
        "files_read": sorted(Path(f).name for f in raw_files),
        "records_read": len(records),
        "records_kept": len(in_window),
        "excluded": {
            "outside_study_window": {
                "count": len(outside),
                "records": sorted(r["file_number"] for r in outside),
            },
            "duplicates": {"count": 0, "note": "duplicate file numbers are errors, never silently dropped"},
        },
        "kept_by_year": {int(y): int(n) for y, n in sorted(Counter(r["year"] for r in in_window).items())},
        "kept_by_provenance": dict(sorted(Counter(r["provenance"] for r in in_window).items())),
    }
    return table.reset_index(drop=True), report


def outside_window(report_path) -> list[str]:
    """File numbers the ingest report set aside as outside the study window."""
    import yaml

    with open(report_path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["excluded"]["outside_study_window"]["records"]


INTEGER_COLUMNS = ("year", "issue", "sequence", "source_line")  # the records table's whole-number columns


def read_records(path: str | Path):
    """Load the ingested records table with its declared types.

    The pandera schema (wishlist.brief.schemas) is checked once, where the table is made
    (rule ingest_records); the stages that read it get the same columns and types without
    paying pandera's import again.
    """
    import pandas as pd

    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in INTEGER_COLUMNS:
        table[column] = table[column].astype("int64")
    return table


CODED_FLAGS = ("ai_flag", "us_ally")  # the coded-records table's true/false columns


def read_coded_records(path: str | Path):
    """The coded-records table as later stages read it (file numbers as text, flags as booleans)."""
    import pandas as pd

    coded = pd.read_csv(path, dtype={"file_number": str}, keep_default_na=False)
    for column in CODED_FLAGS:
        if column in coded.columns:
            coded[column] = bool_column(coded[column])
    return coded
