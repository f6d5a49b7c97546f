"""Rule reliability: double-coded records -> agreement, kappa, alpha, per-category agreement, published range."""

import pandas as pd

from wishlist.brief.codebook import load_codebook
from wishlist.brief.reference import read_reference, targets_by_id
from wishlist.brief.sheets import MANUAL_FIELDS, coder_names, double_coded
from wishlist.core.files import write_csv
from wishlist.core.numbers import write_numbers
from wishlist.stats.agreement import (
    agreement_from_published,
    cohens_kappa,
    confusion_matrix,
    kappa_range_published,
    krippendorff_alpha_nominal,
    per_category_agreement,
    percent_agreement,
)
from wishlist.stats.misclassification import error_rate

# published category shares the brief states (calibration target ids -> percent)
PUBLISHED_SHARES = ("category_biopharma_share", "category_it_share", "category_new_materials_share",
                    "category_other_nearly_one_in_eight")
# "biotechnology projects were identified most frequently" (target category_biopharma_largest):
# no unnamed category may exceed this one's share, which caps the unnamed categories in the kappa range
LARGEST_SHARE = "category_biopharma_share"
# the intervals of the reliability table, named
AGREEMENT_INTERVAL = "Wilson"
KAPPA_INTERVAL = "asymptotic (Fleiss, Cohen & Everitt 1969)"
ALPHA_INTERVAL = "bootstrap over records, percentile"


def manual_codes(codebook) -> dict:
    """The codes each manual field allows, in codebook order."""
    return {"mic2025_category": codebook.category_codes, "institution_type": codebook.institution_codes}


def reliability_table(both, categories: dict, level: float, bootstrap: dict):
    """(table: one row per field and statistic, numbers fragment per field) of the double-coded records."""
    rows, numbers = [], {}
    for field in MANUAL_FIELDS:
        a, b = both[f"{field}_a"], both[f"{field}_b"]
        agreement = percent_agreement(a, b, level)
        kappa = cohens_kappa(a, b, categories[field], level)
        alpha = krippendorff_alpha_nominal(a, b, categories[field], seed=bootstrap["bootstrap_seed"],
                                           n_boot=bootstrap["bootstrap_resamples"], level=level)
        rows += [
            {"field": field, "statistic": "percent agreement", "estimate": agreement.estimate,
             "ci_low": agreement.low, "ci_high": agreement.high, "interval": AGREEMENT_INTERVAL},
            {"field": field, "statistic": "Cohen's kappa", "estimate": kappa.kappa, "ci_low": kappa.low,
             "ci_high": kappa.high, "interval": KAPPA_INTERVAL},
            {"field": field, "statistic": "Krippendorff's alpha (nominal)", "estimate": alpha.alpha,
             "ci_low": alpha.low, "ci_high": alpha.high, "interval": ALPHA_INTERVAL},
        ]
        numbers[field] = {"agreements": agreement.count, "agreement_pct": agreement.estimate,
                          "agreement_ci_low_pct": agreement.low, "agreement_ci_high_pct": agreement.high,
                          "kappa": kappa.kappa, "kappa_ci_low": kappa.low, "kappa_ci_high": kappa.high,
                          "alpha": alpha.alpha, "alpha_ci_low": alpha.low, "alpha_ci_high": alpha.high,
                          "alpha_bootstrap_resamples": alpha.n_boot, "alpha_ci_mc_error": alpha.mc_error}
    return pd.DataFrame(rows), numbers


def published_numbers(targets: dict, n_categories: int, level: float) -> dict:
    """What the brief's 67 of 100 allows: its Wilson interval and the range of kappa given the published shares.

    The 100 double-coded reports are a sample of the 642, so the agreement keeps its
    interval. The kappa range caps each unnamed category at the biopharma share, the
    largest category by the brief's own statement.
    """
    agreed = targets["coder_agreement_category"]
    published = agreement_from_published(agreed["value"], agreed["denominator"], level)
    shares = [targets[t]["value"] / 100 for t in PUBLISHED_SHARES]
    unknown = n_categories - len(shares)
    kappa_range = kappa_range_published(published.estimate, shares, unknown, cap=targets[LARGEST_SHARE]["value"] / 100)
    # the per-record coding error rate the brief's own 67 of 100 implies (independent coders, wrong codes spread
    # over the other categories; wishlist.stats.misclassification), so the main paper need not lean on the
    # record layer's (reconstructed) coder sheets for it
    rate = error_rate(int(agreed["value"]), int(agreed["denominator"]), n_categories, level)
    return {**published.as_numbers(), **kappa_range.as_numbers(), "unknown_categories": unknown,
            "error_rate_pct": rate.rate, "error_rate_low_pct": rate.rate_low, "error_rate_high_pct": rate.rate_high}


def main(smk):
    codebook = load_codebook(smk.input.codebook)
    level = smk.params.level
    both = double_coded(coder_names(smk.input.coder_sheets))
    table, numbers = reliability_table(both, manual_codes(codebook), level, smk.params.bootstrap)
    write_csv(smk.output.table, table)

    per_category = per_category_agreement(both["mic2025_category_a"], both["mic2025_category_b"],
                                          codebook.category_codes)
    write_csv(smk.output.per_category, per_category.reset_index(names="mic2025_category"))
    # coder A's category (rows) against coder B's (columns): the data of the coder-confusion figure
    confusion = confusion_matrix(both["mic2025_category_a"], both["mic2025_category_b"], codebook.category_codes)
    write_csv(smk.output.confusion, confusion.reset_index(names="coder_a"))

    targets = targets_by_id(read_reference(smk.input.targets, "targets"), smk.input.targets)
    write_numbers(smk.output.numbers, {"double_coded": len(both), **numbers,
                                       "published": published_numbers(targets, len(codebook.category_codes),
                                                                      level)})
