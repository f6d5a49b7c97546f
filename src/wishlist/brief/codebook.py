"""Read the study codebook (data/codebook.yaml), the one source of categories and term lists,
and the dated alliance table (data/reference/alliances.csv) that gives ally status outside the
brief's window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wishlist.core.files import read_yaml

BRIEF_WINDOW = (2015, 2020)  # the filing years of the brief's 642 records


@dataclass(frozen=True)
class Codebook:
    """Typed view of the codebook; attributes mirror its top-level keys."""

    mic2025_categories: tuple[dict, ...]
    institution_types: tuple[dict, ...]
    ai_ml_keywords: tuple[str, ...]
    keyword_matching: dict
    cooperation_forms: tuple[dict, ...]
    us_allies: tuple[str, ...]
    raw: dict
    # filing years (first, last) for which endnote 55's list is the ally reading (the brief's window)
    us_allies_years: tuple[int, int] = BRIEF_WINDOW
    # the case study's kinds of partnership evidence, each with `deal` (a transaction over the firm or its IP)
    partnership_indicators: tuple[dict, ...] = ()

    @property
    def deal_indicators(self) -> tuple[str, ...]:
        return tuple(i["code"] for i in self.partnership_indicators if i.get("deal") is True)

    @property
    def category_codes(self) -> tuple[str, ...]:
        return tuple(c["code"] for c in self.mic2025_categories)

    @property
    def institution_codes(self) -> tuple[str, ...]:
        return tuple(c["code"] for c in self.institution_types)

    def label(self, group: str, code: str) -> str:
        """English label of a category or institution code, for tables and figures."""
        for entry in getattr(self, group):
            if entry["code"] == code:
                return entry["en"]
        raise KeyError(f"{code!r} is not a code of {group}")


def load_codebook(path: str | Path) -> Codebook:
    """Load and minimally check the codebook; a broken codebook must stop the study."""
    path = Path(path)
    raw = read_yaml(path)
    try:
        codebook = Codebook(
            mic2025_categories=tuple(raw["mic2025_categories"]),
            institution_types=tuple(raw["institution_types"]),
            ai_ml_keywords=tuple(raw["ai_ml_keywords"]["terms"]),
            keyword_matching=dict(raw["ai_ml_keywords"]["matching"]),
            cooperation_forms=tuple(raw["cooperation_forms"]["forms"]),
            us_allies=tuple(raw["country_groups"]["us_allies"]["countries"]),
            raw=raw,
            # a codebook without `years` (an older or a cut-down one) describes the brief's window
            us_allies_years=_years(raw["country_groups"]["us_allies"].get("years", BRIEF_WINDOW)),
            partnership_indicators=tuple(raw.get("partnership_indicators") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: codebook lacks required entry {exc}") from exc
    for entry in codebook.partnership_indicators:
        if not isinstance(entry, dict) or not isinstance(entry.get("deal"), bool) or "code" not in entry:
            raise ValueError(f"{path}: each partnership_indicators entry needs a code and deal: true or false")
    for group in ("mic2025_categories", "institution_types", "cooperation_forms", "partnership_indicators"):
        codes = [entry["code"] for entry in getattr(codebook, group)]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{path}: duplicate code in {group}")
    return codebook


def _years(value) -> tuple[int, int]:
    """`years: [first, last]` of a country group, checked."""
    first, last = (int(v) for v in value)
    if first > last:
        raise ValueError(f"country group years {value!r}: the first year is after the last")
    return first, last


# ------------------------------------------------------------------------- alliances --
# data/reference/alliances.csv: one row per country and group; ended_year empty while the status holds.
ALLIANCE_COLUMNS = ("country", "group", "since_year", "ended_year", "source")
ALLIANCE_GROUPS = ("nato", "mnna")  # NATO member; U.S.-designated Major Non-NATO Ally


def read_alliances(path):
    """The dated alliance table, checked: known groups, four-digit years, a source on every row.

    A country's status holds for filing years since_year <= year < ended_year (no ended_year:
    it still holds). The United States is not its own ally (endnote 55 does not list it), so a
    row for it is refused, as is a country listed twice in one group.
    """
    import re

    import pandas as pd

    from wishlist.brief.sheets import read_checked_sheet
    from wishlist.brief.vocabulary import UNITED_STATES
    from wishlist.core.errors import StudyInputError

    table = read_checked_sheet(path, ALLIANCE_COLUMNS)
    year = re.compile(r"^\d{4}$")
    seen = set()
    for line, row in enumerate(table.itertuples(index=False), start=2):
        where = {"row": line, "record": row.country}
        if not row.country.strip() or row.country != row.country.strip():
            raise StudyInputError(path, "country is empty or has spaces around it", field="country", **where)
        if row.country == UNITED_STATES:
            raise StudyInputError(path, "the United States is not its own ally (endnote 55 does not list it)",
                                  field="country", **where)
        if row.group not in ALLIANCE_GROUPS:
            raise StudyInputError(path, f"unknown group {row.group!r}; expected one of {list(ALLIANCE_GROUPS)}",
                                  field="group", **where)
        if (row.country, row.group) in seen:
            raise StudyInputError(path, f"{row.country} is listed twice as {row.group}", field="country", **where)
        seen.add((row.country, row.group))
        if not year.match(row.since_year):
            raise StudyInputError(path, f"since_year {row.since_year!r} is not a four-digit year",
                                  field="since_year", **where)
        if row.ended_year and (not year.match(row.ended_year) or int(row.ended_year) <= int(row.since_year)):
            raise StudyInputError(path, f"ended_year {row.ended_year!r} must be empty or a four-digit year after "
                                  f"since_year {row.since_year}", field="ended_year", **where)
        if not row.source.strip():
            raise StudyInputError(path, "every row needs its source", field="source", **where)
    return pd.DataFrame({
        "country": table["country"], "group": table["group"], "since_year": table["since_year"].astype(int),
        "ended_year": pd.array([int(v) if v else pd.NA for v in table["ended_year"]], dtype="Int64"),
        "source": table["source"]})


def allies_in(alliances, year: int) -> frozenset[str]:
    """The countries the alliance table makes U.S. allies (NATO or MNNA) in filing year `year`."""
    holds = alliances["since_year"].le(year) & (alliances["ended_year"].isna() | alliances["ended_year"].gt(year))
    return frozenset(alliances.loc[holds.fillna(False).astype(bool), "country"])
