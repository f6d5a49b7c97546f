rule draw_sample:
    """Seeded permutation of the sample frame; the first `sample.size` cases are investigated."""
    input:
        coded=rules.code_records.output.coded,
    output:
        frame="results/sample/sample_frame.csv",
        draw="results/sample/sample_draw.csv",
        meta="results/sample/draw.yml",
        numbers="results/numbers/sample.yml",
    log:
        "results/logs/draw_sample.log",
    benchmark:
        "results/benchmarks/draw_sample.tsv"
    conda:
        "../envs/study.yaml"
    params:
        sample=config["sample"],
    script:
        "../scripts/draw_sample.py"


rule case_study:
    """Drawn cases + case-outcome sheet -> outcomes per case; share partnered, frame interval, bounds, precision.

    Drawn cases without an outcome (e.g. after a change of seed) are written to
    results/worksheets/to_investigate.csv (not a declared output, so it survives
    the failure) and stop the study.
    """
    input:
        draw=rules.draw_sample.output.draw,
        meta=rules.draw_sample.output.meta,
        outcomes=config["inputs"]["case_outcomes"],
        records=rules.ingest_records.output.records,
        codebook=config["inputs"]["codebook"],
    output:
        cases="results/sample/case_outcomes.csv",
        report="results/sample/outcome_report.yml",
        by_method="results/case_study/partnered_by_method.csv",
        finite="results/case_study/finite_population.csv",
        bounds="results/case_study/missing_outcome_bounds.csv",
        outcomes="results/case_study/outcome_shares.csv",
        precision="results/case_study/precision.csv",
        typology="results/case_study/typology.csv",
        numbers="results/numbers/case_study.yml",
    log:
        "results/logs/case_study.log",
    benchmark:
        "results/benchmarks/case_study.tsv"
    conda:
        "../envs/study.yaml"
    params:
        level=config["confidence_level"],
        margins=config["precision_planning"]["margins"],
        worksheet="results/worksheets/to_investigate.csv",
    script:
        "../scripts/case_study.py"


rule case_study_exhibits:
    """The case-study figure (every estimate of the share partnered, intervals shown) and its three tables."""
    input:
        cases=rules.case_study.output.cases,
        by_method=rules.case_study.output.by_method,
        finite=rules.case_study.output.finite,
        bounds=rules.case_study.output.bounds,
        precision=rules.case_study.output.precision,
        typology=rules.case_study.output.typology,
    output:
        case_study_svg=report(
            "results/figures/case_study.svg", caption="../report/case_study.rst", category="Case studies"
        ),
        case_study_png="results/figures/case_study.png",
        case_study_md="results/tables/case_study.md",
        precision_md="results/tables/precision.md",
        typology_md="results/tables/typology.md",
    log:
        "results/logs/case_study_exhibits.log",
    benchmark:
        "results/benchmarks/case_study_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/case_study_exhibits.py"
