"""The claims audit's checking engine: one function per check type, pure (a check mapping in, an Outcome out).

A claim of ``data/reference/brief_claims.yaml`` carries a ``check``: a mapping with a
``type`` (a key of :data:`CHECKS`, or ``calibrated`` / ``table1``) and that type's
fields (:data:`CHECK_FIELDS`). Each check computes, from the published figures it
names, whether the claim holds, the recomputed value (full and short text for the
audit CSV) and, when it fails, one plain sentence saying what disagrees with what:
these texts are the audit's data (results/claims/claims_audit.csv).

Vague quantifiers are read through intervals written in the claims file, so a reader
can dispute the reading without touching code: either an interval in the claim's
``reading``, or ``reading: {quantifier: nearly, of: 50}``, which
:func:`resolve_quantifier` turns into an interval with the two-sided tolerance the
file's ``quantifiers`` section states once for every claim ("nearly X" is a little
below X, "about X" a little either side, "more than X" a little above).
Rounding of percentages is exact (wishlist.brief.rounding): the claims file's
``rounding: nearest`` is :data:`~wishlist.brief.rounding.HALF_UP`, as the brief
rounds (171/642 = 26.6 -> 27, 264/529 = 49.9 -> 50); ``truncate`` is
:data:`~wishlist.brief.rounding.TRUNCATE` (drops the decimals).

No file is read or written here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from wishlist.brief.dates import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    duration_days,
    parse_filing_date,
)
from wishlist.brief.rounding import (
    HALF_UP,
    TRUNCATE,
    counts_rounding_to,
    exact,
    percent,
    round_percent,
    rounding_interval,
)
from wishlist.brief.vocabulary import FILE_NUMBER
from wishlist.stats.survival import band, uncertain_order

OPS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "eq": "="}
OP_WORDS = {"gt": "more than", "ge": "at least", "lt": "less than", "le": "at most", "eq": "equal to"}
# brief_claims.yaml's words for the rounding rules (shown as written in the recomputed text)
CLAIM_ROUNDINGS = {"nearest": HALF_UP, "truncate": TRUNCATE}
ROUNDINGS = tuple(CLAIM_ROUNDINGS)
ROUNDED_AS = {HALF_UP: "rounded to nearest", TRUNCATE: "truncated"}  # the other rule, named in the recomputed text

# check type -> fields it must have (beyond `type`)
CHECK_FIELDS: dict[str, tuple[str, ...]] = {
    "ratio": ("numerator", "denominator", "stated_percent", "rounding"),
    "sum": ("parts", "total"),
    "bound": ("op", "limit"),
    "words": ("quantifier", "numerator", "denominator", "reading"),
    "implied_count": ("denominator", "stated_percent", "rounding"),
    "union": ("first", "second", "total", "reading"),
    "max_share": ("total", "excluded", "other_excluded_countries", "op", "stated_percent"),
    "top_k": ("known", "k", "top_total", "total", "countries"),
    "coverage": ("total", "coders", "overlap", "reading"),
    "list_count": ("items", "stated_count"),
    "list_subset": ("items", "container"),
    "membership": ("value", "allowed"),
    "elapsed": ("start", "end", "stated", "unit"),
    "order": ("sequence",),
    "dates_agree": ("pairs",),
    "file_number": ("value", "stated_year", "stated_post"),
    "source_text": ("evidence", "pattern"),
    "calibrated": ("target",),
    "table1": ("mode",),
    "not_checkable": ("why",),
    "by_reading": ("why",),
}
TABLE1_MODES = {
    "band_share": ("band", "reading", "quantifier"),
    "band_count": ("band", "reading", "quantifier"),
    "after_share": ("sample_size", "reading", "quantifier"),
    "indicator_types": ("matching_types", "stated_count"),
    "report_years": ("first_year", "last_year"),
    "duration_share": ("low_years", "high_years", "reading", "quantifier"),
    "median_duration": ("low_years", "high_years"),
}
# the sides a quantifier's tolerance applies to: "nearly X" is just below X, "about X" either side of it,
# "more than X" just above it, "fewer than X" just below it (X itself excluded where the word excludes it)
QUANTIFIER_SIDES = {"nearly": ("below", False), "about": ("both", True), "more than": ("above", False),
                    "fewer than": ("below", False)}


@dataclass(frozen=True)
class Outcome:
    """What a check found: holds (None = nothing computable), full and short recomputed text, and why it fails."""

    holds: bool | None
    recomputed: str
    short: str
    sentence: str = ""
    values: dict = field(default_factory=dict)  # numbers the optional YAML `sentence` template may use


# --------------------------------------------------------------------------- arithmetic helpers


def rule_of(word: str) -> str:
    """The rounding rule (wishlist.brief.rounding) a claim's `rounding` word names."""
    if word not in CLAIM_ROUNDINGS:
        raise ValueError(f"rounding must be one of {ROUNDINGS}, got {word!r}")
    return CLAIM_ROUNDINGS[word]


def compare(value, op: str, limit) -> bool:
    if op not in OPS:
        raise ValueError(f"op must be one of {sorted(OPS)}, got {op!r}")
    value, limit = Fraction(value), Fraction(limit)
    return {"gt": value > limit, "ge": value >= limit, "lt": value < limit, "le": value <= limit,
            "eq": value == limit}[op]


@dataclass(frozen=True)
class Interval:
    """A reading of a vague quantifier, in percent (or in counts), with open or closed ends."""

    low: Fraction | None
    high: Fraction | None
    low_inclusive: bool = True
    high_inclusive: bool = True

    @classmethod
    def from_spec(cls, spec: Mapping) -> Interval:
        low, high = spec.get("low"), spec.get("high")
        return cls(None if low is None else exact(low), None if high is None else exact(high),
                   bool(spec.get("low_inclusive", True)), bool(spec.get("high_inclusive", True)))

    def contains(self, value) -> bool:
        value = exact(value)
        below = self.low is not None and (value < self.low or (value == self.low and not self.low_inclusive))
        above = self.high is not None and (value > self.high or (value == self.high and not self.high_inclusive))
        return not (below or above)

    def overlaps(self, low, high) -> bool:
        """Whether the closed range [low, high] meets this interval."""
        low, high = exact(low), exact(high)
        below = self.low is not None and (high < self.low or (high == self.low and not self.low_inclusive))
        above = self.high is not None and (low > self.high or (low == self.high and not self.high_inclusive))
        return not (below or above)

    def words(self, unit: str = " %") -> str:
        """The interval in words, for sentences ("40–60 %", "more than 50 %", "at least 40 % and under 50 %")."""
        low = None if self.low is None else f"{_num(self.low)}{unit}"
        high = None if self.high is None else f"{_num(self.high)}{unit}"
        if low is None and high is None:
            return "any value"
        if high is None and self.low_inclusive and unit.strip() == "%" and self.low == 100:
            return low  # "all of them": a share cannot pass 100 %
        if high is None:
            return f"{'at least' if self.low_inclusive else 'more than'} {low}"
        if low is None:
            return f"{'at most' if self.high_inclusive else 'under'} {high}"
        if self.low_inclusive and self.high_inclusive:
            return f"{_num(self.low)}–{high}"
        return (f"{'at least' if self.low_inclusive else 'more than'} {low} and "
                f"{'at most' if self.high_inclusive else 'under'} {high}")

    def text(self, unit: str = " %") -> str:
        if self.low is None and self.high is None:
            return "any value"
        if self.high is None:
            return f"{'≥' if self.low_inclusive else '>'} {_num(self.low)}{unit}"
        if self.low is None:
            return f"{'≤' if self.high_inclusive else '<'} {_num(self.high)}{unit}"
        left = "[" if self.low_inclusive else "("
        right = "]" if self.high_inclusive else ")"
        return f"{left}{_num(self.low)}, {_num(self.high)}{right}{unit}"


def resolve_quantifier(spec, quantifiers: Mapping) -> Mapping:
    """A reading written as ``{quantifier, of}`` as the interval the claims file's ``quantifiers`` gives it.

    Each quantifier has a relative ``tolerance`` (0.2: "nearly 50" is 40 up to 50, "about 50" is 40 to 60,
    "more than 70" is above 70 up to 84); the word's sides are :data:`QUANTIFIER_SIDES`. Any other reading
    (an interval, a text) is returned unchanged.
    """
    if not isinstance(spec, Mapping) or "quantifier" not in spec:
        return spec
    word, of = spec["quantifier"], exact(spec["of"])
    if word not in QUANTIFIER_SIDES:
        raise ValueError(f"unknown quantifier {word!r}; known: {sorted(QUANTIFIER_SIDES)}")
    if word not in quantifiers:
        raise ValueError(f"the claims file's `quantifiers` gives no tolerance for {word!r}")
    tolerance = exact(quantifiers[word]["tolerance"])
    side, includes_figure = QUANTIFIER_SIDES[word]
    low = of * (1 - tolerance) if side in ("below", "both") else of
    high = of * (1 + tolerance) if side in ("above", "both") else of
    note = f"“{word} {_num(of)}” with the tolerance of {_num(100 * tolerance)} % of the figure (quantifiers)"
    if spec.get("note"):
        note += f"; {spec['note']}"
    return {"low": low, "high": high, "low_inclusive": side != "above" or includes_figure,
            "high_inclusive": side != "below" or includes_figure, "note": note}


def _num(value) -> str:
    """A number for text: whole numbers without decimals, others with up to two."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _p1(value, limit=None) -> str:
    """A percentage with one decimal; with two only where one would hide its side of `limit` (11.99 % < 12 %).

    The extra digit is shown only when a comparison needs it, so a share is never printed with more
    precision than its comparison uses (109/642 is 17.0 %, not 16.98 %)."""
    exact_value = Fraction(value)
    one = f"{float(exact_value):.1f}"
    if limit is not None and exact_value != Fraction(limit) and one == f"{float(Fraction(limit)):.1f}":
        return f"{float(exact_value):.2f}"
    return one


def _count(value, where: str) -> int:
    """A count given as a whole number or a list of whole numbers (summed)."""
    if isinstance(value, bool):
        raise TypeError(f"{where} must be a whole number or a list of them, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, list) and value and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return sum(value)
    raise TypeError(f"{where} must be a whole number or a list of them, got {value!r}")


def _count_text(value) -> str:
    """A count as written in a check: a list of parts shows as "(a + b + c)"."""
    return "(" + " + ".join(str(v) for v in value) + ")" if isinstance(value, list) else str(value)


def _number(value, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{where} must be a number, got {value!r}")
    return exact(value)


def _label(check: Mapping, key: str, default: str) -> str:
    return str(check.get(key) or default)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- check types


def check_ratio(check: Mapping) -> Outcome:
    """A count and the percentage stated for it: does count/denominator round to the stated percent?"""
    n = _count(check["numerator"], "numerator")
    d = _count(check["denominator"], "denominator")
    stated, word = int(check["stated_percent"]), check["rounding"]
    rule = rule_of(word)
    share = percent(n, d)
    rounded = round_percent(share, rule)
    implied = counts_rounding_to(stated, d, rule)
    implied_text = (f"{stated} % of {d} would be {implied[0]}–{implied[-1]}" if len(implied) > 1
                    else f"{stated} % of {d} would be {implied[0]}" if implied
                    else f"no count out of {d} rounds to {stated} %")
    other = TRUNCATE if rule == HALF_UP else HALF_UP
    recomputed = (f"{n}/{d} = {_p1(share)} % → {rounded} % ({word}); {implied_text}; "
                  f"{ROUNDED_AS[other]}: {round_percent(share, other)} %")
    short = f"{n}/{d} = {_p1(share)} %"
    holds = rounded == stated
    sentence = "" if holds else (
        f"{_cap(_label(check, 'numerator_label', str(n)))} ({n}) are {_p1(share)} % of "
        f"{_label(check, 'denominator_label', str(d))} ({d}), which rounds to {rounded} %, not the stated "
        f"{stated} % ({implied_text}).")
    return Outcome(holds, recomputed, short, sentence,
                   {"n": n, "d": d, "share": _p1(share), "rounded": rounded, "stated": stated,
                    "implied_low": implied[0] if implied else "", "implied_high": implied[-1] if implied else ""})


def check_sum(check: Mapping) -> Outcome:
    """Parts against their stated total."""
    parts = check["parts"]
    values = [_count(p["value"] if isinstance(p, Mapping) else p, "parts") for p in parts]
    total = _count(check["total"], "total")
    got = sum(values)
    recomputed = f"{' + '.join(map(str, values))} = {got}"
    holds = got == total
    short = recomputed if holds else f"{recomputed} ≠ {total}"
    sentence = "" if holds else (
        f"{_cap(_label(check, 'parts_label', 'the parts'))} add up to {got}, not the stated total of {total}.")
    return Outcome(holds, recomputed + f" (stated total {total})", short, sentence, {"got": got, "total": total})


def _bound_value(check: Mapping) -> tuple[Fraction, str, bool]:
    """(value, how it was computed, is a percentage) for `bound`; a percentage gets the digits its comparison
    with the limit (or the reading's nearest end) needs."""
    if "numerator" in check:
        n, d = _count(check["numerator"], "numerator"), _count(check["denominator"], "denominator")
        share = percent(n, d)
        return share, f"{_count_text(check['numerator'])}/{d} = {_p1(share, _nearest_end(check, share))} %", True
    if "parts" in check:
        parts = [_number(p, "parts") for p in check["parts"]]
        minus = [_number(p, "minus") for p in check.get("minus", [])]
        value = sum(parts) - sum(minus)
        text = " + ".join(_num(p) for p in parts) + "".join(f" − {_num(m)}" for m in minus)
        return value, f"{text} = {_num(value)}", False
    if "value" in check:
        return _number(check["value"], "value"), _num(_number(check["value"], "value")), False
    raise ValueError("a bound needs `value`, `parts` or `numerator`/`denominator`")


def _nearest_end(check: Mapping, value: Fraction):
    """The end a bound's value is compared with: the reading's nearer end, else the limit."""
    reading = check.get("reading")
    if isinstance(reading, Mapping):
        ends = [exact(reading[k]) for k in ("low", "high") if reading.get(k) is not None]
        if ends:
            return min(ends, key=lambda end: abs(end - value))
    return exact(check["limit"]) if "limit" in check else None


def check_bound(check: Mapping) -> Outcome:
    """A value (count, sum, or percentage) against a limit: value op limit."""
    value, how, is_pct = _bound_value(check)
    op, limit = check["op"], _number(check["limit"], "limit")
    unit = " %" if is_pct else ""
    if isinstance(check.get("reading"), Mapping):  # a quantifier read two-sided: the value must lie in it
        reading = Interval.from_spec(check["reading"])
        holds = reading.contains(value)
        shown = _p1(value, _nearest_end(check, value)) + " %" if is_pct else _num(value)
        verb = "in" if holds else "not in"
        sentence = "" if holds else (
            f"{_cap(_label(check, 'value_label', 'the value'))} is {shown}, not {reading.words(unit)}.")
        return Outcome(holds, f"{how} {verb} {reading.text(unit)}", f"{shown} {verb} {reading.text(unit)}",
                       sentence, {"value": shown, "limit": _num(limit)})
    holds = compare(value, op, limit)
    recomputed = f"{how} {OPS[op] if holds else 'not ' + OPS[op]} {_num(limit)}{unit}"
    shown = _p1(value, limit) + " %" if is_pct else _num(value)
    sentence = "" if holds else (
        f"{_cap(_label(check, 'value_label', 'the value'))} is {shown}, not {OP_WORDS[op]} "
        f"{_label(check, 'limit_label', 'the limit')} ({_num(limit)}{unit}).")
    return Outcome(holds, recomputed, f"{shown} {OPS[op] if holds else 'not ' + OPS[op]} {_num(limit)}{unit}",
                   sentence, {"value": shown, "limit": _num(limit)})


def check_words(check: Mapping) -> Outcome:
    """A vague quantifier ("nearly half") read as a stated interval of percent."""
    n, d = _count(check["numerator"], "numerator"), _count(check["denominator"], "denominator")
    reading = Interval.from_spec(check["reading"])
    share = percent(n, d)
    holds = reading.contains(share)
    q = check["quantifier"]
    recomputed = f"{_count_text(check['numerator'])}/{d} = {_p1(share)} %; “{q}” read as {reading.text()}"
    short = f"{n}/{d} = {_p1(share)} %"
    sentence = "" if holds else (
        f"{_cap(_label(check, 'numerator_label', str(n)))} are {n} of {d} ({_p1(share)} %), but “{q}” is "
        f"read as {reading.words()}.")
    return Outcome(holds, recomputed, short, sentence, {"n": n, "d": d, "share": _p1(share)})


def check_implied_count(check: Mapping) -> Outcome:
    """Which whole counts satisfy a stated percentage (and an optional word bound such as "more than 80")?"""
    d, stated = _count(check["denominator"], "denominator"), int(check["stated_percent"])
    candidates = counts_rounding_to(stated, d, rule_of(check["rounding"]))
    bound_text = ""
    if "count_op" in check:
        op, limit = check["count_op"], _number(check["count_limit"], "count_limit")
        candidates = [n for n in candidates if compare(n, op, limit)]
        bound_text = f" and {OPS[op]} {_num(limit)}"
    holds = bool(candidates)
    if not holds:
        found = "none"
    elif len(candidates) == 1:
        found = f"only {candidates[0]} ({_p1(percent(candidates[0], d))} %)"
    else:
        found = f"{candidates[0]}–{candidates[-1]}"
    recomputed = f"counts rounding to {stated} % of {d}{bound_text}: {found}"
    sentence = "" if holds else (
        f"No whole count{bound_text} gives {stated} % of {_label(check, 'denominator_label', str(d))} ({d}).")
    return Outcome(holds, recomputed, found, sentence, {"candidates": candidates})


def check_union(check: Mapping) -> Outcome:
    """A ∪ B stated as a share of the total: which overlaps |A ∩ B| does that need, for each reading of A?"""
    total = _count(check["total"], "total")
    reading = Interval.from_spec(check["reading"])
    second = check["second"]
    b = _count(second["count"], "second.count")
    firsts = check["first"] if isinstance(check["first"], list) else [check["first"]]
    unions = [u for u in range(total + 1) if reading.contains(percent(u, total))]
    if not unions:
        raise ValueError("no union count satisfies the reading")
    parts, shorts, feasible_any, values = [], [], False, {}
    for first in firsts:
        a = _count(first["count"], "first.count")
        low = max(a + b - unions[-1], 0, a + b - total)
        high = min(a + b - unions[0], a, b)
        feasible = low <= high
        feasible_any |= feasible
        label = first.get("label", str(a))
        parts.append(f"with {a} ({label}): overlap {low}–{high}" if feasible else f"with {a} ({label}): impossible")
        shorts.append(f"∩ {low}–{high} with {a}" if feasible else f"impossible with {a}")
        values[f"overlap_{a}"] = f"{low}–{high}"
    recomputed = (f"union {unions[0]}–{unions[-1]} of {total} ({reading.text()}) with {b} "
                  f"{second.get('label', '')}".rstrip() + "; " + "; ".join(parts))
    short = "; ".join(shorts)
    sentence = "" if feasible_any else (
        f"No overlap of {b} {second.get('label', 'records')} with the first group makes the union "
        f"{reading.text()} of {total}.")
    return Outcome(feasible_any, recomputed, short, sentence, values)


def check_max_share(check: Mapping) -> Outcome:
    """Largest share a group can hold when named non-members hold fixed counts and every other non-member ≥ 1."""
    total = _count(check["total"], "total")
    excluded = check["excluded"]
    fixed = sum(_count(e["count"], "excluded.count") for e in excluded)
    others = _count(check["other_excluded_countries"], "other_excluded_countries")
    minimum_each = _count(check.get("min_each", 1), "min_each")
    most = total - fixed - others * minimum_each
    share = percent(most, total)
    op, stated = check["op"], _number(check["stated_percent"], "stated_percent")
    holds = compare(share, op, stated)  # feasible at the group's largest possible count
    how = f"{total} − " + " − ".join(str(_count(e['count'], 'count')) for e in excluded) + \
        f" − {others}×{minimum_each} = {most}"
    recomputed = f"at most {how} = {_p1(share)} % (stated {OPS[op]} {_num(stated)} %)"
    alternatives = []
    for alt in check.get("alternatives", []):
        add = _count(alt.get("add", 0), "alternatives.add")
        d = _count(alt["denominator"], "alternatives.denominator")
        needed = [n for n in range(d + 1) if compare(percent(n + add, d), op, stated)]
        need = needed[0] if needed else None
        ok = need is not None and need <= most
        alternatives.append(f"{alt['reading']}: needs ≥ {need} members of at most {most} → "
                            f"{'feasible' if ok else 'infeasible'}")
    if alternatives:
        recomputed += "; " + "; ".join(alternatives)
    short = f"≤ {most}/{total} = {_p1(share)} %"
    sentence = "" if holds else (
        f"{_cap(_label(check, 'group_label', 'the group'))} can hold at most {most} of {total} projects "
        f"({_p1(share)} %) once {_label(check, 'excluded_label', 'the other countries')} are counted, so "
        f"“{OP_WORDS[op]} {_num(stated)} percent” is impossible.")
    return Outcome(holds, recomputed, short, sentence, {"most": most, "share": _p1(share)})


def check_top_k(check: Mapping) -> Outcome:
    """The top-k total against the named leaders: can the unnamed ranks and the rest be filled consistently?"""
    known = [_count(k, "known") for k in check["known"]]
    k, top_total, total, countries = (_count(check[x], x) for x in ("k", "top_total", "total", "countries"))
    unnamed, rest_countries = k - len(known), countries - k
    unnamed_sum, rest_sum = top_total - sum(known), total - top_total
    ceiling = min(known)  # an unnamed top-k rank cannot exceed the smallest named leader
    kth_max = unnamed_sum // unnamed if unnamed else ceiling
    holds = (unnamed >= 0 and rest_countries >= 0 and unnamed_sum >= unnamed and unnamed_sum <= unnamed * ceiling
             and rest_sum >= rest_countries and rest_sum <= rest_countries * kth_max)
    recomputed = (f"{top_total} − ({' + '.join(map(str, known))} = {sum(known)}) = {unnamed_sum} for ranks "
                  f"{len(known) + 1}–{k} (each ≤ {ceiling}, mean {_num(Fraction(unnamed_sum, max(unnamed, 1)))}); "
                  f"{rest_sum} left for the other {rest_countries} countries (each ≥ 1, ≤ {kth_max})")
    sentence = "" if holds else (
        f"The {k} leading countries' {top_total} projects cannot be split so that the {len(known)} named leaders "
        f"({sum(known)}) stay on top and the other {rest_countries} countries hold {rest_sum}.")
    return Outcome(holds, recomputed, f"ranks {len(known) + 1}–{k}: {unnamed_sum}", sentence)


def check_coverage(check: Mapping) -> Outcome:
    """Coders' shares when every record is coded and `overlap` records are coded by all: load per coder."""
    total, coders, overlap = (_count(check[x], x) for x in ("total", "coders", "overlap"))
    reading = Interval.from_spec(check["reading"])
    load = Fraction(total + overlap * (coders - 1), coders)
    share = percent(load, total)
    literal = Fraction(total, coders)
    covered = coders * literal - overlap * (coders - 1)
    holds = reading.contains(share)
    recomputed = (f"each codes ({total} + {overlap})/{coders} = {_num(load)} = {_p1(share)} % "
                  f"(reading {reading.text()}); exact halves ({_num(literal)} each) would cover only {_num(covered)}")
    sentence = "" if holds else (
        f"With {overlap} reports coded twice, each coder must code {_num(load)} of {total} ({_p1(share)} %), "
        f"outside the reading {reading.text()}.")
    return Outcome(holds, recomputed, f"{_num(load)}/{total} = {_p1(share)} %", sentence)


def check_list_count(check: Mapping) -> Outcome:
    items, stated = list(check["items"]), _count(check["stated_count"], "stated_count")
    op = check.get("op", "eq")
    holds = compare(len(items), op, stated)
    recomputed = f"{len(items)} listed ({', '.join(map(str, items))}) {OPS[op] if holds else 'not ' + OPS[op]} {stated}"
    sentence = "" if holds else (
        f"{_cap(_label(check, 'items_label', 'the list'))} names {len(items)}, not {OP_WORDS[op]} {stated}.")
    return Outcome(holds, recomputed, f"{len(items)} listed", sentence, {"count": len(items)})


def check_list_subset(check: Mapping) -> Outcome:
    items, container = list(check["items"]), list(check["container"])
    missing = [i for i in items if i not in container]
    holds = not missing
    recomputed = (f"all {len(items)} in the {len(container)}-item list" if holds
                  else f"missing from the {len(container)}-item list: {', '.join(map(str, missing))}")
    sentence = "" if holds else (
        f"{_cap(_label(check, 'items_label', 'the items'))} include {', '.join(map(str, missing))}, which "
        f"{_label(check, 'container_label', 'the list')} omits.")
    return Outcome(holds, recomputed, "all listed" if holds else "missing " + ", ".join(map(str, missing)), sentence,
                   {"missing": ", ".join(map(str, missing))})


def check_membership(check: Mapping) -> Outcome:
    value, allowed = check["value"], list(check["allowed"])
    holds = value in allowed
    recomputed = f"{value} {'in' if holds else 'not in'} {{{', '.join(map(str, allowed))}}}"
    sentence = "" if holds else (
        f"{_cap(_label(check, 'value_label', 'the item'))} is a {value}, but "
        f"{_label(check, 'allowed_label', 'the set')} holds only {' or '.join(map(str, allowed))} entries.")
    return Outcome(holds, recomputed, f"{value}", sentence)


def check_elapsed(check: Mapping) -> Outcome:
    """Time between two dates (kept at their precision) against a stated whole number of years or months."""
    unit = check["unit"]
    per = {"years": DAYS_PER_YEAR, "months": DAYS_PER_MONTH}.get(unit)
    if per is None:
        raise ValueError(f"unit must be years or months, got {unit!r}")
    shortest, longest = duration_days(str(check["start"]), str(check["end"]))
    stated = _number(check["stated"], "stated")
    low, high = Fraction(shortest) / exact(per), Fraction(longest) / exact(per)
    rounds_from, rounds_below = rounding_interval(stated, HALF_UP)
    holds = high >= rounds_from and low < rounds_below  # some value in [low, high] rounds half up to it
    days = f"{shortest}" if shortest == longest else f"{shortest}–{longest}"
    span = f"{float(low):.2f}" if shortest == longest else f"{float(low):.2f}–{float(high):.2f}"
    recomputed = f"{check['start']} → {check['end']}: {days} days = {span} {unit} (stated {_num(stated)})"
    sentence = "" if holds else (
        f"From {check['start']} to {check['end']} is {span} {unit}, which does not round to the stated "
        f"{_num(stated)}.")
    return Outcome(holds, recomputed, f"{days} d = {span} {unit[0]}", sentence)


def check_order(check: Mapping) -> Outcome:
    """Dated events that must not run backwards (each may be a day, month or year)."""
    steps = check["sequence"]
    if len(steps) < 2:
        raise ValueError("an order needs at least two dated steps")
    parsed = [(s["label"], str(s["date"]), *parse_filing_date(str(s["date"]))[1:]) for s in steps]
    broken = [(a, b) for a, b in itertools.pairwise(parsed) if a[2] > b[3]]  # a's first day after b's last day
    holds = not broken
    chain = " ≤ ".join(f"{date}" for _, date, _, _ in parsed)
    recomputed = chain if holds else "; ".join(f"{b[1]} ({b[0]}) precedes {a[1]} ({a[0]})" for a, b in broken)
    sentence = ""
    if broken:
        a, b = broken[0]
        sentence = f"{_cap(b[0])} ({b[1]}) is dated before {a[0]} ({a[1]})."
    values = {"first_broken_early": broken[0][1][1] if broken else "", "first_broken_late": broken[0][0][1]
              if broken else ""}
    short = "in order" if holds else f"{broken[0][1][1]} before {broken[0][0][1]}"
    return Outcome(holds, recomputed, short, sentence, values)


def check_dates_agree(check: Mapping) -> Outcome:
    """Pairs of dates for the same event (text vs table vs endnote): do their precision intervals meet?"""
    disagree = []
    for pair in check["pairs"]:
        _, a_first, a_last = parse_filing_date(str(pair["stated"]))
        _, b_first, b_last = parse_filing_date(str(pair["source"]))
        if a_first > b_last or b_first > a_last:
            disagree.append(pair)
    n = len(check["pairs"])
    holds = not disagree
    recomputed = (f"{n - len(disagree)} of {n} date pairs agree" +
                  ("" if holds else "; differ: " + "; ".join(f"{p['label']} {p['stated']} vs {p['source']}"
                                                            for p in disagree)))
    sentence = "" if holds else (
        "; ".join(f"{_cap(p['label'])} is dated {p['stated']} in the text but {p['source']} in its source"
                  for p in disagree) + ".")
    return Outcome(holds, recomputed, f"{n - len(disagree)}/{n} agree", sentence)


def check_file_number(check: Mapping) -> Outcome:
    match = FILE_NUMBER.match(str(check["value"]))
    if not match:
        raise ValueError(f"{check['value']!r} is not a YYYY-II-<post>-N file number")
    year_ok = int(match["year"]) == int(check["stated_year"])
    post_ok = match["post"] == str(check["stated_post"])
    holds = year_ok and post_ok
    recomputed = (f"year {match['year']}, issue {match['issue']}, post {match['post']}, sequence {match['seq']} "
                  f"(stated {check['stated_year']}, {check['stated_post']})")
    sentence = "" if holds else (
        f"The file number {check['value']} gives year {match['year']} and post {match['post']}, not the stated "
        f"{check['stated_year']} and {check['stated_post']}.")
    return Outcome(holds, recomputed, f"{match['year']}, {match['post']}", sentence)


def check_source_text(check: Mapping) -> Outcome:
    """A stated figure against the text of its own source citation (title or address)."""
    evidence, pattern = str(check["evidence"]), str(check["pattern"])
    holds = pattern.lower() in evidence.lower()
    recomputed = f"“{pattern}” {'found' if holds else 'not found'} in the cited source's title/address"
    sentence = "" if holds else (
        f"The cited source's title/address does not contain “{pattern}”, the figure the text states.")
    return Outcome(holds, recomputed, "matches source" if holds else "not in source", sentence)


def check_calibrated(check: Mapping, targets: Mapping) -> Outcome:
    """A record-layer claim: the reconstruction's calibrated value (data/reference/calibration_targets.yaml)."""
    target = targets[check["target"]]
    holds, text, short = target_text(target, check)
    sentence = ""
    if holds is False:
        reading = Interval.from_spec(check["reading"])
        sentence = (f"The reconstruction's calibrated {target['expected']} of {target['denominator']} "
                    f"({_p1(percent(target['expected'], target['denominator']))} %) falls outside the claim's reading, "
                    f"{reading.words()}.")
    return Outcome(holds, text, short, sentence)


def target_text(target: Mapping, check: Mapping) -> tuple[bool | None, str, str]:
    """(holds, full text, short text) of a calibration target's reconstructed value, against the check's reading."""
    expected, denominator = target.get("expected"), target.get("denominator")
    holds: bool | None = True
    if isinstance(expected, bool):
        text = f"reconstruction meets it ({target['id']})"
        short = "holds in reconstruction"
    elif isinstance(expected, int) and denominator:
        share = percent(expected, denominator)
        text = f"reconstruction: {expected}/{denominator} = {_p1(share)} % ({target['id']})"
        short = f"rec. {expected}/{denominator} = {_p1(share)} %"
        if "reading" in check and isinstance(check["reading"], Mapping):
            holds = Interval.from_spec(check["reading"]).contains(share)
    else:
        text = f"reconstruction: {expected} ({target['id']})"
        short = f"rec. {expected}"
    return holds, text, short


def _table1_rows(cases: Sequence[Mapping]) -> list[dict]:
    rows = []
    for case in cases:
        indicator = case.get("partnership_indicator") or {}
        shortest, longest = duration_days(str(case["report_date"]), str(indicator["date"]))
        rows.append({"id": case["id"], "company": case["company"], "report": str(case["report_date"]),
                     "indicator": str(indicator["date"]), "type": indicator.get("type", ""),
                     "shortest": shortest, "longest": longest, "band": band(shortest, longest)})
    return rows


BAND_TEXT = {"reversed": "reversed", "under_1_year": "< 1 y", "1_to_3_years": "1–3 y", "over_3_years": "> 3 y",
             "ambiguous": "ambiguous"}
BAND_WORDS = {"reversed": "before the report", "under_1_year": "within a year of the report",
              "1_to_3_years": "one to three years after the report",
              "over_3_years": "more than three years after the report", "ambiguous": "at an uncertain time"}
OTHER_BAND_WORDS = {"reversed": "before it", "under_1_year": "within a year", "1_to_3_years": "one to three years after",
                    "over_3_years": "more than three years after", "ambiguous": "uncertain"}


def _type_text(kind: str) -> str:
    return kind.replace("_", " ").replace("china", "China")


def _days(row) -> str:
    return f"{row['shortest']}" if row["shortest"] == row["longest"] else f"{row['shortest']}…{row['longest']}"


def check_table1(check: Mapping, cases: Sequence[Mapping]) -> Outcome:
    """Checks over the 14 Table 1 cases, with dates at their published precision (wishlist.stats.survival)."""
    mode = check["mode"]
    rows = _table1_rows(cases)
    n = len(rows)
    if mode in ("band_share", "band_count"):
        wanted = check["band"]
        hits = [r for r in rows if r["band"] == wanted]
        reading = Interval.from_spec(check["reading"])
        value = percent(len(hits), n) if mode == "band_share" else Fraction(len(hits))
        holds = reading.contains(value)
        by_band = {b: [r for r in rows if r["band"] == b] for b in BAND_TEXT}
        detail = "; ".join(f"{BAND_TEXT[b]}: {len(rs)} (" + ", ".join(f"{r['company']} {_days(r)} d" for r in rs) + ")"
                           for b, rs in by_band.items() if rs)
        measure = f"{len(hits)} of {n} = {_p1(value)} %" if mode == "band_share" else f"{len(hits)} of {n}"
        unit = " %" if mode == "band_share" else " cases"
        recomputed = f"{BAND_TEXT[wanted]}: {measure}; “{check['quantifier']}” read as {reading.text(unit)}; {detail}"
        others = ", ".join(f"{len(rs)} {OTHER_BAND_WORDS[b]}" for b, rs in by_band.items() if rs and b != wanted)
        share_words = f" ({_p1(value)} %)" if mode == "band_share" else ""
        sentence = "" if holds else (
            f"Only {len(hits)} of the {n} Table 1 indicators{share_words} come {BAND_WORDS[wanted]} ({others}), "
            f"but “{check['quantifier']}” is read as {reading.words(unit)}.")
        return Outcome(holds, recomputed, measure, sentence, {"hits": len(hits), "n": n})
    if mode == "after_share":
        size = _count(check["sample_size"], "sample_size")
        surely = [r for r in rows if r["shortest"] >= 0]
        maybe = [r for r in rows if r["longest"] >= 0]
        reading = Interval.from_spec(check["reading"])
        low, high = percent(len(surely), size), percent(len(maybe), size)
        holds = reading.overlaps(low, high)
        before = [r["company"] for r in rows if r["longest"] < 0]
        unsure = [r["company"] for r in rows if r["shortest"] < 0 <= r["longest"]]
        span = f"{len(surely)}" if len(surely) == len(maybe) else f"{len(surely)}–{len(maybe)}"
        share = _p1(low) if low == high else f"{_p1(low)}–{_p1(high)}"
        recomputed = (f"indicator after the report: {span} of {size} = {share} % (before: {', '.join(before)}; "
                      f"uncertain: {', '.join(unsure) or 'none'}); “{check['quantifier']}” read as {reading.text()}")
        sentence = "" if holds else (
            f"Only {span} of the {size} {_label(check, 'population_label', 'sampled companies')} ({share} %) "
            f"have a partnership indicator dated after "
            f"their report ({len(before)} of Table 1's precede it" + (f", {len(unsure)} may" if unsure else "") +
            f"), but “{check['quantifier']}” is read as {reading.words()}.")
        return Outcome(holds, recomputed, f"{span}/{size} = {share} %", sentence)
    if mode == "indicator_types":
        matching = set(check["matching_types"])
        stated = _count(check["stated_count"], "stated_count")
        hits = [r for r in rows if r["type"] in matching]
        misses = [r for r in rows if r["type"] not in matching]
        holds = len(hits) >= stated

        def tally(rs):
            counts: dict[str, int] = {}
            for r in rs:
                counts[r["type"]] = counts.get(r["type"], 0) + 1
            return ", ".join(f"{_type_text(t)} {c}" for t, c in sorted(counts.items()))

        recomputed = (f"{len(hits)} of {n} indicators of the named kinds ({tally(hits)})"
                      + (f"; other: {tally(misses)} (" + ", ".join(r["company"] for r in misses) + ")" if misses else ""))
        named = check.get("named_types")
        if named:
            outside = [r for r in rows if r["type"] not in set(named)]
            recomputed += ("; fitting only the catch-all: " + ", ".join(
                f"{r['company']} ({_type_text(r['type'])})" for r in outside)) if outside else ""
        sentence = "" if holds else (
            f"Only {len(hits)} of Table 1's {n} indicators are {_label(check, 'matching_label', 'of the named kinds')}; "
            f"the other {len(misses)} are {tally(misses)}, so the stated {stated} overstates them.")
        return Outcome(holds, recomputed, f"{len(hits)} of {n}", sentence, {"hits": len(hits), "misses": len(misses)})
    if mode == "report_years":
        first, last = int(check["first_year"]), int(check["last_year"])
        outside = [r for r in rows if not first <= int(r["report"][:4]) <= last]
        holds = not outside
        recomputed = (f"all {n} reports filed {first}–{last}" if holds
                      else "outside: " + ", ".join(f"{r['company']} {r['report']}" for r in outside))
        sentence = "" if holds else (
            f"{', '.join(r['company'] for r in outside)} were reported outside {first}–{last}, the sampled years.")
        return Outcome(holds, recomputed, f"{n - len(outside)}/{n} in {first}–{last}", sentence)
    if mode in ("duration_share", "median_duration"):
        return _check_durations(check, rows)
    raise ValueError(f"unknown table1 mode {mode!r}")


def _after_report_resolutions(rows: Sequence[Mapping]) -> list[list[tuple[int, int]]]:
    """Every way to read the cases that partnered after the report: duration intervals clipped at day 0.

    A case wholly before its report (reversed) is left out. A case of uncertain order (its interval
    straddles day 0, as DENSO's "2015" against a March 2015 report) is either left out or kept from day 0;
    every combination is returned, so a verdict can hold "under some resolution" only knowingly.
    """
    sure = [(r["shortest"], r["longest"]) for r in rows if r["shortest"] >= 0]
    unsure = [(0, r["longest"]) for r in rows if uncertain_order(r["shortest"], r["longest"])]
    return [sure + [u for u, keep in zip(unsure, keeps) if keep]
            for keeps in itertools.product((False, True), repeat=len(unsure))]


def _median_days(values: Sequence[int]) -> Fraction:
    ordered, n = sorted(values), len(values)
    return Fraction(ordered[n // 2]) if n % 2 else Fraction(ordered[n // 2 - 1] + ordered[n // 2], 2)


def _check_durations(check: Mapping, rows: Sequence[Mapping]) -> Outcome:
    """The partnered-after-report durations against a band of years: the share in it, or the median.

    The band is [low_years, high_years) in years of DAYS_PER_YEAR; with ``whole_years: true`` it is read
    as the ages that round (half up) to low..high whole years, [low - 1/2, high + 1/2). Ranges run over
    every resolution of the uncertain cases (:func:`_after_report_resolutions`) and every day of each
    interval.
    """
    low, high = exact(check["low_years"]), exact(check["high_years"])
    if check.get("whole_years"):
        low, high = low - Fraction(1, 2), high + Fraction(1, 2)
    first, last = low * exact(DAYS_PER_YEAR), high * exact(DAYS_PER_YEAR)  # days: first <= d < last
    band_text = f"{_num(low)}–{_num(high)} y" + (" (whole years)" if check.get("whole_years") else "")
    resolutions = _after_report_resolutions(rows)
    sizes = sorted({len(r) for r in resolutions})
    cases = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]}–{sizes[-1]}"
    if check["mode"] == "median_duration":
        medians = [m for r in resolutions for m in (_median_days([s for s, _ in r]), _median_days([e for _, e in r]))]
        lo, hi = min(medians) / exact(DAYS_PER_YEAR), max(medians) / exact(DAYS_PER_YEAR)
        holds = hi >= low and lo < high
        span = f"{float(lo):.2f}" if lo == hi else f"{float(lo):.2f}–{float(hi):.2f}"
        recomputed = (f"median of the {cases} cases after the report: {span} y; band {band_text}")
        sentence = "" if holds else (f"The median time of the {cases} cases that partnered after the report is "
                                     f"{span} years, outside {band_text}.")
        return Outcome(holds, recomputed, f"median {span} y", sentence)
    reading = Interval.from_spec(check["reading"])
    shares = []
    for resolution in resolutions:
        surely = sum(1 for s, e in resolution if s >= first and e < last)
        maybe = sum(1 for s, e in resolution if e >= first and s < last)
        shares += [(percent(surely, len(resolution)), f"{surely}/{len(resolution)}"),
                   (percent(maybe, len(resolution)), f"{maybe}/{len(resolution)}")]
    (lo, lo_text), (hi, hi_text) = min(shares), max(shares)
    holds = reading.overlaps(lo, hi)
    span = f"{lo_text} = {_p1(lo)} %" if lo == hi else f"{lo_text}–{hi_text} = {_p1(lo)}–{_p1(hi)} %"
    recomputed = (f"{band_text}: {span} of the {cases} cases after the report; “{check['quantifier']}” read as "
                  f"{reading.text()}")
    sentence = "" if holds else (
        f"Of the {cases} Table 1 cases that partnered after the report, {span} came {band_text} after it, "
        f"but “{check['quantifier']}” is read as {reading.words()}.")
    return Outcome(holds, recomputed, span, sentence)


def check_not_checkable(check: Mapping) -> Outcome:
    return Outcome(None, str(check["why"]), "—")


def check_by_reading(check: Mapping) -> Outcome:
    """A reading under which the words alone settle the claim: it holds, for the reason given (`why`).

    For instance, a list introduced by "including" need not be complete, so a country left out of it
    conflicts with nothing. The reason is the recomputed text, so the reader sees what was decided.
    """
    return Outcome(True, str(check["why"]), "holds as read")


def evaluate_check(check: Mapping, cases: Sequence[Mapping] = (), targets: Mapping | None = None) -> Outcome:
    """Run one check (a mapping with `type`); raises ValueError/KeyError on a malformed check."""
    kind = check["type"]
    if kind == "calibrated":
        return check_calibrated(check, targets or {})
    if kind == "table1":
        return check_table1(check, cases)
    function = CHECKS.get(kind)
    if function is None:
        raise ValueError(f"unknown check type {kind!r}")
    return function(check)


CHECKS = {
    "ratio": check_ratio, "sum": check_sum, "bound": check_bound, "words": check_words,
    "implied_count": check_implied_count, "union": check_union, "max_share": check_max_share,
    "top_k": check_top_k, "coverage": check_coverage, "list_count": check_list_count,
    "list_subset": check_list_subset, "membership": check_membership, "elapsed": check_elapsed,
    "order": check_order, "dates_agree": check_dates_agree, "file_number": check_file_number,
    "source_text": check_source_text, "not_checkable": check_not_checkable, "by_reading": check_by_reading,
}
