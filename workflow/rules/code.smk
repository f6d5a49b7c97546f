rule code_records:
    """AI/ML keyword flag (endnote 38), ally flag, and the adjudicated manual codes."""
    input:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        codebook=INPUTS["codebook"],
        manual_codes=INPUTS["manual_codes"],
    output:
        coded="results/coding/coded_records.csv",
        keywords="results/coding/keyword_contributions.csv",
        numbers="results/numbers/coding.yml",
    log:
        "results/logs/code_records.log",
    script:
        "../../scripts/code_records.py"
