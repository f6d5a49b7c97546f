"""Rule collect_numbers: stage fragments -> results/numbers.yml, the Quarto project's _variables.yml
and results/numbers_map.csv (every key of numbers.yml -> the rule and script that wrote it).

`smk.params.producers` maps each stage (the name of results/numbers/<stage>.yml) to the
rule, script and rule file that write its fragment, read from the workflow
(workflow/rules/common.smk: numbers_producers). Each value of _variables.yml is the
display string, inert (text from data stays text), in a span that names its key and
rule (wishlist.present.numbers.traced): so every number of the HTML paper says where
it comes from. A key a sentences module composes belongs to the stage's rule, worded
by this one.
"""

from pathlib import Path

from wishlist.core.files import read_yaml, write_csv, write_yaml
from wishlist.core.numbers import write_numbers
from wishlist.present.markdown import inert
from wishlist.present.numbers import (
    COMPOSER,
    NumberSource,
    merge_fragments,
    nest,
    text_variables,
    traced,
)
from wishlist.present.sentences import with_sentences

MAP_COLUMNS = ["key", "shown", "rule", "worded_by", "script", "rule_file", "fragment"]


def sources(keys, producers, worded: dict[str, set[str]]) -> dict[str, NumberSource]:
    """Dotted key -> its source: the rule of its stage (the key's first part), worded by
    COMPOSER when the key's second part is one a sentences module added."""
    found = {}
    for key in keys:
        stage, top = (key.split(".") + [""])[:2]
        if stage not in producers:
            raise ValueError(f"numbers key {key!r}: no rule of the workflow writes results/numbers/{stage}.yml")
        rule, script, rule_file = producers[stage]
        found[key] = NumberSource(rule, script, rule_file, COMPOSER if top in worded.get(stage, ()) else "")
    return found


def numbers_map(shown: dict[str, str], found: dict[str, NumberSource], fragments: dict[str, str]):
    """One row per key of numbers.yml, in key order: what the paper shows and who wrote it."""
    import pandas as pd

    rows = [{"key": key, "shown": shown[key], "rule": source.rule, "worded_by": source.worded_by,
             "script": source.script, "rule_file": source.rule_file, "fragment": fragments[key.split(".")[0]]}
            for key, source in sorted(found.items())]
    return pd.DataFrame(rows, columns=MAP_COLUMNS)


def main(smk):
    producers = {stage: tuple(entry) for stage, entry in dict(smk.params.producers).items()}
    fragments, worded, paths = {}, {}, {}
    for path in smk.input:
        stage = Path(path).stem
        raw = read_yaml(path) or {}
        fragments[stage] = with_sentences(stage, raw)
        # the keys its sentences module added (with_sentences refuses one that clashes with a stage key)
        worded[stage] = set(fragments[stage]) - set(raw)
        paths[stage] = str(path)
    numbers = merge_fragments(fragments)
    write_numbers(smk.output.numbers, numbers)
    shown = text_variables(numbers)
    found = sources(shown, producers, worded)
    # the paper's variables are Markdown to both renderers: text from data must stay text
    write_yaml(smk.output.variables,
               nest({key: traced(inert(value, variable=True), key, found[key]) for key, value in shown.items()}))
    write_csv(smk.output.numbers_map, numbers_map(shown, found, paths))
