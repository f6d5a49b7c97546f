"""Rule reliability: the fixture's double-coded records -> statistics table and numbers fragment.

Agreement counts and Cohen's kappa are recounted here from the coder sheets with
the textbook formula kappa = (p_o - p_e) / (1 - p_e) (Cohen 1960); the published
layer's kappa range is the hand arithmetic of tests/stats/test_agreement.py.
"""

import csv
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from wishlist.brief.reference import read_reference, targets_by_id
from wishlist.stages.reliability import main, published_numbers

ROOT = Path(__file__).resolve().parents[2]
CODING = ROOT / "tests/fixtures/corpus/data/coding"
TARGETS = ROOT / "data/reference/calibration_targets.yaml"


def sheet(name):
    with open(CODING / name, encoding="utf-8", newline="") as handle:
        return {row["file_number"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def reliability(tmp_path_factory):
    out = tmp_path_factory.mktemp("reliability")
    outputs = SimpleNamespace(table=out / "reliability.csv", per_category=out / "per_category.csv",
                              confusion=out / "coder_confusion.csv", numbers=out / "reliability.yml")
    main(SimpleNamespace(
        input=SimpleNamespace(coder_sheets=[str(CODING / "coder_a.csv"), str(CODING / "coder_b.csv")],
                              codebook=str(ROOT / "data/codebook.yaml"), targets=str(TARGETS)),
        output=outputs,
        params=SimpleNamespace(level=0.95, bootstrap={"bootstrap_resamples": 200, "bootstrap_seed": 1970})))
    return outputs


def kappa_by_formula(a: list, b: list) -> float:
    n = len(a)
    p_o = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    p_e = sum(count_a[c] * count_b[c] for c in count_a) / n**2
    return (p_o - p_e) / (1 - p_e)


def test_agreement_and_kappa_recounted_from_the_sheets(reliability):
    a, b = sheet("coder_a.csv"), sheet("coder_b.csv")
    both = sorted(set(a) & set(b))
    numbers = yaml.safe_load(reliability.numbers.read_text(encoding="utf-8"))
    assert numbers["double_coded"] == len(both) == 6
    for field in ("mic2025_category", "institution_type"):
        codes_a, codes_b = [a[r][field] for r in both], [b[r][field] for r in both]
        agreements = sum(x == y for x, y in zip(codes_a, codes_b))
        assert numbers[field]["agreements"] == agreements
        assert numbers[field]["agreement_pct"] == pytest.approx(agreements / len(both), abs=1e-6)
        assert numbers[field]["kappa"] == pytest.approx(kappa_by_formula(codes_a, codes_b), abs=1e-6)
    # the fixture's adjudication sheet settles exactly the disagreements: 2 category, 1 institution
    assert (numbers["mic2025_category"]["agreements"], numbers["institution_type"]["agreements"]) == (4, 5)


def test_the_confusion_table_counts_each_pair_of_category_codes(reliability):
    """Coder A's code (row) against coder B's (column), recounted from the sheets; every category kept."""
    a, b = sheet("coder_a.csv"), sheet("coder_b.csv")
    pairs = Counter((a[r]["mic2025_category"], b[r]["mic2025_category"]) for r in sorted(set(a) & set(b)))
    table = pd.read_csv(reliability.confusion, dtype={"coder_a": str}).set_index("coder_a")
    assert list(table.index) == list(table.columns)  # square, same order
    assert int(table.to_numpy().sum()) == 6
    for (row, column), count in pairs.items():
        assert table.loc[row, column] == count
    assert int(table.to_numpy().trace()) == 4  # the category agreements counted above


def test_the_table_has_three_named_statistics_per_field(reliability):
    table = pd.read_csv(reliability.table)
    assert list(zip(table["field"], table["statistic"])) == [
        (f, s) for f in ("mic2025_category", "institution_type")
        for s in ("percent agreement", "Cohen's kappa", "Krippendorff's alpha (nominal)")]
    assert list(table["interval"][:3]) == ["Wilson", "asymptotic (Fleiss, Cohen & Everitt 1969)",
                                           "bootstrap over records, percentile"]
    assert (table["ci_low"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_high"]).all()


def test_published_layer_numbers_from_the_calibration_targets():
    # 67 of 100 (endnote 26); shares 25, 17, 12 and 12.5 % known, 11 - 4 = 7 categories share the rest,
    # none above biopharma's 25 % (the brief: biotechnology the most frequent): kappa from .592013 (one
    # unnamed category at 25 %, one at 8.5 %) to .617410 (rest spread evenly); see tests/stats/test_agreement.py
    targets = targets_by_id(read_reference(TARGETS, "targets"))
    numbers = published_numbers(targets, 11, 0.95)
    assert (numbers["count"], numbers["n"], numbers["unknown_categories"]) == (67, 100, 7)
    assert (round(numbers["kappa_low"], 6), round(numbers["kappa_high"], 6)) == (0.592013, 0.617410)
    assert round(numbers["kappa_low_uncapped"], 6) == 0.569387  # the whole rest in one category
    assert (round(numbers["ci_low_pct"], 4), round(numbers["ci_high_pct"], 4)) == (0.5731, 0.7544)  # Wilson
    # the error rate e of (1 - e)**2 + e**2/10 = 0.67 (K = 11 categories): 1.1 e**2 - 2 e + 0.33 = 0, so
    # e = (2 - sqrt(4 - 1.452)) / 2.2 = 0.183525; at the Wilson lower limit 0.573053, e = 0.24704
    assert round(numbers["error_rate_pct"], 6) == 0.183525 and round(numbers["error_rate_high_pct"], 5) == 0.24704
