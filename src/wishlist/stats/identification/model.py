"""The published figures as integer rows over the cells, per reading of the brief (identification.yaml).

`build_model` turns the mappings of identification.yaml, the calibration targets (by id) and
published_cases.yaml into a `Model`; `read_quantities` the quantities it bounds. A bad entry
raises SpecError naming the entry (the stage adds the file's name).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from wishlist.brief.reference import table1_cases
from wishlist.brief.rounding import HALF_UP
from wishlist.brief.vocabulary import RAS_TARGET, RUSSIA, UNITED_STATES
from wishlist.stats.identification.cells import DEFINITION, Cells, singled_out
from wishlist.stats.identification.rows import (
    EXACT_COUNT,
    KINDS,
    Row,
    eq,
    figure_rows,
    ge,
)
from wishlist.stats.identification.solver import Solver

RULES = ("at_least_one_each", "decreasing", "each_at_least", "only_in", "majority", "largest", "lead",
         "endnote_60_labs", "table_1_in_frame")


class SpecError(ValueError):
    """An entry of identification.yaml (or a target it names) the model cannot use; the message names it."""


def _canonical(selector) -> str:
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
        """One HiGHS model per reading, built once and shared by bounds, feasibility and conflicts."""
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


def build_model(spec: Mapping, targets: Mapping[str, Mapping], cases: Mapping, countries: Sequence[str], codebook,
                pool: bool = True) -> Model:
    """Turn identification.yaml + the calibration targets (by id) into rows; a SpecError names the entry.

    `cases` is published_cases.yaml, `countries` the spec's brief_countries, `codebook` gives
    us_allies, institution_codes and category_codes. pool=False keeps every country and
    category separate (slower; the tests compare the two)."""
    sets = {"us_allies": tuple(codebook.us_allies)}
    sets.update({k: tuple(v) for k, v in (spec.get("sets") or {}).items()})
    named_c, named_k = singled_out(spec, countries, codebook.category_codes, cases) if pool else (None, None)
    cells = Cells.build(countries, codebook.institution_codes, codebook.category_codes, sets, named_c, named_k)
    index = dict(targets)
    readings = {k: v["description"] for k, v in (spec.get("readings") or {}).items()}
    study = spec.get("study_reading")
    if study not in readings:
        raise SpecError(f"study_reading {study!r} is not one of the readings")
    rows: dict[str, list] = defaultdict(list)
    covered: set[str] = set()

    def add(rid, new_rows, entry_readings):
        for row in new_rows:
            rows[rid].append((row, entry_readings))

    v = cells.vector
    # definitions: the scalar counts sit inside the cells they belong to
    add(DEFINITION, cells.link_rows(), None)
    homes = {"houston": {"country": UNITED_STATES}, "ras": {"country": RUSSIA, "institution": "government_lab"},
             "multiple_forms": {}}
    for name, home in homes.items():  # a scalar whose home country is not among the cells is zero
        inside = home.get("country") in (None, *countries)
        add(DEFINITION, [ge(DEFINITION, v(home) - v({"scalar": name}), 0) if inside
                         else eq(DEFINITION, v({"scalar": name}), 0)], None)

    # bases another figure fixes under every reading (642 records, 529 stating a type, ...)
    fixed_bases = {_canonical(e["count"]): int(index[e["id"]]["value"])
                   for e in spec.get("constraints") or []
                   if e.get("rule") is None and "of" not in e and "readings" not in e and e.get("id") in index
                   and index[e["id"]]["kind"] == EXACT_COUNT}
    for i, entry in enumerate(spec.get("constraints") or []):
        where = f"constraints[{i}] ({entry.get('id', '?')})"
        rid = entry.get("id")
        covers = list(entry.get("covers") or ([rid] if rid in index else []))
        missing = [c for c in covers if c not in index]
        if not covers or missing:
            raise SpecError(f"{where}: {(missing or [rid])[0]!r} is not a calibration target "
                            "(an entry that is not one names the targets it covers)")
        covered.update(covers)
        entry_readings = entry.get("readings")
        if entry_readings is not None:
            unknown = [r for r in entry_readings if r not in readings]
            if unknown:
                raise SpecError(f"{where}: unknown reading {unknown[0]!r}")
            entry_readings = frozenset(entry_readings)
        target = index.get(rid, {})
        try:
            add(rid, _entry_rows(entry, target, cells, cases, where, fixed_bases), entry_readings)
        except (ValueError, KeyError, TypeError) as error:
            raise SpecError(_located(where, error)) from None
    not_modelled = dict(spec.get("not_modelled") or {})
    unaccounted = sorted(set(index) - covered - set(not_modelled))
    if unaccounted:
        raise SpecError(f"calibration target {unaccounted[0]!r} is neither a constraint "
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
        return figure_rows(rid, target["kind"], target["value"], num, den, target.get("rounding", HALF_UP))
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    if rule == "at_least_one_each":
        base = entry.get("base") or {}
        return [ge(rid, _v_pool(cells, base, "country", c), cells.size(c))
                for c in sorted(cells.countries_of(entry["country"], where))]
    if rule == "decreasing":
        chain = [v(s, where) for s in entry["chain"]]
        out = [ge(rid, a - b, 1) for a, b in pairwise(chain)]
        rest = set(cells.countries) - cells.countries_of(entry["then_each_country_not_in"], where)
        return out + [ge(rid, cells.size(c) * chain[-1] - _v_class(cells, c), cells.size(c)) for c in sorted(rest)]
    if rule == "each_at_least":
        rest = set(cells.countries) - cells.countries_of(entry["at_least_each_country_not_in"], where)
        return [ge(rid, cells.size(c) * _v_class(cells, s) - _v_class(cells, c), 0)
                for s in sorted(cells.countries_of(entry["each_country_in"], where)) for c in sorted(rest)]
    if rule == "only_in":
        inside = cells.countries_of(entry["country"], where)
        outside = sorted(set(cells.countries) - inside)
        outside = [m for label in outside for m in cells.members[label]]
        return [eq(rid, v({**entry["count"], "country": outside}, where), 0)] if outside else []
    if rule == "majority":
        return [ge(rid, 2 * v(entry["count"], where) - v(entry["of"], where), 1)]
    if rule == "largest":
        selector = dict(entry["count"])
        dim = entry["each"]
        own = selector[dim]
        pools = cells.categories if dim == "category" else cells.countries
        others = [c for c in pools if c != own]
        base = entry.get("base") or {k: val for k, val in selector.items() if k != dim}
        return [ge(rid, cells.size(o) * v(selector, where) - _v_pool(cells, base, dim, o), cells.size(o))
                for o in others]
    if rule == "lead":
        out = []
        for c in sorted(cells.countries_of(entry["country"], where)):
            for lead in entry["categories"]:
                out += [ge(rid, cells.size(k) * v({"country": c, "category": lead}, where)
                            - _v_pool(cells, {"country": c}, "category", k), 0)
                        for k in cells.categories if k not in entry["categories"]]
        return out
    if rule == "endnote_60_labs":
        labs = cases.get("government_labs_endnote_60") or []
        per_country: dict[str, int] = defaultdict(int)
        out = []
        for lab in labs:
            if lab["target_name"] == RAS_TARGET:
                out.append(eq(rid, v({"scalar": "ras"}), int(lab["records"])))
            else:
                per_country[lab["country"]] += int(lab["records"])
        for c, n in sorted(per_country.items()):
            coeff = v({"country": c, "institution": "government_lab"}, where)
            if c == RUSSIA:
                coeff = coeff - v({"scalar": "ras"})
            out.append(ge(rid, coeff, n))
        return out
    if rule == "table_1_in_frame":
        per_country: dict[str, int] = defaultdict(int)
        for case in table1_cases(cases):
            per_country[case["country"]] += 1
        return [ge(rid, v({"country": c, "institution": "company_frame"}, where), n)
                for c, n in sorted(per_country.items())]
    raise AssertionError(rule)  # pragma: no cover - RULES is exhaustive


@dataclass(frozen=True)
class Quantity:
    """A record-layer quantity: a count (num) or a share (num over den), and what the brief states of it."""

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


def read_quantities(spec: Mapping, model: Model) -> list[Quantity]:
    """The quantities identification.yaml bounds; a SpecError names the entry."""
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
                entry.get("stated"), entry.get("stated_kind"), entry.get("stated_rounding", HALF_UP),
                entry.get("group")))
        except (ValueError, KeyError, TypeError) as error:
            raise SpecError(_located(where, error)) from None
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise SpecError("quantity ids must be unique")
    return out


