rule ingest_records:
    """Validate and normalise every raw record; count what falls outside the window."""
    input:
        raw=raw_record_files(),
        gazetteer=INPUTS["gazetteer"],
        countries=INPUTS["countries"],
    output:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        numbers="results/numbers/ingest.yml",
    params:
        window=config["study_window"],
    priority: 50  # on the critical path: schedule before side analyses
    benchmark:
        "results/benchmarks/ingest_records.tsv"
    log:
        "results/logs/ingest_records.log",
    script:
        "../scripts/ingest_records.py"

NUMBER_STAGES += ["ingest"]
STUDY_OUTPUTS += rules.ingest_records.output
