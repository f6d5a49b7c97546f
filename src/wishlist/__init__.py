"""Reproducible re-analysis of CSET's "China's Foreign Technology Wish List" (2021).

Layers, lowest first; a module imports only its own layer and the ones below it
(tests/test_architecture.py enforces this):

- ``core``: errors, atomic files, checksums, preflight, numbers fragments, seeds
- ``brief``: the codebook, the brief's vocabularies, readers of records, sheets and reference files
- ``stats``: pure estimators (proportions, agreement, survival, partial identification)
- ``stages``: one module per workflow rule, named as the rule
- ``present``: figures, tables, sentences, the numbers shown in the paper, the appendix, rendering

``reconstruct`` stands aside: the generators of the default (reconstructed) data, run by
``scripts/``, never by the workflow.
"""

__version__ = "0.1.0"
