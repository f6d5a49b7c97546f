"""Unknown keys in the reference YAML files (issue 17): each file has its allowed keys
(wishlist.brief.reference.REFERENCE_SCHEMAS), so a misspelt key stops the study, named by file,
entry and key, instead of being ignored."""

import shutil
from pathlib import Path

import pytest
import yaml

from wishlist.brief.reference import read_reference
from wishlist.core.errors import StudyInputError

REFERENCE = Path(__file__).resolve().parents[2] / "data/reference"
FILES = ("calibration_targets.yaml", "published_cases.yaml", "brief_claims.yaml", "identification.yaml")


@pytest.mark.parametrize("name", FILES)
def test_the_committed_reference_files_use_only_allowed_keys(name):
    assert read_reference(REFERENCE / name)


def edited(tmp_path, name, change):
    """A copy of a committed reference file, with `change(document)` applied (same file name)."""
    document = yaml.safe_load((REFERENCE / name).read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", FILES)
def test_an_unknown_top_level_key_is_refused(tmp_path, name):
    path = edited(tmp_path, name, lambda d: d.update(extra_figures=[1, 2]))
    with pytest.raises(StudyInputError) as error:
        read_reference(path)
    assert error.value.field == "extra_figures" and f"{name}" in str(error.value)
    assert "unknown key 'extra_figures' in the top level" in str(error.value)


def test_a_misspelt_key_of_a_calibration_target_names_the_target(tmp_path):
    def misspell(document):
        target = next(t for t in document["targets"] if "denominator" in t)
        target["denomintor"] = target.pop("denominator")  # read with .get: the default would be used silently
        misspell.id = target["id"]

    path = edited(tmp_path, "calibration_targets.yaml", misspell)
    with pytest.raises(StudyInputError) as error:
        read_reference(path, "targets")
    assert error.value.record == misspell.id and error.value.field.endswith(".denomintor")
    assert f"record {misspell.id}" in str(error.value) and "unknown key 'denomintor'" in str(error.value)


def test_a_nested_unknown_key_of_a_published_case_is_refused(tmp_path):
    def add(document):
        document["cases"][0]["partnership_indicator"]["dated"] = "2017"

    with pytest.raises(StudyInputError, match=r"record drylet, field 'cases\[1\]\.partnership_indicator\.dated': "
                                              r"unknown key 'dated'"):
        read_reference(edited(tmp_path, "published_cases.yaml", add), "cases")


def test_an_unknown_key_in_a_claim_check_is_refused(tmp_path):
    def add(document):
        document["claims"][0]["check"]["roundng"] = "truncate"

    with pytest.raises(StudyInputError, match=r"brief_claims.yaml, record .*, field 'claims\[1\]\.check\.roundng'"):
        read_reference(edited(tmp_path, "brief_claims.yaml", add), "claims")


def test_an_unknown_key_in_an_identification_constraint_is_refused(tmp_path):
    def add(document):
        document["constraints"][2]["cuont"] = 3

    with pytest.raises(StudyInputError, match=r"identification.yaml, .*field 'constraints\[3\]\.cuont'"):
        read_reference(edited(tmp_path, "identification.yaml", add))


def test_a_key_given_twice_is_refused_by_the_yaml_reader(tmp_path):
    path = tmp_path / "calibration_targets.yaml"
    shutil.copy(REFERENCE / "calibration_targets.yaml", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntargets:", "\ntargets: []\ntargets:", 1), encoding="utf-8")
    with pytest.raises(StudyInputError, match="duplicate key"):
        read_reference(path, "targets")
