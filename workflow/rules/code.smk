rule code_records:
    """AI/ML keyword flag (endnote 38), cooperation forms (Appendix I), ally flag, adjudicated manual codes."""
    input:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        codebook=config["inputs"]["codebook"],
        coder_sheets=config["inputs"]["coder_sheets"],
        adjudication=config["inputs"]["adjudication"],
    output:
        coded="results/coding/coded_records.csv",
        keywords="results/coding/keyword_contributions.csv",
        keywords_md="results/tables/keyword_contributions.md",
        numbers="results/numbers/coding.yml",
    params:
        provisional=config["coding"]["provisional"],
        seed=config["coding"]["suggestion_seed"],
        worksheet="results/worksheets/to_code.csv",
    benchmark:
        "results/benchmarks/code_records.tsv"
    log:
        "results/logs/code_records.log",
    script:
        "../scripts/code_records.py"


rule reliability:
    """Inter-coder reliability of the double-coded records, and what the published 67 of 100 allows."""
    input:
        coder_sheets=config["inputs"]["coder_sheets"],
        codebook=config["inputs"]["codebook"],
        targets=config["inputs"]["calibration_targets"],
    output:
        table="results/coding/reliability.csv",
        per_category="results/coding/per_category_agreement.csv",
        table_md="results/tables/reliability.md",
        heatmap_svg=report("results/figures/coder_confusion.svg", caption="../report/coder_confusion.rst",
                           category="Coding"),
        heatmap_png="results/figures/coder_confusion.png",
        numbers="results/numbers/reliability.yml",
    params:
        level=config["confidence_level"],
        bootstrap=config["reliability"],
    benchmark:
        "results/benchmarks/reliability.tsv"
    log:
        "results/logs/reliability.log",
    script:
        "../scripts/reliability.py"


rule evaluate_suggestions:
    """Out-of-fold agreement of the provisional-code suggestion model with the human codes."""
    input:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        codebook=config["inputs"]["codebook"],
        coder_sheets=config["inputs"]["coder_sheets"],
        adjudication=config["inputs"]["adjudication"],
    output:
        report="results/coding/suggestion_model.yml",
        numbers="results/numbers/suggestions.yml",
    params:
        seed=config["coding"]["suggestion_seed"],
        level=config["confidence_level"],
    benchmark:
        "results/benchmarks/evaluate_suggestions.tsv"
    log:
        "results/logs/evaluate_suggestions.log",
    script:
        "../scripts/evaluate_suggestions.py"
