"""Rule identification_summary: each record-layer quantity's value in the records used, beside its sharp
bounds, and the published figures those records meet -> summary tables and the numbers fragment."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from wishlist.brief.records import read_coded_records
from wishlist.brief.reference import read_reference, statements
from wishlist.core.files import EXACT_FLOATS, bool_column, read_csv, write_csv
from wishlist.core.numbers import write_numbers
from wishlist.stages.identification_inputs import load_model, read_bounds
from wishlist.stages.sharp_bounds import ID_SEPARATOR, SET_SEPARATOR
from wishlist.stats.identification.bounds import LABELS
from wishlist.stats.identification.cells import DEFINITION
from wishlist.stats.identification.records import departures, record_table, summarise

RAW = "raw"  # the fragment's key for the values wishlist.present.sentences.identification words (and removes)


def _value(value) -> float | None:
    """A number of the fragment (NaN, an empty CSV cell, becomes None)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def _ids(cell) -> list[str]:
    """The ids of one CSV cell ('a;b'; empty or NaN: none)."""
    return [] if not isinstance(cell, str) else [i for i in cell.split(ID_SEPARATOR) if i]


def _sets(cell) -> list[list[str]]:
    """The sets of ids of one conflict_sets cell ('a;b | c')."""
    return [] if not isinstance(cell, str) else [_ids(group) for group in cell.split(SET_SEPARATOR) if group]


def outside_brief_corpus(records, model) -> int:
    """How many records the brief's figures cannot describe: filed outside its 2015-2020 window, or in a
    country its cross-classification does not hold (a new country). Their values are not labelled by the
    brief's bounds: the cell table leaves a new country out, and the figures are about other years."""
    from wishlist.brief.codebook import BRIEF_WINDOW

    countries = {m for group in model.cells.members.values() for m in group}
    years = pd.Series(records["year"]).astype(int)
    outside = ~years.between(*BRIEF_WINDOW) | ~pd.Series(records["country"]).isin(countries)
    return int(outside.sum())


def identification_numbers(summary, bounds, readings, study_reading: str,
                           said: Mapping[str, str], departed: Sequence[str] = (), figures: int = 0,
                           outside_corpus: int = 0) -> dict:
    """numbers.yml fragment: counts, labels and the reading ids; under RAW, the values the sentences need.

    RAW holds, per quantity, its unit, bounds (with and without its claims), binding figure ids
    and its value in the records used; per infeasible reading, its conflict sets; and the brief's statement of
    every figure those name (`said`: figure id -> statement). `departed` are the ids of the published
    figures the records in use do not meet, of the `figures` the model states as rules."""
    study = bounds[bounds["reading"].eq(study_reading)].set_index("quantity")
    by_quantity = summary.set_index("quantity")
    labels = by_quantity["label"]
    infeasible = readings[~readings["feasible"]]
    conflicts = {r["reading"]: _sets(r["conflict_sets"]) for _, r in infeasible.iterrows()}
    per_quantity = {}
    for q, r in by_quantity.iterrows():
        b = study.loc[q]
        per_quantity[q] = {
            "unit": r["unit"], "lower": _value(r["lower"]), "upper": _value(r["upper"]),
            "lower_without_claim": _value(b["lower_without_claim"]),
            "upper_without_claim": _value(b["upper_without_claim"]),
            "binding_lower": _ids(b["binding_lower"]), "binding_upper": _ids(b["binding_upper"]),
            "value": _value(r["default"]), "within_bounds": bool(r["default_within_bounds"]),
        }
    named = {i for v in per_quantity.values() for i in v["binding_lower"] + v["binding_upper"]}
    named |= {i for groups in conflicts.values() for group in groups for i in group}
    named |= set(departed)
    return {
        "quantities": len(summary),
        **{k: int((labels == k).sum()) for k in LABELS},
        "study_reading": study_reading,
        "readings": len(readings),
        "infeasible_readings": len(infeasible),
        "label": labels.to_dict(),
        "conflict_count": {reading: len(groups) for reading, groups in conflicts.items()},
        # the records in use against the brief: how many of its modelled figures they fail, and how many
        # record-layer values lie outside the bounds those figures set
        "figures_modelled": int(figures),
        "departures": len(departed),
        "values_outside_bounds": int((~by_quantity["default_within_bounds"].astype(bool)).sum()),
        "records_outside_brief_corpus": int(outside_corpus),
        RAW: {"by_quantity": per_quantity, "conflict_sets": conflicts, "departures": list(departed),
              "statements": {i: said[i] for i in sorted(named) if i in said}},
    }


def figure_ids(model, reading: str) -> list[str]:
    """The published figures the model states as rules under `reading` (the definitions left out)."""
    return sorted({row.id for row in model.rows_for(reading)} - {DEFINITION})


def figures_table(figures: Sequence[str], departed: Sequence[str], said: Mapping[str, str]):
    """One row per published figure stated as a rule: its id, the brief's statement, and whether the records
    in use meet it (the claims audit checks record-layer claims with it)."""
    missed = set(departed)
    return pd.DataFrame({"figure": list(figures), "statement": [said.get(i, "") for i in figures],
                         "met_by_records": [i not in missed for i in figures]},
                        columns=["figure", "statement", "met_by_records"])


def figure_statements(spec_path, targets_path) -> dict[str, str]:
    """Figure id -> the brief's statement: every calibration target's, then identification.yaml's own."""
    said = statements(read_reference(targets_path, "targets"), "targets")
    said.update(statements(read_reference(spec_path, "constraints"), "constraints"))
    return said


def main(smk):
    model, quantities = load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    bounds = read_bounds(smk.input.bounds)
    readings = read_csv(smk.input.readings, keep_default_na=False)
    readings["feasible"] = bool_column(readings["feasible"])
    coded = read_coded_records(smk.input.coded)
    default = record_table(model, coded, smk.params.frame_years)
    summary = pd.DataFrame(summarise(bounds.to_dict("records"), quantities, default, model.study_reading))
    write_csv(smk.output.summary, summary)
    write_csv(smk.output.unrounded, summary, float_format=EXACT_FLOATS)  # figures drawn from it match
    said = figure_statements(smk.input.spec, smk.input.targets)
    departed = departures(model, model.study_reading, default)
    figures = figure_ids(model, model.study_reading)
    write_csv(smk.output.figures, figures_table(figures, departed, said))
    numbers = identification_numbers(summary, bounds, readings, model.study_reading, said, departed,
                                     figures=len(figures), outside_corpus=outside_brief_corpus(coded, model))
    # the countries the study reads as ranks 5-8 of the brief's Figure 6 (identification.yaml's set; the
    # brief prints only the top-eight total): worded by wishlist.present.sentences.identification
    numbers[RAW]["ranks_five_to_eight"] = list(model.cells.sets.get("ranks_five_to_eight", ()))
    write_numbers(smk.output.numbers, numbers)
