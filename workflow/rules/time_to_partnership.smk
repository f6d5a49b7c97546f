rule time_to_partnership:
    """Report -> first partnership indicator: Table 1, timing shares, Kaplan-Meier and Turnbull estimates, figures."""
    input:
        records="results/records/records.csv",
        outcomes=config["inputs"]["case_outcomes"],
    output:
        durations="results/time_to_partnership/case_durations.csv",
        durations_md="results/tables/case_durations.md",
        table1="results/time_to_partnership/table1.csv",
        table1_md="results/tables/table1.md",
        shares="results/time_to_partnership/timing_shares.csv",
        shares_md="results/tables/timing_shares.md",
        estimates="results/time_to_partnership/estimates.csv",
        estimates_md="results/tables/time_to_partnership_estimates.md",
        events="results/time_to_partnership/analysis_cases.csv",
        curves="results/time_to_partnership/cumulative_incidence.csv",
        turnbull="results/time_to_partnership/turnbull_npmle.csv",
        timeline_svg=report("results/figures/partnership_timeline.svg",
                            caption="../report/partnership_timeline.rst", category="Time to partnership"),
        timeline_png="results/figures/partnership_timeline.png",
        incidence_svg=report("results/figures/cumulative_incidence.svg",
                             caption="../report/cumulative_incidence.rst", category="Time to partnership"),
        incidence_png="results/figures/cumulative_incidence.png",
        numbers="results/numbers/time_to_partnership.yml",
    params:
        cutoff=config["time_to_partnership"]["investigation_cutoff"],
        level=config["confidence_level"],
    benchmark:
        "results/benchmarks/time_to_partnership.tsv"
    log:
        "results/logs/time_to_partnership.log",
    script:
        "../scripts/time_to_partnership.py"
