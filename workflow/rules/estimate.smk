rule published_layer:
    """The brief's own count/proportion pairs: recomputed shares and checks; intervals for sampled pairs only.

    Real data only: reads the brief's published figures, never the record layer.
    """
    input:
        targets=config["inputs"]["calibration_targets"],
        codebook=config["inputs"]["codebook"],
    output:
        shares="results/published/published_shares.csv",
        unrounded="results/published/published_shares_unrounded.csv",
        sensitivity="results/published/published_sensitivity.csv",
        numbers="results/numbers/published.yml",
    log:
        "results/logs/published_layer.log",
    benchmark:
        "results/benchmarks/published_layer.tsv"
    conda:
        "../envs/study.yaml"
    params:
        level=config["confidence_level"],
    script:
        "../scripts/published_layer.py"


rule describe_records:
    """Distributions of the coded records (the brief's Figures 4, 6, 7, 8): counts and census shares, no intervals."""
    input:
        coded=rules.code_records.output.coded,
        codebook=config["inputs"]["codebook"],
    output:
        categories="results/descriptives/categories.csv",
        countries="results/descriptives/countries.csv",
        institutions="results/descriptives/institution_types.csv",
        forms="results/descriptives/cooperation_forms.csv",
        forms_per_record="results/descriptives/forms_per_record.csv",
        numbers="results/numbers/descriptives.yml",
    log:
        "results/logs/describe_records.log",
    benchmark:
        "results/benchmarks/describe_records.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/describe_records.py"


rule estimate_proportions:
    """The brief's headline shares and cross-tabs (a census: no sampling interval) and their misclassification bounds."""
    input:
        coded=rules.code_records.output.coded,
        codebook=config["inputs"]["codebook"],
        reliability=rules.reliability.output.numbers,
    output:
        proportions="results/estimates/proportions.csv",
        misclassification="results/estimates/misclassification.csv",
        per_year="results/estimates/records_per_year.csv",
        us_posts="results/estimates/us_posts.csv",
        it_sources="results/estimates/it_sources.csv",
        labs="results/estimates/government_labs.csv",
        numbers="results/numbers/estimates.yml",
    log:
        "results/logs/estimate_proportions.log",
    benchmark:
        "results/benchmarks/estimate_proportions.tsv"
    conda:
        "../envs/study.yaml"
    params:
        level=config["confidence_level"],
        window=config["study_window"],
    script:
        "../scripts/estimate_proportions.py"


rule descriptives_exhibits:
    """Figures and tables of the record distributions: category (with misclassification ranges), country, institution type, form."""
    input:
        coded=rules.code_records.output.coded,
        categories=rules.describe_records.output.categories,
        countries=rules.describe_records.output.countries,
        institutions=rules.describe_records.output.institutions,
        forms=rules.describe_records.output.forms,
        forms_per_record=rules.describe_records.output.forms_per_record,
        misclassification=rules.estimate_proportions.output.misclassification,
    output:
        categories_svg=report(
            "results/figures/records_by_category.svg", caption="../report/records_by_category.rst", category="Figures"
        ),
        categories_png="results/figures/records_by_category.png",
        countries_svg=report(
            "results/figures/top_countries.svg", caption="../report/top_countries.rst", category="Figures"
        ),
        countries_png="results/figures/top_countries.png",
        institutions_svg=report(
            "results/figures/institution_types.svg", caption="../report/institution_types.rst", category="Figures"
        ),
        institutions_png="results/figures/institution_types.png",
        forms_svg=report(
            "results/figures/cooperation_forms.svg", caption="../report/cooperation_forms.rst", category="Figures"
        ),
        forms_png="results/figures/cooperation_forms.png",
        categories_md="results/tables/categories.md",
        countries_md="results/tables/countries.md",
        institutions_md="results/tables/institution_types.md",
        forms_md="results/tables/cooperation_forms.md",
    log:
        "results/logs/descriptives_exhibits.log",
    benchmark:
        "results/benchmarks/descriptives_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/descriptives_exhibits.py"


rule estimates_exhibits:
    """Figures and tables of the headline estimates: records per year, headline shares, misclassification bounds."""
    input:
        coded=rules.code_records.output.coded,
        per_year=rules.estimate_proportions.output.per_year,
        proportions=rules.estimate_proportions.output.proportions,
        misclassification=rules.estimate_proportions.output.misclassification,
        identification="results/identification/records_vs_bounds.csv",
    output:
        per_year_svg=report(
            "results/figures/records_per_year.svg", caption="../report/records_per_year.rst", category="Figures"
        ),
        per_year_png="results/figures/records_per_year.png",
        headline_svg=report(
            "results/figures/headline_shares.svg", caption="../report/headline_shares.rst", category="Figures"
        ),
        headline_png="results/figures/headline_shares.png",
        proportions_md="results/tables/proportions.md",
        misclassification_md="results/tables/misclassification.md",
    log:
        "results/logs/estimates_exhibits.log",
    benchmark:
        "results/benchmarks/estimates_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/estimates_exhibits.py"


rule published_exhibits:
    """The published-layer table and figure: each pair's recomputed share and interval beside the brief's wording."""
    input:
        shares=rules.published_layer.output.unrounded,
    output:
        table_md="results/tables/published_shares.md",
        figure_svg=report(
            "results/figures/published_shares.svg",
            caption="../report/published_shares.rst",
            category="Published layer",
        ),
        figure_png="results/figures/published_shares.png",
    log:
        "results/logs/published_exhibits.log",
    benchmark:
        "results/benchmarks/published_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    params:
        level=config["confidence_level"],
    script:
        "../scripts/published_exhibits.py"
