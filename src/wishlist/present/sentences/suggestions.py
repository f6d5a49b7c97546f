"""Words on the suggestion model's agreement where it matters: records with real text and human codes.

Cross-validation on the reconstructed records flatters the model (their texts come from
phrase banks), so the paper states the agreement on real-text records separately, and says
plainly when no real coder's codes exist to measure it against.
"""

from __future__ import annotations

from collections.abc import Mapping


def real_text_sentence(part: Mapping) -> str:
    if not part or not part.get("measured"):
        return ("No record with real text has human codes, so the model's agreement on real bulletins is not "
                "measured.")
    n, coders = int(part["records"]), int(part.get("real_coder_records", 0))
    category = part.get("mic2025_category") or {}
    accuracy = f"{100 * float(category['accuracy_pct']):.1f} %" if "accuracy_pct" in category else "unmeasured"
    records = f"{n} record{'' if n == 1 else 's'} with real text"
    if coders == n:
        return (f"On the {records} and human codes, held out in turn, the model agrees with the coders on the "
                f"category in {accuracy} of cases.")
    if coders:
        return (f"On the {records}, held out in turn, the model agrees with the coder sheets on the category in "
                f"{accuracy} of cases; {coders} of them carry a real coder's codes.")
    return (f"On the {records}, held out in turn, the model agrees with the coder sheets on the category in "
            f"{accuracy} of cases, but those sheets are not a real coder's, so its agreement with human coders is "
            "not measured.")


def sentences(fragment: Mapping) -> dict:
    real = fragment.get("real_text") or {}
    return {"real_text_sentence": real_text_sentence(real),
            "when": {"real_text_measured": bool(real.get("measured"))}}
