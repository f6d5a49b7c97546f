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
