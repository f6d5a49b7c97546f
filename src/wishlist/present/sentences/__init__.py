"""Sentences the paper states about the data, composed from each stage's numbers.

One module per stage fragment: ``wishlist.present.sentences.<stage>`` (the stage's
``results/numbers/<stage>.yml`` name) defines ``sentences(fragment) -> dict``, whose
keys are added to that stage's entry of results/numbers.yml. A module may list in
``RAW_KEYS`` the fragment keys that only feed its sentences; those are left out of
numbers.yml. Stages store values; the words are chosen here, from the values, by
`collect_numbers`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping


def with_sentences(stage: str, fragment: Mapping) -> dict:
    """The fragment plus the sentences its stage's module composes (if the stage has one)."""
    try:
        module = importlib.import_module(f"{__name__}.{stage}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{stage}":
            raise
        return dict(fragment)
    composed = module.sentences(fragment)
    raw = set(getattr(module, "RAW_KEYS", ()))
    kept = {key: value for key, value in fragment.items() if key not in raw}
    clash = sorted(set(composed) & set(kept))
    if clash:
        raise ValueError(f"sentence key {clash[0]!r} of stage {stage!r} is already a number")
    return {**kept, **composed}
