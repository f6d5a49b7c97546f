"""The claims audit: every claim of brief_claims.yaml validated, checked under each reading, and given a verdict.

Readings
--------
A claim's ``check`` is its first reading (``primary_reading`` names it; default "as worded").
Its optional ``readings`` list other reasonable readings of the same words, each with a
``label``, its own ``check`` and, optionally, its own ``identification``: "NATO members and
MNNAs" counts the United States among NATO's members; a list introduced by "including" need
not be complete; "one to three years" may mean whole years. Vague quantifiers take their
two-sided tolerance from the file's one ``quantifiers`` section
(:func:`~wishlist.stages.claims_audit.checks.resolve_quantifier`).

Each reading gets a status from its check:

- ``consistent``: the check, computed from published figures (counts, percents,
  dates, Table 1), holds;
- ``inconsistent``: it fails; the result carries one sentence saying why;
- ``inconsistent (proved)``: the identification stage shows that no corpus meets the
  published figures and the claim together (:func:`apply_identification`);
- ``not checkable from published material``: the brief gives nothing to test
  the number against (``source_basis: not_checkable``);
- for a claim only records can test (``source_basis: records``): ``needs the records``
  on the shipped reconstruction, which was calibrated to the claim and so cannot test
  it (the recomputed text says what was checked instead); on other records
  ``holds in the records in use`` / ``fails in the records in use`` / ``not checked on
  the records in use`` (:func:`apply_records`).

Verdicts
--------
:func:`verdicts` combines the readings of each claim into one verdict, tiered by consequence:

1. ``arithmetic conflict between published figures``: every reading fails on the brief's
   printed figures;
2. ``not supported by the brief's own evidence``: every reading fails on the brief's Table 1
   (``source_basis: table1``);
3. ``wording or rounding``: some readings fail and others hold;
4. ``consistent``: no reading fails.

Each verdict names the readings under which the claim holds and those under which it fails.

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
    QUANTIFIER_SIDES,
    TABLE1_MODES,
    Interval,
    evaluate_check,
    resolve_quantifier,
    target_text,
)

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
INCONSISTENT_PROVED = "inconsistent (proved)"  # no corpus meets the published figures and the claim together
NOT_CHECKABLE = "not checkable from published material"
NEEDS_RECORDS = "needs the records"  # a record-layer claim on the shipped reconstruction, calibrated to it
RECORDS_HOLD = "holds in the records in use"
RECORDS_FAIL = "fails in the records in use"
RECORDS_UNCHECKED = "not checked on the records in use"
FAILED = (INCONSISTENT, INCONSISTENT_PROVED)  # a reading's statuses that fail

# verdicts, the first three tiered by consequence
ARITHMETIC_CONFLICT = "arithmetic conflict between published figures"
UNSUPPORTED = "not supported by the brief's own evidence"
WORDING = "wording or rounding"
TIERS = (ARITHMETIC_CONFLICT, UNSUPPORTED, WORDING, CONSISTENT)
VERDICTS = (*TIERS, NOT_CHECKABLE, NEEDS_RECORDS, RECORDS_HOLD, RECORDS_FAIL, RECORDS_UNCHECKED)
FAULTS = (ARITHMETIC_CONFLICT, UNSUPPORTED, WORDING)  # the verdicts the inconsistencies table explains
# the numbers.yml key of each verdict
VERDICT_KEYS = {ARITHMETIC_CONFLICT: "arithmetic_conflict", UNSUPPORTED: "unsupported", WORDING: "wording",
                CONSISTENT: "consistent", NOT_CHECKABLE: "not_checkable", NEEDS_RECORDS: "needs_records",
                RECORDS_HOLD: "records_hold", RECORDS_FAIL: "records_fail", RECORDS_UNCHECKED: "records_unchecked"}
READING_MARK = "@"  # an alternative reading's result id: <claim id>@<its position in `readings`>
PRIMARY_READING = "as worded"

SOURCE_BASES = ("published_counts", "table1", "records", "not_checkable")
REQUIRED_FIELDS = ("id", "location", "claim", "published", "check", "relates_to", "source_basis")
READING_FIELDS = ("label", "check")
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
    reading_label: str = PRIMARY_READING
    holds_under: tuple[str, ...] = ()  # the reading labels under which the claim holds (verdicts only)
    fails_under: tuple[str, ...] = ()
    proved: bool = False  # a failing reading is proved by the identification stage

    @property
    def claim_id(self) -> str:
        return self.id.split(READING_MARK)[0]

    def as_row(self) -> dict:
        return {"number": self.number, "id": self.id, "location": self.location, "claim": self.claim,
                "published": self.published, "check_type": self.check_type, "source_basis": self.source_basis,
                "status": self.status, "recomputed": self.recomputed, "recomputed_short": self.recomputed_short,
                "inconsistency": self.inconsistency, "reading": self.reading,
                "holds_under": " | ".join(self.holds_under), "fails_under": " | ".join(self.fails_under),
                "proved": self.proved, "relates_to": ";".join(self.relates_to)}


def status_for(source_basis: str, holds: bool | None) -> str:
    """The audit status from what the check found and what the claim can be tested against."""
    if holds is False:
        return INCONSISTENT
    if source_basis == "records":
        return NEEDS_RECORDS
    if source_basis == "not_checkable" or holds is None:
        return NOT_CHECKABLE
    return CONSISTENT


def _reading_text(check: Mapping) -> str:
    reading = check.get("reading")
    if isinstance(reading, Mapping):
        note = reading.get("note", "")
        return f"{Interval.from_spec(reading).text()}" + (f" — {note}" if note else "")
    return "" if reading is None else str(reading)


def resolve_check(check: Mapping, quantifiers: Mapping) -> Mapping:
    """The check with a quantifier reading (``{quantifier, of}``) replaced by its interval."""
    if isinstance(check.get("reading"), Mapping) and "quantifier" in check["reading"]:
        return {**check, "reading": resolve_quantifier(check["reading"], quantifiers)}
    return check


def evaluate_claim(claim: Mapping, number: int, cases: Sequence[Mapping] = (),
                   targets: Mapping | None = None, file="brief_claims.yaml",
                   quantifiers: Mapping | None = None) -> ClaimResult:
    """Evaluate one validated claim; a malformed check becomes a StudyInputError naming the claim."""
    try:
        check = resolve_check(claim["check"], quantifiers or {})
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
    if status == NEEDS_RECORDS:
        recomputed = ("the published figures do not test it; the reconstruction was calibrated to meet it, so its "
                      "value there is no evidence; " + recomputed)
    return ClaimResult(number, str(claim["id"]), str(claim["location"]), str(claim["claim"]).strip(),
                       str(claim["published"]), check["type"] + (f":{check['mode']}" if check["type"] == "table1"
                                                                 else ""),
                       claim["source_basis"], status, recomputed, short, sentence, _reading_text(check),
                       tuple(claim["relates_to"]), str(claim.get("reading_label", PRIMARY_READING)))


def _validate_check(check: Mapping, basis: str, targets: Mapping, file, record, where: str) -> None:
    """One check's fields (the claim's own or a reading's); a fault names the claim and the check's place."""
    kind = check["type"]
    for name in CHECK_FIELDS[kind]:
        if name not in check:
            raise StudyInputError(file, f"a {kind} check needs `{name}`", record=record, field=f"{where}.{name}")
    if kind == "table1":
        if check["mode"] not in TABLE1_MODES:
            raise StudyInputError(file, f"unknown table1 mode {check['mode']!r}; known: {sorted(TABLE1_MODES)}",
                                  record=record, field=f"{where}.mode")
        for name in TABLE1_MODES[check["mode"]]:
            if name not in check:
                raise StudyInputError(file, f"a table1 {check['mode']} check needs `{name}`", record=record,
                                      field=f"{where}.{name}")
    if "rounding" in CHECK_FIELDS[kind] and check["rounding"] not in CLAIM_ROUNDINGS:
        raise StudyInputError(file, f"rounding must be one of {tuple(CLAIM_ROUNDINGS)}", record=record,
                              field=f"{where}.rounding")
    if kind in TYPE_BASIS and basis != TYPE_BASIS[kind]:
        raise StudyInputError(file, f"a {kind} check needs source_basis {TYPE_BASIS[kind]!r}", record=record,
                              field="source_basis")
    if "target" in check and check["target"] not in targets:
        raise StudyInputError(file, f"unknown calibration target {check['target']!r}", record=record,
                              field=f"{where}.target")
    reading = check.get("reading")
    if isinstance(reading, Mapping) and "quantifier" in reading:
        if reading["quantifier"] not in QUANTIFIER_SIDES or "of" not in reading:
            raise StudyInputError(file, f"a quantifier reading needs `quantifier` (one of {sorted(QUANTIFIER_SIDES)}) "
                                  "and `of`", record=record, field=f"{where}.reading")


def validate_quantifiers(quantifiers, file="brief_claims.yaml") -> Mapping:
    """The file's one statement of the tolerances of vague quantifiers: ``{word: {tolerance: 0 < t < 1}}``."""
    if not isinstance(quantifiers, Mapping):
        raise StudyInputError(file, "must hold a mapping `quantifiers` (word -> {tolerance})", field="quantifiers")
    for word, spec in quantifiers.items():
        if word not in QUANTIFIER_SIDES:
            raise StudyInputError(file, f"unknown quantifier; known: {sorted(QUANTIFIER_SIDES)}", record=word,
                                  field="quantifiers")
        tolerance = spec.get("tolerance") if isinstance(spec, Mapping) else None
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 < tolerance < 1:
            raise StudyInputError(file, "tolerance must be a number between 0 and 1 (a share of the figure)",
                                  record=word, field="quantifiers.tolerance")
    return quantifiers


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
        if check["type"] not in CHECK_FIELDS:
            raise StudyInputError(file, f"unknown check type {check['type']!r}; known: {sorted(CHECK_FIELDS)}",
                                  record=record, field="check.type")
        _validate_check(check, claim["source_basis"], targets, file, record, "check")
        readings = claim.get("readings", [])
        if not isinstance(readings, list):
            raise StudyInputError(file, "readings must be a list of {label, check}", record=record, field="readings")
        labels = [str(claim.get("primary_reading", PRIMARY_READING))]
        for position, reading in enumerate(readings, start=1):
            where = f"readings[{position}]"
            if not isinstance(reading, Mapping):
                raise StudyInputError(file, "a reading must be a mapping with `label` and `check`", record=record,
                                      field=where)
            for name in READING_FIELDS:
                if not reading.get(name):
                    raise StudyInputError(file, "required field is missing or empty", record=record,
                                          field=f"{where}.{name}")
            if reading["label"] in labels:
                raise StudyInputError(file, f"duplicate reading label {reading['label']!r}", record=record,
                                      field=f"{where}.label")
            labels.append(reading["label"])
            if not isinstance(reading["check"], Mapping) or reading["check"].get("type") not in CHECK_FIELDS:
                raise StudyInputError(file, f"a reading's check must be a mapping with a known `type` "
                                      f"({sorted(CHECK_FIELDS)})", record=record, field=f"{where}.check")
            _validate_check(reading["check"], claim["source_basis"], targets, file, record, f"{where}.check")
    for claim in claims:
        for other in claim["relates_to"]:
            if other not in seen:
                raise StudyInputError(file, f"relates_to names unknown claim {other!r}", record=claim["id"],
                                      field="relates_to")
            if other == claim["id"]:
                raise StudyInputError(file, "a claim cannot relate to itself", record=claim["id"], field="relates_to")
    return claims


def expand_readings(claims: Sequence[Mapping]) -> list[Mapping]:
    """One claim mapping per reading, in file order: the claim itself, then each of its ``readings``.

    An alternative reading keeps the claim's fields but takes its own ``check`` and ``identification``
    (none unless it states one) and the id ``<claim id>@<position>``.
    """
    out = []
    for claim in claims:
        base = {k: v for k, v in claim.items() if k != "readings"}
        out.append({**base, "reading_label": str(claim.get("primary_reading", PRIMARY_READING))})
        for position, reading in enumerate(claim.get("readings", []), start=1):
            alternative = {k: v for k, v in base.items() if k != "identification"}
            if reading.get("identification"):
                alternative["identification"] = reading["identification"]
            out.append({**alternative, "id": f"{claim['id']}{READING_MARK}{position}", "check": reading["check"],
                        "reading_label": str(reading["label"])})
    return out


def reading_doc(claims_doc: Mapping) -> dict:
    """The claims file with every reading as a claim of its own, for apply_identification and apply_records."""
    return {"claims": expand_readings(claims_doc.get("claims", []))}


def audit(claims_doc: Mapping, published_cases: Mapping, calibration: Mapping,
          file="brief_claims.yaml") -> list[ClaimResult]:
    """Validate and evaluate every claim under each of its readings, in file order (claims numbered from 1)."""
    targets = targets_by_id(calibration)
    if not isinstance(claims_doc, Mapping):
        raise StudyInputError(file, "must hold a mapping with `quantifiers` and `claims`")
    quantifiers = validate_quantifiers(claims_doc.get("quantifiers"), file)
    claims = validate_claims(claims_doc.get("claims"), targets, file)
    cases = table1_cases(published_cases)
    numbers = {c["id"]: i for i, c in enumerate(claims, start=1)}
    return [evaluate_claim(c, numbers[c["id"].split(READING_MARK)[0]], cases, targets, file, quantifiers)
            for c in expand_readings(claims)]


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


def verdict_of(statuses: Sequence[str], source_basis: str) -> str:
    """The verdict on a claim from the statuses of its readings (the module docstring's tiers)."""
    failed = [s in FAILED for s in statuses]
    if all(failed):
        return UNSUPPORTED if source_basis == "table1" else ARITHMETIC_CONFLICT
    if any(failed):
        return WORDING
    if CONSISTENT in statuses:
        return CONSISTENT
    return statuses[0]  # not checkable, or a record-layer status


def verdicts(results: Sequence[ClaimResult]) -> list[ClaimResult]:
    """One result per claim: its first reading's texts, the verdict over all its readings, and their names.

    The recomputed text of each further reading follows the first's, labelled; a claim that fails
    under some reading carries the failing readings' sentences and says under which readings it holds.
    """
    groups: dict[str, list[ClaimResult]] = {}
    for result in results:
        groups.setdefault(result.claim_id, []).append(result)
    out = []
    for readings in groups.values():
        first = readings[0]
        verdict = verdict_of([r.status for r in readings], first.source_basis)
        holds = tuple(r.reading_label for r in readings if r.status not in FAILED)
        fails = tuple(r.reading_label for r in readings if r.status in FAILED)
        recomputed = first.recomputed if len(readings) == 1 else " ‖ ".join(
            f"read {r.reading_label}: {r.recomputed}" for r in readings)
        sentence = " ".join(r.inconsistency for r in readings if r.status in FAILED and r.inconsistency)
        if verdict == WORDING:
            sentence += " Read " + " or ".join(holds) + ", it holds."
        elif verdict == RECORDS_FAIL:
            sentence = first.inconsistency
        out.append(replace(first, status=verdict, recomputed=recomputed, inconsistency=sentence.strip(),
                           holds_under=holds if len(readings) > 1 or verdict in TIERS else (),
                           fails_under=fails, proved=any(r.status == INCONSISTENT_PROVED for r in readings)))
    return out


def verdict_counts(results: Sequence[ClaimResult]) -> dict[str, int]:
    counts = {VERDICT_KEYS[v]: 0 for v in VERDICTS}
    for result in results:
        counts[VERDICT_KEYS[result.status]] += 1
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
    """numbers.yml fragment from the verdicts: claims per verdict, how many are checkable, how many were read
    more than one way, and each faulted claim's verdict and sentence.

    The sentences are the audit's own data (the `inconsistency` column of claims_audit.csv), copied
    under `inconsistency_<claim id>`.
    """
    counts = verdict_counts(results)
    faulted = [r for r in results if r.status in FAULTS]
    return {
        "total_claims": len(results),
        **counts,
        "checkable": sum(counts[VERDICT_KEYS[t]] for t in TIERS),
        "faults": len(faulted),
        "proved": sum(1 for r in results if r.proved and r.status == ARITHMETIC_CONFLICT),
        "read_more_than_one_way": sum(1 for r in results if len(r.holds_under) + len(r.fails_under) > 1),
        **{f"numbers_{VERDICT_KEYS[v]}": ";".join(str(r.number) for r in results if r.status == v) for v in FAULTS},
        **{f"verdict_{r.id}": r.status for r in results if r.status in FAULTS},
        **{f"inconsistency_{r.id}": r.inconsistency for r in results if r.status in FAULTS},
    }
