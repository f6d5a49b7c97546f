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
from wishlist.brief.vocabulary import FILE_NUMBER, provenance_problem
from wishlist.core.errors import StudyInputError
from wishlist.core.files import bool_column, read_csv, read_yaml

REQUIRED_FIELDS = ("file_number", "filing_date", "post", "country", "title_zh", "description_zh", "provenance")
OPTIONAL_FIELDS = ("title_en", "target_name", "archive_url", "source_note")
POST_NOT_STATED = "未注明"
MAX_FIELD_CHARS = 20_000  # a bulletin description is a few hundred characters

# C0 and C1 control characters (tab, LF and CR are whitespace, folded to one space).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that are invisible or reorder what is shown: bidirectional controls (a file
# number or name that reads differently from what it is) and zero-width characters (two
# strings that look the same but differ, so a duplicate or a join goes unnoticed).
INVISIBLE_CHARS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
SURROGATES = re.compile("[\ud800-\udfff]")
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
    def load(cls, gazetteer_csv: str | Path, countries_csv: str | Path) -> Gazetteer:
        """Read both tables; a missing column, a bad character or a name given twice names file and line."""
        countries: dict[str, int] = {}
        for line, row in _read_table(countries_csv, ("country",)):
            country = row["country"]
            if not country:
                raise StudyInputError(countries_csv, "country is empty", row=line, field="country")
            if country in countries:
                raise StudyInputError(countries_csv, f"country {country!r} is listed twice (first at line "
                                                     f"{countries[country]})", row=line, field="country")
            countries[country] = line
        posts, lines = {}, {}
        for line, row in _read_table(gazetteer_csv, GAZETTEER_COLUMNS):
            post = row["post_zh"]
            if not post:
                raise StudyInputError(gazetteer_csv, "post is empty", row=line, field="post_zh")
            if post in posts:
                raise StudyInputError(gazetteer_csv, f"post {post!r} is listed twice (first at line {lines[post]}); "
                                                     "the second row would silently replace the first",
                                      row=line, field="post_zh")
            if row["country"] and row["country"] not in countries:
                raise StudyInputError(gazetteer_csv, f"country {row['country']!r} is not in {countries_csv}",
                                      row=line, field="country")
            posts[post], lines[post] = row, line
        return cls(posts, frozenset(countries))


GAZETTEER_COLUMNS = ("post_zh", "post_en", "country", "post_type")


def _read_table(path, columns: tuple[str, ...]):
    """Yield (line, row) of a small reference CSV (gazetteer, countries) with `columns` (others are kept).

    Cells are NFKC-normalised like the records they are matched with, and refused when they
    hold a control, invisible or bidirectional character; the header is line 1.
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        try:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise StudyInputError(path, "is empty")
            header = [h.strip() for h in header]
            missing = [c for c in columns if c not in header]
            # other columns are allowed (countries.csv's country_zh, iso3); named as renamed ones if one is missing
            unknown = [c for c in header if c not in columns]
            repeated = sorted({c for c in header if header.count(c) > 1})
            if missing or repeated:
                problem = "; ".join(
                    part for part in (f"missing column(s) {missing}" if missing else "",
                                      f"unknown column(s) {unknown} (renamed?)" if missing and unknown else "",
                                      f"column(s) {repeated} given twice" if repeated else "") if part)
                raise StudyInputError(path, f"{problem}; the table needs {list(columns)}", row=1,
                                      field=(missing or repeated)[0])
            for line, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise StudyInputError(path, f"has {len(cells)} cells, the header has {len(header)}", row=line)
                row = {}
                for name, cell in zip(header, cells):
                    problem = _character_problem(cell)
                    if problem:
                        raise StudyInputError(path, problem, row=line, field=name)
                    row[name] = normalize_text(cell)
                yield line, row
        except UnicodeDecodeError:
            raise StudyInputError(path, "is not valid UTF-8") from None


def _shown(text) -> str:
    """`text` safe to print: a lone surrogate is shown as its escape, not raised as an encoding error."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _character_problem(value: str) -> str | None:
    """What is wrong with the characters of a text field, or None."""
    surrogate = SURROGATES.search(value)
    if surrogate:
        return (f"contains a lone surrogate (\\u{ord(surrogate.group()):04x}), which is not a character: "
                "fix the JSON escape (a \\ud83d\\ude00 pair, or the character itself)")
    control = CONTROL_CHARS.search(value)
    if control:
        return f"contains a control character (U+{ord(control.group()):04X})"
    invisible = INVISIBLE_CHARS.search(value)
    if invisible:
        return (f"contains an invisible or bidirectional control character (U+{ord(invisible.group()):04X} "
                f"{unicodedata.name(invisible.group(), 'unnamed')}): it makes two different texts look alike")
    return None


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
    # Lines end at LF only (a CR before it is dropped): str.splitlines() would also split at
    # U+2028, U+2029, U+0085 and other characters that may stand inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _refuse_duplicate_keys(pairs):
    """object_pairs_hook of json.loads: a key given twice in one object is an error, not 'last one wins'."""
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def parse_json_line(text: str, path: Path, line: int):
    """One JSONL line as an object; invalid JSON or a key given twice names file and line."""
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicate_keys)
    except _DuplicateKey as duplicate:
        raise StudyInputError(path, "this key is given twice in one record (JSON readers would keep the last "
                                    "value silently)", row=line, field=_shown(duplicate.key)) from None
    except json.JSONDecodeError as exc:
        raise StudyInputError(path, f"is not valid JSON ({exc.msg}, column {exc.colno})", row=line) from None
    except RecursionError:
        raise StudyInputError(path, "is not a record: JSON nested too deeply", row=line) from None


def _check_record(obj, path: Path, line: int, gazetteer: Gazetteer) -> dict:
    if not isinstance(obj, dict):
        raise StudyInputError(path, "a record must be a JSON object", row=line)
    record_id = obj.get("file_number")
    where = {"row": line, "record": _shown(record_id) if isinstance(record_id, str) else None}
    unknown = sorted(_shown(key) for key in set(obj) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
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
        problem = _character_problem(value)
        if problem:
            raise StudyInputError(path, problem, field=field, **where)
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
    if int(match["issue"]) < 1 or int(match["seq"]) < 1:
        raise StudyInputError(path, f"{out['file_number']!r}: issue and sequence start at 1", field="file_number",
                              **where)
    if int(path.stem) != int(match["year"]):
        raise StudyInputError(path, f"file number {out['file_number']!r} is of {match['year']}, but it stands in "
                                    f"{path.name}: each record belongs in data/raw/<its year>.jsonl",
                              field="file_number", **where)
    if match["post"] != out["post"]:
        raise StudyInputError(path, f"post {out['post']!r} differs from the file number's post {match['post']!r}",
                              field="post", **where)
    if not out["filing_date"].isascii():
        raise StudyInputError(path, f"{out['filing_date']!r} has non-ASCII digits; write dates with 0-9 only",
                              field="filing_date", **where)
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
    if problem := provenance_problem(out["provenance"]):
        raise StudyInputError(path, problem, field="provenance", **where)
    out.update(
        year=int(match["year"]), issue=int(match["issue"]), sequence=int(match["seq"]),
        post_en=post["post_en"], post_type=post["post_type"],
        filing_date_precision=precision, filing_date_start=start.isoformat(), filing_date_end=end.isoformat(),
        source_file=path.name, source_line=line,
    )
    return out


def canonical_file_number(year: int, issue: int, post: str, sequence: int) -> str:
    """The one way to write a file number: four-digit year, two-digit issue, sequence without zeros in front."""
    return f"{year:04d}-{issue:02d}-{post}-{sequence}"


def read_raw_records(raw_files: list[str | Path], gazetteer: Gazetteer) -> list[dict]:
    """Parse and check every raw record; raise StudyInputError at the first bad one.

    Two records are the same when their year, issue, post and sequence are (so
    "2015-01-伦敦-06" duplicates "2015-01-伦敦-6"): a duplicate names both lines. A file
    number not written the canonical way is refused after the duplicate check, so an
    alias of an earlier or later record is reported as the duplicate it is.
    """
    records, seen = [], {}
    not_canonical = None
    for raw_file in sorted(Path(f) for f in raw_files):
        if not re.fullmatch(r"[0-9]{4}", raw_file.stem):
            raise StudyInputError(raw_file, "raw record files are named <year>.jsonl (one file per filing year)")
        for line, text in _read_lines(raw_file):
            obj = parse_json_line(text, raw_file, line)
            record = _check_record(obj, raw_file, line, gazetteer)
            key = (record["year"], record["issue"], record["post"], record["sequence"])
            canonical = canonical_file_number(*key)
            if key in seen:
                first_number, first_at = seen[key]
                alias = "" if first_number == record["file_number"] else f" as {first_number!r} (the same year, " \
                                                                         "issue, post and sequence)"
                raise StudyInputError(raw_file, f"duplicate file number, first seen at {first_at}{alias}",
                                      row=line, record=record["file_number"], field="file_number")
            seen[key] = (record["file_number"], f"{raw_file.name} line {line}")
            if record["file_number"] != canonical and not_canonical is None:
                not_canonical = StudyInputError(
                    raw_file, f"{record['file_number']!r} is not written the canonical way {canonical!r} (digits "
                              "0-9, a two-digit issue, no zeros before the sequence): sheets join records by file "
                              "number", row=line, record=record["file_number"], field="file_number")
            records.append(record)
    if not records:
        raise StudyInputError("data/raw", "no raw record files found")
    if not_canonical is not None:
        raise not_canonical
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
    return read_yaml(report_path)["excluded"]["outside_study_window"]["records"]


INTEGER_COLUMNS = ("year", "issue", "sequence", "source_line")  # the records table's whole-number columns


def read_records(path: str | Path):
    """Load the ingested records table with its declared types.

    The pandera schema (wishlist.brief.schemas) is checked once, where the table is made
    (rule ingest_records); the stages that read it get the same columns and types without
    paying pandera's import again.
    """
    table = read_csv(path, dtype=str, keep_default_na=False)
    for column in INTEGER_COLUMNS:
        table[column] = table[column].astype("int64")
    return table


CODED_FLAGS = ("ai_flag", "us_ally")  # the coded-records table's true/false columns


def read_coded_records(path: str | Path):
    """The coded-records table as later stages read it (file numbers as text, flags as booleans)."""
    coded = read_csv(path, dtype={"file_number": str}, keep_default_na=False)
    for column in CODED_FLAGS:
        if column in coded.columns:
            coded[column] = bool_column(coded[column])
    return coded
