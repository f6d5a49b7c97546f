"""The numbers contract: every number the manuscript cites lives in results/numbers.yml.

Stages write fragments (nested mappings); `merge_fragments` joins them under the
stage name, refusing clashes. `text_variables` turns the nested numbers into the
flat strings Quarto's `{{< var key >}}` shows, formatted by a key-suffix rule so
that formatting is decided once, here, and never in the manuscript:

- ``*_pct``   a proportion in [0, 1], shown as a percentage with one decimal;
- ``*_years`` a duration in years, one decimal;
- ``*_days``  whole days;
- any other float: two decimals (kappa, alpha, ratios); ints and strings as they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

PRECISION = 6  # decimals kept in numbers.yml: enough for any derived display value


def clean(value):
    """Make a value YAML-safe and stable: round floats, turn numpy scalars into Python."""
    if isinstance(value, Mapping):
        dotted = [k for k in value if "." in str(k)]
        if dotted:
            raise ValueError(f"number key {dotted[0]!r} contains '.', which separates nested keys")
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("NaN cannot be a manuscript number")
        return round(value, PRECISION)
    raise TypeError(f"unsupported number type {type(value).__name__}")


def merge_fragments(fragments: Mapping[str, Mapping]) -> dict:
    """Nest each stage's fragment under its stage name (`coding.ai_flagged`)."""
    return {stage: clean(fragment) for stage, fragment in sorted(fragments.items())}


def format_number(key: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    if key.endswith("_pct"):
        return f"{100 * value:.1f}"
    if key.endswith("_years"):
        return f"{value:.1f}"
    if key.endswith("_days"):
        return f"{value:.0f}"
    return f"{value:.2f}"


def text_variables(numbers: Mapping, prefix: str = "") -> dict[str, str]:
    """Flatten nested numbers to dotted keys with display strings."""
    flat: dict[str, str] = {}
    for key, value in numbers.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(text_variables(value, prefix=f"{dotted}."))
        elif isinstance(value, list):
            flat[dotted] = ", ".join(format_number(key, v) for v in value)
        else:
            flat[dotted] = format_number(key, value)
    return flat


def nest(flat: Mapping[str, str]) -> dict:
    """Rebuild the nested mapping Quarto expects in _variables.yml from dotted keys."""
    nested: dict = {}
    for dotted, value in sorted(flat.items()):
        node = nested
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


def write_numbers(path, fragment) -> None:
    """Write a stage's numbers fragment: cleaned (plain, rounded types), sorted YAML."""
    from .files import write_yaml

    write_yaml(path, clean(fragment))
