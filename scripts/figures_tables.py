"""Rule figures_tables: estimates -> the paper's figures (SVG+PNG) and tables (Quarto pipe tables)."""

import pandas as pd

from wishlist import figures
from wishlist.errors import run_rule
from wishlist.files import write_text
from wishlist.records import data_source
from wishlist.tables import markdown_table


def main(smk):
    records = pd.read_csv(smk.input.records, dtype=str, keep_default_na=False)
    source = data_source(records)

    plt = figures.setup()
    import seaborn as sns

    per_year = pd.read_csv(smk.input.per_year)
    fig, ax = plt.subplots(figsize=(6, 3.2))
    sns.barplot(data=per_year, x="year", y="records", color="#4C72B0", ax=ax)
    ax.set(xlabel="Filing year", ylabel="Records", title=None)
    figures.save(fig, smk.output.per_year_svg, smk.output.per_year_png)
    plt.close(fig)

    proportions = pd.read_csv(smk.input.proportions)
    shown = pd.DataFrame({
        "Quantity": proportions["quantity"],
        "Records": proportions["count"].astype(str) + " of " + proportions["n"].astype(str),
        "Share (%)": (100 * proportions["share"]).map("{:.1f}".format),
        "95 % CI (%)": [f"{100 * lo:.1f}–{100 * hi:.1f}" for lo, hi in zip(proportions["ci_low"],
                                                                          proportions["ci_high"])],
        "Interval": proportions["method"].str.capitalize(),
    })
    write_text(smk.output.proportions_md,
               markdown_table(shown, f"Shares with confidence intervals. Source: {source}.", "tbl-proportions"))


run_rule(main, snakemake)  # noqa: F821
