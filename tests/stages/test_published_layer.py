"""The published layer (rule published_layer): every count/proportion pair the brief publishes, recomputed,
against the brief's printed counts, closed-form Wilson intervals and hand-worked rounding."""

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml
from references import close, wilson

from wishlist.brief.reference import targets_by_id
from wishlist.core.errors import StudyInputError
from wishlist.stages.published_layer import (
    PUBLISHED_PAIRS,
    main,
    published_layer,
    published_numbers,
    resolve,
    stated_check,
)

ROOT = Path(__file__).resolve().parents[2]
TARGETS = yaml.safe_load((ROOT / "data/reference/calibration_targets.yaml").read_text(encoding="utf-8"))["targets"]


@pytest.fixture(scope="module")
def published():
    return published_layer(targets_by_id(TARGETS), 0.95).set_index("key")


def test_published_pairs_read_the_brief_counts(published):
    pairs = {key: (row["count"], row["n"]) for key, row in published.iterrows()}
    assert pairs["ai_share"] == (171, 642)
    assert pairs["company_share_of_stated"] == (264, 529) and pairs["university_share_of_stated"] == (165, 529)
    assert pairs["houston_share_of_us"] == (69, 77) and pairs["ras_share_of_russia"] == (40, 112)
    assert pairs["us_share"] == (77, 642) and pairs["top_eight_share"] == (448, 642)
    assert pairs["top_four_share"] == (308, 642) and pairs["coder_agreement"] == (67, 100)
    assert pairs["case_partnered_share"] == (14, 30) and pairs["case_partnered_known_share"] == (14, 22)
    assert pairs["biopharma_printed_count"] == (190, 642) and pairs["allies_share_of_non_us"] == (400, 565)
    assert len(published) == len(PUBLISHED_PAIRS)
    # a sampling interval only where there is a sample: the 100 double-coded reports and the 30 cases
    sampled = set(published.index[published["sampled"]])
    assert sampled == {"coder_agreement", "case_partnered_share", "case_no_share", "case_insufficient_share",
                       "case_partnered_known_share"}
    for key, row in published.iterrows():
        assert close(row["share"], row["count"] / row["n"]), key
        if key in sampled:
            low, high = wilson(row["count"], row["n"])
            assert close(row["ci_low"], low) and close(row["ci_high"], high) and row["ci_method"] == "wilson", key
        else:  # a census share (the 642 reports, 19 of 37 countries) or a design fraction (30 of 81)
            assert pd.isna(row["ci_low"]) and pd.isna(row["ci_high"]) and row["ci_method"] == "", key


def test_published_checks_flag_the_brief_inconsistencies(published):
    assert published.loc["ai_share", "check"] == "consistent"            # 26.6 -> 27
    assert published.loc["ai_share", "stated_vs_ci"] == ""               # a census share: no interval to test
    assert published.loc["biopharma_printed_count", "check"] == "mismatch"  # 190/642 = 29.6, "25 percent"
    assert published.loc["biopharma_printed_count", "conflict_noted"]
    assert published.loc["houston_share_of_us", "check"] == "consistent only if truncated"  # 89.6, "89"
    assert published.loc["allies_literal_maximum", "check"] == "mismatch"   # 68.1 is not "more than 70"
    assert published.loc["top_eight_share", "check"] == "no percentage stated"
    assert published.loc["coder_agreement", "stated"] == "67 %"
    # 67/100: Wilson 95 % 57.3-75.4 % holds the stated 67 %
    assert published.loc["coder_agreement", "stated_vs_ci"] == "inside the interval"
    numbers = published_numbers(published.reset_index(), 0.95)
    assert "ci_low_pct" not in numbers["ai_share"] and numbers["ai_share"]["share_pct"] == 171 / 642
    assert "ci_low_pct" in numbers["coder_agreement"]
    assert numbers["census_pairs"] + numbers["sampled_pairs"] == len(PUBLISHED_PAIRS) and numbers["sampled_pairs"] == 5
    assert numbers["mismatches"] == 2 and set(numbers["mismatch_keys"].split(", ")) == {
        "biopharma_printed_count", "allies_literal_maximum"}
    assert numbers["truncation_only_keys"] == "houston_share_of_us"
    assert numbers["biopharma_printed_count"]["stated_pct"] == 0.25


def test_references_resolve_values_expected_denominators_lists_and_sums():
    targets = {"a": {"value": 10, "expected": 9, "denominator": 100}, "b": {"value": [3, 4]},
               "c": {"value": "text"}}
    assert resolve("a", targets) == 10 and resolve("a.expected", targets) == 9
    assert resolve("a.denominator", targets) == 100 and resolve("b[1]", targets) == 4
    assert resolve(("a", "b[0]", "-a.expected"), targets) == 4
    with pytest.raises(KeyError, match="does not exist"):
        resolve("missing", targets)
    with pytest.raises(ValueError, match="not a count"):
        resolve("c", targets)


@pytest.mark.parametrize("count,n,kind,stated,check", [
    (1, 8, "rounded percentage", 13, "consistent"),                     # 12.5 rounds half up to 13
    (1, 8, "rounded percentage", 12, "consistent only if truncated"),
    (1, 8, "rounded percentage", 12.5, "consistent"),
    (1, 3, "rounded percentage", 33.3, "consistent"),
    (1, 3, "rounded percentage", 34, "mismatch"),
    (2, 3, "rounded percentage", 66.6, "consistent only if truncated"),  # 66.67 at one decimal: 66.7, cut 66.6
    (29, 200, "rounded percentage", 14.5, "consistent"),               # 14.5 exactly, printed with one decimal
    (7, 10, "lower bound", 70, "mismatch"),                             # 70 % is not more than 70 %
    (40, 112, "lower bound", 33.3, "consistent"),
    (437, 642, "lower bound", 70, "mismatch"),
    (77, 642, "upper bound", 12, "consistent"),
])
def test_stated_check(count, n, kind, stated, check):
    low, high = wilson(count, n)
    assert stated_check(count, n, kind, stated, low, high)[0] == check


def smk(tmp_path, targets):
    out = {name: str(tmp_path / f"out/{name}") for name in ("shares", "unrounded", "sensitivity", "numbers")}
    return SimpleNamespace(input=SimpleNamespace(targets=str(targets), codebook=str(ROOT / "data/codebook.yaml")),
                           output=SimpleNamespace(**out), params=SimpleNamespace(level=0.95))


def test_main_writes_the_shares_and_the_numbers_only(tmp_path):
    main(smk(tmp_path, ROOT / "data/reference/calibration_targets.yaml"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["numbers", "sensitivity", "shares", "unrounded"]
    shares = pd.read_csv(tmp_path / "out/shares").set_index("key")
    exact = pd.read_csv(tmp_path / "out/unrounded", float_precision="round_trip").set_index("key")
    assert exact.loc["ai_share", "share"] == 171 / 642  # every digit, for the figure
    assert abs(shares.loc["ai_share", "share"] - 171 / 642) < 5e-7  # six significant digits, for people
    assert (shares.loc["ai_share", "count"], shares.loc["ai_share", "n"]) == (171, 642)
    assert shares.loc["houston_share_of_us", "stated_pct"] == 0.89  # a fraction in [0, 1], as every *_pct
    numbers = yaml.safe_load((tmp_path / "out/numbers").read_text(encoding="utf-8"))
    assert numbers["pairs"] == len(PUBLISHED_PAIRS) and numbers["mismatches"] == 2


def test_main_names_the_file_of_a_duplicate_target(tmp_path):
    doc = {"targets": [*TARGETS, TARGETS[0]]}
    path = tmp_path / "calibration_targets.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(StudyInputError, match="appears twice") as error:
        main(smk(tmp_path, path))
    assert str(path) in str(error.value) and error.value.field == "id"
