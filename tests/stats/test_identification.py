"""Sharp bounds (wishlist.stats.identification): hand-solved systems first, then facts of the brief a
reader can check by hand."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import yaml

from wishlist.brief.codebook import load_codebook
from wishlist.brief.reference import targets_by_id
from wishlist.stats.identification.bounds import (
    INFEASIBLE,
    Bound,
    binding_constraints,
    bound,
    label,
    meets,
    reading_feasibility,
    stated_interval,
)
from wishlist.stats.identification.cells import cell_labels
from wishlist.stats.identification.model import (
    Quantity,
    SpecError,
    build_model,
    read_quantities,
)
from wishlist.stats.identification.records import (
    departures,
    record_table,
    summarise,
    value_of,
)
from wishlist.stats.identification.rows import Row, figure_rows
from wishlist.stats.identification.solver import Solver

ROOT = Path(__file__).resolve().parents[2]


def rows(*specs):
    """specs: (coefficients, lower, upper) over a small variable vector."""
    return [Row(f"r{i}", np.asarray(c, dtype=float), lo, hi) for i, (c, lo, hi) in enumerate(specs)]


# ----------------------------------------------------------------- hand-solved
# Variables of a 2x2 table of two flags A, B: [x11, x10, x01, x00].
@pytest.mark.parametrize("n, a, b", [(100, 60, 70), (100, 20, 30), (642, 160, 171), (10, 10, 3)])
def test_overlap_meets_frechet_bounds(n, a, b):
    """Fréchet (1951): max(0, a + b - n) <= |A and B| <= min(a, b)."""
    system = rows(([1, 1, 1, 1], n, n), ([1, 1, 0, 0], a, a), ([1, 0, 1, 0], b, b))
    result = bound(np.array([1.0, 0, 0, 0]), None, Solver(system, 4))
    assert (result.lower, result.upper) == (max(0, a + b - n), min(a, b))


def test_union_is_the_complement_of_the_overlap():
    """|A or B| = a + b - |A and B|: with 642, 160 and 171 it runs from 171 to 331."""
    system = rows(([1, 1, 1, 1], 642, 642), ([1, 1, 0, 0], 160, 160), ([1, 0, 1, 0], 171, 171))
    result = bound(np.array([1.0, 1, 1, 0]), None, Solver(system, 4))
    assert (result.lower, result.upper) == (171, 331)


def test_two_by_two_table_with_given_margins():
    """Rows 5 and 7, first column 4: the corner cell runs from max(0, 4 - 7) = 0 to min(5, 4) = 4,
    and its share of the first row from 0 to 4/5."""
    system = rows(([1, 1, 0, 0], 5, 5), ([0, 0, 1, 1], 7, 7), ([1, 0, 1, 0], 4, 4))
    solver = Solver(system, 4)
    corner = bound(np.array([1.0, 0, 0, 0]), None, solver)
    assert (corner.lower, corner.upper) == (0, 4)
    share = bound(np.array([1.0, 0, 0, 0]), np.array([1.0, 1, 0, 0]), solver)
    assert (share.lower, share.upper) == (0, Fraction(4, 5))


def test_integer_bounds_are_sharper_than_the_linear_relaxation():
    """2x + 2y = 5 has real solutions but no integer one: the solver must say infeasible."""
    assert not Solver(rows(([2, 2], 5, 5)), 2).feasible


def test_infeasible_system_is_a_result_not_an_error():
    """x + y = 5 and x + y >= 6 cannot both hold: the bound is INFEASIBLE, labelled so."""
    system = rows(([1, 1], 5, 5), ([1, 1], 6, np.inf))
    solver = Solver(system, 2)
    assert not solver.feasible
    assert bound(np.array([1.0, 0]), None, solver) == INFEASIBLE
    assert label(INFEASIBLE, Bound(Fraction(0), Fraction(5))) == "infeasible"


def test_a_share_with_a_varying_base_is_enumerated():
    """x / (x + y) with x in 1..2 and y in 2..3: smallest 1/(1+3) = 1/4, largest 2/(2+2) = 2/4."""
    system = rows(([1, 0], 1, 2), ([0, 1], 2, 3))
    result = bound(np.array([1.0, 0]), np.array([1.0, 1]), Solver(system, 2))
    assert (result.lower, result.upper) == (Fraction(1, 4), Fraction(1, 2))
    assert (result.lower_at, result.upper_at) == (4, 4)  # both extremes sit at base 4


def test_a_share_keeps_the_first_base_of_a_tie_and_skips_bases_without_integers():
    """x / (x + y) with x = y, x in 1..3: the share is 1/2 at bases 2, 4 and 6; bases 3 and 5 have a
    real (x = y = 1.5) but no integer table. Both extremes are first reached at base 2 (the later bases,
    whose integer search the relaxed bound makes unnecessary, cannot do strictly better)."""
    system = rows(([1, -1], 0, 0), ([1, 0], 1, 3))
    result = bound(np.array([1.0, 0]), np.array([1.0, 1]), Solver(system, 2))
    assert (result.lower, result.upper, result.lower_at, result.upper_at) == (Fraction(1, 2), Fraction(1, 2), 2, 2)


def test_minimum_below_skips_only_what_cannot_go_below():
    """min x over x + y = 4, x >= y is 2 (x = y = 2): asked only for a value below 2, the answer is a
    number not below 2; asked below 3, the exact minimum 2."""
    solver = Solver(rows(([1, 1], 4, 4), ([1, -1], 0, np.inf)), 2)
    fixed = []
    assert solver.minimum(np.array([1.0, 0]), fixed, below=2) >= 2
    assert solver.minimum(np.array([1.0, 0]), fixed, below=3) == 2


def test_the_matrix_passed_to_highs_is_scipys_csc_array():
    """column_wise builds, without scipy, the arrays scipy.sparse's csc_array of the rows holds."""
    from scipy.sparse import csc_array

    from wishlist.stats.identification.solver import column_wise

    a = np.random.default_rng(3).integers(-2, 3, size=(7, 5)).astype(float)
    a[:, 2] = 0  # an empty column
    want = csc_array(a)
    for got, expected in zip(column_wise(a), (want.indptr, want.indices, want.data), strict=True):
        assert np.array_equal(got, expected)


@pytest.mark.parametrize("kind, value, base, rounding, expected", [
    # 24.5 % of 642 = 157.29, 25.5 % = 163.71
    ("rounded percentage", 25, 642, "half_up", (158, 163)),
    # 16.5 % of 642 = 105.93, 17.5 % = 112.35
    ("rounded percentage", 17, 642, "half_up", (106, 112)),
    # more than 70 % of 642 = 449.4
    ("lower bound", 70, 642, "half_up", (450, 642)),
    # below 12 % of 642 = 77.04: the brief's 77 US records just fit
    ("upper bound", 12, 642, "half_up", (0, 77)),
    # truncated 89 % of 77: 68.53 <= x < 69.3
    ("rounded percentage", 89, 77, "truncate", (69, 69)),
])
def test_a_share_of_a_fixed_base_becomes_one_count_range(kind, value, base, rounding, expected):
    """With the base fixed (an int), the figure is one row lower <= count <= upper."""
    [row] = figure_rows("f", kind, value, np.array([1.0]), base, rounding)
    assert (row.lower, row.upper) == expected


def test_strict_share_rows_with_a_variable_base():
    """x / (x + y) > 70 % with y = 3 and x <= 20: x >= 8 (7/10 is not more than 70 %)."""
    x, y = np.array([1.0, 0]), np.array([0, 1.0])
    system = rows(([0, 1], 3, 3), ([1, 0], 0, 20)) + figure_rows("f", "lower bound", 70, x, x + y)
    assert bound(x, None, Solver(system, 2)).lower == 8


def test_rounded_share_rows_with_a_variable_base():
    """x / (x + y) rounds half up to 25 % with y = 30: 24.5 <= 100 x / (x + 30) < 25.5 gives
    x >= 9.74 and x < 10.27, so x = 10 (10/40 = 25 %) is the only count."""
    x, y = np.array([1.0, 0]), np.array([0, 1.0])
    system = rows(([0, 1], 30, 30)) + figure_rows("f", "rounded percentage", 25, x, x + y)
    result = bound(x, None, Solver(system, 2))
    assert (result.lower, result.upper) == (10, 10)


def test_a_count_figure_without_a_base():
    """'more than 80' is >= 81 and 'fewer than 12' is <= 11 for a count; a share needs a base."""
    x = np.array([1.0])
    assert [(r.lower, r.upper) for r in figure_rows("f", "lower bound", 80, x, None)] == [(81, np.inf)]
    assert [(r.lower, r.upper) for r in figure_rows("f", "upper bound", 12, x, None)] == [(-np.inf, 11)]
    with pytest.raises(ValueError, match="needs a denominator"):
        figure_rows("f", "rounded percentage", 25, x, None)


def test_deletion_names_the_binding_figure():
    """x <= 4 (tight) and x <= 9 (slack): only the first binds the maximum."""
    system = [Row("tight", np.array([1.0]), 0, 4), Row("slack", np.array([1.0]), 0, 9)]
    solver = Solver(system, 1)
    result = bound(np.array([1.0]), None, solver)
    assert binding_constraints(solver, ["tight", "slack"], np.array([1.0]), None, result) == {
        "lower": [], "upper": ["tight"]}


def test_a_stated_figure_is_met_when_the_bounds_reach_its_interval():
    """'more than 70 %' allows (0.70, ...]: bounds up to 435/642 = 67.8 % cannot meet it, up to 0.71 can;
    a half-up 50 % allows [0.495, 0.505): bounds 318/642..324/642 = 49.5..50.5 % meet it."""
    q = Quantity("q", "q", np.ones(1), np.ones(1), (), 70, "lower bound", "half_up", None)
    assert stated_interval(q) == (Fraction(7, 10), Fraction(10**9), False, True)
    assert meets(Bound(Fraction(0), Fraction(435, 642)), stated_interval(q)) is False
    assert meets(Bound(Fraction(0), Fraction(71, 100)), stated_interval(q)) is True
    assert meets(Bound(Fraction(0), Fraction(7, 10)), stated_interval(q)) is False  # "more than" is open
    half = Quantity("h", "h", np.ones(1), np.ones(1), (), 50, "rounded percentage", "half_up", None)
    assert meets(Bound(Fraction(318, 642), Fraction(324, 642)), stated_interval(half)) is True


# ----------------------------------------------------------------- a small brief, end to end
# Countries A..D, categories x, y, z, one institution type. The figures: 12 records, A has 5 of
# them and 3 'x' records; every country has a record; A is the largest country and has the most
# 'x' records. (The pooling test below derives the bounds by hand.)
SMALL_TARGETS = {i: {"id": i, "kind": "exact count", "value": v}
                 for i, v in (("total", 12), ("a", 5), ("a_x", 3), ("structure", 0), ("lead", 0))}
SMALL_SPEC = {"readings": {"only": {"description": "the one reading"}}, "study_reading": "only",
              "sets": {"others": ["B", "C", "D"]},
              "constraints": [
                  {"id": "total", "count": {}},
                  {"id": "a", "count": {"country": "A"}},
                  {"id": "a_x", "count": {"country": "A", "category": "x"}},
                  {"id": "structure", "rule": "at_least_one_each", "country": "@all"},
                  {"id": "structure", "rule": "decreasing", "chain": [{"country": "A"}],
                   "then_each_country_not_in": ["A"]},
                  {"id": "lead", "rule": "largest", "count": {"country": "A", "category": "x"}, "each": "country",
                   "base": {"category": "x"}}]}
SMALL_CODEBOOK = SimpleNamespace(us_allies=(), institution_codes=("company",), category_codes=("x", "y", "z"))


def test_pooling_countries_and_categories_leaves_the_bounds_unchanged():
    """Pooling is exact (wishlist.stats.identification.cells.Cells): the small brief, pooled and unpooled.

    A leads with 5 of 12 records and 3 'x' records; every other country has at least one record,
    fewer than A and fewer 'x' records than A. By hand: B, C, D (pooled) hold 7 records, each at
    most 4, and at most 2 'x' records each, so 6 at most in the pool; y and z (pooled) at most 9.
    """
    answers = []
    for pool in (True, False):
        model = build_model(SMALL_SPEC, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK, pool=pool)
        solver = Solver(model.rows_for("only"), model.cells.n_vars)
        pool_x = model.cells.vector({"country": ["B", "C", "D"], "category": "x"})
        not_x = model.cells.vector({"category": ["y", "z"]})
        answers.append((bound(pool_x, None, solver), bound(not_x, None, solver), len(model.cells.countries)))
    assert answers[0][2] == 2 and answers[1][2] == 4  # the pooled model really pools B, C and D
    assert answers[0][:2] == answers[1][:2]
    assert (answers[0][0].lower, answers[0][0].upper) == (0, 6)
    assert (answers[0][1].lower, answers[0][1].upper) == (3, 9)


def test_a_spec_entry_that_names_no_target_is_a_spec_error():
    spec = {**SMALL_SPEC, "constraints": [*SMALL_SPEC["constraints"], {"id": "nowhere", "count": {}}]}
    with pytest.raises(SpecError, match=r"constraints\[6\] \(nowhere\): 'nowhere' is not a calibration target"):
        build_model(spec, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK)


def test_a_target_neither_modelled_nor_excused_is_a_spec_error():
    targets = {**SMALL_TARGETS, "forgotten": {"id": "forgotten", "kind": "exact count", "value": 1}}
    with pytest.raises(SpecError, match="'forgotten' is neither a constraint nor listed under not_modelled"):
        build_model(SMALL_SPEC, targets, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK)


def test_a_corpus_is_counted_into_its_cells():
    """Three records: A/x/AI in a frame year, B/y/not AI, B/x/not AI with two forms. By hand: A has 1
    record, the 'x' records number 2, one is AI; one record has several forms; none is Houston's."""
    model = build_model(SMALL_SPEC, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK, pool=False)
    records = {"country": ["A", "B", "B"], "institution_type": ["company"] * 3, "mic2025_category": ["x", "y", "x"],
               "ai_flag": [True, False, False], "year": [2015, 2018, 2018], "post_en": ["Berlin"] * 3,
               "target_name": ["t1", "t2", "t3"], "n_cooperation_forms": [1, 1, 2]}
    table = record_table(model, records, [2015, 2016])
    v = model.cells.vector
    assert [float(v(s) @ table) for s in ({"country": "A"}, {"category": "x"}, {"ai": True})] == [1, 2, 1]
    assert [float(v({"scalar": s}) @ table) for s in ("multiple_forms", "houston", "ras")] == [1, 0, 0]
    assert float(v({"institution": "company_frame"}) @ table) == 1  # the 2015 record only
    with pytest.raises(TypeError, match="ai_flag must be a boolean"):
        record_table(model, {**records, "ai_flag": ["False", "False", "False"]}, [2015, 2016])


def small_corpus(countries_categories):
    """Records of the small brief, one per (country, category) pair, none AI, outside the frame years."""
    n = len(countries_categories)
    return {"country": [c for c, _ in countries_categories], "institution_type": ["company"] * n,
            "mic2025_category": [k for _, k in countries_categories], "ai_flag": [False] * n, "year": [2018] * n,
            "post_en": ["Berlin"] * n, "target_name": [f"t{i}" for i in range(n)], "n_cooperation_forms": [1] * n}


def test_departures_name_the_figures_a_corpus_does_not_meet():
    """A corpus built by hand to meet the small brief (A: 3 x and 2 y; B: 1 x and 2 y; C: 2 y; D: 2 z --
    12 records, A the largest with the most 'x' records) departs from none of its figures; without one of
    A's 'y' records it misses the total (11, not 12) and A's count (4, not 5), and nothing else."""
    model = build_model(SMALL_SPEC, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK, pool=False)
    pairs = [("A", "x")] * 3 + [("A", "y")] * 2 + [("B", "x")] + [("B", "y")] * 2 + [("C", "y")] * 2 + [("D", "z")] * 2
    assert departures(model, "only", record_table(model, small_corpus(pairs), [2015, 2016])) == []
    short = pairs[:3] + pairs[4:]
    assert departures(model, "only", record_table(model, small_corpus(short), [2015, 2016])) == ["a", "total"]


def test_the_summary_sets_the_corpus_beside_the_bounds():
    """A's share on a corpus with 6 of 12 records in A, beside bounds 5/12..7/12 (and 5/12..1/3)."""
    model = build_model(SMALL_SPEC, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK, pool=False)
    v = model.cells.vector
    q = Quantity("a_share", "A's share", v({"country": "A"}), v({}), (), None, None, "half_up", None)

    def table(a):  # a records of A in category y, the rest of the 12 in B's y
        x = np.zeros(model.cells.n_vars)
        x[np.flatnonzero(v({"country": "A", "category": "y"}))[0]] = a
        x[np.flatnonzero(v({"country": "B", "category": "y"}))[0]] = 12 - a
        return x

    row = {"quantity": "a_share", "reading": "only", "unit": "share", "lower": 5 / 12, "upper": 7 / 12,
           "label": "constrained", "feasible": True, "lower_exact": "5/12", "upper_exact": "7/12"}
    [summary] = summarise([row], [q], table(6), "only")
    assert summary["default"] == value_of(q, table(6)) == 0.5
    assert (summary["lower"], summary["upper"], summary["label"]) == (5 / 12, 7 / 12, "constrained")
    assert not any(key.startswith("ensemble") for key in summary)
    assert summary["default_within_bounds"] is True
    [outside] = summarise([{**row, "upper_exact": "1/3"}], [q], table(6), "only")
    assert outside["default_within_bounds"] is False
    [infeasible] = summarise([{**row, "feasible": False}], [q], table(6), "only")
    assert infeasible["default_within_bounds"] is False


def test_cell_labels_name_every_cell_then_the_scalars():
    model = build_model(SMALL_SPEC, SMALL_TARGETS, {}, ["A", "B", "C", "D"], SMALL_CODEBOOK, pool=False)
    labels = cell_labels(model.cells)
    # 4 countries x 2 company classes x 3 categories, then 2 company classes x 3 categories x 2 AI values
    assert len(labels) == 4 * 2 * 3 + 2 * 3 * 2 + 3
    assert labels[0] == "A | company_frame | x" and labels[-4] == "company_other_years | z | AI"
    assert labels[-3:] == ["houston", "ras", "multiple_forms"]


# ----------------------------------------------------------------- the brief
@pytest.fixture(scope="module")
def brief():
    def read(name):
        return yaml.safe_load((ROOT / "data/reference" / name).read_text(encoding="utf-8"))

    spec = read("identification.yaml")
    countries = [r["country"] for r in csv.DictReader((ROOT / "data/countries.csv").open(encoding="utf-8"))]
    model = build_model(spec, targets_by_id(read("calibration_targets.yaml")), read("published_cases.yaml"),
                        countries, load_codebook(ROOT / "data/codebook.yaml"))
    quantities = {q.id: q for q in read_quantities(spec, model)}
    return model, quantities, Solver(model.rows_for(model.study_reading), model.cells.n_vars)


def test_the_literal_brief_is_infeasible_and_each_reading_is_not(brief):
    model, _, _ = brief
    assert reading_feasibility(model) == {"literal": False, "reconstruction": True, "biopharma_190": True,
                                          "allies_of_non_us": True}


def test_allied_share_cannot_reach_70_percent(brief):
    """By hand: 642 - 112 (Russia) - 77 (US) - 14 non-allies with one record each - 2 (Finland, endnote 60's
    VTT) - 2 (Indonesia, endnote 60) = 435, i.e. 67.8 % < 70 % (two fewer than the claims audit's 437, which
    ignores endnote 60)."""
    _, quantities, solver = brief
    q = quantities["allies_share"]
    result = bound(q.num, q.den, Solver(solver.rows, solver.n))
    assert result.upper == Fraction(435, 642)


def test_union_of_biopharma_and_ai_is_pinned_by_its_own_claim(brief):
    """With "half" in the constraints, the union is the 50 % rounding range: 318..324 of 642."""
    _, quantities, solver = brief
    q = quantities["biotech_or_ai_share"]
    result = bound(q.num, q.den, solver)
    assert (result.lower * 642, result.upper * 642) == (318, 324)


def test_government_lab_ai_records_are_determined(brief):
    """More than 80 labs at 15 % of 529 -> 81; 41 % of 81 -> 33 (32.8 <= x < 33.6)."""
    _, quantities, solver = brief
    q = quantities["government_lab_ai_records"]
    assert bound(q.num, q.den, solver) == Bound(Fraction(33), Fraction(33))


def test_a_bad_selector_names_the_entry(brief):
    model, _, _ = brief
    spec = {"quantities": [{"id": "x", "quantity": "x", "count": {"country": "Atlantis"}}]}
    with pytest.raises(SpecError, match=r"quantities\[0\] \(x\): unknown country 'Atlantis'"):
        read_quantities(spec, model)


