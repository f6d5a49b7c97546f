"""core.preflight: the config can run no code, and every bad value is reported on its own field."""

import copy
from pathlib import Path

import pytest
import yaml

from wishlist.core.files import read_yaml
from wishlist.core.preflight import readable_yaml, validate_config

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "workflow/schemas/config.schema.yaml"
CONFIG = read_yaml(ROOT / "config/config.yaml")
YTE_CONFIG = "__use_yte__: true\nconfidence_level: ?__import__('pathlib').Path({marker!r}).touch() or 0.95\n"


def test_the_templating_attack_is_real(tmp_path):
    """What Snakemake's config loader (yte) does with such a file: it runs the expression."""
    import yte

    marker = tmp_path / "ran"
    assert yte.process_yaml(YTE_CONFIG.format(marker=str(marker)), require_use_yte=True) == {"confidence_level": 0.95}
    assert marker.exists()


@pytest.mark.parametrize("switch", ["__use_yte__: true", "__use_yte__: false", "__use_yte__: yes",
                                    "__definitions__: [x = 1]", "__variables__: {a: 1}"])
def test_templating_is_refused_whatever_its_value(tmp_path, switch):
    marker = tmp_path / "ran"
    config = tmp_path / "config.yaml"
    config.write_text(YTE_CONFIG.format(marker=str(marker)).replace("__use_yte__: true", switch), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        readable_yaml(config)
    key = switch.split(":")[0]
    assert str(caught.value) == f"{config}, key '{key}': templating is not allowed (the config must not run code)"
    assert not marker.exists()


def test_a_python_tag_in_the_config_is_refused_by_name(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("sample:\n  seed: !!python/object/apply:os.getpid []\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        readable_yaml(config)
    assert str(caught.value) == (f"{config}, line 2: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.getpid' "
                                 "is not allowed (a study file is plain data and must not run code)")


def test_a_duplicated_config_section_is_refused(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("sample:\n  seed: 1\nconfidence_level: 0.9\nsample:\n  seed: 2\n", encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        readable_yaml(config)
    assert str(caught.value) == f"{config}, line 4, key 'sample': duplicate key (first given on line 1)"


def test_the_committed_config_passes(monkeypatch):
    monkeypatch.chdir(ROOT)
    readable_yaml("config/config.yaml")
    validate_config(copy.deepcopy(CONFIG), SCHEMA)


def changed(dotted: str, value) -> dict:
    config = copy.deepcopy(CONFIG)
    node = config
    *parents, leaf = dotted.split(".")
    for part in parents:
        node = node[part]
    node[leaf] = value
    return config


@pytest.mark.parametrize(("dotted", "value", "message"), [
    ("confidence_level", float("nan"), "field 'confidence_level': must be a finite number, not nan"),
    ("confidence_level", float("inf"), "field 'confidence_level': must be a finite number, not inf"),
    ("precision_planning.margins", [0.1, float("nan")],
     "field 'precision_planning.margins.1': must be a finite number, not nan"),
    ("time_to_partnership.investigation_cutoff", "2021-02-30",
     "field 'time_to_partnership.investigation_cutoff': '2021-02-30' is not a date that exists (YYYY-MM-DD)"),
    ("time_to_partnership.investigation_cutoff", "2021-13-01",
     "field 'time_to_partnership.investigation_cutoff': '2021-13-01' is not a date that exists (YYYY-MM-DD)"),
    ("sample.frame_institution_type", "compnay",
     "field 'sample.frame_institution_type': 'compnay' is not an institution type of data/codebook.yaml "
     "(one of company, university, government_lab, other, not_stated)"),
    ("sample.frame_years", [2015, 2024],
     "field 'sample.frame_years': 2024 is outside the study window 2015-2020 (no record of it is studied)"),
])
def test_a_bad_value_is_reported_on_its_own_field(monkeypatch, dotted, value, message):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ValueError) as caught:
        validate_config(changed(dotted, value), SCHEMA)
    assert str(caught.value) == f"config/config.yaml, {message}"


def test_a_leap_day_is_a_date(monkeypatch):
    monkeypatch.chdir(ROOT)
    validate_config(changed("time_to_partnership.investigation_cutoff", "2020-02-29"), SCHEMA)


def test_nan_written_in_yaml_reaches_the_check(tmp_path, monkeypatch):
    """`.nan` in the file is what a user types; it must reach validate_config as a float NaN."""
    monkeypatch.chdir(ROOT)
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(CONFIG).replace("confidence_level: 0.95", "confidence_level: .nan"),
                      encoding="utf-8")
    readable_yaml(config)  # a NaN is valid YAML: the field check below names it
    with pytest.raises(ValueError, match=r"field 'confidence_level': must be a finite number, not nan"):
        validate_config(read_yaml(config), SCHEMA)
