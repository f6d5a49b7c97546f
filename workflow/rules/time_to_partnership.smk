rule time_to_partnership:
    """Report -> first partnership indicator: durations, Table 1, timing shares, Kaplan-Meier and Turnbull estimates."""
    input:
        records=rules.ingest_records.output.records,
        outcomes=config["inputs"]["case_outcomes"],
        draw=rules.draw_sample.output.draw,  # the estimates use the drawn cases only
    output:
        durations="results/time_to_partnership/case_durations.csv",
        table1="results/time_to_partnership/table1.csv",
        shares="results/time_to_partnership/timing_shares.csv",
        estimates="results/time_to_partnership/estimates.csv",
        partnered_timing="results/time_to_partnership/partnered_timing.csv",
        events="results/time_to_partnership/analysis_cases.csv",
        curves="results/time_to_partnership/cumulative_incidence.csv",
        turnbull="results/time_to_partnership/turnbull_npmle.csv",
        incidence_curves="results/time_to_partnership/incidence_curves.csv",
        numbers="results/numbers/time_to_partnership.yml",
    log:
        "results/logs/time_to_partnership.log",
    benchmark:
        "results/benchmarks/time_to_partnership.tsv"
    conda:
        "../envs/study.yaml"
    params:
        cutoff=config["time_to_partnership"]["investigation_cutoff"],
        boundary_tolerance_days=config["time_to_partnership"]["boundary_tolerance_days"],
        level=config["confidence_level"],
    script:
        "../scripts/time_to_partnership.py"


rule time_to_partnership_exhibits:
    """Time-to-partnership figures (timeline, cumulative incidence) and tables (durations, Table 1, shares, estimates,
    the partnering cases' robustness)."""
    input:
        durations=rules.time_to_partnership.output.durations,
        table1=rules.time_to_partnership.output.table1,
        shares=rules.time_to_partnership.output.shares,
        estimates=rules.time_to_partnership.output.estimates,
        cases=rules.time_to_partnership.output.events,
        curves=rules.time_to_partnership.output.incidence_curves,
        numbers=rules.time_to_partnership.output.numbers,
    output:
        durations_md="results/tables/case_durations.md",
        table1_md="results/tables/table1.md",
        shares_md="results/tables/timing_shares.md",
        estimates_md="results/tables/time_to_partnership_estimates.md",
        robustness_md="results/tables/timing_robustness.md",
        timeline_svg=report(
            "results/figures/partnership_timeline.svg",
            caption="../report/partnership_timeline.rst",
            category="Time to partnership",
        ),
        timeline_png="results/figures/partnership_timeline.png",
        incidence_svg=report(
            "results/figures/cumulative_incidence.svg",
            caption="../report/cumulative_incidence.rst",
            category="Time to partnership",
        ),
        incidence_png="results/figures/cumulative_incidence.png",
    log:
        "results/logs/time_to_partnership_exhibits.log",
    benchmark:
        "results/benchmarks/time_to_partnership_exhibits.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/time_to_partnership_exhibits.py"
