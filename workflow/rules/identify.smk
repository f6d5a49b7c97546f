rule sharp_bounds:
    """Sharp bounds: min and max of each record-layer quantity over every corpus meeting the published figures.

    Integer programmes (HiGHS), per reading of the brief, with the figures that bind each bound and
    the sets of figures no corpus meets together. Published layer only: never reads the records.
    """
    input:
        spec="data/reference/identification.yaml",
        targets=config["inputs"]["calibration_targets"],
        cases="data/reference/published_cases.yaml",
        codebook=config["inputs"]["codebook"],
    output:
        multiext("results/identification/", bounds="bounds.csv", readings="readings.csv"),
    log:
        "results/logs/sharp_bounds.log",
    # Depends on data/reference and the codebook only, so `--cache` may share it between copies of the
    # study (the tests do). Snakemake forbids a benchmark on a cacheable rule: the log records the time.
    cache: "omit-software"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/sharp_bounds.py"


rule identification_summary:
    """Each record-layer quantity's value in the records used, beside its sharp bounds.

    Writes the comparison (rounded for reading; unrounded for the paper's figure), the published
    figures the records meet, and the numbers.
    """
    input:
        spec="data/reference/identification.yaml",
        targets=config["inputs"]["calibration_targets"],
        cases="data/reference/published_cases.yaml",
        codebook=config["inputs"]["codebook"],
        bounds=rules.sharp_bounds.output.bounds,
        readings=rules.sharp_bounds.output.readings,
        coded=rules.code_records.output.coded,
    output:
        summary="results/identification/records_vs_bounds.csv",
        unrounded="results/identification/records_vs_bounds_unrounded.csv",
        figures="results/identification/figures_on_records.csv",
        numbers="results/numbers/identification.yml",
    log:
        "results/logs/identification_summary.log",
    benchmark:
        "results/benchmarks/identification_summary.tsv"
    conda:
        "../envs/study.yaml"
    params:
        frame_years=config["sample"]["frame_years"],
    script:
        "../scripts/identification_summary.py"


rule identification_exhibits:
    """What the published figures determine: the table and figure of every share, and the paper's figure."""
    input:
        summary=rules.identification_summary.output.unrounded,
        bounds=rules.sharp_bounds.output.bounds,
        numbers=rules.identification_summary.output.numbers,
        coded=rules.code_records.output.coded,
    output:
        table_md="results/tables/identification.md",
        figure_svg=report(
            "results/figures/identification.svg", caption="../report/identification.rst", category="Identification"
        ),
        figure_png="results/figures/identification.png",
        paper_svg="results/figures/identification_main.svg",
        paper_png="results/figures/identification_main.png",
    log:
        "results/logs/identification_exhibits.log",
    benchmark:
        "results/benchmarks/identification_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/identification_exhibits.py"
