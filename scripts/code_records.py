"""Rule code_records: records -> coded records (automated + adjudicated manual codes)."""

import yaml

from wishlist.codebook import load_codebook
from wishlist.coding import code_records, keyword_contributions, read_manual_codes
from wishlist.errors import run_rule
from wishlist.files import write_csv, write_yaml
from wishlist.records import read_records


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    with open(smk.input.report, encoding="utf-8") as handle:
        outside = yaml.safe_load(handle)["excluded"]["outside_study_window"]["records"]
    manual = read_manual_codes(smk.input.manual_codes, records["file_number"], codebook.category_codes,
                               codebook.institution_codes, outside_window=outside)
    coded = code_records(records, codebook, manual)
    contributions = keyword_contributions(coded, codebook.ai_ml_keywords)
    write_csv(smk.output.coded, coded)
    write_csv(smk.output.keywords, contributions)
    write_yaml(smk.output.numbers, {
        "records_coded": len(coded),
        "ai_flagged": int(coded["ai_flag"].sum()),
        "ai_keywords_listed": len(codebook.ai_ml_keywords),
        "ai_keywords_used": int(contributions["records_hit"].gt(0).sum()),
    })


run_rule(main, snakemake)  # noqa: F821
