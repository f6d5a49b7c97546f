rule claims_audit:
    """Every quantitative claim of the brief checked against the published numbers it relates to."""
    input:
        claims="data/reference/brief_claims.yaml",
        cases="data/reference/published_cases.yaml",
        targets=config["inputs"]["calibration_targets"],
        spec="data/reference/identification.yaml",
        bounds=rules.sharp_bounds.output.bounds,
        readings=rules.sharp_bounds.output.readings,
    output:
        table=report("results/claims/claims_audit.csv", caption="../report/claims_audit.rst",
                     category="Claims audit"),
        table_md="results/tables/claims_audit.md",
        inconsistencies_md="results/tables/claims_inconsistencies.md",
        numbers="results/numbers/claims.yml",
    benchmark:
        "results/benchmarks/claims_audit.tsv"
    log:
        "results/logs/claims_audit.log",
    script:
        "../scripts/claims_audit.py"
