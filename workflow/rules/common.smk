# Helpers of the stage files: config validation, and the input functions that wire the
# stages together. Every function here runs when Snakemake builds the DAG (after all
# stage files are included), so the include order cannot change what a rule sees.

import os
import re
from pathlib import Path

from wishlist.core.preflight import validate_config

validate_config(config, Path(workflow.current_basedir) / "../schemas/config.schema.yaml")


def raw_record_files(wildcards=None):
    """Every raw record file, sorted: adding data/raw/2021.jsonl needs no code change."""
    return sorted(str(p) for p in Path(config["inputs"]["raw_records"]).glob("*.jsonl"))


def data_manifests(wildcards=None):
    """The committed checksum manifests of the input data (raw records, coding sheets)."""
    return sorted(str(p) for p in Path("data").glob("**/MANIFEST.sha256"))


def _study_rules():
    return [r for r in workflow.rules if r.name not in ("all", "results_manifest")]


def numbers_fragments(wildcards=None):
    """results/numbers/<stage>.yml: the output named `numbers` of every rule that has one."""
    return sorted(
        str(r.output.numbers)
        for r in _study_rules()
        if "numbers" in r.output.keys() and str(r.output.numbers).startswith("results/numbers/")
    )


def _rule_file(rule_):
    return Path(rule_.snakefile).relative_to(Path(workflow.basedir)).as_posix()


def _rule_script(rule_):
    script = getattr(rule_, "script", None)
    return os.path.normpath(Path(_rule_file(rule_)).parent / script) if script else ""


def numbers_producers(wildcards=None):
    """Stage -> [rule, script, rule file] for every fragment numbers_fragments() lists (the
    stage is the fragment's name: results/numbers/<stage>.yml), so each key of numbers.yml
    (`<stage>.<key>`) maps to the rule that wrote it."""
    producers = {}
    for rule_ in _study_rules():
        fragment = str(rule_.output.numbers) if "numbers" in rule_.output.keys() else ""
        if fragment.startswith("results/numbers/"):
            producers[Path(fragment).stem] = [rule_.name, _rule_script(rule_), _rule_file(rule_)]
    return dict(sorted(producers.items()))


PAPER_INPUT = re.compile(r"\.\./(results/(?:tables|figures)/[\w.-]+\.(?:md|svg))")
# The documents the render_manuscript job renders (manuscript/<document>.qmd): the paper and its
# supplement. Rule paper_appendix's map covers them all, in this order.
PAPER_DOCUMENTS = ("index", "supplement")


def paper_documents(wildcards=None):
    """manuscript/<document>.qmd for every document, in PAPER_DOCUMENTS' order."""
    return [f"manuscript/{document}.qmd" for document in PAPER_DOCUMENTS]


def paper_inputs(wildcards=None):
    """The tables and figures a document includes, read from the document itself: the
    rendered one's (wildcards.document), or every document's when no document is named."""
    document = getattr(wildcards, "document", None)
    qmds = [f"manuscript/{document}.qmd"] if document else paper_documents()
    found = set()
    for qmd in qmds:
        found |= set(PAPER_INPUT.findall(Path(qmd).read_text(encoding="utf-8")))
    return sorted(found)


def appendix_inputs(wildcards=None):
    """The tables the paper map describes (every included table the appendix rule does not write)."""
    own = {str(o) for o in rules.paper_appendix.output}
    return [p for p in paper_inputs() if p.endswith(".md") and p not in own]


def paper_producers(wildcards=None):
    """(output, rule, script, stage file) for every table and figure the paper shows."""
    wanted = set(paper_inputs())
    rows = []
    for rule_ in workflow.rules:
        script = getattr(rule_, "script", None)
        for output in rule_.output:
            if str(output) in wanted and script:
                stage = Path(rule_.snakefile).relative_to(Path(workflow.basedir)).as_posix()
                rows.append(
                    [
                        str(output),
                        rule_.name,
                        os.path.normpath(Path(stage).parent / script),
                        stage,
                    ]
                )
    return sorted(rows)


def _expanded(output):
    """A rule's output, with a {document} wildcard (and its constraint) expanded over PAPER_DOCUMENTS."""
    output = re.sub(r"\{(\w+),[^{}]*\}", r"{\1}", str(output))
    return expand(output, document=PAPER_DOCUMENTS) if "{document}" in output else [output]


def declared_outputs(wildcards=None):
    """Every file a rule of the study writes under results/ (the manifest itself excepted), sorted."""
    return sorted(
        {path for r in _study_rules() for o in r.output for path in _expanded(o) if path.startswith("results/")}
    )


def study_outputs(wildcards=None):
    """The default target's inputs: every declared output, and the manifest over them."""
    return [*declared_outputs(), *rules.results_manifest.output]
