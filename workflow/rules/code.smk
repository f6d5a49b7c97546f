rule code_records:
    """AI/ML keyword flag (endnote 38), cooperation forms (Appendix I), ally flag, adjudicated manual codes."""
    input:
        records=rules.ingest_records.output.records,
        report=rules.ingest_records.output.report,
        codebook=config["inputs"]["codebook"],
        coder_sheets=config["inputs"]["coder_sheets"],
        adjudication=config["inputs"]["adjudication"],
        # NATO accession and MNNA designation years: ally status of records filed after 2020
        alliances="data/reference/alliances.csv",
        # the suggestion model's held-out agreement (rule evaluate_suggestions), quoted in the log
        # of a provisional run
        suggestions="results/coding/suggestion_model.yml",
    output:
        coded="results/coding/coded_records.csv",
        keywords="results/coding/keyword_contributions.csv",
        numbers="results/numbers/coding.yml",
    log:
        "results/logs/code_records.log",
    benchmark:
        "results/benchmarks/code_records.tsv"
    conda:
        "../envs/study.yaml"
    params:
        provisional=config["coding"]["provisional"],
        seed=config["coding"]["suggestion_seed"],
        worksheet="results/worksheets/to_code.csv",
    script:
        "../scripts/code_records.py"


rule coding_exhibits:
    """What each AI/ML keyword contributes to the flag, as the paper's table."""
    input:
        keywords=rules.code_records.output.keywords,
        coded=rules.code_records.output.coded,
    output:
        keywords_md="results/tables/keyword_contributions.md",
    log:
        "results/logs/coding_exhibits.log",
    benchmark:
        "results/benchmarks/coding_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/coding_exhibits.py"


rule reliability:
    """Inter-coder reliability of the double-coded records, and what the published 67 of 100 allows."""
    input:
        coder_sheets=config["inputs"]["coder_sheets"],
        codebook=config["inputs"]["codebook"],
        targets=config["inputs"]["calibration_targets"],
    output:
        table="results/coding/reliability.csv",
        per_category="results/coding/per_category_agreement.csv",
        confusion="results/coding/coder_confusion.csv",
        numbers="results/numbers/reliability.yml",
    log:
        "results/logs/reliability.log",
    benchmark:
        "results/benchmarks/reliability.tsv"
    conda:
        "../envs/study.yaml"
    params:
        level=config["confidence_level"],
        bootstrap=config["reliability"],
    script:
        "../scripts/reliability.py"


rule reliability_exhibits:
    """The reliability table and the coder-against-coder heatmap of the category codes."""
    input:
        table=rules.reliability.output.table,
        numbers=rules.reliability.output.numbers,
        origin=rules.data_origin.output.numbers,
        confusion=rules.reliability.output.confusion,
        codebook=config["inputs"]["codebook"],
    output:
        table_md="results/tables/reliability.md",
        heatmap_svg=report(
            "results/figures/coder_confusion.svg",
            caption="../report/coder_confusion.rst",
            category="Coding",
        ),
        heatmap_png="results/figures/coder_confusion.png",
    log:
        "results/logs/reliability_exhibits.log",
    benchmark:
        "results/benchmarks/reliability_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/reliability_exhibits.py"


rule evaluate_suggestions:
    """Out-of-fold agreement of the provisional-code suggestion model with the human codes."""
    input:
        records=rules.ingest_records.output.records,
        report=rules.ingest_records.output.report,
        codebook=config["inputs"]["codebook"],
        coder_sheets=config["inputs"]["coder_sheets"],
        adjudication=config["inputs"]["adjudication"],
    output:
        report="results/coding/suggestion_model.yml",
        numbers="results/numbers/suggestions.yml",
    log:
        "results/logs/evaluate_suggestions.log",
    benchmark:
        "results/benchmarks/evaluate_suggestions.tsv"
    conda:
        "../envs/study.yaml"
    params:
        seed=config["coding"]["suggestion_seed"],
        level=config["confidence_level"],
    script:
        "../scripts/evaluate_suggestions.py"
