rule draw_sample:
    """Seeded permutation of the sample frame; the first `sample.size` cases are investigated."""
    input:
        coded="results/coding/coded_records.csv",
    output:
        frame="results/sample/sample_frame.csv",
        draw="results/sample/sample_draw.csv",
        meta="results/sample/draw.yml",
        numbers="results/numbers/sample.yml",
    params:
        sample=config["sample"],
    benchmark:
        "results/benchmarks/draw_sample.tsv"
    log:
        "results/logs/draw_sample.log",
    script:
        "../scripts/draw_sample.py"


rule case_study:
    """Drawn cases + case-outcome sheet -> outcomes per case; share partnered, frame interval, bounds, precision.

    Drawn cases without an outcome (e.g. after a change of seed) are written to
    results/worksheets/to_investigate.csv (not a declared output, so it survives
    the failure) and stop the study.
    """
    input:
        draw="results/sample/sample_draw.csv",
        meta="results/sample/draw.yml",
        outcomes=config["inputs"]["case_outcomes"],
        records="results/records/records.csv",
    output:
        cases="results/sample/case_outcomes.csv",
        report="results/sample/outcome_report.yml",
        by_method="results/case_study/partnered_by_method.csv",
        finite="results/case_study/finite_population.csv",
        bounds="results/case_study/missing_outcome_bounds.csv",
        outcomes="results/case_study/outcome_shares.csv",
        precision="results/case_study/precision.csv",
        numbers="results/numbers/case_study.yml",
    params:
        level=config["confidence_level"],
        margins=config["precision_planning"]["margins"],
        worksheet="results/worksheets/to_investigate.csv",
    benchmark:
        "results/benchmarks/case_study.tsv"
    log:
        "results/logs/case_study.log",
    script:
        "../scripts/case_study.py"
