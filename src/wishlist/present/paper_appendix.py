"""Rule paper_appendix: codebook, calibration targets and the table/figure map as appendix tables.

What the paper's appendices show: the codebook, the calibration targets, and the
map from every table and figure to the rule, script and file that make it.

The map is built from the workflow itself (Snakemake's rule objects), so it
cannot drift from what actually runs: a reviewer can go from "Table 3" to the
rule, the script and the output file.
"""

import json
import re
from pathlib import Path

from wishlist.brief.codebook import load_codebook
from wishlist.core.errors import rule_log
from wishlist.core.files import read_yaml, write_text
from wishlist.present.tables import markdown_table

FIGURE_LABEL = re.compile(r"\]\((?P<path>[^)\s]+)\)\{#(?P<label>fig-[\w-]+)")
TABLE_LABEL = re.compile(r"\{#(?P<label>tbl-[\w-]+)\}")
CROSS_REFERENCE = re.compile(r"@((?:fig|tbl|sec)-[\w-]+)")


def figure_labels(qmd_text: str) -> dict[str, str]:
    """Figure file name -> its label in the manuscript."""
    return {Path(m["path"]).name: m["label"] for m in FIGURE_LABEL.finditer(qmd_text)}


def table_label(table_text: str) -> str | None:
    match = TABLE_LABEL.search(table_text)
    return match["label"] if match else None


def paper_map(producers, qmd_text: str, table_texts: dict[str, str]):
    """One row per figure and table the paper shows: reference, file, rule, script, stage file.

    `producers` holds (output path, rule name, script path, stage file) for every
    paper input; `table_texts` maps table paths to their markdown.
    """
    import pandas as pd

    figures = figure_labels(qmd_text)
    rows = []
    for output, rule, script, stage in sorted(producers):
        name = Path(output).name
        if output.endswith(".md"):
            label = table_label(table_texts[output])
        else:
            label = figures.get(name)
        if label is None:
            continue  # e.g. a PNG twin of an SVG figure: the SVG carries the label
        position = qmd_text.find(f"include ../{output}") if output.endswith(".md") else qmd_text.find(label)
        rows.append({"position": position, "Item": f"@{label}", "Output file": output,
                     "Rule": rule, "Script": script, "Stage": stage})
    table = pd.DataFrame(rows, columns=["position", "Item", "Output file", "Rule", "Script", "Stage"])
    # figures first, then tables, each in the order the paper shows them (so numbers ascend)
    table["kind"] = table["Item"].str[1:4].map({"fig": 0, "tbl": 1})
    table = table.sort_values(["kind", "position"], kind="stable")
    return table.drop(columns=["position", "kind"]).reset_index(drop=True)


def made_by(table, paper_dir: str) -> dict:
    """What the paper prints at the end of each caption (manuscript/filters/quarto-subset.lua
    reads it under both renderers): label -> rule, script and output file, and the folder
    the HTML paper is read from, which the links to the scripts start from."""
    labels = {item[1:]: {"rule": rule, "script": script, "output": output}
              for item, rule, script, output in table[["Item", "Rule", "Script", "Output file"]].itertuples(index=False)}
    return {"paper_dir": paper_dir, "labels": labels}


def breakable(path: str) -> str:
    """Allow line breaks after '/' and '_' (zero-width spaces), so long paths wrap in narrow PDF columns."""
    return path.replace("/", "/\u200b").replace("_", "_\u200b")


def unused_paper_inputs(producers, qmd_text: str, table_texts: dict[str, str]) -> list[str]:
    """Paper inputs the manuscript never shows: a sign of a dropped figure or table."""
    cited = set(CROSS_REFERENCE.findall(qmd_text))
    figures = figure_labels(qmd_text)
    missing = []
    for output, *_ in producers:
        if output.endswith(".md"):
            if f"include ../{output}" not in qmd_text and table_label(table_texts[output]) not in cited:
                missing.append(output)
        elif output.endswith(".svg") and Path(output).name not in figures:
            missing.append(output)
    return sorted(missing)


def codebook_tables(codebook) -> dict[str, object]:
    """The codebook as four appendix tables (categories, keywords, cooperation terms, allies)."""
    import pandas as pd

    categories = pd.DataFrame([{"Category": c["en"], "Chinese": c["zh"], "Definition": c["definition"]}
                               for c in codebook.mic2025_categories])
    keywords = pd.DataFrame({"#": range(1, len(codebook.ai_ml_keywords) + 1),
                             "Keyword": list(codebook.ai_ml_keywords)})
    cooperation = pd.DataFrame([{"Form": f["en"], "Chinese terms": "、".join(f["terms"])}
                                for f in codebook.cooperation_forms])
    allies = pd.DataFrame({"Country (endnote 55)": list(codebook.us_allies)})
    return {"categories": categories, "keywords": keywords, "cooperation": cooperation, "allies": allies}


def _short(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def targets_table(targets: list[dict]):
    """Calibration targets: what the brief states and what the reconstruction holds."""
    import pandas as pd

    return pd.DataFrame([{
        "Target": t["id"].replace("_", " "),
        "Source": t["source"],
        "Brief": _short(t["value"]) + ("" if "denominator" not in t else f" (of {t['denominator']})"),
        "Reconstruction": _short(t["expected"]),
        "Kind": t["kind"],
    } for t in targets])


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

    targets = read_yaml(smk.input.targets)["targets"]
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
    rows = paper_map(producers, qmd, tables)
    write_text(smk.output.made_by, json.dumps(made_by(rows, smk.params.paper_dir), indent=1, sort_keys=True,
                                              ensure_ascii=False) + "\n")
    shown = rows.copy()
    for column in ("Output file", "Rule", "Script", "Stage"):
        shown[column] = shown[column].map(breakable)
    write_text(smk.output.paper_map, markdown_table(
        shown, "Where each table and figure comes from: the Snakemake rule, its "
        "script and the output file.", "tbl-paper-map", markup=("Item",)))
