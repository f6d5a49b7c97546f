"""The cells: one integer count per country x institution x category, and per institution x category x AI.

Selectors (the mappings of identification.yaml) pick cells; countries and categories no
figure singles out are pooled (exactly: see Cells).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from wishlist.brief.reference import table1_cases
from wishlist.stats.identification.rows import Row

SCALARS = ("houston", "ras", "multiple_forms")  # counts no cell holds: Houston's records, RAS's, several forms
COMPANY_SPLIT = ("company_frame", "company_other_years")
DEFINITION = "definition"  # rows that define the scalar counts, kept under every reading


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
            raise ValueError(f"{where}: unknown country {min(unknown)!r}")
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
    names_c |= {case["country"] for case in table1_cases(cases)}
    names_c |= {lab["country"] for lab in cases.get("government_labs_endnote_60") or []}
    return names_c, names_k


def cell_labels(cells: Cells) -> list[str]:
    """Column names of a member table: every cell, then the scalar counts."""
    out = []
    for j in range(cells.n_cells):
        inst, cat = cells.institutions[cells.institution[j]], cells.categories[cells.category[j]]
        if cells.ai[j] < 0:
            out.append(f"{cells.countries[cells.country[j]]} | {inst} | {cat}")
        else:
            out.append(f"{inst} | {cat} | {'AI' if cells.ai[j] else 'not AI'}")
    return out + list(SCALARS)
