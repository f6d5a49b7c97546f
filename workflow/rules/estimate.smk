rule estimate_proportions:
    """Shares of the coded records with Wilson confidence intervals."""
    input:
        coded="results/coding/coded_records.csv",
    output:
        proportions="results/estimates/proportions.csv",
        per_year="results/estimates/records_per_year.csv",
        numbers="results/numbers/estimates.yml",
    params:
        level=config["confidence_level"],
    log:
        "results/logs/estimate_proportions.log",
    script:
        "../../scripts/estimate_proportions.py"

NUMBER_STAGES += ["estimates"]
