rule published_layer:
    """The brief's own count/proportion pairs: recomputed shares, Wilson (+ sensitivity) intervals, checks.

    Real data only: reads the brief's published figures, never the record layer.
    """
    input:
        targets=config["inputs"]["calibration_targets"],
        codebook=config["inputs"]["codebook"],
    output:
        shares="results/published/published_shares.csv",
        sensitivity="results/published/published_sensitivity.csv",
        table_md="results/tables/published_shares.md",
        figure_svg=report("results/figures/published_shares.svg", caption="../report/published_shares.rst",
                          category="Published layer"),
        figure_png="results/figures/published_shares.png",
        numbers="results/numbers/published.yml",
    params:
        level=config["confidence_level"],
    benchmark:
        "results/benchmarks/published_layer.tsv"
    log:
        "results/logs/published_layer.log",
    script:
        "../scripts/published_layer.py"


rule describe_records:
    """Distributions of the coded records (the brief's Figures 4, 6, 7, 8) with Wilson and multinomial intervals."""
    input:
        coded="results/coding/coded_records.csv",
        codebook=config["inputs"]["codebook"],
    output:
        categories="results/descriptives/categories.csv",
        countries="results/descriptives/countries.csv",
        institutions="results/descriptives/institution_types.csv",
        forms="results/descriptives/cooperation_forms.csv",
        forms_per_record="results/descriptives/forms_per_record.csv",
        numbers="results/numbers/descriptives.yml",
    params:
        level=config["confidence_level"],
    benchmark:
        "results/benchmarks/describe_records.tsv"
    log:
        "results/logs/describe_records.log",
    script:
        "../scripts/describe_records.py"


rule estimate_proportions:
    """The brief's headline shares and cross-tabs of the coded records, Wilson intervals and a sensitivity table."""
    input:
        coded="results/coding/coded_records.csv",
    output:
        proportions="results/estimates/proportions.csv",
        sensitivity="results/estimates/sensitivity.csv",
        per_year="results/estimates/records_per_year.csv",
        us_posts="results/estimates/us_posts.csv",
        it_sources="results/estimates/it_sources.csv",
        labs="results/estimates/government_labs.csv",
        numbers="results/numbers/estimates.yml",
    params:
        level=config["confidence_level"],
        window=config["study_window"],
    benchmark:
        "results/benchmarks/estimate_proportions.tsv"
    log:
        "results/logs/estimate_proportions.log",
    script:
        "../scripts/estimate_proportions.py"
