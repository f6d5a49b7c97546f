"""wishlist.stages.identification_inputs: the model from data/ and the bounds' CSV."""

from __future__ import annotations

import pytest
from identification_brief import SPEC, write_brief

from wishlist.core.errors import StudyInputError
from wishlist.stages.identification_inputs import load_model, read_bounds


def test_a_bad_entry_names_the_file_and_the_entry(tmp_path):
    constraints = [dict(c) for c in SPEC["constraints"]]
    constraints[4] = {**constraints[4], "count": {"country": "Atlantis", "category": "x"}}
    brief = write_brief(tmp_path, {**SPEC, "constraints": constraints})
    with pytest.raises(StudyInputError, match=r"spec\.yaml: constraints\[4\] \(a_x\): unknown country 'Atlantis'"):
        load_model(brief.spec, brief.targets, brief.cases, brief.codebook)


def test_brief_countries_must_be_distinct(tmp_path):
    brief = write_brief(tmp_path, {**SPEC, "brief_countries": ["A", "A"]})
    with pytest.raises(StudyInputError, match="brief_countries must be a list of distinct country names"):
        load_model(brief.spec, brief.targets, brief.cases, brief.codebook)


def test_read_bounds_parses_the_flags_and_leaves_empty_cells_empty(tmp_path):
    path = tmp_path / "bounds.csv"
    path.write_text("quantity,feasible,lower,binding_lower\nq,True,0.5,\nr,False,,a;b\n", encoding="utf-8")
    bounds = read_bounds(path)
    assert bounds["feasible"].tolist() == [True, False]
    assert bounds["lower"].isna().tolist() == [False, True] and bounds["binding_lower"].isna().tolist() == [True, False]
    path.write_text("quantity,feasible\nq,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'yes' is not a true/false flag"):
        read_bounds(path)
