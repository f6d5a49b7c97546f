"""Rule claims_audit: every quantitative claim of the brief, checked against the brief's own numbers.

Each claim in ``data/reference/brief_claims.yaml`` carries a machine-usable ``check``
(a mapping with a ``type``) and a ``source_basis``. The package has three parts:

- :mod:`.checks`: the checking engine, one pure function per check type (a check in,
  an Outcome out: holds, recomputed value, and one sentence when it fails);
- :mod:`.claims`: validation of the claims file, each claim's readings and their statuses,
  the sharpening by the identification stage's bounds (``inconsistent (proved)``), and the
  verdict over a claim's readings, tiered by consequence;
- :func:`main` (here): reads the inputs, writes results/claims/claims_audit.csv and the
  numbers fragment. The Markdown tables are the ``claims_exhibits`` rule's
  (wishlist.present.claims_exhibits).
"""

from __future__ import annotations

import pandas as pd

from wishlist.brief.reference import read_reference, statements
from wishlist.core.files import bool_column, read_csv, read_yaml, write_csv
from wishlist.core.numbers import write_numbers
from wishlist.stages.claims_audit.claims import (
    RecordsInUse,
    apply_identification,
    apply_records,
    audit,
    claims_numbers,
    reading_doc,
    verdicts,
)


def records_in_use(origin_path, figures_path) -> RecordsInUse:
    """What the audit needs of the records: the data_origin verdict and the figures they meet."""
    figures = read_csv(figures_path, keep_default_na=False)
    met = bool_column(figures["met_by_records"])
    return RecordsInUse(reconstruction=bool(read_yaml(origin_path)["data_are_reconstruction"]),
                        modelled=frozenset(figures["figure"]), departed=frozenset(figures.loc[~met, "figure"]))


def main(smk):
    claims = read_reference(smk.input.claims, "claims")
    calibration = read_reference(smk.input.targets, "targets")
    results = audit(claims, read_reference(smk.input.cases, "cases"), calibration, file=smk.input.claims)
    bounds = read_csv(smk.input.bounds, keep_default_na=False).to_dict("records")
    readings = read_csv(smk.input.readings, keep_default_na=False).to_dict("records")
    figure_statements = statements(read_reference(smk.input.spec, "constraints"), "constraints")
    each_reading = reading_doc(claims)
    results = apply_identification(results, each_reading, bounds, readings, calibration, figure_statements)
    results = verdicts(apply_records(results, each_reading, records_in_use(smk.input.origin, smk.input.figures)))
    write_csv(smk.output.table, pd.DataFrame([r.as_row() for r in results]))
    write_numbers(smk.output.numbers, claims_numbers(results))
