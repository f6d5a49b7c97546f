"""Rule collect_numbers: stage fragments -> results/numbers.yml and the Quarto project's _variables.yml."""

from pathlib import Path

import yaml

from wishlist.core.files import write_yaml
from wishlist.core.numbers import write_numbers
from wishlist.present.numbers import merge_fragments, nest, text_variables
from wishlist.present.sentences import with_sentences


def main(smk):
    fragments = {}
    for path in smk.input:
        with open(path, encoding="utf-8") as handle:
            stage = Path(path).stem
            fragments[stage] = with_sentences(stage, yaml.safe_load(handle) or {})
    numbers = merge_fragments(fragments)
    write_numbers(smk.output.numbers, numbers)
    write_yaml(smk.output.variables, nest(text_variables(numbers)))
