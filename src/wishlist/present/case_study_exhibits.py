"""Rule case_study_exhibits: the case-study estimates (case_study) -> the case-study figure and tables.

Figure: every estimate of the share of sampled companies that partnered (interval
methods, unknown outcomes, the finite frame). Tables: the same estimates, the
precision planning (case studies needed for a margin, the margin achieved), and the
typology of the indicators (any, deal-type, deal after the report) with the frame's
counts.
"""

from __future__ import annotations

import pandas as pd

from wishlist.core.files import write_text
from wishlist.present.exhibits import Figures, read_table
from wishlist.present.figures.case_study import case_study_figure, case_study_rows
from wishlist.present.formats import ci_heading, interval_text, percent
from wishlist.present.tables import markdown_table

PURPOSES = {"planning": "needed for ±margin", "achieved": "drawn sample"}


OUTCOME_ORIGINS = {"brief": "from the brief's Table 1", "bulletin": "from the study's own investigation",
                   "reconstructed": "reconstructed"}


def outcome_source(cases) -> str:
    """How captions name the case outcomes: 'case-outcome sheet: 14 outcomes from the brief's Table 1, 16
    reconstructed' (only the origins present, in the order brief, bulletin, reconstructed)."""
    counts = cases["outcome_provenance"].value_counts()
    parts = [f"{int(counts[kind])} {words}" for kind, words in OUTCOME_ORIGINS.items() if counts.get(kind, 0)]
    if parts:
        parts[0] = parts[0].replace(" ", " outcome " if parts[0].startswith("1 ") else " outcomes ", 1)
    return f"case-outcome sheet: {', '.join(parts) or 'no outcomes'}"


def case_study_shown(tables, ci):
    rows = case_study_rows(tables)
    return pd.DataFrame({"Estimate": [r[0] for r in rows], "Treatment": [r[1] for r in rows],
                         "Cases": [r[2] for r in rows], "Share (%)": [percent(r[3]) for r in rows],
                         ci: [interval_text(r[4], r[5]) for r in rows]})


def precision_shown(precision):
    return pd.DataFrame({
        "Purpose": precision["purpose"].map(PURPOSES),
        "Margin (± points)": (100 * precision["margin"]).map("{:.1f}".format),
        "Correction": [c if c == "none" else f"{c} (N = {int(n)})"
                       for c, n in zip(precision["correction"], precision["population_size"])],
        "Case studies": precision["sample_size"].astype(int),
    })


def case_study_table(tables, level: float, source: str) -> str:
    return markdown_table(
        case_study_shown(tables, ci_heading(level)),
        f"Share of sampled companies that partnered or exposed their IP, under each interval method, treatment "
        f"of the unknown outcomes and population model. Source: {source}.", "tbl-case-study")


def precision_table(precision, level: float) -> str:
    return markdown_table(
        precision_shown(precision),
        f"Case studies needed for an interval of ±margin ({100 * level:g} %, normal approximation, worst case "
        "p = 0.5), with and without the finite-population correction for the sample frame, and the margin the drawn "
        "sample achieves.", "tbl-precision")


def typology_shown(typology, ci):
    """Each level of the typology: cases of the sample, share with its interval, and the frame's firms."""
    return pd.DataFrame({
        "Indicator": typology["label"].map(lambda label: label[:1].upper() + label[1:]),  # keeps "China"
        "Cases": [f"{int(c)} of {int(n)}" for c, n in zip(typology["count"], typology["n"])],
        "Share (%)": typology["share"].map(percent),
        ci: [interval_text(lo, hi) for lo, hi in zip(typology["ci_low"], typology["ci_high"])],
        "Firms in the frame": [f"{int(lo)}–{int(hi)} of {int(size)}" for lo, hi, size in
                               zip(typology["firms_low"], typology["firms_high"], typology["population_size"])],
    })


def typology_table(typology, level: float, source: str) -> str:
    return markdown_table(
        typology_shown(typology, ci_heading(level)),
        f"The partnership indicators of the sampled companies by kind: any China-linked indicator, a deal (an "
        f"investment, a licence, a partnership or joint-venture agreement, or the firm acquired), and a deal dated "
        f"after the report. Share of the sample with its Wilson interval; the frame's firms from the exact "
        f"hypergeometric interval for the number among all frame records. Source: {source}.", "tbl-typology")


def main(smk):
    tables = {name: read_table(getattr(smk.input, name)) for name in ("by_method", "finite", "bounds")}
    level = float(tables["by_method"]["level"].iloc[0])  # the study's confidence level, as estimated
    figures = Figures()
    figures.save(case_study_figure(figures.plt, tables), smk.output.case_study_svg, smk.output.case_study_png)
    write_text(smk.output.case_study_md, case_study_table(tables, level, outcome_source(read_table(smk.input.cases))))
    write_text(smk.output.precision_md, precision_table(read_table(smk.input.precision), level))
    write_text(smk.output.typology_md, typology_table(read_table(smk.input.typology), level,
                                                      outcome_source(read_table(smk.input.cases))))
