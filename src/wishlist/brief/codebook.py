"""Read the study codebook (data/codebook.yaml), the one source of categories and term lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wishlist.core.files import read_yaml


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
        )
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: codebook lacks required entry {exc}") from exc
    for group in ("mic2025_categories", "institution_types", "cooperation_forms"):
        codes = [entry["code"] for entry in getattr(codebook, group)]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{path}: duplicate code in {group}")
    return codebook
