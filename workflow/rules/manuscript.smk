rule paper_appendix:
    """Appendix tables: the codebook, the calibration targets, and the table/figure -> rule -> script map."""
    input:
        codebook=config["inputs"]["codebook"],
        targets=config["inputs"]["calibration_targets"],
        qmd=paper_documents(),
        tables=appendix_inputs,
        numbers_map="results/numbers_map.csv",
    output:
        categories="results/tables/appendix_categories.md",
        keywords="results/tables/appendix_keywords.md",
        cooperation="results/tables/appendix_cooperation.md",
        allies="results/tables/appendix_allies.md",
        targets="results/tables/appendix_targets.md",
        paper_map="results/tables/paper_map.md",
        paper_numbers="results/tables/paper_numbers.md",
        made_by="results/tables/paper_map.json",
    log:
        "results/logs/paper_appendix.log",
    benchmark:
        "results/benchmarks/paper_appendix.tsv"
    conda:
        "../envs/study.yaml"
    params:
        producers=paper_producers,
        paper_dir=lambda wildcards: os.path.dirname(rules.render_manuscript.output.html),
        documents=PAPER_DOCUMENTS,
    script:
        "../scripts/paper_appendix.py"


rule software_versions:
    """Package versions, seeds and the data manifests' checksums, for the reproducibility section."""
    input:
        manifests=data_manifests,
    output:
        numbers="results/numbers/software.yml",
    log:
        "results/logs/software_versions.log",
    benchmark:
        "results/benchmarks/software_versions.tsv"
    conda:
        "../envs/study.yaml"
    params:
        seeds={
            "sample": config["sample"]["seed"],
            "suggestions": config["coding"]["suggestion_seed"],
            "bootstrap": config["reliability"]["bootstrap_seed"],
        },
        level=config["confidence_level"],
    script:
        "../scripts/software_versions.py"


rule collect_numbers:
    """Join every stage's numbers into results/numbers.yml and the Quarto project's _variables.yml."""
    input:
        numbers_fragments,
    output:
        numbers="results/numbers.yml",
        variables="_variables.yml",
        numbers_map="results/numbers_map.csv",
    log:
        "results/logs/collect_numbers.log",
    benchmark:
        "results/benchmarks/collect_numbers.tsv"
    conda:
        "../envs/study.yaml"
    params:
        producers=numbers_producers,
    script:
        "../scripts/collect_numbers.py"


rule render_manuscript:
    """Render manuscript/<document>.qmd (the paper, its supplement) with Quarto where installed, else pandoc + Lua filter + typst."""
    input:
        qmd="manuscript/{document}.qmd",
        project="_quarto.yml",
        publish="manuscript/publish_outputs.py",
        bib="manuscript/references.bib",
        lua="manuscript/filters/quarto-subset.lua",
        css="manuscript/paper.css",
        citation="CITATION.cff",
        variables="_variables.yml",
        numbers="results/numbers.yml",
        made_by="results/tables/paper_map.json",
        paper=paper_inputs,
    output:
        html="results/manuscript/{document}.html",
        pdf="results/manuscript/{document}.pdf",
    log:
        "results/logs/render_manuscript/{document}.log",
    benchmark:
        "results/benchmarks/render_manuscript/{document}.tsv"
    wildcard_constraints:
        document="|".join(PAPER_DOCUMENTS),
    conda:
        "../envs/study.yaml"
    params:
        renderer=config["manuscript"]["renderer"],
        # empty or absent: CITATION.cff's authors (wishlist.present.render.manuscript_authors)
        authors=config["manuscript"].get("authors") or [],
    script:
        "../scripts/render_manuscript.py"


rule results_manifest:
    """SHA-256 of every output: two clean runs must list the same hashes."""
    input:
        declared_outputs,
    output:
        manifest="results/MANIFEST.sha256",
    log:
        "results/logs/results_manifest.log",
    benchmark:
        "results/benchmarks/results_manifest.tsv"
    conda:
        "../envs/study.yaml"
    script:
        "../scripts/results_manifest.py"
