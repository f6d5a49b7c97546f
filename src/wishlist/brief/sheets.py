"""Readers of the coding sheets (data/coding/): the two coders' sheets, their adjudication, the case outcomes.

Each reader checks its sheet strictly and names the file, the line (the header is
line 1), the record and the field of the first problem (StudyInputError). The
sheets' columns are defined here once; the generators of the reconstructed
sheets (wishlist.reconstruct.sheets) write these very columns.
"""

from __future__ import annotations

from wishlist.brief.dates import parse_filing_date
from wishlist.brief.vocabulary import OUTCOME_COLUMNS, OUTCOMES, provenance_problem
from wishlist.core.errors import StudyInputError
from wishlist.core.files import read_sheet

# The codes a person gives a record (the rest is coded from the text by keywords).
MANUAL_FIELDS = ("mic2025_category", "institution_type")
# A coder sheet; provenance (wishlist.brief.vocabulary): "bulletin" for codes a real coder gave, "reconstructed"
# for the default sheets.
SHEET_COLUMNS = ("file_number", *MANUAL_FIELDS, "provenance")
# The adjudication sheet: one row per disagreement of the two coders, with the final code.
ADJUDICATION_COLUMNS = ("file_number", "field", "coder_a", "coder_b", "final", "note")


def read_checked_sheet(path, columns):
    """A coding sheet with exactly `columns` (in any order; returned in that order).

    A renamed, missing, extra or repeated column names the file, line 1 and the column,
    instead of failing later in the stage that needs it.
    """
    sheet = read_sheet(path)
    header = [str(c) for c in sheet.columns]
    # pandas renames a repeated header "x" to "x.1": recognise it as the repeat it is
    repeated = sorted({c.rsplit(".", 1)[0] for c in header if "." in c and c.rsplit(".", 1)[0] in header
                       and c.rsplit(".", 1)[1].isdigit()})
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns and c.rsplit(".", 1)[0] not in repeated]
    if missing or unknown or repeated:
        parts = ([f"missing {missing}"] if missing else []) + ([f"unknown {unknown}"] if unknown else []) + \
                ([f"repeated {repeated}"] if repeated else [])
        raise StudyInputError(path, f"columns are {header}, expected {list(columns)} ({'; '.join(parts)})",
                              row=1)
    return sheet[list(columns)]


def coder_names(coder_sheets) -> dict:
    """The coder sheets by coder name, in order: coder_a, coder_b, ..."""
    return {f"coder_{chr(ord('a') + i)}": path for i, path in enumerate(coder_sheets)}


def read_coder_sheet(path, allowed: dict[str, tuple[str, ...]], known_ids: set[str]):
    """One coder's codes: every code known to the codebook, every record coded once and existing."""
    sheet = read_checked_sheet(path, SHEET_COLUMNS)
    seen: dict[str, int] = {}
    for index, row in enumerate(sheet.itertuples(index=False), start=2):
        record = row.file_number
        if record in seen:
            raise StudyInputError(path, f"record coded twice by this coder (first at line {seen[record]})",
                                  row=index, record=record, field="file_number")
        seen[record] = index
        if record not in known_ids:
            raise StudyInputError(path, "code for a record that does not exist in the raw files", row=index,
                                  record=record, field="file_number")
        for field in MANUAL_FIELDS:
            value = getattr(row, field)
            if value not in allowed[field]:
                raise StudyInputError(path, f"unknown code {value!r}; the codebook allows {list(allowed[field])}",
                                      row=index, record=record, field=field)
        if problem := provenance_problem(row.provenance):
            raise StudyInputError(path, problem, row=index, record=record, field="provenance")
    return sheet


def adjudicate(sheets: dict, adjudication_path, allowed: dict[str, tuple[str, ...]], record_ids,
               outside_window=()):
    """Final manual codes: single-coded as coded, agreed as agreed, disagreements as adjudicated.

    Returns (codes for every record that has one, uncoded record ids). Codes of
    records outside the study window are set aside; the ingest report counts them.
    """
    import pandas as pd

    record_ids = list(record_ids)
    known = set(record_ids) | set(outside_window)
    (name_a, path_a), (name_b, path_b) = sheets.items()
    a = read_coder_sheet(path_a, allowed, known).set_index("file_number")
    b = read_coder_sheet(path_b, allowed, known).set_index("file_number")
    adjudication = read_checked_sheet(adjudication_path, ADJUDICATION_COLUMNS)
    rulings = {}
    for index, row in enumerate(adjudication.itertuples(index=False), start=2):
        where = {"row": index, "record": row.file_number}
        if row.field not in MANUAL_FIELDS:
            raise StudyInputError(adjudication_path, f"unknown field {row.field!r}", field="field", **where)
        if row.final not in allowed[row.field]:
            raise StudyInputError(adjudication_path, f"unknown code {row.final!r}", field="final", **where)
        if row.file_number not in a.index or row.file_number not in b.index:
            raise StudyInputError(adjudication_path, "adjudicates a record the two coders did not both code",
                                  field="file_number", **where)
        coded = (a.at[row.file_number, row.field], b.at[row.file_number, row.field])
        if coded[0] == coded[1]:
            raise StudyInputError(adjudication_path, f"the coders agree on {coded[0]!r}: nothing to adjudicate",
                                  field=row.field, **where)
        if (row.coder_a, row.coder_b) != coded:
            raise StudyInputError(adjudication_path, f"coder columns {row.coder_a!r}/{row.coder_b!r} differ from "
                                  f"the sheets ({coded[0]!r}/{coded[1]!r})", field="coder_a", **where)
        if (row.file_number, row.field) in rulings:
            raise StudyInputError(adjudication_path, "disagreement adjudicated twice", field=row.field, **where)
        rulings[(row.file_number, row.field)] = row.final

    rows, uncoded = [], []
    for record in sorted(record_ids):
        in_a, in_b = record in a.index, record in b.index
        if not (in_a or in_b):
            uncoded.append(record)
            continue
        row = {"file_number": record}
        source = "double_coded" if in_a and in_b else (f"{name_a}_only" if in_a else f"{name_b}_only")
        for field in MANUAL_FIELDS:
            if in_a and in_b and a.at[record, field] != b.at[record, field]:
                if (record, field) not in rulings:
                    raise StudyInputError(adjudication_path, f"coders disagree ({a.at[record, field]!r} vs "
                                          f"{b.at[record, field]!r}) and no adjudication settles it",
                                          record=record, field=field)
                row[field] = rulings[(record, field)]
                source = "adjudicated"
            else:
                row[field] = a.at[record, field] if in_a else b.at[record, field]
        row["code_source"] = source
        rows.append(row)
    return pd.DataFrame(rows, columns=["file_number", *MANUAL_FIELDS, "code_source"]), uncoded


def sheet_codes(records, codebook, coder_sheets, adjudication_path, outside_window=()):
    """Adjudicated codes of the ingested records from the two coder sheets (coder A first)."""
    allowed = {"mic2025_category": codebook.category_codes, "institution_type": codebook.institution_codes}
    return adjudicate(coder_names(coder_sheets), adjudication_path, allowed, records["file_number"], outside_window)


def double_coded(sheets: dict):
    """The records both coders coded, side by side (columns <field>_a, <field>_b; for reliability).

    Each sheet is checked for its columns and for a record coded twice (which would pair
    every code of it with every code of the other coder).
    """
    (_, path_a), (_, path_b) = sheets.items()
    frames = []
    for path in (path_a, path_b):
        sheet = read_checked_sheet(path, SHEET_COLUMNS)
        twice = sheet["file_number"].duplicated()
        if twice.any():
            index = int(twice.to_numpy().nonzero()[0][0])
            record = sheet["file_number"].iloc[index]
            first = int(sheet["file_number"].eq(record).to_numpy().nonzero()[0][0]) + 2
            raise StudyInputError(path, f"record coded twice by this coder (first at line {first})", row=index + 2,
                                  record=record, field="file_number")
        frames.append(sheet)
    a, b = frames
    return a.merge(b, on="file_number", suffixes=("_a", "_b")).sort_values("file_number", kind="stable")


def read_case_outcomes(path):
    """The case-outcome sheet, checked: known columns, one row per record, known outcomes, dated partnerships.

    Errors name the file, the line (the header is line 1), the record and the field.
    """
    sheet = read_checked_sheet(path, OUTCOME_COLUMNS)
    seen: dict[str, tuple[int, tuple]] = {}
    for line, row in enumerate(sheet.itertuples(index=False), start=2):
        record = row.file_number.strip()
        if not record:
            raise StudyInputError(path, "file number is empty", row=line, field="file_number")
        if record != row.file_number:
            raise StudyInputError(path, "file number has spaces before or after it (it would match no record)",
                                  row=line, record=record, field="file_number")
        if record in seen:
            first_line, first_row = seen[record]
            what = "duplicate row" if tuple(row) == first_row else "second, different outcome for this record"
            raise StudyInputError(path, f"{what} (first at line {first_line})", row=line, record=record,
                                  field="file_number")
        seen[record] = (line, tuple(row))
        if row.outcome not in OUTCOMES:
            raise StudyInputError(path, f"unknown outcome {row.outcome!r}; expected one of {list(OUTCOMES)}",
                                  row=line, record=record, field="outcome")
        if problem := provenance_problem(row.provenance):
            raise StudyInputError(path, problem, row=line, record=record, field="provenance")
        if row.outcome == "partnered" and not row.indicator_date.strip():
            raise StudyInputError(path, "a partnered case needs the date of its partnership indicator "
                                        "(YYYY, YYYY-MM or YYYY-MM-DD)", row=line, record=record,
                                  field="indicator_date")
        if row.indicator_date.strip():
            try:
                parse_filing_date(row.indicator_date.strip())
            except ValueError as error:
                raise StudyInputError(path, f"unparseable date: {error}", row=line, record=record,
                                      field="indicator_date") from None
    return sheet.reset_index(drop=True)
