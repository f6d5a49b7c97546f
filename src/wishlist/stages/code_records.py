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

import pandas as pd

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import outside_window, read_records
from wishlist.brief.sheets import MANUAL_FIELDS, sheet_codes
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


def code_records(records, codebook, manual_codes):
    """The coded-records table: one row per ingested record, every coded variable.

    `manual_codes` must cover every record (adjudicated, or provisional
    suggestions labelled so in `code_source`).
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
    coded["us_ally"] = coded["country"].isin(codebook.us_allies)
    coded = coded.merge(manual_codes, on="file_number", how="left", validate="one_to_one")
    return coded.sort_values("file_number", kind="stable").reset_index(drop=True)


def to_code_worksheet(uncoded_records, suggestions=None):
    """A CSV a coder fills in: the text to read, a suggestion, and empty code columns."""
    sheet = uncoded_records[["file_number", "year", "country", "target_name", "title_zh", "description_zh"]].copy()
    if suggestions is not None:
        sheet = sheet.merge(suggestions.rename(columns={
            "mic2025_category": "suggested_category", "institution_type": "suggested_institution_type"}),
            on="file_number", how="left", validate="one_to_one")
    else:
        sheet["suggested_category"] = ""
        sheet["suggested_institution_type"] = ""
    sheet["mic2025_category"] = ""
    sheet["institution_type"] = ""
    return sheet.sort_values("file_number", kind="stable").reset_index(drop=True)


# Rule code_records: records -> coded records (automated codes + adjudicated manual codes).

def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    codes, uncoded = sheet_codes(records, codebook, smk.input.coder_sheets, smk.input.adjudication,
                                 outside_window(smk.input.report))
    if uncoded:
        worksheet = smk.params.worksheet
        uncoded_records = records[records["file_number"].isin(uncoded)]
        if not smk.params.provisional:
            write_csv(worksheet, to_code_worksheet(uncoded_records))
            raise StudyInputError(smk.input.coder_sheets[0], f"{len(uncoded)} record(s) have no manual codes "
                                  f"(first {uncoded[0]}). Code them in the worksheet {worksheet} and add the rows "
                                  "to a coder sheet, or set coding.provisional: true in config/config.yaml to run "
                                  "on provisional suggestions.", record=uncoded[0], field="file_number")
        from wishlist.stats.suggestions import suggest_codes

        suggestions = suggest_codes(records, codes, uncoded, seed=smk.params.seed)
        write_csv(worksheet, to_code_worksheet(uncoded_records, suggestions))
        codes = pd.concat([codes, suggestions[["file_number", *MANUAL_FIELDS]].assign(code_source="provisional")])
    coded = code_records(records, codebook, codes)
    contributions = keyword_contributions(coded, codebook.ai_ml_keywords)
    write_csv(smk.output.coded, coded)
    write_csv(smk.output.keywords, contributions)
    write_numbers(smk.output.numbers, {
        "records_coded": len(coded),
        "ai_flagged": int(coded["ai_flag"].sum()),
        "ai_keywords_listed": len(codebook.ai_ml_keywords),
        "ai_keywords_used": int(contributions["records_hit"].gt(0).sum()),
        "ai_sole_keyword_records": int(contributions["records_only_this_keyword"].sum()),
        "provisional_codes": int(coded["code_source"].eq("provisional").sum()),
        "double_coded": int(coded["code_source"].isin(["double_coded", "adjudicated"]).sum()),
        "adjudicated": int(coded["code_source"].eq("adjudicated").sum()),
    })
