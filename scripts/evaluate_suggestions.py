"""Rule evaluate_suggestions: how well the suggestion model reproduces the human codes (k-fold)."""

import yaml

from wishlist.codebook import load_codebook
from wishlist.coding import adjudicate
from wishlist.errors import run_rule

from wishlist.numbers import write_numbers
from wishlist.records import read_records
from wishlist.suggestions import cross_validate


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    with open(smk.input.report, encoding="utf-8") as handle:
        outside = yaml.safe_load(handle)["excluded"]["outside_study_window"]["records"]
    allowed = {"mic2025_category": codebook.category_codes, "institution_type": codebook.institution_codes}
    sheets = {f"coder_{chr(ord('a') + i)}": path for i, path in enumerate(smk.input.coder_sheets)}
    codes, _ = adjudicate(sheets, smk.input.adjudication, allowed, records["file_number"], outside)
    report = cross_validate(records, codes.drop(columns="code_source"), smk.params.seed, level=smk.params.level)
    write_numbers(smk.output.report, report)
    write_numbers(smk.output.numbers, {k: v for k, v in report.items() if k != "model"})


run_rule(main, snakemake)  # noqa: F821
