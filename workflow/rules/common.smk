# Shared helpers: config validation, input discovery, the list of final outputs.

import os
from pathlib import Path

from snakemake.utils import validate

CONFIG_SCHEMA = "../schemas/config.schema.yaml"


def validate_config():
    """snakemake.utils.validate, with errors restated as 'config file, field: problem'."""
    try:
        validate(config, CONFIG_SCHEMA)
    except Exception:
        import jsonschema
        import yaml

        schema_path = Path(workflow.current_basedir) / CONFIG_SCHEMA
        schema = yaml.safe_load(schema_path.read_text(encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config), key=lambda e: list(e.path))
        if not errors:
            raise
        first = errors[0]
        field = ".".join(str(p) for p in first.path) or "(top level)"
        problem = first.message
        if first.validator == "pattern" and field.startswith("inputs."):
            problem = f"path {first.instance!r} must be relative and stay inside the repository (no '..')"
        raise ValueError(f"config/config.yaml, field '{field}': {problem}") from None


validate_config()

if config["study_window"]["first_year"] > config["study_window"]["last_year"]:
    raise ValueError(
        "config/config.yaml, field 'study_window': first_year "
        f"{config['study_window']['first_year']} is after last_year {config['study_window']['last_year']}"
    )

INPUTS = config["inputs"]


def verify_input_data():
    """Stop before any rule runs if a pinned data file changed (see src/wishlist/checksums.py)."""
    from wishlist.core.checksums import verify_data

    problems = verify_data("data")
    if problems:
        raise ValueError("input data differ from their checksum manifests:\n  " + "\n  ".join(problems)
                         + "\nIf the change is deliberate, run `make manifests` and commit the manifests.")


verify_input_data()


def raw_record_files():
    """Every raw record file, sorted: adding data/raw/2021.jsonl needs no code change."""
    return sorted(str(p) for p in Path(INPUTS["raw_records"]).glob("*.jsonl"))


def data_manifests():
    """The committed checksum manifests of the input data (raw records, coding sheets)."""
    return sorted(str(p) for p in Path("data").glob("**/MANIFEST.sha256"))


def numbers_fragments():
    return [f"results/numbers/{stage}.yml" for stage in NUMBER_STAGES]


# Each stage file appends: the names of its results/numbers/<stage>.yml fragments
# (NUMBER_STAGES), the figures and tables the paper shows (PAPER_INPUTS), and its
# other final outputs (STUDY_OUTPUTS). collect_numbers, render_manuscript and
# rule all read these lists after every stage is included.
NUMBER_STAGES = []
PAPER_INPUTS = []
STUDY_OUTPUTS = []


def study_outputs():
    return sorted(set(STUDY_OUTPUTS)) + [
        "results/numbers.yml",
        "results/manuscript/index.html",
        "results/manuscript/index.pdf",
    ]


def paper_producers(wildcards=None):
    """(output, rule, script, stage file) for every table and figure the paper shows."""
    wanted = {str(p) for p in PAPER_INPUTS}
    rows = []
    for rule_ in workflow.rules:
        script = getattr(rule_, "script", None)
        for output in rule_.output:
            if str(output) in wanted and script:
                stage = Path(rule_.snakefile).relative_to(Path(workflow.basedir)).as_posix()
                rows.append([str(output), rule_.name, os.path.normpath(Path(stage).parent / script), stage])
    return sorted(rows)


def declared_outputs(wildcards=None):
    """Every file a rule of the study writes (the manifest itself excepted), sorted."""
    return sorted({str(o) for r in workflow.rules if r.name not in ("results_manifest", "all")
                   for o in r.output if str(o).startswith("results/")})
