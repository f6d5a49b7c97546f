"""Rule paper_appendix: codebook, calibration targets and the table/figure map as appendix tables.

What the paper's appendices show: the codebook, the calibration targets, and the
map from every table and figure to the rule, script and file that make it.

The map is built from the workflow itself (Snakemake's rule objects), so it
cannot drift from what actually runs: a reviewer can go from "Table 3" to the
rule, the script and the output file. It covers every document the workflow
renders (the paper, manuscript/index.qmd, and its supplement,
manuscript/supplement.qmd): one row per exhibit per document that shows it,
with the number it has there. In the one document that includes the map, its
own exhibits are cross-references; every other row names its exhibit by number
("Figure 3"), as text.

The numbers table does the same for the numbers in the text: every
``{{< var key >}}`` the manuscript cites, in the order the paper first shows it,
with what it shows and the rule and script that wrote it (from
results/numbers_map.csv, which collect_numbers writes from the workflow). In the
HTML paper each such number also carries its key and rule in its own markup.
"""

import json
import re
from pathlib import Path

from wishlist.brief.codebook import load_codebook
from wishlist.core.errors import rule_log
from wishlist.core.files import read_csv, read_yaml, write_text
from wishlist.present.markdown import inert
from wishlist.present.numbers import rule_words
from wishlist.present.tables import markdown_table

FIGURE_LABEL = re.compile(r"\]\((?P<path>[^)\s]+)\)\{#(?P<label>fig-[\w-]+)")
TABLE_LABEL = re.compile(r"\{#(?P<label>tbl-[\w-]+)\}")
CROSS_REFERENCE = re.compile(r"@((?:fig|tbl|sec)-[\w-]+)")
# {{< var key >}}, not its escaped form {{{< var key >}}} (which the paper shows as text)
VAR = re.compile(r"(?<!\{)\{\{<\s*var\s+(?P<key>[^\s>]+)\s*>\}\}(?!\})")
HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
FRONT_MATTER = "Front matter"


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
        if position < 0:
            continue  # shown by another document
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


def _where(title: str, attrs: str, references: bool = True) -> tuple[str, bool]:
    """A heading as a reference the paper resolves (@sec-x, numbered headings only) or its text."""
    attrs = attrs or ""
    label = re.search(r"#(sec-[\w-]+)", attrs)
    unnumbered = re.search(r"(?:^|\s)(?:\.unnumbered|-)(?:\s|$)", attrs)
    if label and not unnumbered and references:
        return f"@{label.group(1)}", True
    return title, False


def cited_numbers(qmd_text: str, references: bool = True) -> list[tuple[str, str, bool]]:
    """Every key the manuscript cites with ``{{< var key >}}``, once, in order of first citation:
    (key, where it is first cited, whether `where` is a cross-reference). Where is the
    section (@sec-x, or the heading's text for an unnumbered one, or for every heading
    when not ``references``: a table shown in another document), or FRONT_MATTER."""
    lines = qmd_text.splitlines()
    body = 0
    if lines and lines[0].strip() == "---":
        body = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    where, fence = (FRONT_MATTER, False), None
    cited: dict[str, tuple[str, bool]] = {}
    for number, line in enumerate(lines):
        if number >= body:
            opened = FENCE.match(line)
            if fence is None and opened:
                fence = opened.group(1)[0]
                continue
            if fence is not None:
                if opened and opened.group(1)[0] == fence:
                    fence = None
                continue  # a shortcode in a code block is code, not a number
            heading = HEADING.match(line)
            if heading:
                where = _where(heading["title"], heading["attrs"], references)
        for match in VAR.finditer(line):
            cited.setdefault(match["key"], where)
    return [(key, shown, markup) for key, (shown, markup) in cited.items()]


SHOWN_LENGTH = 40  # a worded key's sentence is cut short in the table (paper_map.json keeps it whole)


def abridged(text: str, length: int = SHOWN_LENGTH) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "\u2026"


def numbers_table(cited, sources):
    """One row per cited key: the key, what the paper shows, the rule (and who worded it),
    the script, and where it is first cited. `sources` is results/numbers_map.csv as
    records (key, shown, rule, worded_by, script, ...). A cited key missing from it fails."""
    import pandas as pd

    by_key = {row["key"]: row for row in sources}
    missing = [key for key, *_ in cited if key not in by_key]
    if missing:
        raise ValueError(f"the manuscript cites {missing[0]!r}, which no rule writes (not in numbers.yml)")
    rows = []
    columns = ["Key", "Shown", "Rule", "Script", "First cited"]
    for key, where, is_reference, *document in cited:
        row = by_key[key]
        rows.append({"Key": key, "Shown": abridged(row["shown"]), "Rule": rule_words(row["rule"], row["worded_by"]),
                     "Script": row["script"],
                     "First cited": where if is_reference else inert(where)})
        if document:  # (key, where, is_reference, document): cited across documents
            rows[-1]["Document"] = document[0]
    if any("Document" in row for row in rows):
        columns.append("Document")
    return pd.DataFrame(rows, columns=columns)


def numbers_made_by(table, sources) -> dict:
    """The numbers section of paper_map.json: cited key -> shown value (whole), rule, script."""
    shown = {row["key"]: row["shown"] for row in sources}
    return {key: {"shown": shown[key], "rule": rule, "script": script}
            for key, rule, script in table[["Key", "Rule", "Script"]].itertuples(index=False)}


# ------------------------------------------------------------ several documents --
# What the map calls each document the workflow renders (manuscript/<name>.qmd).
DOCUMENT_TITLES = {"index": "Paper", "supplement": "Supplement"}
KIND_WORDS = {"fig": "Figure", "tbl": "Table"}


def document_title(document: str) -> str:
    return DOCUMENT_TITLES.get(document, document)


def hosts(documents: dict[str, str], table: str) -> list[str]:
    """The documents that include `table` (a results/ path)."""
    return [name for name, text in documents.items() if f"include ../{table}" in text]


def documents_map(producers, documents: dict[str, str], table_texts: dict[str, str], host: str | None = None):
    """The paper map over several documents (name -> qmd text, in reading order): one row per
    exhibit per document that shows it, each document's figures then tables in its order, with
    the number the document gives it (counted as the README does: Figure 1, 2, ...). `host` is
    the one document that shows the map: its rows' items are cross-references (@fig-x); every
    other row's item is its number as text. Columns: Item, Document, Output file, Rule, Script,
    Stage, and (not shown) label, number, document."""
    import pandas as pd

    frames = []
    for name, text in documents.items():
        rows = paper_map(producers, text, table_texts)
        counts = dict.fromkeys(KIND_WORDS, 0)
        numbers = []
        for item in rows["Item"]:
            kind = item[1:4]
            counts[kind] += 1
            numbers.append(f"{KIND_WORDS[kind]} {counts[kind]}")
        rows.insert(1, "Document", document_title(name))
        rows["label"] = rows["Item"].str[1:]
        rows["number"] = numbers
        rows["document"] = name
        if name != host:
            rows["Item"] = [inert(number) for number in numbers]
        frames.append(rows)
    columns = ["Item", "Document", "Output file", "Rule", "Script", "Stage", "label", "number", "document"]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return table[columns]


def documents_made_by(table, paper_dir: str) -> dict:
    """paper_map.json over several documents: label -> rule, script, output file and the
    documents that show it (the same label must name the same output in every document),
    and `exhibits`, every row of the map (document, label, number, output, rule, script,
    stage: what the README lists)."""
    labels, exhibits = {}, []
    for row in table.to_dict("records"):
        entry = {"rule": row["Rule"], "script": row["Script"], "output": row["Output file"]}
        known = labels.setdefault(row["label"], {**entry, "documents": []})
        if {k: known[k] for k in entry} != entry:
            raise ValueError(f"@{row['label']} names {known['output']} in one document and {entry['output']} "
                             "in another")
        known["documents"].append(row["document"])
        exhibits.append({"document": row["document"], "label": row["label"], "number": row["number"],
                         "output": row["Output file"], "rule": row["Rule"], "script": row["Script"],
                         "stage": row["Stage"]})
    return {"paper_dir": paper_dir, "labels": labels, "exhibits": exhibits}


def documents_cited_numbers(documents: dict[str, str], host: str | None = None) -> list[tuple[str, str, bool, str]]:
    """cited_numbers over several documents, in reading order: each key once, where it is first
    cited and in which document. A section is a cross-reference only in `host` (the document
    that shows the numbers table)."""
    cited: dict[str, tuple[str, bool, str]] = {}
    for name, text in documents.items():
        for key, where, is_reference in cited_numbers(text, references=(name == host)):
            cited.setdefault(key, (where, is_reference, document_title(name)))
    return [(key, *value) for key, value in cited.items()]


def documents_unused(producers, documents: dict[str, str], table_texts: dict[str, str]) -> list[str]:
    """Paper inputs no document shows."""
    unused = None
    for text in documents.values():
        missing = set(unused_paper_inputs(producers, text, table_texts))
        unused = missing if unused is None else unused & missing
    return sorted(unused or [])


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
        targets_table(targets), "Every published figure the shipped reconstruction is calibrated to, with the "
        "value it holds by construction (data/reference/calibration_targets.yaml); not a value of other records "
        "in use.", "tbl-targets"))

    qmds = [smk.input.qmd] if isinstance(smk.input.qmd, str) else list(smk.input.qmd)
    documents = {Path(q).stem: Path(q).read_text(encoding="utf-8") for q in qmds}
    sources = read_csv(smk.input.numbers_map, dtype=str, keep_default_na=False).to_dict("records")
    numbers_hosts = hosts(documents, smk.output.paper_numbers)
    numbers = numbers_table(documents_cited_numbers(documents, numbers_hosts[0] if len(numbers_hosts) == 1 else None),
                            sources)
    # no Script column: rule X runs workflow/scripts/X.py (tests/test_architecture.py), and the column
    # would double every row's height; results/numbers_map.csv keeps it
    shown_numbers = numbers.drop(columns=["Script"])
    for column in ("Key", "Rule"):
        shown_numbers[column] = shown_numbers[column].map(breakable)
    write_text(smk.output.paper_numbers, markdown_table(
        shown_numbers, "Where each number in the text comes from, in the order the paper and then the supplement "
        "first show it: its key in results/numbers.yml, the value shown, the Snakemake rule that wrote it (rule X "
        "runs workflow/scripts/X.py; \"worded by collect_numbers\": a sentence composed from that rule's "
        "numbers), and the section and document that first cite it. In the HTML documents each number carries "
        "its key and rule in its markup.",
        "tbl-paper-numbers", markup=("First cited",)))

    producers = [tuple(p) for p in smk.params.producers]
    tables = {output: (Path(output).read_text(encoding="utf-8") if Path(output).exists() else "")
              for output, *_ in producers if output.endswith(".md") and output != smk.output.paper_map}
    tables[smk.output.paper_map] = "{#tbl-paper-map}"
    # tests/test_manuscript.py fails while this list is not empty; the workflow only warns
    unused = documents_unused(producers, documents, tables)
    with rule_log() as log:
        for output in unused:
            print(f"warning: no document shows {output}", file=log)
    map_hosts = hosts(documents, smk.output.paper_map)
    rows = documents_map(producers, documents, tables, map_hosts[0] if len(map_hosts) == 1 else None)
    paper = documents_made_by(rows, smk.params.paper_dir)
    paper["numbers"] = numbers_made_by(numbers, sources)
    write_text(smk.output.made_by, json.dumps(paper, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    shown = rows[["Item", "Document", "Output file", "Rule", "Script", "Stage"]].copy()
    for column in ("Output file", "Rule", "Script", "Stage"):
        shown[column] = shown[column].map(breakable)
    write_text(smk.output.paper_map, markdown_table(
        shown, "Where each table and figure of the paper and of the supplement comes from: the document and "
        "number it has there, the Snakemake rule, its script and the output file.", "tbl-paper-map",
        markup=("Item",)))
