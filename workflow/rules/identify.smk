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
    # Depends on data/reference and the codebook only, so `--cache` may share it between copies of the
    # study (the tests do). Snakemake forbids a benchmark on a cacheable rule: the log records the time.
    cache: "omit-software"
    log:
        "results/logs/sharp_bounds.log",
    script:
        "../scripts/sharp_bounds.py"


rule reconstruction_ensemble:
    """K corpora (cell tables) drawn from the set of corpora consistent with the published figures.

    Published layer only, like sharp_bounds, so it runs beside the record-layer stages.
    """
    input:
        spec="data/reference/identification.yaml",
        targets=config["inputs"]["calibration_targets"],
        cases="data/reference/published_cases.yaml",
        codebook=config["inputs"]["codebook"],
    output:
        members="results/identification/ensemble_members.csv",
    params:
        size=config["identification"]["ensemble_size"],
        seed=config["identification"]["ensemble_seed"],
    cache: "omit-software"  # as sharp_bounds; the log records the time
    log:
        "results/logs/reconstruction_ensemble.log",
    script:
        "../scripts/reconstruction_ensemble.py"


rule identification_summary:
    """Each record-layer quantity on every ensemble member, beside its bounds and its value in the records.

    Writes the manuscript's identification table, figure and numbers.
    """
    input:
        spec="data/reference/identification.yaml",
        targets=config["inputs"]["calibration_targets"],
        cases="data/reference/published_cases.yaml",
        codebook=config["inputs"]["codebook"],
        bounds=rules.sharp_bounds.output.bounds,
        readings=rules.sharp_bounds.output.readings,
        members=rules.reconstruction_ensemble.output.members,
        coded="results/coding/coded_records.csv",
    output:
        ensemble="results/identification/ensemble.csv",
        table_md="results/tables/identification.md",
        figure_svg=report("results/figures/identification.svg", caption="../report/identification.rst",
                          category="Identification"),
        figure_png="results/figures/identification.png",
        numbers="results/numbers/identification.yml",
    params:
        seed=config["identification"]["ensemble_seed"],
        frame_years=config["sample"]["frame_years"],
    benchmark:
        "results/benchmarks/identification_summary.tsv"
    log:
        "results/logs/identification_summary.log",
    script:
        "../scripts/identification_summary.py"
