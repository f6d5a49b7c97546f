rule time_to_partnership:
    """Days from report to first partnership indicator, as intervals; reversed timelines flagged."""
    input:
        records="results/records/records.csv",
        outcomes=INPUTS["case_outcomes"],
    output:
        durations="results/time_to_partnership/case_durations.csv",
        durations_md="results/tables/case_durations.md",
        numbers="results/numbers/time_to_partnership.yml",
    log:
        "results/logs/time_to_partnership.log",
    script:
        "../../scripts/time_to_partnership.py"

NUMBER_STAGES += ["time_to_partnership"]
PAPER_INPUTS += [rules.time_to_partnership.output.durations_md]
