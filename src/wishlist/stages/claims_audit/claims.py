"""The claims audit: every claim of brief_claims.yaml validated, checked, and given a status.

Statuses
--------
- ``consistent``: the check, computed from published figures (counts, percents,
  dates, Table 1), holds;
- ``inconsistent``: it fails; the result carries one sentence saying why;
- ``inconsistent (proved)``: the identification stage shows that no corpus meets the
  published figures and the claim together (:func:`apply_identification`);
- ``not checkable from published material``: the brief gives nothing to test
  the number against (``source_basis: not_checkable``); a relation the check
  can still compute (e.g. "nearly one thousand" >= 335) is shown, and a failed
  relation would still make the claim inconsistent;
- ``holds by construction of the reconstruction``: only the record layer can
  test the claim, and the record layer is the shipped reconstruction, calibrated to
  the claim (``source_basis: records``). The recomputed value is the calibration
  target's ``expected`` — never an independent test. Only when the records in use
  are the reconstruction (:func:`apply_records`); on any other records such a claim
  gets one of the next three.
- ``holds in the records in use`` or ``fails in the records in use``: the claim's
  figure checked on the records themselves (the identification stage's departures),
  or ``not checked on the records in use`` when no rule states the figure.

Pure logic on mappings already read (the checks themselves are in
:mod:`wishlist.stages.claims_audit.checks`); the rule's file I/O is in the package's ``main``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from wishlist.brief.reference import statements, table1_cases, targets_by_id
from wishlist.core.errors import StudyInputError
from wishlist.core.files import parse_bool
from wishlist.stages.claims_audit.checks import (
    CHECK_FIELDS,
    CLAIM_ROUNDINGS,
    TABLE1_MODES,
    Interval,
    evaluate_check,
    target_text,
)

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
INCONSISTENT_PROVED = "inconsistent (proved)"  # no corpus meets the published figures and the claim together
NOT_CHECKABLE = "not checkable from published material"
BY_CONSTRUCTION = "holds by construction of the reconstruction"
RECORDS_HOLD = "holds in the records in use"
RECORDS_FAIL = "fails in the records in use"
RECORDS_UNCHECKED = "not checked on the records in use"
STATUSES = (CONSISTENT, INCONSISTENT, INCONSISTENT_PROVED, NOT_CHECKABLE, BY_CONSTRUCTION, RECORDS_HOLD, RECORDS_FAIL,
            RECORDS_UNCHECKED)
FAILED = (INCONSISTENT, INCONSISTENT_PROVED)
# the numbers.yml key of each status
STATUS_KEYS = {CONSISTENT: "consistent", INCONSISTENT: "inconsistent", INCONSISTENT_PROVED: "inconsistent_proved",
               NOT_CHECKABLE: "not_checkable",
               BY_CONSTRUCTION: "by_construction", RECORDS_HOLD: "records_hold", RECORDS_FAIL: "records_fail",
               RECORDS_UNCHECKED: "records_unchecked"}

SOURCE_BASES = ("published_counts", "table1", "records", "not_checkable")
REQUIRED_FIELDS = ("id", "location", "claim", "published", "check", "relates_to", "source_basis")
# the check type a source basis requires (other types accept any basis)
TYPE_BASIS = {"calibrated": "records", "table1": "table1", "not_checkable": "not_checkable"}


@dataclass(frozen=True)
class ClaimResult:
    number: int
    id: str
    location: str
    claim: str
    published: str
    check_type: str
    source_basis: str
    status: str
    recomputed: str
    recomputed_short: str
    inconsistency: str
    reading: str
    relates_to: tuple[str, ...]

    def as_row(self) -> dict:
        return {"number": self.number, "id": self.id, "location": self.location, "claim": self.claim,
                "published": self.published, "check_type": self.check_type, "source_basis": self.source_basis,
                "status": self.status, "recomputed": self.recomputed, "recomputed_short": self.recomputed_short,
                "inconsistency": self.inconsistency, "reading": self.reading,
                "relates_to": ";".join(self.relates_to)}


def status_for(source_basis: str, holds: bool | None) -> str:
    """The audit status from what the check found and what the claim can be tested against."""
    if holds is False:
        return INCONSISTENT
    if source_basis == "records":
        return BY_CONSTRUCTION
    if source_basis == "not_checkable" or holds is None:
        return NOT_CHECKABLE
    return CONSISTENT


def _reading_text(check: Mapping) -> str:
    reading = check.get("reading")
    if isinstance(reading, Mapping):
        note = reading.get("note", "")
        return f"{Interval.from_spec(reading).text()}" + (f" — {note}" if note else "")
    return "" if reading is None else str(reading)


def evaluate_claim(claim: Mapping, number: int, cases: Sequence[Mapping] = (),
                   targets: Mapping | None = None, file="brief_claims.yaml") -> ClaimResult:
    """Evaluate one validated claim; a malformed check becomes a StudyInputError naming the claim."""
    check = claim["check"]
    try:
        outcome = evaluate_check(check, cases, targets)
    except (KeyError, ValueError, TypeError, ZeroDivisionError) as error:
        detail = error.args[0] if isinstance(error, KeyError) else error
        problem = f"missing field {detail!r}" if isinstance(error, KeyError) else str(detail)
        raise StudyInputError(file, f"check cannot be evaluated: {problem}", record=claim["id"],
                              field="check") from None
    recomputed, short = outcome.recomputed, outcome.short
    if "target" in check and check["type"] != "calibrated":
        _, text, _ = target_text(targets[check["target"]], {})
        recomputed += f"; {text}"
    if check.get("note"):
        recomputed += f"; {check['note']}"
    status = status_for(claim["source_basis"], outcome.holds)
    sentence = ""
    if status == INCONSISTENT:
        template = check.get("sentence")
        sentence = template.format(**outcome.values) if template else outcome.sentence
    return ClaimResult(number, str(claim["id"]), str(claim["location"]), str(claim["claim"]).strip(),
                       str(claim["published"]), check["type"] + (f":{check['mode']}" if check["type"] == "table1"
                                                                 else ""),
                       claim["source_basis"], status, recomputed, short, sentence, _reading_text(check),
                       tuple(claim["relates_to"]))


def validate_claims(claims, targets: Mapping, file="brief_claims.yaml") -> list[Mapping]:
    """Check the claims file's structure; every fault is a StudyInputError naming the claim and field."""
    if not isinstance(claims, list) or not claims:
        raise StudyInputError(file, "must hold a non-empty list `claims`")
    seen: set[str] = set()
    for position, claim in enumerate(claims, start=1):
        if not isinstance(claim, Mapping):
            raise StudyInputError(file, f"claim {position} is not a mapping", record=position)
        record = claim.get("id", position)
        for name in REQUIRED_FIELDS:
            if name not in claim or claim[name] is None or claim[name] == "":
                raise StudyInputError(file, "required field is missing or empty", record=record, field=name)
        if record in seen:
            raise StudyInputError(file, "duplicate claim id", record=record, field="id")
        seen.add(record)
        if claim["source_basis"] not in SOURCE_BASES:
            raise StudyInputError(file, f"source_basis must be one of {SOURCE_BASES}, got {claim['source_basis']!r}",
                                  record=record, field="source_basis")
        if not isinstance(claim["relates_to"], list):
            raise StudyInputError(file, "relates_to must be a list of claim ids", record=record, field="relates_to")
        check = claim["check"]
        if not isinstance(check, Mapping) or "type" not in check:
            raise StudyInputError(file, "check must be a mapping with a `type`", record=record, field="check")
        kind = check["type"]
        if kind not in CHECK_FIELDS:
            raise StudyInputError(file, f"unknown check type {kind!r}; known: {sorted(CHECK_FIELDS)}",
                                  record=record, field="check.type")
        for name in CHECK_FIELDS[kind]:
            if name not in check:
                raise StudyInputError(file, f"a {kind} check needs `{name}`", record=record, field=f"check.{name}")
        if kind == "table1":
            if check["mode"] not in TABLE1_MODES:
                raise StudyInputError(file, f"unknown table1 mode {check['mode']!r}; known: {sorted(TABLE1_MODES)}",
                                      record=record, field="check.mode")
            for name in TABLE1_MODES[check["mode"]]:
                if name not in check:
                    raise StudyInputError(file, f"a table1 {check['mode']} check needs `{name}`", record=record,
                                          field=f"check.{name}")
        if "rounding" in CHECK_FIELDS[kind] and check["rounding"] not in CLAIM_ROUNDINGS:
            raise StudyInputError(file, f"rounding must be one of {tuple(CLAIM_ROUNDINGS)}", record=record,
                                  field="check.rounding")
        if kind in TYPE_BASIS and claim["source_basis"] != TYPE_BASIS[kind]:
            raise StudyInputError(file, f"a {kind} check needs source_basis {TYPE_BASIS[kind]!r}", record=record,
                                  field="source_basis")
        if "target" in check and check["target"] not in targets:
            raise StudyInputError(file, f"unknown calibration target {check['target']!r}", record=record,
                                  field="check.target")
    for claim in claims:
        for other in claim["relates_to"]:
            if other not in seen:
                raise StudyInputError(file, f"relates_to names unknown claim {other!r}", record=claim["id"],
                                      field="relates_to")
            if other == claim["id"]:
                raise StudyInputError(file, "a claim cannot relate to itself", record=claim["id"], field="relates_to")
    return claims


def audit(claims_doc: Mapping, published_cases: Mapping, calibration: Mapping,
          file="brief_claims.yaml") -> list[ClaimResult]:
    """Validate and evaluate every claim, in file order (numbered from 1)."""
    targets = targets_by_id(calibration)
    claims = validate_claims(claims_doc.get("claims") if isinstance(claims_doc, Mapping) else None, targets, file)
    cases = table1_cases(published_cases)
    return [evaluate_claim(c, i, cases, targets, file) for i, c in enumerate(claims, start=1)]


def _pct_text(value) -> str:
    return f"{100 * float(value):.1f} %"


def _bound_words(row: Mapping, kind: str | None = None) -> str:
    """The range a quantity can take; only the side that matters for a one-sided claim."""
    show = _pct_text if row.get("unit") == "share" else (lambda v: f"{float(v):.0f}")
    low, high = row.get("lower_without_claim"), row.get("upper_without_claim")
    if kind == "lower bound":
        return f"at most {show(high)}"
    if kind == "upper bound":
        return f"at least {show(low)}"
    return f"{show(low)}–{show(high)}"


def _flag(value) -> bool | None:
    """A flag read back from results/identification/*.csv (a bool, or the text True/False); empty: None."""
    return None if value is None or value == "" else parse_bool(value)


def _statements(ids, said: Mapping[str, str]) -> str:
    return "; ".join(str(said.get(i, i)).rstrip(".") for i in sorted(ids))


def apply_identification(results: Sequence[ClaimResult], claims_doc: Mapping, bounds: Sequence[Mapping],
                         readings: Sequence[Mapping], calibration: Mapping | None = None,
                         figure_statements: Mapping[str, str] | None = None) -> list[ClaimResult]:
    """Sharpen the audit with what the published figures determine (results/identification/).

    A claim with ``identification: {figure: id}`` whose figure belongs to a set of
    published figures that no corpus can meet together (a conflict set of the
    literal reading) is *inconsistent (proved)*. One with ``{quantity: id}`` gets the
    quantity's sharp bounds from the brief's other figures; if they exclude the
    stated value it is *inconsistent (proved)*, and ``alternatives`` name the
    readings under which it would hold.
    """
    specs = {c["id"]: c.get("identification") for c in claims_doc.get("claims", []) if c.get("identification")}
    said = statements(calibration or {}, "targets")
    said.update(figure_statements or {})
    study = next((r["reading"] for r in readings if _flag(r.get("study_reading"))), None)
    rows = {r["quantity"]: r for r in bounds if r["reading"] == study}
    conflicts = [set(group.split(";")) for r in readings if not _flag(r.get("feasible"))
                 for group in str(r.get("conflict_sets") or "").split(" | ") if group]
    out = []
    for result in results:
        spec = specs.get(result.id)
        if not spec:
            out.append(result)
            continue
        notes, proved, sentence = [], False, result.inconsistency
        figure = spec.get("figure")
        group = next((g for g in conflicts if figure in g), None)
        if group:
            proved = True
            sentence = (result.inconsistency + " " if result.inconsistency else "") + (
                "Proved: no corpus meets these published figures together: " + _statements(group, said) + ".")
            notes.append(f"conflict set of published figures: {', '.join(sorted(group))}")
        quantity = spec.get("quantity")
        if quantity:
            row = rows.get(quantity)
            if row is None:
                raise StudyInputError("data/reference/brief_claims.yaml", f"unknown identification quantity "
                                      f"{quantity!r}", record=result.id, field="identification")
            kind = row.get("stated_kind") or None
            notes.append(f"sharp bounds from the other published figures: {_bound_words(row)}")
            if _flag(row.get("stated_feasible")) is False:  # empty: no stated value
                proved = True
                missing = [a for a in spec.get("alternatives", []) if a not in rows]
                if missing:
                    raise StudyInputError("data/reference/brief_claims.yaml", f"unknown identification quantity "
                                          f"{missing[0]!r}", record=result.id, field="identification")
                holds = [f"{rows[a]['description']} ({_bound_words(rows[a], kind).replace('at most', 'up to')})"
                         for a in spec.get("alternatives", []) if _flag(rows[a].get("stated_feasible"))]
                sentence = (f"Proved: on every corpus consistent with the brief's other published figures, "
                            f"{row['description']} is {_bound_words(row, kind)}"
                            + (f"; the claim holds only if read as {' or as '.join(holds)}." if holds else "."))
        status = INCONSISTENT_PROVED if proved else result.status
        recomputed = result.recomputed + "".join(f"; {n}" for n in notes)
        out.append(replace(result, status=status, recomputed=recomputed,
                           recomputed_short=result.recomputed_short, inconsistency=sentence if proved
                           else result.inconsistency))
    return out


def status_counts(results: Sequence[ClaimResult]) -> dict[str, int]:
    counts = {STATUS_KEYS[s]: 0 for s in STATUSES}
    for result in results:
        counts[STATUS_KEYS[result.status]] += 1
    return counts


@dataclass(frozen=True)
class RecordsInUse:
    """What the audit knows of the records the study runs on: whether they are the shipped reconstruction
    (every raw and coding file as the generator wrote it), the published figures the identification stage
    states as rules, and those of them the records do not meet."""

    reconstruction: bool
    modelled: frozenset[str] = frozenset()
    departed: frozenset[str] = frozenset()

    def words(self, figure: str) -> tuple[str, str]:
        """The status and recomputed text of a record-layer figure checked on these records."""
        if figure not in self.modelled:
            return RECORDS_UNCHECKED, f"not checked on the records in use: no rule states {figure}"
        if figure in self.departed:
            return RECORDS_FAIL, f"the records in use do not meet it ({figure})"
        return RECORDS_HOLD, f"the records in use meet it ({figure})"


def apply_records(results: Sequence[ClaimResult], claims_doc: Mapping, records: RecordsInUse) -> list[ClaimResult]:
    """The record-layer part of each claim, for the records in use.

    On the shipped reconstruction a record-layer claim holds by construction (the generator was calibrated to
    it) and the calibration target's value is the reconstruction's. On any other records nothing holds by
    construction: a claim whose check names a calibration target is checked on the records (is the target
    among the figures they do not meet?), and the reconstruction's calibrated values are not printed."""
    if records.reconstruction:
        return list(results)
    checks = {c["id"]: c["check"] for c in claims_doc.get("claims", [])}
    out = []
    for result in results:
        target = checks.get(result.id, {}).get("target")
        if not target:
            out.append(result)
            continue
        status, text = records.words(str(target))
        kept = [part for part in result.recomputed.split("; ") if not part.startswith("reconstruction")]
        if result.source_basis == "records":
            sentence = (f"The records in use do not meet the published figure {target}." if status == RECORDS_FAIL
                        else "")
            out.append(replace(result, status=status, recomputed=text, recomputed_short=text.split(" (")[0],
                               inconsistency=sentence))
        else:
            out.append(replace(result, recomputed="; ".join([*kept, text])))
    return out


def claims_numbers(results: Sequence[ClaimResult]) -> dict:
    """numbers.yml fragment: claims per status, how many are checkable, and each failed claim's sentence.

    The sentences are the audit's own data (the `inconsistency` column of claims_audit.csv), copied
    under `inconsistency_<claim id>`.
    """
    counts = status_counts(results)
    return {
        "total_claims": len(results),
        **counts,
        "checkable": counts["consistent"] + counts["inconsistent"] + counts["inconsistent_proved"],
        **{f"inconsistency_{r.id}": r.inconsistency for r in results if r.status in FAILED},
    }
