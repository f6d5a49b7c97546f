"""The numbers contract: every number the manuscript cites lives in results/numbers.yml.

Stages write fragments (nested mappings); `merge_fragments` joins them under the
stage name, refusing clashes. `text_variables` turns the nested numbers into the
flat strings Quarto's `{{< var key >}}` shows, formatted by a key-suffix rule so
that formatting is decided once, here, and never in the manuscript:

- ``*_pct``   a proportion in [0, 1], shown as a percentage with one decimal;
- ``*_years`` a duration in years, one decimal;
- ``*_days``  whole days;
- ``*_mc_error`` a Monte Carlo error, three decimals (it is smaller than the two shown for its estimate);
- any other float: two decimals (kappa, alpha, ratios); ints and strings as they are.

`traced` marks each shown value with where it comes from: the HTML paper carries,
on every number, its numbers.yml key and the rule that wrote it (see
`NumberSource`, which `collect_numbers` records per key in results/numbers_map.csv).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from wishlist.core.numbers import clean


def merge_fragments(fragments: Mapping[str, Mapping]) -> dict:
    """Nest each stage's fragment under its stage name (`coding.ai_flagged`)."""
    return {stage: clean(fragment) for stage, fragment in sorted(fragments.items())}


def format_number(key: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    if key.endswith("_pct"):
        return f"{100 * value:.1f}"
    if key.endswith("_years"):
        return f"{value:.1f}"
    if key.endswith("_days"):
        return f"{value:.0f}"
    if key.endswith("_mc_error"):
        return f"{value:.3f}"
    return f"{value:.2f}"


def text_variables(numbers: Mapping, prefix: str = "") -> dict[str, str]:
    """Flatten nested numbers to dotted keys with display strings."""
    flat: dict[str, str] = {}
    for key, value in numbers.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(text_variables(value, prefix=f"{dotted}."))
        elif isinstance(value, list):
            flat[dotted] = ", ".join(format_number(key, v) for v in value)
        else:
            flat[dotted] = format_number(key, value)
    return flat


def nest(flat: Mapping[str, str]) -> dict:
    """Rebuild the nested mapping Quarto expects in _variables.yml from dotted keys."""
    nested: dict = {}
    for dotted, value in sorted(flat.items()):
        node = nested
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return nested


# What may go into the span's attributes unquoted-safe: dotted identifiers, rule names, paths.
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
RULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SCRIPT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
TRACE_CLASS = "study-number"
COMPOSER = "collect_numbers"  # the rule that words the sentence keys (wishlist.present.sentences)


def rule_words(rule: str, worded_by: str = "") -> str:
    """A rule as the paper names it: 'ingest_records (worded by collect_numbers)'."""
    return f"{rule} (worded by {worded_by})" if worded_by else rule


class NumberSource(NamedTuple):
    """Who wrote a key of numbers.yml: the rule (and its script and rule file) that wrote
    the stage's fragment, and `worded_by` (COMPOSER) when collect_numbers composed the
    value from that fragment (a sentence key), else ""."""

    rule: str
    script: str
    rule_file: str
    worded_by: str = ""

    def shown(self) -> str:
        """The rule as the paper names it (rule_words)."""
        return rule_words(self.rule, self.worded_by)


def _checked(pattern: re.Pattern, value: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise ValueError(f"{what} {value!r} cannot go into the paper's markup: it must match {pattern.pattern}")
    return value


def traced(markdown: str, key: str, source: NumberSource) -> str:
    """`markdown` (an inert display string) as a Pandoc span naming its key and rule:
    ``[642]{.study-number data-key="ingest.records_kept" data-rule="ingest_records" ...}``.

    Both renderers turn it into ``<span class="study-number" data-key=...>`` in HTML and
    into just its text in typst. Attribute values are checked, never escaped: a key, a
    rule name and a script path hold no quote, brace or space, or this refuses them.
    """
    attributes = [("data-key", _checked(KEY, key, "numbers key")),
                  ("data-rule", _checked(RULE, source.rule, "rule name"))]
    if source.script:
        attributes.append(("data-script", _checked(SCRIPT, source.script, "script path")))
    if source.worded_by:
        attributes.append(("data-worded-by", _checked(RULE, source.worded_by, "rule name")))
    return f"[{markdown}]{{.{TRACE_CLASS} " + " ".join(f'{name}="{value}"' for name, value in attributes) + "}"


# The headline numbers a reviewer checks first (dotted keys of numbers.yml).
HEADLINE_KEYS = (
    "ingest.records_kept", "ingest.countries", "coding.ai_flagged",
    "estimates.ai_share.share_pct", "estimates.misclassification.error_rate_pct",
    "estimates.misclassification.category_biopharma_medical.low_pct",
    "estimates.misclassification.category_biopharma_medical.high_pct",
    "estimates.houston_share_of_us.share_pct", "estimates.allies_share.share_pct",
    "estimates.allies_and_us_share.share_pct", "estimates.government_lab_ai_share.share_pct",
    "reliability.mic2025_category.agreement_pct", "reliability.mic2025_category.kappa",
    "reliability.mic2025_category.alpha", "reliability.published.kappa_low", "reliability.published.kappa_high",
    "sample.frame_size", "sample.sample_size", "sample.seed",
    "case_study.partnered_share.share_pct", "case_study.partnered_share.ci_low_pct",
    "case_study.partnered_share.ci_high_pct", "case_study.frame_partnering.firms_low",
    "case_study.frame_partnering.firms_high", "case_study.known_only.share_pct",
    "time_to_partnership.band_1_to_3_years", "time_to_partnership.band_reversed",
    "time_to_partnership.partnered_only.median_years", "time_to_partnership.partnered_only.median_low_days",
    "time_to_partnership.partnered_only.median_high_days", "time_to_partnership.km_exclude.median_years",
    "published.mismatches", "claims.total_claims", "claims.arithmetic_conflict", "claims.unsupported",
    "claims.wording", "claims.consistent", "identification.determined", "identification.constrained",
    "identification.free", "identification.bounds.allies_share", "identification.bounds.allies_and_us_share",
    "identification.bounds.biotech_or_ai_share", "identification.without_claim.biotech_or_ai_share",
)


def lookup(numbers: Mapping, dotted: str):
    node = numbers
    for part in dotted.split("."):
        node = node[part]
    return node


def headline(numbers: Mapping) -> dict:
    """The headline numbers as a flat mapping (dotted key -> value)."""
    return {key: lookup(numbers, key) for key in HEADLINE_KEYS}


def moved(snapshot: Mapping, numbers: Mapping, tolerance: float = 1e-9) -> list[str]:
    """Headline numbers that differ from the snapshot, each as 'key: snapshot -> now'."""
    changes = []
    for key, expected in snapshot.items():
        try:
            now = lookup(numbers, key)
        except KeyError:
            changes.append(f"{key}: {expected!r} -> missing")
            continue
        same = (abs(now - expected) <= tolerance if isinstance(expected, float) and isinstance(now, (int, float))
                else now == expected)
        if not same:
            changes.append(f"{key}: {expected!r} -> {now!r}")
    return changes
