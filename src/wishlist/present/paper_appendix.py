"""Rule paper_appendix: codebook, calibration targets and the table/figure map as appendix tables."""

from pathlib import Path

import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.core.errors import rule_log
from wishlist.core.files import write_text
from wishlist.present.appendix import (
    codebook_tables,
    paper_map,
    targets_table,
    unused_paper_inputs,
)
from wishlist.present.tables import markdown_table

CAPTIONS = {
    "categories": ("The eleven technology categories: the ten Made in China 2025 industries and other.",
                   "tbl-codebook-categories"),
    "keywords": ("The AI/ML keywords of the brief's endnote 38, in the published order.", "tbl-codebook-keywords"),
    "cooperation": ("Forms of cooperation and the Chinese terms that name them (the brief's Appendix I).",
                    "tbl-codebook-cooperation"),
    "allies": ("NATO members and Major Non-NATO Allies with records (the brief's endnote 55).",
               "tbl-codebook-allies"),
}


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    for name, table in codebook_tables(codebook).items():
        caption, label = CAPTIONS[name]
        write_text(getattr(smk.output, name), markdown_table(table, caption, label))

    with open(smk.input.targets, encoding="utf-8") as handle:
        targets = yaml.safe_load(handle)["targets"]
    write_text(smk.output.targets, markdown_table(
        targets_table(targets), "Every published figure the reconstructed corpus is calibrated to, with the "
        "value the reconstruction holds (data/reference/calibration_targets.yaml).", "tbl-targets"))

    qmd = Path(smk.input.qmd).read_text(encoding="utf-8")
    producers = [tuple(p) for p in smk.params.producers]
    tables = {output: (Path(output).read_text(encoding="utf-8") if Path(output).exists() else "")
              for output, *_ in producers if output.endswith(".md") and output != smk.output.paper_map}
    tables[smk.output.paper_map] = "{#tbl-paper-map}"
    # tests/test_manuscript.py fails while this list is not empty; the workflow only warns
    unused = unused_paper_inputs(producers, qmd, tables)
    with rule_log() as log:
        for output in unused:
            print(f"warning: the manuscript does not show {output}", file=log)
    write_text(smk.output.paper_map, markdown_table(
        paper_map(producers, qmd, tables), "Where each table and figure comes from: the Snakemake rule, its "
        "script and the output file.", "tbl-paper-map"))
