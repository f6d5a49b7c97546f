rule figures_tables:
    """Every figure (SVG + PNG) and table (CSV + Quarto pipe table) of the paper."""
    input:
        per_year="results/estimates/records_per_year.csv",
        proportions="results/estimates/proportions.csv",
        records="results/records/records.csv",
    output:
        per_year_svg=report("results/figures/records_per_year.svg", caption="../report/records_per_year.rst",
                            category="Figures"),
        per_year_png="results/figures/records_per_year.png",
        proportions_md="results/tables/proportions.md",
    log:
        "results/logs/figures_tables.log",
    script:
        "../../scripts/figures_tables.py"


PAPER_INPUTS += rules.figures_tables.output
