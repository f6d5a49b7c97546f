"""The files the identification stages share: the model from data/ and the bounds' CSV.

sharp_bounds, identification_summary and identification_exhibits build the same model from
the same four files or read the bounds the first one wrote; the readers those files need are
here, once, so each stage module holds only its own step.
"""

from __future__ import annotations

from pathlib import Path

from wishlist.brief.codebook import load_codebook
from wishlist.brief.reference import read_reference, targets_by_id
from wishlist.core.errors import StudyInputError
from wishlist.core.files import bool_column, read_csv
from wishlist.stats.identification.model import (
    Model,
    Quantity,
    SpecError,
    build_model,
    read_quantities,
)


def read_spec(path: str | Path) -> dict:
    """data/reference/identification.yaml as a mapping; `brief_countries` must list distinct names."""
    spec = read_reference(path)
    countries = spec.get("brief_countries")
    if not isinstance(countries, list) or len(set(countries)) != len(countries) or not countries:
        raise StudyInputError(path, "brief_countries must be a list of distinct country names")
    return spec


def load_model(spec_path, targets_path, cases_path, codebook_path) -> tuple[Model, list[Quantity]]:
    """The model and its quantities from the files under data/ (errors name the file and entry)."""
    spec = read_spec(spec_path)
    targets = targets_by_id(read_reference(targets_path, "targets"), targets_path)
    try:
        model = build_model(spec, targets, read_reference(cases_path), spec["brief_countries"],
                            load_codebook(codebook_path))
        return model, read_quantities(spec, model)
    except SpecError as error:
        raise StudyInputError(spec_path, str(error)) from None


def read_bounds(path: str | Path):
    """bounds.csv as written by sharp_bounds: empty cells NaN, `feasible` as booleans."""
    bounds = read_csv(path, keep_default_na=False, na_values=[""])
    bounds["feasible"] = bool_column(bounds["feasible"])
    return bounds
