rule figures_tables:
    """Every record-layer and case-study figure (SVG + PNG, intervals shown) and table (Quarto pipe table)."""
    input:
        coded="results/coding/coded_records.csv",
        per_year="results/estimates/records_per_year.csv",
        proportions="results/estimates/proportions.csv",
        sensitivity="results/estimates/sensitivity.csv",
        categories="results/descriptives/categories.csv",
        countries="results/descriptives/countries.csv",
        institutions="results/descriptives/institution_types.csv",
        forms="results/descriptives/cooperation_forms.csv",
        forms_per_record="results/descriptives/forms_per_record.csv",
        cases="results/sample/case_outcomes.csv",
        by_method="results/case_study/partnered_by_method.csv",
        finite="results/case_study/finite_population.csv",
        bounds="results/case_study/missing_outcome_bounds.csv",
        outcomes="results/case_study/outcome_shares.csv",
        precision="results/case_study/precision.csv",
    output:
        per_year_svg=report("results/figures/records_per_year.svg", caption="../report/records_per_year.rst",
                            category="Figures"),
        per_year_png="results/figures/records_per_year.png",
        categories_svg=report("results/figures/records_by_category.svg", caption="../report/records_by_category.rst",
                              category="Figures"),
        categories_png="results/figures/records_by_category.png",
        countries_svg=report("results/figures/top_countries.svg", caption="../report/top_countries.rst",
                             category="Figures"),
        countries_png="results/figures/top_countries.png",
        institutions_svg=report("results/figures/institution_types.svg", caption="../report/institution_types.rst",
                                category="Figures"),
        institutions_png="results/figures/institution_types.png",
        forms_svg=report("results/figures/cooperation_forms.svg", caption="../report/cooperation_forms.rst",
                         category="Figures"),
        forms_png="results/figures/cooperation_forms.png",
        headline_svg=report("results/figures/headline_shares.svg", caption="../report/headline_shares.rst",
                            category="Figures"),
        headline_png="results/figures/headline_shares.png",
        case_study_svg=report("results/figures/case_study.svg", caption="../report/case_study.rst",
                              category="Case studies"),
        case_study_png="results/figures/case_study.png",
        proportions_md="results/tables/proportions.md",
        sensitivity_md="results/tables/sensitivity.md",
        categories_md="results/tables/categories.md",
        countries_md="results/tables/countries.md",
        institutions_md="results/tables/institution_types.md",
        forms_md="results/tables/cooperation_forms.md",
        case_study_md="results/tables/case_study.md",
        precision_md="results/tables/precision.md",
    priority: 50  # on the critical path: schedule before side analyses
    benchmark:
        "results/benchmarks/figures_tables.tsv"
    log:
        "results/logs/figures_tables.log",
    script:
        "../scripts/figures_tables.py"


PAPER_INPUTS += [p for p in rules.figures_tables.output if p.endswith((".md", ".svg"))]
STUDY_OUTPUTS += rules.figures_tables.output
