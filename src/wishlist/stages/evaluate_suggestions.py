"""Rule evaluate_suggestions: how well the suggestion model reproduces the human codes (k-fold)."""

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import outside_window, read_records
from wishlist.brief.sheets import sheet_codes
from wishlist.core.numbers import write_numbers
from wishlist.stats.suggestions import cross_validate


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    codes, _ = sheet_codes(records, codebook, smk.input.coder_sheets, smk.input.adjudication,
                           outside_window(smk.input.report))
    report = cross_validate(records, codes.drop(columns="code_source"), smk.params.seed, level=smk.params.level)
    write_numbers(smk.output.report, report)
    write_numbers(smk.output.numbers, {k: v for k, v in report.items() if k != "model"})
