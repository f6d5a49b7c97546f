"""The paper's record-layer and case-study figures and tables: how each estimate is shown.

Pure presentation of the tables the estimate stages wrote (scripts/figures_tables.py
reads, calls and writes); every figure shows its intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wishlist.stages.describe_records import interval_text, percent

WILSON, SIMULTANEOUS, BAR = "black", "#8C8C8C", "#4C72B0"


def read(path):
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


# --- tables ---------------------------------------------------------------------------------------------


def distribution_shown(table, label, ci, simultaneous=()):
    names = {"goodman": "Goodman", "sison_glaz": "Sison–Glaz"}
    shown = pd.DataFrame({
        label: table["label"].astype(str).to_numpy(),
        "Records": (table["count"].astype(int).astype(str) + " of " + table["n"].astype(int).astype(str)).to_numpy(),
        "Share (%)": table["share"].map(percent).to_numpy(),
        f"Wilson {ci}": [interval_text(lo, hi) for lo, hi in zip(table["ci_low"], table["ci_high"])],
    })
    for method in simultaneous:
        if f"{method}_low" in table:
            shown[f"{names[method]} {ci}"] = [interval_text(lo, hi) for lo, hi in
                                              zip(table[f"{method}_low"], table[f"{method}_high"])]
    return shown


def sensitivity_shown(sensitivity):
    names = {"wilson": "Wilson", "clopper_pearson": "Clopper–Pearson", "jeffreys": "Jeffreys",
             "agresti_coull": "Agresti–Coull"}
    rows = []
    for key, group in sensitivity.groupby("key", sort=False):
        first = group.iloc[0]
        row = {"Quantity": first["quantity"], "Records": f"{int(first['count'])} of {int(first['n'])}",
               "Share (%)": percent(first["share"])}
        for method, name in names.items():
            match = group[group["method"].eq(method)]
            row[name] = interval_text(match["low"].iloc[0], match["high"].iloc[0]) if len(match) else ""
        rows.append(row)
    return pd.DataFrame(rows)


def outcome_source(cases) -> str:
    counts = cases["outcome_provenance"].value_counts()
    parts = [f"{int(n)} {kind}" for kind, n in sorted(counts.items())]
    return f"case-outcome sheet ({', '.join(parts)} outcomes)"


def case_study_rows(tables):
    """(label, group, share, low, high) for every way of estimating the share partnered."""
    names = {"wilson": "Wilson", "clopper_pearson": "Clopper–Pearson", "jeffreys": "Jeffreys",
             "agresti_coull": "Agresti–Coull"}
    rows = []
    for row in tables["by_method"].itertuples(index=False):
        rows.append((f"{names.get(row.method, row.method)}, {row.count} of {row.n}", "interval method",
                     f"{row.count} of {row.n}", row.share, row.low, row.high))
    scenarios = {"known_only": "known outcomes only", "missing_as_failures": "unknown as not partnered",
                 "missing_as_successes": "unknown as partnered"}
    for row in tables["bounds"].itertuples(index=False):
        rows.append((f"Wilson, {scenarios.get(row.scenario, row.scenario)}", "unknown outcomes",
                     f"{row.count} of {row.n}", row.share, row.ci_low, row.ci_high))
    for row in tables["finite"].itertuples(index=False):
        rows.append((f"Frame of {row.population_size}, {row.scenario}", "finite population (exact)",
                     f"{row.successes} of {row.sample_size}; {row.k_low}–{row.k_high} of {row.population_size} firms",
                     row.share, row.share_low, row.share_high))
    return rows


def case_study_shown(tables, ci):
    rows = case_study_rows(tables)
    return pd.DataFrame({"Estimate": [r[0] for r in rows], "Treatment": [r[1] for r in rows],
                         "Cases": [r[2] for r in rows], "Share (%)": [percent(r[3]) for r in rows],
                         ci: [interval_text(r[4], r[5]) for r in rows]})


def precision_shown(precision):
    return pd.DataFrame({
        "Purpose": precision["purpose"].map({"planning": "needed for ±margin", "achieved": "drawn sample"}),
        "Margin (± points)": (100 * precision["margin"]).map("{:.1f}".format),
        "Correction": [c if c == "none" else f"{c} (N = {int(n)})"
                       for c, n in zip(precision["correction"], precision["population_size"])],
        "Case studies": precision["sample_size"].astype(int),
    })


# --- figures --------------------------------------------------------------------------------------------


def _errors(share, low, high):
    return [100 * (share - low), 100 * (high - share)]


def per_year_figure(plt, per_year):
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(6, 3.2))
    x = np.arange(len(per_year))
    sns.barplot(x=per_year["year"].astype(str), y=100 * per_year["share"], color=BAR, ax=ax)
    ax.errorbar(x - 0.08, 100 * per_year["share"], yerr=_errors(per_year["share"], per_year["ci_low"],
                per_year["ci_high"]), fmt="none", ecolor=WILSON, capsize=3, label="Wilson")
    if "goodman_low" in per_year and per_year["goodman_low"].notna().all():
        ax.errorbar(x + 0.08, 100 * per_year["share"], yerr=_errors(per_year["share"], per_year["goodman_low"],
                    per_year["goodman_high"]), fmt="none", ecolor=SIMULTANEOUS, capsize=3,
                    label="Goodman (simultaneous)")
    for xi, records in enumerate(per_year["records"]):
        ax.annotate(f"{int(records)}", (xi, 0), xytext=(0, 3), textcoords="offset points", ha="center",
                    va="bottom", fontsize=7, color="white")
    top = np.nanmax([per_year["ci_high"].max(), per_year.get("goodman_high", per_year["ci_high"]).max()])
    ax.set_ylim(0, 100 * top * 1.2)
    ax.set(xlabel="Filing year", ylabel="Share of records (%)", title=None)
    ax.legend(fontsize=7, loc="upper left", ncol=2, frameon=False)
    ax.set_title("Records per year at the foot of each bar", fontsize=7, loc="right")
    return fig


def share_bars(plt, table, xlabel, simultaneous=None, note=None):
    """Horizontal bars of shares, Wilson intervals in black, simultaneous intervals in grey, counts at the bars."""
    import seaborn as sns

    table = table.reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(6.5, 0.32 * len(table) + 1.1))
    y = np.arange(len(table))
    sns.barplot(x=100 * table["share"], y=table["label"].astype(str), color=BAR, orient="h", ax=ax)
    ax.errorbar(100 * table["share"], y - 0.12, xerr=_errors(table["share"], table["ci_low"], table["ci_high"]),
                fmt="none", ecolor=WILSON, capsize=2, label="Wilson")
    if simultaneous and f"{simultaneous}_low" in table and table[f"{simultaneous}_low"].notna().all():
        ax.errorbar(100 * table["share"], y + 0.12, xerr=_errors(table["share"], table[f"{simultaneous}_low"],
                    table[f"{simultaneous}_high"]), fmt="none", ecolor=SIMULTANEOUS, capsize=2,
                    label=f"{simultaneous.replace('_', '-').title()} (simultaneous)")
    right = table["ci_high"].to_numpy(dtype=float)
    if simultaneous and f"{simultaneous}_high" in table:
        right = np.fmax(right, table[f"{simultaneous}_high"].to_numpy(dtype=float))
    for yi, (count, x) in enumerate(zip(table["count"], right)):
        ax.annotate(f"{int(count)}", (100 * x, yi), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=6.5, color="black")
    ax.set_xlim(0, 100 * np.nanmax(right) * 1.12)
    ax.set(xlabel=xlabel, ylabel=None)
    ax.legend(fontsize=7, loc="lower right")
    if note:
        ax.set_title(note, fontsize=7, loc="left")
    return fig


def forms_figure(plt, forms, per_record):
    import seaborn as sns

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4), gridspec_kw={"width_ratios": [1.6, 1]})
    forms = forms.reset_index(drop=True)
    y = np.arange(len(forms))
    sns.barplot(x=100 * forms["share"], y=forms["label"].astype(str), color=BAR, orient="h", ax=left)
    left.errorbar(100 * forms["share"], y, xerr=_errors(forms["share"], forms["ci_low"], forms["ci_high"]),
                  fmt="none", ecolor=WILSON, capsize=2)
    left.set(xlabel="Records naming the form (%)", ylabel=None)
    left.set_title("Forms named (a record may name several)", fontsize=7, loc="left")
    x = np.arange(len(per_record))
    sns.barplot(x=per_record["category"].astype(int).astype(str), y=100 * per_record["share"], color=BAR, ax=right)
    right.errorbar(x, 100 * per_record["share"], yerr=_errors(per_record["share"], per_record["ci_low"],
                   per_record["ci_high"]), fmt="none", ecolor=WILSON, capsize=2)
    several = per_record.loc[per_record["category"].astype(int) >= 2, "share"].sum()
    right.set(xlabel="Forms named in the record", ylabel="Records (%)")
    right.set_title(f"{percent(several)} % name two or more", fontsize=7, loc="left")
    fig.tight_layout()
    return fig


def share_points(plt, proportions):
    rows = proportions[proportions["n"] > 0].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(rows) + 1))
    y = np.arange(len(rows))
    ax.errorbar(100 * rows["share"], y, xerr=_errors(rows["share"], rows["ci_low"], rows["ci_high"]), fmt="o",
                color=BAR, ecolor=WILSON, capsize=2, markersize=4, label="Wilson interval")
    ax.set_yticks(y, [f"{q} ({c}/{n})" for q, c, n in zip(rows["quantity"], rows["count"], rows["n"])], fontsize=6.5)
    ax.set(xlabel="Share (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig


def case_study_figure(plt, tables):
    rows = case_study_rows(tables)[::-1]
    groups = {"interval method": "#4C72B0", "unknown outcomes": "#C44E52", "finite population (exact)": "#55A868"}
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(rows) + 1))
    for group, colour in groups.items():
        index = [i for i, r in enumerate(rows) if r[1] == group]
        if not index:
            continue
        share = np.array([rows[i][3] for i in index])
        low, high = np.array([rows[i][4] for i in index]), np.array([rows[i][5] for i in index])
        ax.errorbar(100 * share, index, xerr=_errors(share, low, high), fmt="o", color=colour, ecolor=colour,
                    capsize=2, markersize=4, label=group)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=6.5)
    ax.set(xlabel="Companies that partnered or exposed IP (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig


def legend_below(fig, ax, fontsize):
    """Legend under the x axis, so it never hides a row of a forest plot."""
    ax.legend(fontsize=fontsize, loc="upper center", bbox_to_anchor=(0.5, -0.6 / fig.get_size_inches()[1]), ncol=3,
              frameon=False)


def identification_figure(plt, summary):
    """Per share: feasible range (light), ensemble 95 % (dark), this corpus (dot), the brief's figure (cross)."""
    rows = summary[summary["unit"].eq("share")].iloc[::-1].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7, 0.27 * len(rows) + 1.2))
    y = np.arange(len(rows))
    lower, upper = 100 * rows["lower"].astype(float), 100 * rows["upper"].astype(float)
    ax.barh(y, (upper - lower).clip(lower=0.4), left=lower - (upper - lower < 0.4) * 0.2, height=0.7,
            color="#C6DBEF", label="sharp bounds (published figures)")
    low, high = 100 * rows["ensemble_low"].astype(float), 100 * rows["ensemble_high"].astype(float)
    ax.barh(y, (high - low).clip(lower=0.2), left=low, height=0.3, color="#2171B5", label="ensemble, middle 95 %")
    ax.plot(100 * rows["default"].astype(float), y, "o", color="black", markersize=3.5, label="this corpus")
    stated = pd.to_numeric(rows["stated"], errors="coerce")
    ax.plot(stated, y, "x", color="#CB181D", markersize=5, label="the brief's figure")
    ax.set_yticks(y, [f"{d} [{lab}]" for d, lab in zip(rows["description"], rows["label"])], fontsize=6.5)
    ax.set(xlabel="Share (%)", xlim=(0, 100))
    legend_below(fig, ax, fontsize=7)
    return fig
