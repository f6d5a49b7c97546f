rule ingest_records:
    """Validate and normalise every raw record; count what falls outside the window."""
    input:
        raw=raw_record_files,
        gazetteer=config["inputs"]["gazetteer"],
        countries=config["inputs"]["countries"],
    output:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        numbers="results/numbers/ingest.yml",
    log:
        "results/logs/ingest_records.log",
    benchmark:
        "results/benchmarks/ingest_records.tsv"
    conda:
        "../envs/study.yaml"
    params:
        window=config["study_window"],
    script:
        "../scripts/ingest_records.py"


rule data_origin:
    """Whether the records and coding sheets in use are the shipped reconstruction, by checksum.
    The paper's sentences about the reconstruction are printed only when they are."""
    input:
        raw=raw_record_files,
        coder_sheets=config["inputs"]["coder_sheets"],
        adjudication=config["inputs"]["adjudication"],
        case_outcomes=config["inputs"]["case_outcomes"],
        listing="data/reference/reconstruction.sha256",
    output:
        numbers="results/numbers/data_origin.yml",
    log:
        "results/logs/data_origin.log",
    benchmark:
        "results/benchmarks/data_origin.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/data_origin.py"
