rule code_records:
    """AI/ML keyword flag (endnote 38), cooperation forms (Appendix I), ally flag, adjudicated manual codes."""
    input:
        records="results/records/records.csv",
        report="results/records/ingest_report.yml",
        codebook=INPUTS["codebook"],
        coder_sheets=INPUTS["coder_sheets"],
        adjudication=INPUTS["adjudication"],
    output:
        coded="results/coding/coded_records.csv",
        keywords="results/coding/keyword_contributions.csv",
        keywords_md="results/tables/keyword_contributions.md",
        numbers="results/numbers/coding.yml",
    params:
        provisional=config["coding"]["provisional"],
        seed=config["coding"]["suggestion_seed"],
        worksheet="results/worksheets/to_code.csv",
    priority: 50  # on the critical path: schedule before side analyses
    benchmark:
        "results/benchmarks/code_records.tsv"
    log:
        "results/logs/code_records.log",
    script:
        "../scripts/code_records.py"


rule reliability:
    """Inter-coder reliability of the double-coded records, and what the published 67 of 100 allows."""
    input:
        coder_sheets=INPUTS["coder_sheets"],
        codebook=INPUTS["codebook"],
        targets=INPUTS["calibration_targets"],
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
        codebook=INPUTS["codebook"],
        coder_sheets=INPUTS["coder_sheets"],
        adjudication=INPUTS["adjudication"],
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


NUMBER_STAGES += ["coding", "reliability", "suggestions"]
PAPER_INPUTS += [rules.code_records.output.keywords_md, rules.reliability.output.table_md,
                 rules.reliability.output.heatmap_svg]
STUDY_OUTPUTS += rules.code_records.output
STUDY_OUTPUTS += rules.evaluate_suggestions.output
