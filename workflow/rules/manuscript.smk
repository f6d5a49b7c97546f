rule collect_numbers:
    """Join every stage's numbers into results/numbers.yml and Quarto's _variables.yml."""
    input:
        numbers_fragments(),
    output:
        numbers="results/numbers.yml",
        variables="manuscript/_variables.yml",
    log:
        "results/logs/collect_numbers.log",
    script:
        "../../scripts/collect_numbers.py"


rule render_manuscript:
    """Render manuscript/index.qmd with Quarto where installed, else pandoc + Lua filter + typst."""
    input:
        qmd="manuscript/index.qmd",
        config="manuscript/_quarto.yml",
        bib="manuscript/references.bib",
        lua="manuscript/filters/quarto-subset.lua",
        variables="manuscript/_variables.yml",
        paper=PAPER_INPUTS,
    output:
        html="results/manuscript/index.html",
        pdf="results/manuscript/index.pdf",
    params:
        renderer=config["manuscript"]["renderer"],
    log:
        "results/logs/render_manuscript.log",
    script:
        "../../scripts/render_manuscript.py"
