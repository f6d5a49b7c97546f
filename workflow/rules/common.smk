# Shared helpers: config validation, input discovery, the list of final outputs.

from pathlib import Path

from snakemake.utils import validate

validate(config, "../schemas/config.schema.yaml")

if config["study_window"]["first_year"] > config["study_window"]["last_year"]:
    raise ValueError(
        "config/config.yaml, field 'study_window': first_year "
        f"{config['study_window']['first_year']} is after last_year {config['study_window']['last_year']}"
    )

INPUTS = config["inputs"]


def raw_record_files():
    """Every raw record file, sorted: adding data/raw/2021.jsonl needs no code change."""
    return sorted(str(p) for p in Path(INPUTS["raw_records"]).glob("*.jsonl"))


def numbers_fragments():
    return [f"results/numbers/{stage}.yml" for stage in NUMBER_STAGES]


# stages that contribute to results/numbers.yml, in method order
NUMBER_STAGES = ["ingest", "coding", "reliability", "suggestions", "sample", "estimates", "time_to_partnership"]


def study_outputs():
    return [
        "results/numbers.yml",
        "results/manuscript/index.html",
        "results/manuscript/index.pdf",
    ]
