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
from pathlib import Path

import pandas as pd

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import outside_window, read_records
from wishlist.brief.sheets import MANUAL_FIELDS, SHEET_COLUMNS, sheet_codes
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv
from wishlist.core.numbers import write_numbers

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


def code_cooperation(records, forms: Sequence[dict], matching: dict):
    """Cooperation forms named in a record (Appendix I terms; multi-label, codebook order)."""
    term_to_form = {term: form["code"] for form in forms for term in form["terms"]}
    order = {form["code"]: i for i, form in enumerate(forms)}
    pattern = keyword_pattern(list(term_to_form), matching)
    text = records["title_zh"] + " " + records["description_zh"]
    found = find_keywords(text, pattern).map(
        lambda terms: tuple(sorted({term_to_form[t] for t in terms}, key=order.__getitem__)))
    coded = records[["file_number"]].copy()
    coded["cooperation_forms"] = found.map(";".join)
    coded["n_cooperation_forms"] = found.map(len)
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


def us_ally(countries, years, codebook, alliances=None):
    """Ally flag per record: endnote 55's list inside the brief's window, the dated table outside it.

    For filing years in ``codebook.us_allies_years`` (2015-2020) a record is an ally when its
    country is on endnote 55's list, the brief's own reading (its figures stay as published).
    Records filed in other years are allies when the alliance table (data/reference/alliances.csv)
    lists their country as a NATO member or Major Non-NATO Ally as of the filing year. Without a
    table, a record outside the window is refused rather than silently flagged.
    """
    import pandas as pd

    from wishlist.brief.codebook import allies_in

    countries, years = pd.Series(countries).reset_index(drop=True), pd.Series(years).astype(int).reset_index(drop=True)
    first, last = codebook.us_allies_years
    in_window = years.between(first, last)
    flag = countries.isin(codebook.us_allies) & in_window
    outside = sorted(set(years[~in_window]))
    if outside and alliances is None:
        raise ValueError(f"records filed in {outside} are outside endnote 55's window {first}-{last}: "
                         "ally status needs the alliance table (data/reference/alliances.csv)")
    for year in outside:
        at = years.eq(year)
        flag = flag | (at & countries.isin(allies_in(alliances, year)))
    return flag.to_numpy(dtype=bool)


def code_records(records, codebook, manual_codes, alliances=None):
    """The coded-records table: one row per ingested record, every coded variable.

    `manual_codes` must cover every record (adjudicated, or provisional
    suggestions labelled so in `code_source`). `alliances` (read_alliances) gives
    the ally status of records filed outside the brief's window (see `us_ally`).
    """
    missing = sorted(set(records["file_number"]) - set(manual_codes["file_number"]))
    if missing:
        raise ValueError(f"{len(missing)} records lack manual codes, first {missing[0]}")
    coded = code_ai(records, codebook.ai_ml_keywords, codebook.keyword_matching)
    cooperation = code_cooperation(records, codebook.cooperation_forms, codebook.keyword_matching)
    base = records[["file_number", "year", "filing_date", "post", "post_en", "post_type", "country",
                    "target_name", "provenance"]]
    coded = base.merge(coded, on="file_number", validate="one_to_one")
    coded = coded.merge(cooperation, on="file_number", validate="one_to_one")
    coded["us_ally"] = us_ally(coded["country"], coded["year"], codebook, alliances)
    coded = coded.merge(manual_codes, on="file_number", how="left", validate="one_to_one")
    return coded.sort_values("file_number", kind="stable").reset_index(drop=True)


# The to-code worksheet's context file: what a coder reads to code a record (same rows, same order).
CONTEXT_COLUMNS = ("file_number", "year", "filing_date", "post", "post_en", "post_type", "country", "target_name",
                   "title_zh", "title_en", "description_zh", "archive_url", "provenance")
# A coder who fills in the worksheet is a real coder: their codes are "bulletin" codes.
WORKSHEET_PROVENANCE = "bulletin"


def to_code_worksheet(uncoded_records, suggestions=None):
    """The to-code worksheet and its context, as two tables with the same rows in the same order.

    The worksheet has exactly a coder sheet's columns (SHEET_COLUMNS): file_number, the
    manual fields left empty for the coder, and provenance pre-filled "bulletin" (codes a
    real coder gives). Filled in, it is a coder sheet as it stands. The context holds the
    record's text and facts (its own provenance as `record_provenance`) and, when the
    suggestion model ran, its suggested codes and their scores.
    """
    records = uncoded_records.sort_values("file_number", kind="stable").reset_index(drop=True)
    sheet = records[["file_number"]].copy()
    for field in MANUAL_FIELDS:
        sheet[field] = ""
    sheet["provenance"] = WORKSHEET_PROVENANCE
    sheet = sheet[list(SHEET_COLUMNS)]
    context = records[[c for c in CONTEXT_COLUMNS if c in records.columns]].rename(
        columns={"provenance": "record_provenance"})
    suggested = {"mic2025_category": "suggested_category", "institution_type": "suggested_institution_type",
                 "mic2025_category_score": "suggested_category_score",
                 "institution_type_score": "suggested_institution_type_score"}
    if suggestions is not None:
        context = context.merge(suggestions[[c for c in ["file_number", *suggested] if c in suggestions.columns]]
                                .rename(columns=suggested), on="file_number", how="left", validate="one_to_one")
    else:
        for column in ("suggested_category", "suggested_institution_type"):
            context[column] = ""
    return sheet, context.reset_index(drop=True)


def context_path(worksheet) -> Path:
    """results/worksheets/to_code.csv -> results/worksheets/to_code_context.csv."""
    worksheet = Path(worksheet)
    return worksheet.with_name(f"{worksheet.stem}_context{worksheet.suffix}")


def stop_message(count: int, first: str, worksheet, context, coder_sheets) -> str:
    """What the user reads when records lack codes: both files, and what to do with them."""
    return (f"{count} record(s) have no manual codes (first {first}). Wrote the to-code worksheet {worksheet} "
            f"(a coder sheet's columns, one row per record) and its context {context} (title, description, post, "
            "country, target; the same rows in the same order). Fill in mic2025_category and institution_type "
            "with codes of data/codebook.yaml; the provenance column is pre-filled 'bulletin', the provenance of "
            f"codes a real coder gives. Then add the rows to a coder sheet ({', '.join(map(str, coder_sheets))}; "
            "both, for double coding, and settle disagreements in the adjudication sheet), run `make manifests`, "
            "and run the study again. Or set coding.provisional: true in config/config.yaml to run on the "
            "suggestion model's provisional codes.")


def agreement_lines(report) -> list[str]:
    """The suggestion model's held-out agreement, by origin of the record's text, for the rule log."""
    lines = []
    for part, what in (("real_text", "records with real text (provenance brief/bulletin)"),
                       ("reconstructed_text", "records with reconstructed text (inflated: phrase-bank texts)")):
        subset = (report or {}).get(part) or {"records": 0}
        if not subset.get("records"):
            lines.append(f"  {what}: none human-coded, agreement not measured")
            continue
        fields = "; ".join(
            f"{field} accuracy {100 * subset[field]['accuracy_pct']:.1f} %"
            + (f", kappa {subset[field]['kappa']:.2f}" if "kappa" in subset[field] else ", kappa undefined")
            for field in MANUAL_FIELDS)
        lines.append(f"  {what}: n = {subset['records']}; {fields}")
    return lines


# Rule code_records: records -> coded records (automated codes + adjudicated manual codes).

def main(smk):
    from wishlist.brief.codebook import read_alliances
    from wishlist.core.errors import rule_log
    from wishlist.core.files import read_yaml
    from wishlist.stats.suggestions import MODEL

    codebook = load_codebook(smk.input.codebook)
    alliances = read_alliances(smk.input.alliances)
    records = read_records(smk.input.records)
    codes, uncoded = sheet_codes(records, codebook, smk.input.coder_sheets, smk.input.adjudication,
                                 outside_window(smk.input.report))
    worksheet = Path(smk.params.worksheet)
    context = context_path(worksheet)
    model, training = "none", 0
    with rule_log() as log:
        if uncoded:
            uncoded_records = records[records["file_number"].isin(uncoded)]
            if not smk.params.provisional:
                sheet, notes = to_code_worksheet(uncoded_records)
                write_csv(worksheet, sheet)
                write_csv(context, notes)
                print(f"wrote {worksheet} and {context}", file=log)
                raise StudyInputError(smk.input.coder_sheets[0],
                                      stop_message(len(uncoded), uncoded[0], worksheet, context,
                                                   smk.input.coder_sheets),
                                      record=uncoded[0], field="file_number")
            from wishlist.stats.suggestions import suggest_codes

            suggestions = suggest_codes(records, codes, uncoded, seed=smk.params.seed)
            sheet, notes = to_code_worksheet(uncoded_records, suggestions)
            write_csv(worksheet, sheet)
            write_csv(context, notes)
            training = len(codes)  # the human-coded records the model learnt from
            codes = pd.concat([codes, suggestions[["file_number", *MANUAL_FIELDS]].assign(code_source="provisional")])
            model = f"{MODEL}, trained on the {training} human-coded records"
            print(f"PROVISIONAL CODES: {len(uncoded)} record(s) carry codes of the suggestion model ({model}); "
                  f"they are labelled code_source 'provisional'. Wrote {worksheet} and {context} to code them.\n"
                  "The model's cross-validated agreement with held-out human codes "
                  f"({smk.input.suggestions}):", file=log)
            for line in agreement_lines(read_yaml(smk.input.suggestions)):
                print(line, file=log)
        else:
            for stale in (worksheet, context):
                if stale.exists():  # left by an earlier run: it would list records now coded
                    stale.unlink()
                    print(f"removed the stale {stale}", file=log)
    coded = code_records(records, codebook, codes, alliances)
    contributions = keyword_contributions(coded, codebook.ai_ml_keywords)
    write_csv(smk.output.coded, coded)
    write_csv(smk.output.keywords, contributions)
    provisional = int(coded["code_source"].eq("provisional").sum())
    write_numbers(smk.output.numbers, {
        "records_coded": len(coded),
        "ai_flagged": int(coded["ai_flag"].sum()),
        "ai_keywords_listed": len(codebook.ai_ml_keywords),
        "ai_keywords_used": int(contributions["records_hit"].gt(0).sum()),
        "ai_sole_keyword_records": int(contributions["records_only_this_keyword"].sum()),
        "provisional_codes": provisional,
        "provisional_records": provisional,
        "provisional_model": model,
        "provisional_training_records": training,
        "double_coded": int(coded["code_source"].isin(["double_coded", "adjudicated"]).sum()),
        "adjudicated": int(coded["code_source"].eq("adjudicated").sum()),
        # records whose ally status comes from the dated alliance table, not endnote 55 (see us_ally)
        "allies_by_table_records": int((~coded["year"].between(*codebook.us_allies_years)).sum()),
        "allies_by_table_first_year": int(codebook.us_allies_years[1]) + 1,
    })
