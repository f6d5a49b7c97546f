rule claims_audit:
    """Every quantitative claim of the brief checked against the published numbers it relates to; record-layer
    claims are checked on the records in use (by construction only when they are the shipped reconstruction)."""
    input:
        claims="data/reference/brief_claims.yaml",
        cases="data/reference/published_cases.yaml",
        targets=config["inputs"]["calibration_targets"],
        spec="data/reference/identification.yaml",
        bounds=rules.sharp_bounds.output.bounds,
        readings=rules.sharp_bounds.output.readings,
        origin=rules.data_origin.output.numbers,
        figures=rules.identification_summary.output.figures,
    output:
        table=report(
            "results/claims/claims_audit.csv",
            caption="../report/claims_audit.rst",
            category="Claims audit",
        ),
        numbers="results/numbers/claims.yml",
    log:
        "results/logs/claims_audit.log",
    benchmark:
        "results/benchmarks/claims_audit.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/claims_audit.py"


rule claims_exhibits:
    """The claims tables of the paper: every claim with its status, and the brief's inconsistencies."""
    input:
        table=rules.claims_audit.output.table,
    output:
        table_md="results/tables/claims_audit.md",
        inconsistencies_md="results/tables/claims_inconsistencies.md",
    log:
        "results/logs/claims_exhibits.log",
    benchmark:
        "results/benchmarks/claims_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/claims_exhibits.py"
