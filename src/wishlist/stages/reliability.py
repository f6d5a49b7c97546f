"""Rule reliability: double-coded records -> agreement, kappa, alpha, per-category agreement, heatmap."""

import pandas as pd
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.core.files import write_csv, write_text
from wishlist.core.numbers import write_numbers
from wishlist.present.figures import style as figures
from wishlist.present.tables import markdown_table
from wishlist.stages.code_records import MANUAL_FIELDS, double_coded
from wishlist.stats.agreement import (
    agreement_from_published,
    cohens_kappa,
    confusion_heatmap,
    confusion_matrix,
    kappa_range_published,
    krippendorff_alpha_nominal,
    per_category_agreement,
    percent_agreement,
)

# published category shares the brief states (calibration target ids -> percent)
PUBLISHED_SHARES = ("category_biopharma_share", "category_it_share", "category_new_materials_share",
                    "category_other_nearly_one_in_eight")


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    level, boot = smk.params.level, smk.params.bootstrap
    sheets = {f"coder_{chr(ord('a') + i)}": path for i, path in enumerate(smk.input.coder_sheets)}
    both = double_coded(sheets)
    categories = {"mic2025_category": codebook.category_codes, "institution_type": codebook.institution_codes}
    rows, numbers = [], {"double_coded": len(both)}
    for field in MANUAL_FIELDS:
        a, b = both[f"{field}_a"], both[f"{field}_b"]
        agreement = percent_agreement(a, b, level)
        kappa = cohens_kappa(a, b, categories[field], level)
        alpha = krippendorff_alpha_nominal(a, b, categories[field], seed=boot["bootstrap_seed"],
                                           n_boot=boot["bootstrap_resamples"], level=level)
        rows += [
            {"field": field, "statistic": "percent agreement", "estimate": agreement.estimate,
             "ci_low": agreement.low, "ci_high": agreement.high, "interval": "Wilson"},
            {"field": field, "statistic": "Cohen's kappa", "estimate": kappa.kappa, "ci_low": kappa.low,
             "ci_high": kappa.high, "interval": "asymptotic (Fleiss, Cohen & Everitt 1969)"},
            {"field": field, "statistic": "Krippendorff's alpha (nominal)", "estimate": alpha.alpha,
             "ci_low": alpha.low, "ci_high": alpha.high, "interval": "bootstrap over records, percentile"},
        ]
        numbers[field] = {"agreements": agreement.count, "agreement_pct": agreement.estimate,
                          "agreement_ci_low_pct": agreement.low, "agreement_ci_high_pct": agreement.high,
                          "kappa": kappa.kappa, "kappa_ci_low": kappa.low, "kappa_ci_high": kappa.high,
                          "alpha": alpha.alpha, "alpha_ci_low": alpha.low, "alpha_ci_high": alpha.high}
    table = pd.DataFrame(rows)
    write_csv(smk.output.table, table)

    category_a, category_b = both["mic2025_category_a"], both["mic2025_category_b"]
    per_category = per_category_agreement(category_a, category_b, codebook.category_codes)
    write_csv(smk.output.per_category, per_category.reset_index(names="mic2025_category"))

    shown = pd.DataFrame({
        "Code": table["field"].map({"mic2025_category": "MIC2025 category", "institution_type": "Institution type"}),
        "Statistic": table["statistic"],
        "Estimate": table["estimate"].map("{:.2f}".format),
        "95 % CI": [f"{lo:.2f}–{hi:.2f}" for lo, hi in zip(table["ci_low"], table["ci_high"])],
        "Interval": table["interval"],
    })
    write_text(smk.output.table_md, markdown_table(
        shown, f"Agreement of the two coders on the {len(both)} double-coded records (reconstructed coder "
               "sheets; the brief publishes only the category agreement).", "tbl-reliability"))

    plt = figures.setup()
    labels = [codebook.label("mic2025_categories", c) for c in codebook.category_codes]
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    confusion_heatmap(confusion_matrix(category_a, category_b, codebook.category_codes), labels, ax=ax)
    figures.save(fig, smk.output.heatmap_svg, smk.output.heatmap_png)
    plt.close(fig)

    with open(smk.input.targets, encoding="utf-8") as handle:
        targets = {t["id"]: t for t in yaml.safe_load(handle)["targets"]}
    agreed = targets["coder_agreement_category"]
    published = agreement_from_published(agreed["value"], agreed["denominator"], level)
    shares = [targets[t]["value"] / 100 for t in PUBLISHED_SHARES]
    unknown = len(codebook.category_codes) - len(shares)
    kappa_range = kappa_range_published(published.estimate, shares, unknown)
    numbers["published"] = {**published.as_numbers(), **kappa_range.as_numbers(),
                            "unknown_categories": unknown}
    write_numbers(smk.output.numbers, numbers)
