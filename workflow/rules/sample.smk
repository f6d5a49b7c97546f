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
    log:
        "results/logs/draw_sample.log",
    script:
        "../../scripts/draw_sample.py"

NUMBER_STAGES += ["sample"]
STUDY_OUTPUTS += rules.draw_sample.output
