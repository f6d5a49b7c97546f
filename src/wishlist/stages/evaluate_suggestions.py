"""Rule evaluate_suggestions: how well the suggestion model reproduces the human codes (k-fold).

The agreement is reported pooled and, from the same out-of-fold predictions, apart for
the records whose text is real (provenance brief/bulletin) and those whose text is
reconstructed (phrase banks, which flatter the model). Each part counts the records
whose codes a real coder gave (coder-sheet provenance "bulletin").
"""

from wishlist.brief.codebook import load_codebook
from wishlist.brief.records import outside_window, read_records
from wishlist.brief.sheets import SHEET_COLUMNS, read_checked_sheet, sheet_codes
from wishlist.core.errors import rule_log
from wishlist.core.numbers import write_numbers
from wishlist.stats.suggestions import cross_validate

REAL_CODER = "bulletin"  # the coder-sheet provenance of codes a real coder gave


def real_coder_records(coder_sheets) -> set[str]:
    """Records every coder-sheet row of which is marked as a real coder's ("bulletin")."""
    rows = [read_checked_sheet(path, SHEET_COLUMNS) for path in coder_sheets]
    marked: dict[str, set] = {}
    for sheet in rows:
        for record, provenance in zip(sheet["file_number"], sheet["provenance"], strict=True):
            marked.setdefault(record, set()).add(provenance)
    return {record for record, kinds in marked.items() if kinds == {REAL_CODER}}


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    records = read_records(smk.input.records)
    codes, _ = sheet_codes(records, codebook, smk.input.coder_sheets, smk.input.adjudication,
                           outside_window(smk.input.report))
    codes = codes.drop(columns="code_source")
    codes["real_coder"] = codes["file_number"].isin(real_coder_records(smk.input.coder_sheets))
    report = cross_validate(records, codes, smk.params.seed, level=smk.params.level)
    write_numbers(smk.output.report, report)
    write_numbers(smk.output.numbers, {k: v for k, v in report.items() if k != "model"})
    with rule_log() as log:
        print(f"model: {report['model']}; {report['folds']}-fold cross-validation on {report['records']} of "
              f"{report['records_available']} human-coded records (fold seed {report['fold_seed']})", file=log)
        for part in ("real_text", "reconstructed_text"):
            subset = report[part]
            if not subset["measured"]:
                print(f"{part}: 0 records, agreement not measured", file=log)
                continue
            scores = "; ".join(f"{field} accuracy {subset[field]['accuracy_pct']:.3f}"
                               + (f", kappa {subset[field]['kappa']:.3f}" if "kappa" in subset[field] else "")
                               for field in ("mic2025_category", "institution_type"))
            print(f"{part}: {subset['records']} records {subset['records_by_provenance']}, of which "
                  f"{subset['real_coder_records']} coded by real coders; {scores}", file=log)
