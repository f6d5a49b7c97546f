"""Partial identification: what the brief's published figures determine about the record layer.

The record layer runs on one reconstruction, so any quantity the brief did not
publish (the overlap of biopharma and AI records, a country's share below the
top four, the AI share of the case-study frame) is partly an artefact of that
draw. This module states the published figures as linear constraints on the
integer counts of a cross-classification of the in-window records and asks a
mixed-integer solver (HiGHS, through its Python interface ``highspy``) for the
smallest and largest value of each quantity over *every* table consistent with them:
sharp bounds, in the sense of partial identification (Manski 2003). An
infeasible constraint set is a result (the brief contradicts itself under that
reading), never an error.

Cells are country x institution type (company split by the case-study frame
years) x MIC2025 category, and institution type x category x AI flag, linked
by their common institution x category counts: no published figure ties a
country to the AI flag, and two such tables always combine into one table of
records (per institution and category, a two-way table with given margins
exists). ``data/reference/identification.yaml``
says which cells each published figure counts and lists the figures the cells
cannot express. Values and kinds come from
``data/reference/calibration_targets.yaml`` (the published ``value``, never the
reconstruction's ``expected``).

Labels: a quantity is *determined* when its bounds under the study's reading
coincide, *free* when the published figures narrow it no further than the bare
structure (642 records, 37 countries with at least one record each) does, and
*constrained* otherwise.

The ensemble draws K tables from the constraint set: each member starts from a
random table (each margin drawn around the middle of the range the figures
allow it, a Gamma(1, 1) multiplier per cell so any association is possible)
and is moved to a nearby feasible integer table (Projector). That is not
uniform sampling of the set; the bounds, not the ensemble, say what is possible.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from wishlist.core.errors import StudyInputError

KINDS = ("exact count", "lower bound", "upper bound", "rounded percentage")
RULES = ("at_least_one_each", "decreasing", "each_at_least", "only_in", "majority", "largest", "lead",
         "endnote_60_labs", "table_1_in_frame")
SCALARS = ("houston", "ras", "multiple_forms")
COMPANY_SPLIT = ("company_frame", "company_other_years")
DEFINITION = "definition"  # rows that define the scalar counts, kept under every reading
STRUCTURE = ("records_in_window", "countries", DEFINITION)  # the bare structure behind "free"
LABELS = ("determined", "constrained", "free")
HOUSTON_COUNTRY = "United States"
RAS_TARGET = "Russian Academy of Sciences"
RAS_COUNTRY = "Russia"


# ---------------------------------------------------------------------------
# Cells and selectors
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Cells:
    """Index of the cross-classification: one integer variable per cell, then the scalars.

    Countries the published figures never single out are pooled into classes of
    countries that share every set membership (ally, listed government-lab
    country, ...), and the six MIC2025 categories no figure names are pooled
    into one class. Per-country and per-category rules become rules on the pool
    scaled by its size (k countries each with at least one record: the pool
    has at least k). The pooling is exact: a pooled table that meets the scaled
    rules can be split back into its members by dealing its records to them in
    turn (government-lab records first, then IT records, then the rest), which
    keeps every member's total, IT and government-lab counts within one of an
    even share and so meets each member's rule; no published figure couples a
    pooled member with anything else.
    """

    countries: tuple[str, ...]  # class labels; a singled-out country is its own class
    members: Mapping[str, tuple[str, ...]]
    institutions: tuple[str, ...]
    categories: tuple[str, ...]  # class labels
    category_members: Mapping[str, tuple[str, ...]]
    sets: Mapping[str, tuple[str, ...]]
    country: np.ndarray = field(repr=False)
    institution: np.ndarray = field(repr=False)
    category: np.ndarray = field(repr=False)
    ai: np.ndarray = field(repr=False)

    @classmethod
    def build(cls, countries, institution_codes, categories, sets, named_countries=None,
              named_categories=None) -> Cells:
        named_countries = set(countries if named_countries is None else named_countries)
        named_categories = set(categories if named_categories is None else named_categories)
        pools: dict[tuple, list[str]] = {}
        for c in countries:
            key = (c,) if c in named_countries else tuple(sorted(k for k, v in sets.items() if c in v))
            pools.setdefault(key, []).append(c)
        members = {}
        for key, group in pools.items():
            label = group[0] if len(group) == 1 else "pool of " + ", ".join(group)
            members[label] = tuple(group)
        category_members = {c: (c,) for c in categories if c in named_categories}
        rest = tuple(c for c in categories if c not in named_categories)
        if len(rest) == 1:
            category_members[rest[0]] = rest
        elif rest:
            category_members["pool of " + ", ".join(rest)] = rest
        institutions = tuple(c for code in institution_codes
                             for c in (COMPANY_SPLIT if code == "company" else (code,)))
        # country x institution x category cells, then institution x category x AI cells
        u = np.indices((len(members), len(institutions), len(category_members))).reshape(3, -1)
        w = np.indices((len(institutions), len(category_members), 2)).reshape(3, -1)
        country = np.concatenate([u[0], np.full(w.shape[1], -1)])
        institution = np.concatenate([u[1], w[0]])
        category = np.concatenate([u[2], w[1]])
        ai = np.concatenate([np.full(u.shape[1], -1), w[2]])
        return cls(tuple(members), members, institutions, tuple(category_members), category_members,
                   dict(sets), country, institution, category, ai)

    @property
    def n_cells(self) -> int:
        return len(self.country)

    @property
    def n_vars(self) -> int:
        return self.n_cells + len(SCALARS)

    def scalar(self, name: str) -> int:
        return self.n_cells + SCALARS.index(name)

    def size(self, label: str) -> int:
        return len(self.members.get(label) or self.category_members[label])

    def countries_of(self, value, where: str) -> set[str]:
        """Class labels of the countries a selector value names."""
        if isinstance(value, Mapping):
            return set(self.countries) - self.countries_of(_negated(value, "country", where), where)
        names = value if isinstance(value, list) else [value]
        wanted: set[str] = set()
        for name in names:
            if isinstance(name, str) and name.startswith("@"):
                if name == "@all":
                    wanted |= {m for ms in self.members.values() for m in ms}
                elif name[1:] in self.sets:
                    wanted |= {m for label in self.countries_of(list(self.sets[name[1:]]), where)
                               for m in self.members[label]}
                else:
                    raise ValueError(f"{where}: unknown country set {name!r}")
            else:
                wanted.add(name)
        out = set()
        for label, group in self.members.items():
            inside = wanted & set(group)
            if inside and inside != set(group):
                raise ValueError(f"{where}: the selector splits the pooled countries {label!r}")
            if inside:
                out.add(label)
        unknown = wanted - {m for ms in self.members.values() for m in ms}
        if unknown:
            raise ValueError(f"{where}: unknown country {sorted(unknown)[0]!r}")
        return out

    def _institutions_of(self, value, where: str) -> set[str]:
        names = value if isinstance(value, list) else [value]
        out: set[str] = set()
        for name in names:
            if name == "company":
                out |= set(COMPANY_SPLIT)
            elif name == "stated":
                out |= set(self.institutions) - {"not_stated"}
            elif name in self.institutions:
                out.add(name)
            else:
                raise ValueError(f"{where}: unknown institution {name!r}")
        return out

    def _categories_of(self, value, where: str) -> set[str]:
        if isinstance(value, Mapping):
            return set(self.categories) - self._categories_of(_negated(value, "category", where), where)
        names = value if isinstance(value, list) else [value]
        out = set()
        for name in names:
            label = next((k for k, v in self.category_members.items() if name == k or name in v), None)
            if label is None:
                raise ValueError(f"{where}: unknown category {name!r}")
            out.add(label)
        return out

    def vector(self, selector: Mapping | None, where: str = "selector") -> np.ndarray:
        """0/1 coefficients of the records a selector picks (see identification.yaml)."""
        selector = dict(selector or {})
        out = np.zeros(self.n_vars)
        if "scalar" in selector:
            if len(selector) != 1 or selector["scalar"] not in SCALARS:
                raise ValueError(f"{where}: 'scalar' must stand alone and be one of {', '.join(SCALARS)}")
            out[self.scalar(selector["scalar"])] = 1
            return out
        keys = _selector_keys(selector)
        if "country" in keys and "ai" in keys:
            raise ValueError(f"{where}: no published figure ties countries to the AI flag, so the cells "
                             "do not cross them")
        part = self.ai >= 0 if "ai" in keys else self.ai < 0
        if "any_of" in selector:
            parts = selector.pop("any_of")
            union = np.zeros(self.n_cells, dtype=bool)
            for i, sub in enumerate(parts):
                union |= self._mask(sub, part, f"{where}.any_of[{i}]")
            mask = union
        else:
            mask = part.copy()
        mask &= self._mask(selector, part, where)
        out[: self.n_cells] = mask
        return out

    def _mask(self, selector: Mapping, part: np.ndarray, where: str) -> np.ndarray:
        mask = part.copy()
        for key, value in selector.items():
            if key == "country":
                keep = [self.countries.index(c) for c in self.countries_of(value, where)]
                mask &= np.isin(self.country, keep)
            elif key == "institution":
                keep = [self.institutions.index(c) for c in self._institutions_of(value, where)]
                mask &= np.isin(self.institution, keep)
            elif key == "category":
                keep = [self.categories.index(c) for c in self._categories_of(value, where)]
                mask &= np.isin(self.category, keep)
            elif key == "ai":
                if not isinstance(value, bool):
                    raise ValueError(f"{where}: ai must be true or false")
                mask &= self.ai == int(value)
            elif key == "any_of":
                raise ValueError(f"{where}: any_of cannot be nested")
            else:
                raise ValueError(f"{where}: unknown selector key {key!r}")
        return mask

    def link_rows(self) -> list[Row]:
        """Both halves of the cells count the same records per institution type and category."""
        out = []
        for i in range(len(self.institutions)):
            for k in range(len(self.categories)):
                coefficients = np.zeros(self.n_vars)
                same = (self.institution == i) & (self.category == k)
                coefficients[: self.n_cells][same & (self.ai < 0)] = 1
                coefficients[: self.n_cells][same & (self.ai >= 0)] = -1
                out.append(Row(DEFINITION, coefficients, 0.0, 0.0))
        return out


def _negated(value: Mapping, what: str, where: str):
    """The names inside {not: ...}, the one mapping a selector value may be."""
    if set(value) != {"not"}:
        raise ValueError(f"{where}: a {what} mapping takes only 'not'")
    return value["not"]


def _selector_keys(selector) -> set[str]:
    if isinstance(selector, Mapping):
        keys = set(selector)
        for part in selector.get("any_of") or []:
            keys |= _selector_keys(part)
        return keys - {"any_of"}
    return set()


def singled_out(spec: Mapping, countries: Sequence[str], categories: Sequence[str], cases: Mapping):
    """Countries and categories some figure or quantity names one by one (the rest may be pooled)."""
    names_c, names_k = set(), set()
    sets = spec.get("sets") or {}

    def walk(node):
        if isinstance(node, Mapping):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            if node in countries:
                names_c.add(node)
            elif node in categories:
                names_k.add(node)
    walk(spec.get("constraints"))
    walk(spec.get("quantities"))
    for entry in spec.get("constraints") or []:  # rules that act on each listed country on its own
        for key in ("each_country_in", "country") if entry.get("rule") in ("each_at_least", "lead") else ():
            value = entry.get(key)
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and v.startswith("@"):
                    names_c |= set(sets.get(v[1:], ()))
    names_c |= {case["country"] for case in cases.get("cases") or [] if case.get("group") == "table_1"}
    names_c |= {lab["country"] for lab in cases.get("government_labs_endnote_60") or []}
    return names_c, names_k


# ---------------------------------------------------------------------------
# Constraints
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """lower <= coefficients . x <= upper, from the published figure `id`."""

    id: str
    coefficients: np.ndarray = field(repr=False)
    lower: float
    upper: float


def _ge(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, float(value), math.inf)


def _le(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, -math.inf, float(value))


def _eq(rid: str, coefficients: np.ndarray, value) -> Row:
    return Row(rid, coefficients, float(value), float(value))


def figure_rows(rid: str, kind: str, value, num: np.ndarray, den: np.ndarray | int | None,
                rounding: str = "half_up") -> list[Row]:
    """Integer-exact rows for one published figure about num (over den, if a share).

    Strict inequalities become >= 1 / <= -1 after scaling to integers: every
    count is an integer, so 100*q*num - p*den > 0 means it is at least 1. A
    base that another figure fixes (an int) turns the share into a count range,
    which keeps the rows small and the solver fast.
    """
    v = Fraction(str(value))
    if isinstance(den, int):
        low, high = share_count_range(kind, v, den, rounding)
        return [Row(rid, num, float(low), float(high))]
    if den is None:
        if kind == "exact count":
            return [_eq(rid, num, v)]
        if kind == "lower bound":
            return [_ge(rid, num, math.floor(v) + 1)]
        if kind == "upper bound":
            return [_le(rid, num, math.ceil(v) - 1)]
        raise ValueError(f"{rid}: a {kind} needs a denominator ('of')")
    p, q = v.numerator, v.denominator
    if kind == "lower bound":  # num/den > v %
        return [_ge(rid, 100 * q * num - p * den, 1)]
    if kind == "upper bound":  # num/den < v %
        return [_le(rid, 100 * q * num - p * den, -1)]
    if kind == "rounded percentage":
        if rounding == "truncate":  # v <= 100 num/den < v + 1
            low, high = v, v + 1
        else:  # half up: v - 1/2 <= 100 num/den < v + 1/2
            low, high = v - Fraction(1, 2), v + Fraction(1, 2)
        scale = math.lcm(low.denominator, high.denominator)
        return [_ge(rid, 100 * scale * num - int(low * scale) * den, 0),
                _le(rid, 100 * scale * num - int(high * scale) * den, -1)]
    raise ValueError(f"{rid}: kind {kind!r} cannot be stated as a share")


def share_count_range(kind: str, v: Fraction, d: int, rounding: str = "half_up") -> tuple[int, int | float]:
    """Counts out of d whose share meets the figure: e.g. 25 % half up of 642 -> 158..163."""
    if kind == "lower bound":
        return math.floor(v * d / 100) + 1, d
    if kind == "upper bound":
        return 0, math.ceil(v * d / 100) - 1
    if kind == "rounded percentage":
        low, high = (v, v + 1) if rounding == "truncate" else (v - Fraction(1, 2), v + Fraction(1, 2))
        return math.ceil(low * d / 100), math.ceil(high * d / 100) - 1
    raise ValueError(f"kind {kind!r} cannot be stated as a share")


def _canonical(selector) -> str:
    import json

    return json.dumps(selector, sort_keys=True)


@dataclass
class Model:
    """The published figures as integer linear rows over the cells, per reading."""

    cells: Cells
    rows: dict[str, list[tuple[Row, frozenset[str] | None]]]
    readings: dict[str, str]
    study_reading: str
    not_modelled: dict[str, str]
    _solvers: dict = field(default_factory=dict, init=False, repr=False)

    def solver(self, reading: str) -> Solver:
        """One HiGHS model per reading, built once and shared by bounds, feasibility, conflicts, ensemble."""
        if reading not in self._solvers:
            self._solvers[reading] = Solver(self.rows_for(reading), self.cells.n_vars)
        return self._solvers[reading]

    def constraint_ids(self, reading: str) -> list[str]:
        return [rid for rid, rows in self.rows.items()
                if rid != DEFINITION and any(r is None or reading in r for _, r in rows)]

    def rows_for(self, reading: str | None, drop: Iterable[str] = (), keep_only: Iterable[str] | None = None):
        drop = set(drop)
        keep = None if keep_only is None else set(keep_only) | {DEFINITION}
        out = []
        for rid, rows in self.rows.items():
            if rid in drop or (keep is not None and rid not in keep):
                continue
            out += [row for row, readings in rows if readings is None or reading is None or reading in readings]
        return out


def _located(where: str, error: Exception) -> str:
    text = str(error) if not isinstance(error, KeyError) else f"missing field {error}"
    return text if text.startswith(where) else f"{where}: {text}"


def _target_index(targets: Mapping) -> dict[str, dict]:
    return {t["id"]: t for t in targets.get("targets", [])}


def build_model(spec: Mapping, targets: Mapping, cases: Mapping, countries: Sequence[str], codebook,
                spec_file: str = "data/reference/identification.yaml", pool: bool = True) -> Model:
    """Turn identification.yaml + the calibration targets into rows; errors name the entry.

    pool=False keeps every country and category separate (slower; the tests compare the two)."""
    sets = {"us_allies": tuple(codebook.us_allies)}
    sets.update({k: tuple(v) for k, v in (spec.get("sets") or {}).items()})
    named_c, named_k = singled_out(spec, countries, codebook.category_codes, cases) if pool else (None, None)
    cells = Cells.build(countries, codebook.institution_codes, codebook.category_codes, sets, named_c, named_k)
    index = _target_index(targets)
    readings = {k: v["description"] for k, v in (spec.get("readings") or {}).items()}
    study = spec.get("study_reading")
    if study not in readings:
        raise StudyInputError(spec_file, f"study_reading {study!r} is not one of the readings")
    rows: dict[str, list] = defaultdict(list)
    covered: set[str] = set()

    def add(rid, new_rows, entry_readings):
        for row in new_rows:
            rows[rid].append((row, entry_readings))

    v = cells.vector
    everything = v({})
    # definitions: the scalar counts sit inside the cells they belong to
    add(DEFINITION, cells.link_rows(), None)
    homes = {"houston": {"country": HOUSTON_COUNTRY}, "ras": {"country": RAS_COUNTRY, "institution": "government_lab"},
             "multiple_forms": {}}
    for name, home in homes.items():  # a scalar whose home country is not among the cells is zero
        inside = home.get("country") in (None, *countries)
        add(DEFINITION, [_ge(DEFINITION, v(home) - v({"scalar": name}), 0) if inside
                         else _eq(DEFINITION, v({"scalar": name}), 0)], None)

    # bases another figure fixes under every reading (642 records, 529 stating a type, ...)
    fixed_bases = {_canonical(e["count"]): int(index[e["id"]]["value"])
                   for e in spec.get("constraints") or []
                   if e.get("rule") is None and "of" not in e and "readings" not in e and e.get("id") in index
                   and index[e["id"]]["kind"] == "exact count"}
    for i, entry in enumerate(spec.get("constraints") or []):
        where = f"constraints[{i}] ({entry.get('id', '?')})"
        rid = entry.get("id")
        covers = list(entry.get("covers") or ([rid] if rid in index else []))
        missing = [c for c in covers if c not in index]
        if not covers or missing:
            raise StudyInputError(spec_file, f"{where}: {(missing or [rid])[0]!r} is not a calibration target "
                                             "(an entry that is not one names the targets it covers)")
        covered.update(covers)
        entry_readings = entry.get("readings")
        if entry_readings is not None:
            unknown = [r for r in entry_readings if r not in readings]
            if unknown:
                raise StudyInputError(spec_file, f"{where}: unknown reading {unknown[0]!r}")
            entry_readings = frozenset(entry_readings)
        target = index.get(rid, {})
        try:
            add(rid, _entry_rows(entry, target, cells, cases, where, fixed_bases), entry_readings)
        except (ValueError, KeyError, TypeError) as error:
            raise StudyInputError(spec_file, _located(where, error)) from None
    not_modelled = dict(spec.get("not_modelled") or {})
    unaccounted = sorted(set(index) - covered - set(not_modelled))
    if unaccounted:
        raise StudyInputError(spec_file, f"calibration target {unaccounted[0]!r} is neither a constraint "
                                         "nor listed under not_modelled")
    return Model(cells, dict(rows), readings, study, not_modelled)


def _v_pool(cells: Cells, base: Mapping, dim: str, label: str) -> np.ndarray:
    """Coefficients of one class (a country or category, or a pool of them) within `base`."""
    members = list(cells.members[label] if dim == "country" else cells.category_members[label])
    return cells.vector({**base, dim: members})


def _v_class(cells: Cells, label: str) -> np.ndarray:
    return _v_pool(cells, {}, "country", label)


def _entry_rows(entry: Mapping, target: Mapping, cells: Cells, cases: Mapping, where: str,
                fixed_bases: Mapping[str, int]) -> list[Row]:
    rid = entry["id"]
    v = cells.vector
    rule = entry.get("rule")
    if rule is None:
        num = v(entry["count"], where)
        den = None
        if "of" in entry:
            den = fixed_bases.get(_canonical(entry["of"])) or v(entry["of"], where)
        if target.get("denominator") is not None and den is None:
            raise ValueError("the target is a share; give its base as 'of'")
        return figure_rows(rid, target["kind"], target["value"], num, den, target.get("rounding", "half_up"))
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if rule == "at_least_one_each":
        base = entry.get("base") or {}
        return [_ge(rid, _v_pool(cells, base, "country", c), cells.size(c))
                for c in sorted(cells.countries_of(entry["country"], where))]
    if rule == "decreasing":
        chain = [v(s, where) for s in entry["chain"]]
        out = [_ge(rid, a - b, 1) for a, b in zip(chain, chain[1:])]
        rest = set(cells.countries) - cells.countries_of(entry["then_each_country_not_in"], where)
        return out + [_ge(rid, cells.size(c) * chain[-1] - _v_class(cells, c), cells.size(c)) for c in sorted(rest)]
    if rule == "each_at_least":
        rest = set(cells.countries) - cells.countries_of(entry["at_least_each_country_not_in"], where)
        return [_ge(rid, cells.size(c) * _v_class(cells, s) - _v_class(cells, c), 0)
                for s in sorted(cells.countries_of(entry["each_country_in"], where)) for c in sorted(rest)]
    if rule == "only_in":
        inside = cells.countries_of(entry["country"], where)
        outside = sorted(set(cells.countries) - inside)
        outside = [m for label in outside for m in cells.members[label]]
        return [_eq(rid, v({**entry["count"], "country": outside}, where), 0)] if outside else []
    if rule == "majority":
        return [_ge(rid, 2 * v(entry["count"], where) - v(entry["of"], where), 1)]
    if rule == "largest":
        selector = dict(entry["count"])
        dim = entry["each"]
        own = selector[dim]
        pools = cells.categories if dim == "category" else cells.countries
        others = [c for c in pools if c != own]
        base = entry.get("base") or {k: val for k, val in selector.items() if k != dim}
        return [_ge(rid, cells.size(o) * v(selector, where) - _v_pool(cells, base, dim, o), cells.size(o))
                for o in others]
    if rule == "lead":
        out = []
        for c in sorted(cells.countries_of(entry["country"], where)):
            for lead in entry["categories"]:
                out += [_ge(rid, cells.size(k) * v({"country": c, "category": lead}, where)
                            - _v_pool(cells, {"country": c}, "category", k), 0)
                        for k in cells.categories if k not in entry["categories"]]
        return out
    if rule == "endnote_60_labs":
        labs = cases.get("government_labs_endnote_60") or []
        per_country: dict[str, int] = defaultdict(int)
        out = []
        for lab in labs:
            if lab["target_name"] == RAS_TARGET:
                out.append(_eq(rid, v({"scalar": "ras"}), int(lab["records"])))
            else:
                per_country[lab["country"]] += int(lab["records"])
        for c, n in sorted(per_country.items()):
            coeff = v({"country": c, "institution": "government_lab"}, where)
            if c == "Russia":
                coeff = coeff - v({"scalar": "ras"})
            out.append(_ge(rid, coeff, n))
        return out
    if rule == "table_1_in_frame":
        per_country: dict[str, int] = defaultdict(int)
        for case in cases.get("cases") or []:
            if case.get("group") == "table_1":
                per_country[case["country"]] += 1
        return [_ge(rid, v({"country": c, "institution": "company_frame"}, where), n)
                for c, n in sorted(per_country.items())]
    raise AssertionError(rule)  # pragma: no cover - RULES is exhaustive


# ---------------------------------------------------------------------------
# Solving
# ---------------------------------------------------------------------------

class Solver:
    """One HiGHS model per reading: objectives change, figures are switched off, bases fixed.

    An integer optimum is found in two steps, both exact: the linear relaxation
    gives a bound b (rounded inward: every count is an integer), then a table of
    integers reaching b is searched for (a feasibility problem, much quicker for
    HiGHS than proving an optimum). Found: b is the sharp bound and the table is
    its witness. Not found: the full integer programme is solved. Witnesses found
    with every figure in force are kept and tried first.
    """

    def __init__(self, rows: Sequence[Row], n_vars: int):
        import highspy
        from scipy.sparse import csc_array

        self.n = n_vars
        self.rows = list(rows)
        self._hs = highspy
        self.inf = highspy.kHighsInf
        self.highs = h = highspy.Highs()
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0),
                              ("mip_rel_gap", 0.0), ("mip_abs_gap", 1e-6)):
            h.setOptionValue(option, value)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n_vars, len(self.rows)
        lp.col_cost_ = np.zeros(n_vars)
        lp.col_lower_ = np.zeros(n_vars)
        lp.col_upper_ = np.full(n_vars, self.inf)
        self.lower = np.array([max(r.lower, -self.inf) for r in self.rows])
        self.upper = np.array([min(r.upper, self.inf) for r in self.rows])
        lp.row_lower_, lp.row_upper_ = self.lower, self.upper
        matrix = csc_array(np.vstack([r.coefficients for r in self.rows])) if self.rows else csc_array((0, n_vars))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
        h.passModel(lp)
        self.columns = np.arange(n_vars, dtype=np.int32)
        self.integer = None
        self.by_id: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(self.rows):
            self.by_id[row.id].append(i)
        self.witnesses: list[np.ndarray] = []
        self.feasible = self.minimum(np.zeros(n_vars)) is not None

    def _set_integer(self, integer: bool) -> None:
        if self.integer is not integer:
            kind = self._hs.HighsVarType.kInteger if integer else self._hs.HighsVarType.kContinuous
            self.highs.changeColsIntegrality(self.n, self.columns, np.array([kind] * self.n))
            self.integer = integer

    def _run(self, objective: np.ndarray, integer: bool):
        h, hs = self.highs, self._hs
        self._set_integer(integer)
        # a linear solve warm-starts from the last basis, which presolve would throw away
        h.setOptionValue("presolve", "on" if integer else "off")
        h.changeColsCost(self.n, self.columns, objective)
        if integer and self.witnesses:
            start = hs.HighsSolution()
            start.col_value = list(self.witnesses[0])
            start.value_valid = True
            h.setSolution(start)
        h.run()
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kInfeasible:
            return None
        if status != hs.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped without an answer: {h.modelStatusToString(status)}")
        x = np.asarray(h.getSolution().col_value[: self.n])
        return float(objective @ x), (np.round(x) if integer else x)

    @contextmanager
    def _changed(self, fixed: Sequence[tuple[np.ndarray, float]], drop: Iterable[str], cap=None):
        """Figures in `drop` switched off, `fixed` expressions held, and objective . x <= cap, for one question."""
        h = self.highs
        dropped = [i for rid in set(drop) for i in self.by_id.get(rid, [])]
        for i in dropped:
            h.changeRowBounds(i, -self.inf, self.inf)
        extra = [(c, v, v) for c, v in fixed] + ([(cap[0], -self.inf, cap[1])] if cap else [])
        for coefficients, low, high in extra:
            nz = np.flatnonzero(coefficients)
            h.addRow(low, high, len(nz), nz.astype(np.int32), coefficients[nz])
        try:
            yield
        finally:
            if extra:
                h.deleteRows(len(extra), np.arange(len(self.rows), len(self.rows) + len(extra), dtype=np.int32))
            for i in dropped:
                h.changeRowBounds(i, self.lower[i], self.upper[i])

    def _integer_point(self, near: np.ndarray) -> np.ndarray | None:
        """An integer table meeting the current rows, searched near the relaxation's answer `near`:
        first with its whole-number cells held and the others free by one record, then with every
        cell free by one record, then anywhere. Small boxes hold few free cells, so HiGHS is quick."""
        h = self.highs
        low, high = np.floor(near + 1e-9), np.ceil(near - 1e-9)
        fractional = high > low
        boxes = [(np.where(fractional, np.maximum(low - 1, 0), low), np.where(fractional, high + 1, high)),
                 (np.maximum(low - 1, 0), high + 1)]
        for lower, upper in boxes:
            h.changeColsBounds(self.n, self.columns, lower, upper)
            try:
                found = self._run(np.zeros(self.n), integer=True)
            finally:
                h.changeColsBounds(self.n, self.columns, np.zeros(self.n), np.full(self.n, self.inf))
            if found is not None:
                return found[1]
        found = self._run(np.zeros(self.n), integer=True)
        return None if found is None else found[1]

    def minimum(self, objective: np.ndarray, fixed: Sequence[tuple[np.ndarray, float]] = (),
                drop: Iterable[str] = ()) -> float | None:
        """Integer min of objective . x (integer coefficients) under the rows less `drop`, plus `fixed`."""
        drop = set(drop)
        with self._changed(fixed, drop):
            relaxed = self._run(objective, integer=False)
        if relaxed is None:
            return None
        target = math.ceil(relaxed[0] - 1e-7)
        for x in self.witnesses:
            if abs(objective @ x - target) < 1e-9 and all(abs(c @ x - v) < 1e-9 for c, v in fixed):
                return float(target)
        with self._changed(fixed, drop, cap=(objective, target)):
            near = self._run(objective, integer=False)
            x = None if near is None else self._integer_point(near[1])
        if x is None:
            with self._changed(fixed, drop):
                found = self._run(objective, integer=True)
            if found is None:
                return None
            x = found[1]
        if not drop:
            self.witnesses.append(x)
        return float(objective @ x)

    def dual_ids(self, objective: np.ndarray, bound: float, fixed=()) -> set[str] | None:
        """Figures with a non-zero dual value at the relaxation's optimum, when the integer bound is
        the rounded relaxed one (else None: no screening). Any other figure can be dropped without
        moving the relaxed optimum (the same dual solution stays optimal), so without moving the bound."""
        with self._changed(fixed, ()):
            relaxed = self._run(objective, integer=False)
            duals = np.asarray(self.highs.getSolution().row_dual[: len(self.rows)])
        if relaxed is None or math.ceil(relaxed[0] - 1e-7) != round(bound):
            return None
        return {self.rows[i].id for i in np.flatnonzero(np.abs(duals) > 1e-9)}

    def goes_below(self, objective: np.ndarray, value: float, fixed=(), drop=()) -> bool:
        """Is there an integer table with objective . x < value (integer coefficients and value)?"""
        with self._changed(fixed, drop):
            relaxed = self._run(objective, integer=False)
        if relaxed is None or math.ceil(relaxed[0] - 1e-7) >= value:
            return False
        with self._changed(fixed, drop, cap=(objective, value - 1)):
            return self._integer_point(relaxed[1]) is not None

    def count_range(self, expr: np.ndarray, fixed=(), drop=()) -> tuple[int, int] | None:
        low = self.minimum(expr, fixed, drop)
        if low is None:
            return None
        return round(low), round(-self.minimum(-expr, fixed, drop))


@dataclass(frozen=True)
class Bound:
    """Smallest and largest value of a quantity over the feasible set (None, None: infeasible)."""

    lower: Fraction | None
    upper: Fraction | None
    lower_at: int | None = None  # the base at which each extreme of a share is reached
    upper_at: int | None = None

    @property
    def feasible(self) -> bool:
        return self.lower is not None

    @property
    def determined(self) -> bool:
        return self.feasible and self.lower == self.upper


INFEASIBLE = Bound(None, None)


MAX_DENOMINATORS = 200  # a share whose base varies more than this is bounded too loosely to enumerate


def bound(num: np.ndarray, den: np.ndarray | None, solver: Solver, drop: Iterable[str] = (),
          bases: tuple[int, int] | None = None) -> Bound:
    """Sharp bounds of num (or of num/den: the base is enumerated, the ratio being non-linear).

    `bases` restricts the base of a share to a range (the structural bound of a
    share is taken at the bases the published figures allow).
    """
    drop = tuple(drop)
    if den is None:
        span = solver.count_range(num, drop=drop)
        return INFEASIBLE if span is None else Bound(Fraction(span[0]), Fraction(span[1]))
    base = solver.count_range(den, drop=drop) if bases is None else bases
    if base is None:
        return INFEASIBLE
    if base[1] - base[0] > MAX_DENOMINATORS:
        raise RuntimeError(f"the base of a share ranges over {base[0]}..{base[1]}: too wide to enumerate")
    best_low = best_high = None
    for d in range(max(base[0], 1), base[1] + 1):
        span = solver.count_range(num, fixed=[(den, d)], drop=drop)
        if span is None:
            continue
        low, high = Fraction(span[0], d), Fraction(span[1], d)
        if best_low is None or low < best_low[0]:
            best_low = (low, d)
        if best_high is None or high > best_high[0]:
            best_high = (high, d)
    if best_low is None:
        return INFEASIBLE
    return Bound(best_low[0], best_high[0], best_low[1], best_high[1])


def binding_constraints(solver: Solver, ids: Sequence[str], num, den, result: Bound,
                        drop: Iterable[str] = ()) -> dict[str, list[str]]:
    """Which published figures make each side tight: dropping one of them alone loosens that side.

    A deletion test; figures that bind only jointly (each redundant given the
    other) are not named. For a share the base is held where the extreme is reached.
    """
    drop = set(drop)
    out = {"lower": [], "upper": []}
    if not result.feasible:
        return out
    for side, sign, value, at in (("lower", 1, result.lower, result.lower_at),
                                  ("upper", -1, result.upper, result.upper_at)):
        fixed = [] if den is None else [(den, at)]
        target = round(value * (1 if den is None else at))
        candidates = solver.dual_ids(sign * num, sign * target, fixed)
        for rid in ids:
            tested = candidates is None or rid in candidates
            if tested and rid not in drop and solver.goes_below(sign * num, sign * target, fixed, drop | {rid}):
                out[side].append(rid)
    return out


# ---------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    id: str
    quantity: str
    num: np.ndarray = field(repr=False)
    den: np.ndarray | None = field(repr=False)
    claims: tuple[str, ...]
    stated: float | None
    stated_kind: str | None
    stated_rounding: str
    group: str | None

    @property
    def is_share(self) -> bool:
        return self.den is not None


def read_quantities(spec: Mapping, model: Model, spec_file: str) -> list[Quantity]:
    out = []
    for i, entry in enumerate(spec.get("quantities") or []):
        where = f"quantities[{i}] ({entry.get('id', '?')})"
        try:
            claims = tuple(entry.get("claims") or ())
            unknown = [c for c in claims if c not in model.rows]
            if unknown:
                raise ValueError(f"claim {unknown[0]!r} is not a constraint id")
            if entry.get("stated_kind") not in (None, *KINDS):
                raise ValueError(f"unknown stated_kind {entry.get('stated_kind')!r}")
            out.append(Quantity(
                entry["id"], entry["quantity"], model.cells.vector(entry["count"], where),
                model.cells.vector(entry["of"], where) if "of" in entry else None, claims,
                entry.get("stated"), entry.get("stated_kind"), entry.get("stated_rounding", "half_up"),
                entry.get("group")))
        except (ValueError, KeyError, TypeError) as error:
            raise StudyInputError(spec_file, _located(where, error)) from None
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise StudyInputError(spec_file, "quantity ids must be unique")
    return out


def stated_interval(q: Quantity) -> tuple[Fraction, Fraction, bool, bool] | None:
    """The values (as a share in [0, 1], or a count) the brief's statement allows: low, high, closed ends."""
    if q.stated is None:
        return None
    v = Fraction(str(q.stated))
    scale = Fraction(1, 100) if q.is_share else Fraction(1)
    if q.stated_kind == "exact count":
        return v * scale, v * scale, True, True
    if q.stated_kind == "lower bound":
        return v * scale, Fraction(10**9), False, True
    if q.stated_kind == "upper bound":
        return Fraction(-1), v * scale, True, False
    if q.stated_rounding == "truncate":
        return v * scale, (v + 1) * scale, True, False
    return (v - Fraction(1, 2)) * scale, (v + Fraction(1, 2)) * scale, True, False


def meets(b: Bound, interval) -> bool | None:
    """Does some feasible value lie in the stated interval? (Integer counts: a share is checked per base.)"""
    if interval is None:
        return None
    if not b.feasible:
        return False
    low, high, low_closed, high_closed = interval
    above_low = b.upper > low or (low_closed and b.upper == low)
    below_high = b.lower < high or (high_closed and b.lower == high)
    return above_low and below_high


def label(published: Bound, structural: Bound) -> str:
    if not published.feasible:
        return "infeasible"
    if published.determined:
        return "determined"
    if (published.lower, published.upper) == (structural.lower, structural.upper):
        return "free"
    return "constrained"


def identify(model: Model, quantities: Sequence[Quantity], with_binding: bool = True) -> list[dict]:
    """Bounds of every quantity: under the study reading (label, binding figures) and per reading for claims."""
    n = model.cells.n_vars
    structure = Solver(model.rows_for(model.study_reading, keep_only=STRUCTURE), n)
    solvers = {r: model.solver(r) for r in model.readings}
    out = []
    for q in quantities:
        interval = stated_interval(q)
        study = bound(q.num, q.den, solvers[model.study_reading])
        bases = None if q.den is None or not study.feasible else solvers[model.study_reading].count_range(q.den)
        structural = bound(q.num, q.den, structure, bases=bases)
        for reading, solver in solvers.items():
            if reading != model.study_reading and not q.claims:
                continue
            if not solver.feasible:
                out.append(_record(q, reading, INFEASIBLE, structural, INFEASIBLE, interval, {}))
                continue
            full = study if reading == model.study_reading else bound(q.num, q.den, solver)
            held_out = bound(q.num, q.den, solver, drop=q.claims) if q.claims else full
            binding = (binding_constraints(solver, model.constraint_ids(reading), q.num, q.den, full)
                       if with_binding and reading == model.study_reading else {})
            out.append(_record(q, reading, full, structural, held_out, interval, binding))
    return out


def _record(q, reading, full: Bound, structural: Bound, held_out: Bound, interval, binding) -> dict:
    return {
        "quantity": q.id,
        "description": q.quantity,
        "unit": "share" if q.is_share else "count",
        "reading": reading,
        "feasible": full.feasible,
        "lower": full.lower,
        "upper": full.upper,
        "label": label(full, structural),
        "structural_lower": structural.lower,
        "structural_upper": structural.upper,
        "binding_lower": ";".join(binding.get("lower", [])),
        "binding_upper": ";".join(binding.get("upper", [])),
        "stated": q.stated,
        "stated_kind": q.stated_kind,
        "held_out": ";".join(q.claims),
        "lower_without_claim": held_out.lower,
        "upper_without_claim": held_out.upper,
        "stated_feasible": meets(held_out, interval),
        "group": q.group,
    }


def reading_feasibility(model: Model) -> dict[str, bool]:
    return {r: model.solver(r).feasible for r in model.readings}


def conflict_sets(model: Model, reading: str) -> list[list[str]]:
    """For an infeasible reading: disjoint minimal sets of published figures that cannot all hold.

    Each set is an irreducible infeasible subsystem found by a deletion filter
    (drop a figure for good when the rest stays infeasible without it); its
    figures are then set aside and the search repeats until the rest is feasible.
    """
    solver = model.solver(reading)
    ids = model.constraint_ids(reading)
    zero = np.zeros(model.cells.n_vars)

    def feasible(kept):
        return solver.minimum(zero, drop=set(ids) - set(kept)) is not None

    out, remaining = [], list(ids)
    while not feasible(remaining):
        kept = list(remaining)
        for rid in reversed(kept):  # the corpus-wide figures, listed first, are kept in preference
            trial = [k for k in kept if k != rid]
            if not feasible(trial):
                kept = trial
        out.append([k for k in remaining if k in kept])
        remaining = [r for r in remaining if r not in kept]
    return out


# ---------------------------------------------------------------------------
# Ensemble
# ---------------------------------------------------------------------------

def margin_centres(model: Model, solver: Solver) -> dict[str, np.ndarray]:
    """Middle of the range each one-way margin (a country, an institution type, a category, the AI
    flag) can take under the figures, from the linear relaxation: where the ensemble's starts centre."""
    cells = model.cells
    out = {}
    for name, index, size, part in (("country", cells.country, len(cells.countries), cells.ai < 0),
                                    ("institution", cells.institution, len(cells.institutions), cells.ai < 0),
                                    ("category", cells.category, len(cells.categories), cells.ai < 0),
                                    ("ai", cells.ai, 2, cells.ai >= 0)):
        centre = np.zeros(size)
        for value in range(size):
            expr = np.zeros(cells.n_vars)
            expr[: cells.n_cells] = part & (index == value)
            low, high = solver._run(expr, integer=False), solver._run(-expr, integer=False)
            centre[value] = (low[0] - high[0]) / 2
        out[name] = np.maximum(centre, 1e-3)
    return out


def member_start(model: Model, rng: np.random.Generator, total: int, centres: Mapping[str, np.ndarray],
                 concentration: float = 50.0) -> np.ndarray:
    """A random starting table: each margin drawn from a Dirichlet around its centre (concentration
    50), the product times a Gamma(1, 1) multiplier per cell so that any association can arise."""
    cells = model.cells
    start = np.zeros(cells.n_vars)
    for part, dims in ((cells.ai < 0, ("country", "institution", "category")),
                       (cells.ai >= 0, ("institution", "category", "ai"))):
        weights = np.ones(int(part.sum()))
        for dim in dims:
            centre = centres[dim] / centres[dim].sum()
            weights *= rng.dirichlet(concentration * centre * len(centre))[getattr(cells, dim)[part]]
        weights *= rng.gamma(1.0, 1.0, size=weights.size)
        start[: cells.n_cells][part] = total * weights / weights.sum()
    for name in SCALARS:
        start[cells.scalar(name)] = rng.uniform(0, total)
    return start


class Projector:
    """Moves a starting table to a nearby integer table meeting every figure of a reading.

    The start is rounded to whole records; then comes the least-absolute-deviation
    projection of the linear relaxation (a linear programme with a deviation
    variable per cell), then the first integer table HiGHS finds within one
    record of that projection (see Solver._integer_point).
    """

    def __init__(self, solver: Solver):
        import highspy
        from scipy.sparse import csc_array, hstack, identity, vstack

        self.solver = solver
        n, rows = solver.n, solver.rows
        self.h = h = highspy.Highs()
        for option, value in (("output_flag", False), ("threads", 1), ("random_seed", 0)):
            h.setOptionValue(option, value)
        a = csc_array(np.vstack([r.coefficients for r in rows]))
        eye = identity(n, format="csc")
        # variables [x, d]: the figures on x; x - d <= s and x + d >= s, s the start
        matrix = csc_array(vstack([hstack([a, csc_array((len(rows), n))]), hstack([eye, -eye]),
                                   hstack([eye, eye])]))
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = 2 * n, len(rows) + 2 * n
        lp.col_cost_ = np.concatenate([np.zeros(n), np.ones(n)])
        lp.col_lower_ = np.zeros(2 * n)
        lp.col_upper_ = np.full(2 * n, highspy.kHighsInf)
        lp.row_lower_ = np.concatenate([solver.lower, np.full(2 * n, -highspy.kHighsInf)])
        lp.row_upper_ = np.concatenate([solver.upper, np.full(2 * n, highspy.kHighsInf)])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = matrix.indptr, matrix.indices, matrix.data
        h.passModel(lp)
        self.first = len(rows)
        self.inf = highspy.kHighsInf
        self.hs = highspy

    def __call__(self, start: np.ndarray) -> np.ndarray:
        start = np.round(start)  # a whole-number start leaves few fractional cells in the projection
        n, h = self.solver.n, self.h
        for j, value in enumerate(start):
            h.changeRowBounds(self.first + j, -self.inf, float(value))
            h.changeRowBounds(self.first + n + j, float(value), self.inf)
        h.run()
        if h.getModelStatus() != self.hs.HighsModelStatus.kOptimal:
            raise RuntimeError("the reading has no table to project onto")
        near = np.asarray(h.getSolution().col_value[:n])
        x = self.solver._integer_point(near)
        if x is None:  # pragma: no cover - the reading is feasible, so some integer table exists
            raise RuntimeError("no integer table meets the reading")
        return x.astype(int)


def draw_ensemble(model: Model, size: int, seed: int, reading: str | None = None) -> list[np.ndarray]:
    """`size` integer tables meeting every figure of the reading, member k drawn from seed (seed, k)."""
    reading = reading or model.study_reading
    solver = model.solver(reading)
    if not solver.feasible:
        raise RuntimeError(f"reading {reading!r} is infeasible: no corpus meets it")
    project = Projector(solver)
    total = int(round(solver.minimum(model.cells.vector({}))))
    centres = margin_centres(model, solver)
    return [project(member_start(model, np.random.default_rng([seed, k]), total, centres)) for k in range(size)]


def cell_labels(model: Model) -> list[str]:
    """Column names of a member table: every cell, then the scalar counts."""
    c = model.cells
    out = []
    for j in range(c.n_cells):
        inst, cat = c.institutions[c.institution[j]], c.categories[c.category[j]]
        if c.ai[j] < 0:
            out.append(f"{c.countries[c.country[j]]} | {inst} | {cat}")
        else:
            out.append(f"{inst} | {cat} | {'AI' if c.ai[j] else 'not AI'}")
    return out + list(SCALARS)


def members_frame(model: Model, members: Sequence[np.ndarray]):
    import pandas as pd

    frame = pd.DataFrame(np.vstack(members).astype(int), columns=cell_labels(model))
    frame.insert(0, "member", range(len(members)))
    return frame


def read_members(model: Model, frame) -> list[np.ndarray]:
    """Member tables back from ensemble_members.csv; the columns must match the model's cells."""
    labels = cell_labels(model)
    if list(frame.columns[1:]) != labels:
        raise ValueError("the ensemble's cells do not match data/reference/identification.yaml; rerun the ensemble")
    return [row.astype(float) for row in frame[labels].to_numpy()]


def record_table(model: Model, records, frame_years: Sequence[int]) -> np.ndarray:
    """The cell counts of a coded corpus (records: mapping columns to sequences), so the
    default reconstruction -- or real records -- is measured by the same selectors."""
    cells = model.cells
    x = np.zeros(cells.n_vars)
    class_of = {m: label for label, group in cells.members.items() for m in group}
    category_of = {m: label for label, group in cells.category_members.items() for m in group}
    frame = set(int(y) for y in frame_years)
    for country, institution, category, ai, year, post, target, forms in zip(
            records["country"], records["institution_type"], records["mic2025_category"], records["ai_flag"],
            records["year"], records["post_en"], records["target_name"], records["n_cooperation_forms"]):
        if institution == "company":
            institution = "company_frame" if int(year) in frame else "company_other_years"
        i, k = cells.institutions.index(institution), cells.categories.index(category_of[category])
        flag = str(ai).lower() in ("true", "1")
        if country in class_of:
            c = cells.countries.index(class_of[country])
            x[: cells.n_cells][(cells.country == c) & (cells.institution == i) & (cells.category == k)] += 1
        x[: cells.n_cells][(cells.ai == int(flag)) & (cells.institution == i) & (cells.category == k)] += 1
        x[cells.scalar("houston")] += post == "Houston"
        x[cells.scalar("ras")] += target == RAS_TARGET
        x[cells.scalar("multiple_forms")] += int(forms) >= 2
    return x


def value_of(q: Quantity, table: np.ndarray) -> float:
    num = float(q.num @ table)
    if q.den is None:
        return num
    den = float(q.den @ table)
    return num / den if den else math.nan


def is_true(value) -> bool:
    """A flag read back from a CSV (a bool, or the text True/False)."""
    return str(value).lower() == "true"


def exact_value(q: Quantity, table: np.ndarray) -> Fraction:
    num = Fraction(round(float(q.num @ table)))
    return num if q.den is None else num / round(float(q.den @ table))


def _within(q: Quantity, table: np.ndarray, row: Mapping) -> bool:
    """Exact check that a table's value lies within the bounds (bounds.csv keeps them as fractions)."""
    if not is_true(row["feasible"]):
        return False
    value = exact_value(q, table)
    return Fraction(str(row["lower_exact"])) <= value <= Fraction(str(row["upper_exact"]))


def summarise(bounds_rows: Sequence[Mapping], quantities: Sequence[Quantity], members: Sequence[np.ndarray],
              default: np.ndarray, study_reading: str) -> list[dict]:
    """Per quantity: default value, ensemble 2.5-97.5 % range, sharp bounds and label."""
    by_id = {r["quantity"]: r for r in bounds_rows if r["reading"] == study_reading}
    out = []
    for q in quantities:
        values = np.array([value_of(q, m) for m in members])
        row = by_id[q.id]
        out.append({
            "quantity": q.id, "description": q.quantity, "unit": row["unit"], "group": q.group,
            "default": value_of(q, default),
            "ensemble_low": float(np.quantile(values, 0.025)) if len(values) else math.nan,
            "ensemble_median": float(np.quantile(values, 0.5)) if len(values) else math.nan,
            "ensemble_high": float(np.quantile(values, 0.975)) if len(values) else math.nan,
            "lower": row["lower"], "upper": row["upper"], "label": row["label"],
            "stated": q.stated, "stated_kind": q.stated_kind,
            "default_within_bounds": _within(q, default, row),
        })
    return out


# ---------------------------------------------------------------------------
# Reading the inputs and shaping the outputs
# ---------------------------------------------------------------------------

def read_yaml(path) -> dict:
    """A YAML input as a mapping (an empty file is an empty mapping)."""
    from wishlist.core.files import read_yaml as load

    return load(path) or {}


def load_model(spec_path, targets_path, cases_path, codebook_path):
    """The model and its quantities from the files under data/ (errors name the file and entry)."""
    from wishlist.brief.codebook import load_codebook

    spec = read_yaml(spec_path)
    countries = spec.get("brief_countries")
    if not isinstance(countries, list) or len(set(countries)) != len(countries) or not countries:
        raise StudyInputError(spec_path, "brief_countries must be a list of distinct country names")
    model = build_model(spec, read_yaml(targets_path), read_yaml(cases_path), countries,
                        load_codebook(codebook_path), spec_file=str(spec_path))
    return model, read_quantities(spec, model, str(spec_path))


def _decimal(value) -> float | None:
    return None if value is None else round(float(value), 6)


def _exact(value) -> str:
    return "" if value is None else str(value)


BOUND_COLUMNS = ["quantity", "description", "unit", "group", "reading", "feasible", "lower", "upper",
                 "lower_exact", "upper_exact", "label", "structural_lower", "structural_upper", "binding_lower",
                 "binding_upper", "stated", "stated_kind", "held_out", "lower_without_claim",
                 "upper_without_claim", "stated_feasible"]


def bounds_frame(rows: Sequence[Mapping]):
    """bounds.csv: decimals for reading, exact fractions for checking by hand."""
    import pandas as pd

    out = []
    for r in rows:
        out.append({**r, "lower": _decimal(r["lower"]), "upper": _decimal(r["upper"]),
                    "lower_exact": _exact(r["lower"]), "upper_exact": _exact(r["upper"]),
                    "structural_lower": _decimal(r["structural_lower"]),
                    "structural_upper": _decimal(r["structural_upper"]),
                    "lower_without_claim": _decimal(r["lower_without_claim"]),
                    "upper_without_claim": _decimal(r["upper_without_claim"]),
                    "stated_feasible": "" if r["stated_feasible"] is None else r["stated_feasible"],
                    "group": r["group"] or ""})
    return pd.DataFrame(out, columns=BOUND_COLUMNS)


def range_text(low, high, unit: str) -> str:
    """'49.5–50.5 %' for shares, '5–16' for counts; one value when they coincide."""
    if low is None or high is None or (isinstance(low, float) and math.isnan(low)):
        return "infeasible"
    show = (lambda v: f"{100 * float(v):.1f}") if unit == "share" else (lambda v: f"{float(v):.0f}")
    suffix = " %" if unit == "share" else ""
    if show(low) == show(high):
        return show(low) + suffix
    return f"{show(low)}–{show(high)}{suffix}"


FUNCTION_WORDS = ("The ", "A ", "An ", "Endnote ", "More ", "Half ", "Nearly ", "Over ", "Less ", "Fewer ", "Every ",
                  "Most ")


def _lower_first(statement: str) -> str:
    """A statement set inside a sentence: 'The projects lie ...' -> 'the projects lie ...'."""
    return statement[:1].lower() + statement[1:] if statement.startswith(FUNCTION_WORDS) else statement


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _stated_text(row) -> str:
    if row["stated"] is None or (isinstance(row["stated"], float) and math.isnan(row["stated"])):
        return ""
    value = f"{float(row['stated']):g}" + (" %" if row["unit"] == "share" else "")
    return {"lower bound": "> ", "upper bound": "< "}.get(row["stated_kind"], "") + value


def identification_shown(summary, bounds, study_reading: str):
    """The manuscript's table: one row per quantity."""
    import pandas as pd

    study = bounds[bounds["reading"].eq(study_reading)].set_index("quantity")
    rows = []
    for _, r in summary.iterrows():
        b = study.loc[r["quantity"]]
        binding = " / ".join(_text(b[side]).replace(";", ", ") or "–" for side in ("binding_lower", "binding_upper"))
        rows.append({
            "Quantity": r["description"],
            "Label": r["label"],
            "Sharp bounds": range_text(r["lower"], r["upper"], r["unit"]),
            "Ensemble 95 %": range_text(r["ensemble_low"], r["ensemble_high"], r["unit"]),
            "This corpus": range_text(r["default"], r["default"], r["unit"]),
            "Brief states": _stated_text(r),
            "Binding (lower / upper)": binding,
        })
    return pd.DataFrame(rows)


def identification_numbers(summary, bounds, readings, study_reading: str, size: int, seed: int,
                           statements: Mapping[str, str] | None = None) -> dict:
    """numbers.yml fragment: labels and ranges per quantity, the headline bounds, the readings.

    `statements` (figure id -> the brief's statement) turn binding figures into words."""
    said = dict(statements or {})

    def words(ids: str) -> str:
        parts = [said.get(i, i).rstrip(".") for i in _text(ids).split(";") if i]
        return "; ".join(_lower_first(p) for p in parts) or "no single figure"

    study = bounds[bounds["reading"].eq(study_reading)].set_index("quantity")
    by_quantity = summary.set_index("quantity")
    labels = by_quantity["label"]
    out = {
        "ensemble_size": int(size), "ensemble_seed": int(seed), "quantities": int(len(summary)),
        **{k: int((labels == k).sum()) for k in LABELS},
        "study_reading": study_reading,
        "readings": int(len(readings)),
        "infeasible_readings": int((~readings["feasible"].astype(bool)).sum()),
        "label": labels.to_dict(),
        "bounds": {q: range_text(r["lower"], r["upper"], r["unit"]) for q, r in by_quantity.iterrows()},
        "ensemble": {q: range_text(r["ensemble_low"], r["ensemble_high"], r["unit"])
                     for q, r in by_quantity.iterrows()},
        "binding_lower": {q: _text(study.loc[q, "binding_lower"]).replace(";", ", ") or "none alone"
                          for q in summary["quantity"]},
        "binding_upper": {q: _text(study.loc[q, "binding_upper"]).replace(";", ", ") or "none alone"
                          for q in summary["quantity"]},
        "without_claim": {q: range_text(study.loc[q, "lower_without_claim"], study.loc[q, "upper_without_claim"],
                                        study.loc[q, "unit"]) for q in summary["quantity"]},
        "conflicts": {r["reading"]: " — and, separately, ".join(words(group) for group in
                                                               _text(r["conflict_sets"]).split(" | ") if group)
                      for _, r in readings.iterrows() if not r["feasible"]},
        "lower": {q: range_text(r["lower"], r["lower"], r["unit"]) for q, r in by_quantity.iterrows()},
        "upper": {q: range_text(r["upper"], r["upper"], r["unit"]) for q, r in by_quantity.iterrows()},
        "conflict_count": {r["reading"]: len([g for g in _text(r["conflict_sets"]).split(" | ") if g])
                           for _, r in readings.iterrows() if not r["feasible"]},
        "binding_lower_text": {q: words(study.loc[q, "binding_lower"]) for q in summary["quantity"]},
        "binding_upper_text": {q: words(study.loc[q, "binding_upper"]) for q in summary["quantity"]},
    }
    return out
