"""Rule code_records: records -> coded records (automated codes + adjudicated manual codes)."""

import pandas as pd

from wishlist.codebook import load_codebook
from wishlist.coding import MANUAL_FIELDS, code_records, keyword_contributions, sheet_codes, to_code_worksheet
from wishlist.errors import StudyInputError, run_rule
from wishlist.files import write_csv, write_text
from wishlist.numbers import write_numbers
from wishlist.records import data_source, outside_window, read_records
from wishlist.tables import markdown_table


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    codes, uncoded = sheet_codes(records, codebook, smk.input.coder_sheets, smk.input.adjudication,
                                 outside_window(smk.input.report))
    if uncoded:
        worksheet = smk.params.worksheet
        uncoded_records = records[records["file_number"].isin(uncoded)]
        if not smk.params.provisional:
            write_csv(worksheet, to_code_worksheet(uncoded_records, codes, records, suggestions=None))
            raise StudyInputError(smk.input.coder_sheets[0], f"{len(uncoded)} record(s) have no manual codes "
                                  f"(first {uncoded[0]}). Code them in the worksheet {worksheet} and add the rows "
                                  "to a coder sheet, or set coding.provisional: true in config/config.yaml to run "
                                  "on provisional suggestions.", record=uncoded[0], field="file_number")
        from wishlist.suggestions import suggest_codes

        suggestions = suggest_codes(records, codes, uncoded, seed=smk.params.seed)
        write_csv(worksheet, to_code_worksheet(uncoded_records, codes, records, suggestions))
        codes = pd.concat([codes, suggestions[["file_number", *MANUAL_FIELDS]].assign(code_source="provisional")])
    coded = code_records(records, codebook, codes)
    contributions = keyword_contributions(coded, codebook.ai_ml_keywords)
    write_csv(smk.output.coded, coded)
    write_csv(smk.output.keywords, contributions)
    shown = contributions.rename(columns={"keyword": "Keyword (endnote 38)", "records_hit": "Records hit",
                                          "records_only_this_keyword": "Records flagged by this keyword alone"})
    write_text(smk.output.keywords_md, markdown_table(
        shown, f"What each AI/ML keyword contributes to the flag. Source: {data_source(records)}.",
        "tbl-keywords"))
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


run_rule(main, snakemake)  # noqa: F821
