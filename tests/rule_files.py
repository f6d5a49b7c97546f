"""What the rule files say, read from their text (not from Snakemake or common.smk), so tests
can check the workflow's own mappings against an independent reading."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stage_rules(root: Path = ROOT) -> dict[str, tuple[str, str, str]]:
    """Stage -> (rule, script, rule file): the rule whose output `numbers` is
    results/numbers/<stage>.yml, its script and the .smk file it is in."""
    found = {}
    for smk in sorted((root / "workflow/rules").glob("*.smk")):
        for block in re.split(r"^(?=rule \w+:)", smk.read_text(encoding="utf-8"), flags=re.MULTILINE):
            head = re.match(r"rule (\w+):", block)
            fragment = re.search(r'^\s+numbers="results/numbers/(\w+)\.yml"', block, flags=re.MULTILINE)
            if head and fragment:
                script = re.search(r'^\s+script:\s*\n\s+"\.\./(scripts/[\w.]+)"', block, flags=re.MULTILINE)
                found[fragment.group(1)] = (head.group(1), "workflow/" + script.group(1),
                                            smk.relative_to(root).as_posix())
    return found


def flatten(numbers: dict, prefix: str = "") -> dict:
    """Nested numbers.yml -> dotted keys."""
    flat = {}
    for key, value in numbers.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def cited_keys(qmd_text: str) -> list[str]:
    """The keys of every {{< var key >}} in a manuscript, once each, in order of first citation."""
    return list(dict.fromkeys(re.findall(r"\{\{< var ([\w.]+) >\}\}", qmd_text)))
