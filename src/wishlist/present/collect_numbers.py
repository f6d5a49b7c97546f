"""Rule collect_numbers: stage fragments -> results/numbers.yml and the Quarto project's _variables.yml."""

from pathlib import Path

from wishlist.core.files import read_yaml, write_yaml
from wishlist.core.numbers import write_numbers
from wishlist.present.markdown import inert
from wishlist.present.numbers import merge_fragments, nest, text_variables
from wishlist.present.sentences import with_sentences


def main(smk):
    fragments = {}
    for path in smk.input:
        stage = Path(path).stem
        fragments[stage] = with_sentences(stage, read_yaml(path) or {})
    numbers = merge_fragments(fragments)
    write_numbers(smk.output.numbers, numbers)
    # the paper's variables are Markdown to both renderers: text from data must stay text
    write_yaml(smk.output.variables, nest({key: inert(value, variable=True) for key, value in text_variables(numbers).items()}))
