"""Rule published_layer: the brief's published figures -> recomputed shares, intervals, checks, table, figure."""

import pandas as pd
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.core.errors import StudyInputError
from wishlist.core.files import write_csv, write_text
from wishlist.core.numbers import write_numbers
from wishlist.present.figures import style as figures
from wishlist.present.tables import markdown_table
from wishlist.stages.describe_records import interval_text, percent
from wishlist.stages.estimates import published_layer, published_numbers, sensitivity

SOURCE = "the brief's published figures (data/reference/calibration_targets.yaml)"


def main(smk):
    level = smk.params.level
    with open(smk.input.targets, encoding="utf-8") as handle:
        targets = yaml.safe_load(handle)["targets"]
    codebook = load_codebook(smk.input.codebook)
    try:
        shares = published_layer(targets, level)
    except (KeyError, ValueError) as error:
        raise StudyInputError(smk.input.targets, str(error)) from None
    allies = shares.loc[shares["key"].eq("allied_countries_share"), "count"]
    if len(allies) and int(allies.iloc[0]) != len(codebook.us_allies):
        raise StudyInputError(smk.input.targets, f"allies_present is {int(allies.iloc[0])} but the codebook's "
                                                 f"endnote-55 list has {len(codebook.us_allies)} countries",
                              field="allies_present")
    write_csv(smk.output.shares, shares)
    write_csv(smk.output.sensitivity, sensitivity(shares, level))

    shown = pd.DataFrame({
        "Quantity": shares["quantity"],
        "Count": shares["count"].astype(str) + " of " + shares["n"].astype(str),
        "Count is": shares["basis"],
        "Brief states": shares["stated"],
        "Recomputed (%)": shares["share"].map(percent),
        f"{100 * level:g} % CI (%)": [interval_text(lo, hi) for lo, hi in
                                      zip(shares["ci_low"], shares["ci_high"])],
        "Check": [c if not v else f"{c}; {v}" for c, v in zip(shares["check"], shares["stated_vs_ci"])],
    })
    write_text(smk.output.table_md, markdown_table(
        shown, f"Every count/proportion pair the brief publishes, recomputed, with Wilson intervals. \"Count is\": "
               "printed in the brief, derived from printed counts, or inferred from a printed percentage or bound. "
               f"Source: {SOURCE}.", "tbl-published"))

    plt = figures.setup()
    fig = published_figure(plt, shares, level)
    figures.save(fig, smk.output.figure_svg, smk.output.figure_png)
    plt.close(fig)

    write_numbers(smk.output.numbers, published_numbers(shares, level))


def published_figure(plt, shares, level):
    """Recomputed shares with Wilson intervals; the brief's stated percentage or bound marked beside each."""
    import numpy as np

    rows = shares.iloc[::-1].reset_index(drop=True)
    y = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(7.5, 0.28 * len(rows) + 1.2))
    colours = {"published": "#4C72B0", "derived": "#55A868", "inferred": "#C44E52"}
    for basis, colour in colours.items():
        part = rows["basis"].eq(basis).to_numpy()
        if not part.any():
            continue
        share = 100 * rows.loc[part, "share"].to_numpy()
        err = [share - 100 * rows.loc[part, "ci_low"].to_numpy(), 100 * rows.loc[part, "ci_high"].to_numpy() - share]
        ax.errorbar(share, y[part], xerr=err, fmt="o", color=colour, ecolor=colour, capsize=2, markersize=4,
                    label=f"count {basis} ({100 * level:g} % Wilson CI)")
    markers = {"rounded percentage": ("x", "brief's percentage"), "lower bound": (">", "brief's lower bound"),
               "upper bound": ("<", "brief's upper bound")}
    for kind, (marker, label) in markers.items():
        part = rows["stated_kind"].eq(kind).to_numpy()
        if part.any():
            ax.scatter(100 * rows.loc[part, "stated_pct"].to_numpy(), y[part], marker=marker, color="black",
                       s=28, zorder=3, label=label)
    mismatch = rows["check"].ne("consistent") & rows["check"].ne("no percentage stated")
    labels = [f"{q} ({c}/{n})" + (" *" if m else "") for q, c, n, m in
              zip(rows["quantity"], rows["count"], rows["n"], mismatch)]
    ax.set_yticks(y, labels, fontsize=6.5)
    ax.set_xlabel("Share (%)")
    ax.set_xlim(0, 100)
    legend_below(fig, ax, fontsize=6.5)
    ax.set_title("* recomputed share disagrees with the brief's wording", fontsize=7, loc="left")
    return fig


def legend_below(fig, ax, fontsize):
    """Legend under the x axis, so it never hides a row of a forest plot."""
    ax.legend(fontsize=fontsize, loc="upper center", bbox_to_anchor=(0.5, -0.6 / fig.get_size_inches()[1]), ncol=3,
              frameon=False)
