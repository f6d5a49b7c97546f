"""Seeded reconstruction of the brief's bulletin corpus (642 records, 2015-2020).

The 642 MOST bulletin records the brief analysed are not public. This module
builds a documented stand-in: every case the brief names is a real record
(data/reference/published_cases.yaml), every published count is met exactly
(data/reference/calibration_targets.yaml lists them;
tests/reconstruct/test_reconstruct_corpus.py recomputes each), and everything else is invented and labelled
`provenance: reconstructed`.

How it works, in order (each step a function below):

1. fixed plans -- country and post totals, year totals, institution and category
   totals, the endnote-60 laboratories, AI counts per category -- are constants
   of this module, chosen to satisfy the brief (data/README.md gives the reasons);
2. integer tables are allocated constructively: country x category and
   country x institution by iterative proportional fitting of a prior, rounded
   to the exact margins; then posts, years, issues, AI flags, targets and
   cooperation forms are drawn per record with seeded, independent numpy
   Generators (one per step, derived from the seed and the step's name);
3. Chinese titles and descriptions are composed from per-field phrase banks;
   every text is checked against the codebook: it hits an endnote-38 AI keyword
   exactly when the plan says so, and names exactly the planned Appendix I
   cooperation forms.

Nothing depends on global random state, dict or set iteration order, the clock
or the machine: the same seed gives byte-identical files.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wishlist.brief.codebook import Codebook, load_codebook
from wishlist.brief.reference import read_reference
from wishlist.core.files import parse_bool
from wishlist.core.seeds import stream

DEFAULT_SEED = 20210509
WINDOW = (2015, 2020)

# --------------------------------------------------------------------------
# Plan: fixed integer counts. Published figures are marked (brief); the rest
# are reconstruction choices, documented in data/README.md.
# --------------------------------------------------------------------------

# Records per country and post. Russia 112, US 77, UK 62, Japan 57 (brief);
# ranks 5-8 (Israel, South Korea, Canada, Poland) sum to 140 so the top eight
# hold 448 (Figure 6 note); US posts Houston 69, Chicago 2, New York 2, not
# stated 4 (endnote 56). 19 endnote-55 allies hold 400 records.
COUNTRY_POSTS: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("Russia", (("莫斯科", 38), ("符拉迪沃斯托克", 34), ("哈巴罗夫斯克", 16), ("圣彼得堡", 14),
                ("叶卡捷琳堡", 6), ("喀山", 4))),
    ("United States", (("休斯顿", 69), ("芝加哥", 2), ("纽约", 2), ("未注明", 4))),
    ("United Kingdom", (("伦敦", 44), ("曼彻斯特", 8), ("爱丁堡", 7), ("贝尔法斯特", 3))),
    ("Japan", (("东京", 30), ("大阪", 10), ("福冈", 5), ("名古屋", 4), ("札幌", 3), ("新潟", 3),
               ("长崎", 2))),
    ("Israel", (("特拉维夫", 40),)),
    ("South Korea", (("首尔", 28), ("釜山", 5), ("光州", 3))),
    ("Canada", (("渥太华", 10), ("多伦多", 10), ("温哥华", 6), ("蒙特利尔", 4), ("卡尔加里", 4))),
    ("Poland", (("华沙", 27), ("格但斯克", 3))),
    ("France", (("巴黎", 14), ("里昂", 3), ("马赛", 2), ("斯特拉斯堡", 1))),
    ("Italy", (("罗马", 12), ("米兰", 5), ("佛罗伦萨", 1))),
    ("Australia", (("堪培拉", 8), ("悉尼", 4), ("墨尔本", 2))),
    ("Finland", (("赫尔辛基", 14),)),
    ("Spain", (("马德里", 10), ("巴塞罗那", 2))),
    ("Czech Republic", (("布拉格", 12),)),
    ("Belgium", (("布鲁塞尔", 10),)),
    ("Hungary", (("布达佩斯", 10),)),
    ("Greece", (("雅典", 9),)),
    ("Norway", (("奥斯陆", 8),)),
    ("Bulgaria", (("索非亚", 8),)),
    ("Denmark", (("哥本哈根", 7),)),
    ("Romania", (("布加勒斯特", 7),)),
    ("New Zealand", (("惠灵顿", 4), ("奥克兰", 2))),
    ("Sweden", (("斯德哥尔摩", 6),)),
    ("Singapore", (("新加坡", 6),)),
    ("Austria", (("维也纳", 4),)),
    ("Ireland", (("都柏林", 4),)),
    ("Switzerland", (("伯尔尼", 3),)),
    ("Indonesia", (("雅加达", 3),)),
    ("Ukraine", (("基辅", 2),)),
    ("Belarus", (("明斯克", 2),)),
    ("India", (("新德里", 2),)),
    ("South Africa", (("比勒陀利亚", 2),)),
    ("Kazakhstan", (("阿斯塔纳", 1),)),
    ("Malaysia", (("吉隆坡", 1),)),
    ("Mexico", (("墨西哥城", 1),)),
    ("Chile", (("圣地亚哥", 1),)),
    ("Serbia", (("贝尔格莱德", 1),)),
)

# Records per filing year (Figure 3 is an image without numbers: reconstructed).
YEAR_TOTALS: tuple[tuple[int, int], ...] = (
    (2015, 105), (2016, 112), (2017, 108), (2018, 118), (2019, 110), (2020, 89))
# Bulletin issues per year (1-4 a month); 2021 only carries the Luminopia record.
ISSUES_PER_YEAR: tuple[tuple[int, int], ...] = (
    (2015, 40), (2016, 42), (2017, 38), (2018, 46), (2019, 40), (2020, 36), (2021, 14))
# Last issue date a US record may carry: the Houston consulate closed in July 2020.
US_LAST_DATE = dt.date(2020, 7, 20)

# Institution types (Figure 7 and "Government-Sponsored Research"): 529 stated
# = company 264 + university 165 + government lab 81 ("more than 80 (15
# percent)") + other 19; 113 not stated.
INSTITUTION_TOTALS: tuple[tuple[str, int], ...] = (
    ("company", 264), ("university", 165), ("government_lab", 81), ("other", 19),
    ("not_stated", 113))

# Categories: biopharma 25 %, IT 17 %, new materials 12 % of 642; "other" nearly
# one in eight; the remaining 217 spread over the seven other industries.
CATEGORY_TOTALS: tuple[tuple[str, int], ...] = (
    ("information_technology", 109), ("machines_robots", 52), ("aerospace", 34),
    ("marine", 26), ("railway", 12), ("vehicles", 45), ("energy_equipment", 38),
    ("agricultural_machines", 10), ("new_materials", 77), ("biopharma_medical", 160),
    ("other", 79))

# Cells of the country x category table fixed by hand so the brief's
# statements hold: US is the largest IT source with 25 (endnote 57); Russia's
# interest is IT and materials; UK, Israel, Canada, South Korea: biopharma and
# IT; Japan, Finland: materials and clean energy; the biotech majority (83 of
# 160) in Israel, Poland, the UK and the US.
FIXED_CATEGORY_CELLS: tuple[tuple[str, str, int], ...] = (
    ("United States", "information_technology", 25), ("United States", "biopharma_medical", 20),
    ("Russia", "information_technology", 20), ("Russia", "new_materials", 18),
    ("United Kingdom", "biopharma_medical", 28), ("United Kingdom", "information_technology", 12),
    ("Israel", "biopharma_medical", 18), ("Israel", "information_technology", 10),
    ("Poland", "biopharma_medical", 17),
    ("Canada", "biopharma_medical", 9), ("Canada", "information_technology", 8),
    ("South Korea", "information_technology", 12), ("South Korea", "biopharma_medical", 8),
    ("Japan", "new_materials", 14), ("Japan", "energy_equipment", 10),
    ("Finland", "new_materials", 4), ("Finland", "energy_equipment", 3),
)

# Country tilts of the category prior (multiplicative; default 1).
CATEGORY_TILTS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("Russia", (("marine", 3.0), ("aerospace", 2.0), ("machines_robots", 1.3),
                ("energy_equipment", 1.5), ("biopharma_medical", 0.35), ("other", 0.5))),
    ("Japan", (("vehicles", 1.6), ("machines_robots", 1.4), ("biopharma_medical", 0.5),
               ("information_technology", 0.5), ("other", 0.6))),
    ("Finland", (("biopharma_medical", 0.4), ("other", 0.6))),
    ("Israel", (("agricultural_machines", 3.0),)),
    ("South Korea", (("vehicles", 1.5), ("machines_robots", 1.3))),
    ("United States", (("energy_equipment", 1.5), ("other", 1.2))),
    ("Norway", (("marine", 3.0), ("energy_equipment", 2.0))),
    ("Australia", (("agricultural_machines", 2.0), ("new_materials", 1.5), ("energy_equipment", 1.5))),
    ("Denmark", (("energy_equipment", 2.0), ("biopharma_medical", 1.5))),
    ("Italy", (("machines_robots", 1.5), ("aerospace", 1.3))),
    ("France", (("aerospace", 1.5), ("railway", 2.0))),
    ("Spain", (("railway", 1.5), ("energy_equipment", 1.5))),
    ("Czech Republic", (("machines_robots", 1.5),)),
    ("Belgium", (("biopharma_medical", 1.5),)),
    ("Switzerland", (("biopharma_medical", 1.5), ("machines_robots", 1.5))),
    ("New Zealand", (("agricultural_machines", 3.0),)),
    ("Singapore", (("information_technology", 1.5), ("biopharma_medical", 1.3))),
    ("Sweden", (("vehicles", 1.5),)),
    ("Indonesia", (("agricultural_machines", 2.0),)),
    ("Ukraine", (("aerospace", 2.0),)),
    ("Kazakhstan", (("energy_equipment", 2.0),)),
)

# Institution tilts of the country x institution prior (non-lab types).
INSTITUTION_TILTS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("United States", (("company", 1.6), ("university", 0.6), ("not_stated", 0.8))),
    ("Israel", (("company", 1.5),)),
    ("Russia", (("company", 0.7), ("university", 1.4))),
    ("Japan", (("company", 1.3),)),
    ("Poland", (("university", 1.4),)),
    ("United Kingdom", (("university", 1.3),)),
    ("Canada", (("university", 1.2),)),
    ("South Korea", (("company", 1.2),)),
)


@dataclass(frozen=True)
class LabPlan:
    """One government laboratory of the plan (endnote 60 lab or a singleton)."""

    key: str
    target_name: str | None  # None: a reconstructed (fictitious) singleton lab
    country: str
    records: int
    ai: int
    posts: tuple[tuple[str, int], ...] = ()
    prefer: tuple[tuple[str, float], ...] = ()


_SCIENCE = (("new_materials", 2.0), ("information_technology", 1.5), ("energy_equipment", 1.5),
            ("marine", 1.2), ("machines_robots", 1.2), ("aerospace", 1.2), ("biopharma_medical", 1.0),
            ("agricultural_machines", 0.8), ("vehicles", 0.6), ("railway", 0.6), ("other", 0.5))

# The 81 government-lab records: endnote 60's seven labs with their counts, 24
# one-record labs in the brief's listed countries (plus Romania), and the AI
# records per lab (33 in all: 41 percent of 81).
LAB_PLANS: tuple[LabPlan, ...] = (
    LabPlan("ras", "Russian Academy of Sciences", "Russia", 40, 14,
            (("符拉迪沃斯托克", 24), ("哈巴罗夫斯克", 8), ("莫斯科", 5), ("叶卡捷琳堡", 2), ("喀山", 1)),
            (("marine", 3.0), ("new_materials", 3.0), ("information_technology", 2.0),
             ("energy_equipment", 1.5), ("machines_robots", 1.5), ("aerospace", 1.5),
             ("biopharma_medical", 0.7), ("other", 0.7), ("agricultural_machines", 0.5),
             ("vehicles", 0.5), ("railway", 0.5))),
    LabPlan("etri", "Korea Electronics and Telecommunications Research Institute", "South Korea", 6, 5,
            (("首尔", 6),), (("information_technology", 5.0), ("machines_robots", 1.0), ("vehicles", 1.0))),
    LabPlan("carc", "Russian Central Academy of Robotics and Cybernetics", "Russia", 3, 3,
            (("圣彼得堡", 3),), (("machines_robots", 10.0), ("aerospace", 1.0), ("marine", 1.0))),
    LabPlan("icpe", "Romanian National Electrical Engineering Research Institute", "Romania", 2, 0,
            (("布加勒斯特", 2),), (("energy_equipment", 5.0), ("new_materials", 2.0))),
    LabPlan("vtt", "VTT Technical Research Centre of Finland", "Finland", 2, 1,
            (("赫尔辛基", 2),), (("new_materials", 3.0), ("energy_equipment", 3.0), ("information_technology", 1.0))),
    LabPlan("add", "Korea National Defense Science Research Institute", "South Korea", 2, 2,
            (("首尔", 2),), (("aerospace", 3.0), ("marine", 3.0), ("information_technology", 2.0))),
    LabPlan("lipi", "Indonesian Institute of Science", "Indonesia", 2, 0,
            (("雅加达", 2),), (("agricultural_machines", 3.0), ("new_materials", 2.0), ("biopharma_medical", 2.0))),
    # singletons: (country, number of labs, of which AI)
    *(LabPlan(f"single-{country}-{i}", None, country, 1, int(i < ai), (), _SCIENCE)
      for country, n, ai in (("Russia", 2, 1), ("South Korea", 1, 1), ("Finland", 1, 0), ("Japan", 4, 2),
                             ("Bulgaria", 2, 0), ("Czech Republic", 1, 0), ("Greece", 2, 0), ("Italy", 3, 1),
                             ("Singapore", 2, 1), ("Spain", 3, 1), ("Sweden", 2, 1))
      for i in range(n)),
)
# The Brno centre (published, Czech Republic) is the second Czech singleton lab.
PUBLISHED_LABS: tuple[tuple[str, str], ...] = (
    ("Russian Academy of Sciences", "ras"), ("Brno International Clinical Research Center", "brno"))

# Records with at least one endnote-38 keyword, per category: 171 in all (brief);
# 10 biopharma records are AI-related, so biopharma-or-AI = 160 + 171 - 10 = 321,
# exactly half of 642 ("half of all projects").
AI_BY_CATEGORY: tuple[tuple[str, int], ...] = (
    ("information_technology", 55), ("machines_robots", 40), ("aerospace", 18), ("marine", 10),
    ("railway", 4), ("vehicles", 18), ("energy_equipment", 6), ("agricultural_machines", 5),
    ("new_materials", 3), ("biopharma_medical", 10), ("other", 2))
# Propensity of a government-lab record to be one of its lab's AI records.
LAB_AI_PROPENSITY: tuple[tuple[str, float], ...] = (
    ("information_technology", 3.0), ("machines_robots", 5.0), ("aerospace", 3.0), ("marine", 3.0),
    ("vehicles", 2.0), ("railway", 2.0), ("energy_equipment", 1.0), ("agricultural_machines", 2.0),
    ("new_materials", 0.3), ("biopharma_medical", 0.0), ("other", 0.3))

# Distinct named targets per institution type: 31 labs + 200 + 90 + 14 = 335.
TARGET_TOTALS: tuple[tuple[str, int], ...] = (("company", 200), ("university", 90), ("other", 14))
# Company records whose report names no company (ARTEMIS, the Australian motor,
# and ten reconstructed ones).
UNNAMED_COMPANY_RECORDS = 12
# Endnote 66: company records filed in 2015-2016.
FRAME_COMPANY_2015_2016 = 81
# Houston records of 2018 issue 35 placed before Carmell (file number ...-5).
CARMELL_ISSUE, CARMELL_PRECEDING = 35, 4

# Cooperation forms per record: how many (0-4) and how likely each form is.
FORM_COUNT_P = (0.04, 0.28, 0.40, 0.22, 0.06)
FORM_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("cooperative_partnership", 0.62), ("technology_transfer", 0.25), ("cooperative_manufacturing", 0.10),
    ("financial_investment", 0.38), ("equity", 0.12), ("export_product", 0.06),
    ("research_cooperation", 0.22), ("patent_license", 0.10), ("joint_venture", 0.12))
FORM_TILTS: tuple[tuple[str, tuple[tuple[str, float], ...]], ...] = (
    ("university", (("research_cooperation", 3.0), ("technology_transfer", 1.6), ("patent_license", 1.5),
                    ("financial_investment", 0.4), ("export_product", 0.2))),
    ("government_lab", (("research_cooperation", 3.0), ("technology_transfer", 1.8),
                        ("financial_investment", 0.4), ("export_product", 0.2))),
    ("company", (("financial_investment", 1.3), ("equity", 1.3), ("joint_venture", 1.2))),
)

KEY_COLUMNS = ("file_number", "mic2025_category", "institution_type", "target_id", "ai_planted",
               "cooperation_forms", "provenance")
RAW_KEYS = ("file_number", "filing_date", "post", "country", "title_zh", "title_en", "description_zh",
            "target_name", "archive_url", "provenance", "source_note")


# --------------------------------------------------------------------------
# Small deterministic helpers
# --------------------------------------------------------------------------

def ipf(prior: np.ndarray, rows: np.ndarray, cols: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Scale a positive prior to the given margins over the free cells (iterative proportional fitting)."""
    table = np.where(free, prior, 0.0).astype(float)
    for _ in range(500):
        row_sums = table.sum(axis=1)
        table *= np.divide(rows, row_sums, out=np.zeros_like(row_sums), where=row_sums > 0)[:, None]
        col_sums = table.sum(axis=0)
        table *= np.divide(cols, col_sums, out=np.zeros_like(col_sums), where=col_sums > 0)[None, :]
        if np.abs(table.sum(axis=1) - rows).max() < 1e-9:
            break
    return table


def round_to_margins(real: np.ndarray, rows: np.ndarray, cols: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Integer table with exactly the given margins, as close as possible to `real` (largest remainders).

    Floors first, then adds units to the cells with the largest fractional
    parts where both the row and the column still lack units; a rare leftover
    is placed through a two-cell exchange. Ties break by cell position.
    """
    table = np.floor(real + 1e-9).astype(int) * free
    row_gap, col_gap = rows - table.sum(axis=1), cols - table.sum(axis=0)
    frac = (real - table) * free
    order = np.lexsort((np.arange(frac.size), -frac.ravel()))
    for flat in order:
        r, c = divmod(int(flat), real.shape[1])
        if free[r, c] and row_gap[r] > 0 and col_gap[c] > 0:
            table[r, c] += 1
            row_gap[r] -= 1
            col_gap[c] -= 1
    while row_gap.any():
        r, c = int(np.flatnonzero(row_gap > 0)[0]), int(np.flatnonzero(col_gap > 0)[0])
        if free[r, c]:
            table[r, c] += 1
        else:  # move a unit: (r, c2) +1, (r2, c2) -1, (r2, c) +1
            done = False
            for c2 in range(table.shape[1]):
                for r2 in range(table.shape[0]):
                    if free[r, c2] and free[r2, c] and free[r2, c2] and table[r2, c2] > 0 and r2 != r and c2 != c:
                        table[r, c2] += 1
                        table[r2, c2] -= 1
                        table[r2, c] += 1
                        done = True
                        break
                if done:
                    break
            if not done:
                raise RuntimeError("reconstruction plan: margins cannot be met")
        row_gap[r] -= 1
        col_gap[c] -= 1
    return table


def apportion(total: int, capacity: list[int]) -> list[int]:
    """Split `total` over cells in proportion to their capacity, never above it (largest remainders)."""
    if total > sum(capacity):
        raise RuntimeError("reconstruction plan: too many units for the capacity")
    if total == 0:
        return [0] * len(capacity)
    share = np.array(capacity, dtype=float) * total / sum(capacity)
    out = np.floor(share + 1e-9).astype(int)
    order = np.lexsort((np.arange(len(share)), -(share - out)))
    for i in order[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


def weighted_pick(rng: np.random.Generator, items: list, weights: list[float], k: int) -> list:
    """k distinct items, drawn with probability proportional to weight (k may not exceed the positive weights)."""
    if k == 0:
        return []
    w = np.asarray(weights, dtype=float)
    if (w > 0).sum() < k:
        raise RuntimeError(f"reconstruction plan: cannot draw {k} of {(w > 0).sum()} candidates")
    chosen = rng.choice(len(items), size=k, replace=False, p=w / w.sum())
    return [items[i] for i in sorted(int(i) for i in chosen)]


def ai_matcher(codebook: Codebook):
    """The codebook's endnote-38 rule: Chinese terms as substrings, Latin terms on ASCII word boundaries."""
    chinese = [t for t in codebook.ai_ml_keywords if not t.isascii()]
    latin = [re.compile(rf"\b{re.escape(t)}\b", re.ASCII) for t in codebook.ai_ml_keywords if t.isascii()]

    def hits(text: str) -> bool:
        return any(t in text for t in chinese) or any(p.search(text) for p in latin)
    return hits


def form_matcher(codebook: Codebook):
    """Which Appendix I forms a text names (any of a form's terms as a substring)."""
    forms = [(f["code"], tuple(f["terms"])) for f in codebook.cooperation_forms]

    def found(text: str) -> tuple[str, ...]:
        return tuple(code for code, terms in forms if any(t in text for t in terms))
    return found


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

@dataclass
class Inputs:
    """Reference files the reconstruction reads (nothing else)."""

    codebook: Codebook
    countries: dict[str, dict]          # English name -> row of data/countries.csv
    posts: dict[str, dict]              # Chinese post -> row of data/gazetteer.csv
    cases: list[dict]                   # data/reference/published_cases.yaml cases


def load_inputs(root: Path) -> Inputs:
    """Read the codebook, countries, gazetteer and published cases, and check the plan against them."""
    root = Path(root)
    codebook = load_codebook(root / "data/codebook.yaml")
    with (root / "data/countries.csv").open(encoding="utf-8", newline="") as handle:
        countries = {row["country"]: row for row in csv.DictReader(handle)}
    with (root / "data/gazetteer.csv").open(encoding="utf-8", newline="") as handle:
        posts = {row["post_zh"]: row for row in csv.DictReader(handle)}
    cases = read_reference(root / "data/reference/published_cases.yaml", "cases")["cases"]
    inputs = Inputs(codebook, countries, posts, cases)
    check_plan(inputs)
    return inputs


def check_plan(inputs: Inputs) -> None:
    """Fail early if the plan disagrees with itself, the gazetteer or the codebook."""
    planned = [c for c, _ in COUNTRY_POSTS]
    if sorted(planned) != sorted(inputs.countries):
        raise ValueError("plan countries differ from data/countries.csv")
    for country, posts in COUNTRY_POSTS:
        for post, _ in posts:
            if post not in inputs.posts:
                raise ValueError(f"post {post} is not in the gazetteer")
            if post != "未注明" and inputs.posts[post]["country"] != country:
                raise ValueError(f"post {post} is not in {country}")
    total = sum(n for _, posts in COUNTRY_POSTS for _, n in posts)
    for name, plan in (("years", YEAR_TOTALS), ("institutions", INSTITUTION_TOTALS),
                       ("categories", CATEGORY_TOTALS)):
        if sum(n for _, n in plan) != total:
            raise ValueError(f"plan {name} do not sum to {total}")
    if [c for c, _ in CATEGORY_TOTALS] != list(inputs.codebook.category_codes):
        raise ValueError("plan categories differ from the codebook")
    if sorted(dict(INSTITUTION_TOTALS)) != sorted(inputs.codebook.institution_codes):
        raise ValueError("plan institution types differ from the codebook")
    if [c for c, _ in FORM_WEIGHTS] != [f["code"] for f in inputs.codebook.cooperation_forms]:
        raise ValueError("plan cooperation forms differ from the codebook")
    if sum(p.records for p in LAB_PLANS) != dict(INSTITUTION_TOTALS)["government_lab"] - 1:
        raise ValueError("lab plan must leave one singleton for the published Brno centre")


# --------------------------------------------------------------------------
# Records and allocation
# --------------------------------------------------------------------------

@dataclass
class Rec:
    """One in-window record while it is being built."""

    idx: int
    country: str
    case: dict | None = None
    category: str = ""
    institution: str = ""
    lab: str = ""
    post: str = ""
    year: int = 0
    issue: int = 0
    date: str = ""
    seq: int = 0
    ai: bool = False
    target: str = ""          # internal target key; "" = no named target
    forms: tuple[str, ...] = ()
    pinned: bool = False      # one of the Houston records before Carmell


def make_records(inputs: Inputs) -> list[Rec]:
    """One skeleton per planned record; published in-window cases take their country's first slots."""
    records: list[Rec] = []
    cases = [c for c in inputs.cases if c["group"] != "out_of_window"]
    for country, posts in COUNTRY_POSTS:
        total = sum(n for _, n in posts)
        mine = [c for c in cases if c["country"] == country]
        for i in range(total):
            rec = Rec(idx=len(records), country=country)
            if i < len(mine):
                case = mine[i]
                rec.case, rec.category, rec.institution = case, case["mic2025_category"], case["institution_type"]
                rec.post, rec.year = case["post"], int(str(case["report_date"])[:4])
                rec.ai, rec.forms = bool(case["ai_planted"]), tuple(case["cooperation_forms"])
                rec.lab = dict(PUBLISHED_LABS).get(case["target_name"], "") if rec.institution == "government_lab" else ""
            records.append(rec)
    return records


def tilt_matrix(rows: list[str], cols: list[str], tilts) -> np.ndarray:
    """Multiplicative prior tilts as a rows x cols array (1 where no tilt is given)."""
    out = np.ones((len(rows), len(cols)))
    for country, pairs in tilts:
        for col, factor in pairs:
            out[rows.index(country), cols.index(col)] *= factor
    return out


def allocate_categories(records: list[Rec], seed: int) -> None:
    """Country x category counts (fixed cells + IPF + rounding), then a category per record."""
    countries = [c for c, _ in COUNTRY_POSTS]
    cats = [c for c, _ in CATEGORY_TOTALS]
    published = np.zeros((len(countries), len(cats)), dtype=int)
    for r in records:
        if r.case:
            published[countries.index(r.country), cats.index(r.category)] += 1
    fixed = np.zeros_like(published)
    free = np.ones(published.shape, dtype=bool)
    for country, cat, n in FIXED_CATEGORY_CELLS:
        i, j = countries.index(country), cats.index(cat)
        fixed[i, j], free[i, j] = n - published[i, j], False
    row_totals = np.array([sum(n for _, n in posts) for _, posts in COUNTRY_POSTS])
    col_totals = np.array([n for _, n in CATEGORY_TOTALS])
    rows = row_totals - published.sum(axis=1) - fixed.sum(axis=1)
    cols = col_totals - published.sum(axis=0) - fixed.sum(axis=0)
    prior = (col_totals / col_totals.sum())[None, :] * tilt_matrix(countries, cats, CATEGORY_TILTS)
    table = round_to_margins(ipf(prior, rows, cols, free), rows, cols, free) + fixed
    rng = stream(seed, "categories")
    for i, country in enumerate(countries):
        pool = [cat for j, cat in enumerate(cats) for _ in range(int(table[i, j]))]
        slots = [r for r in records if r.country == country and not r.case]
        for r, k in zip(slots, rng.permutation(len(pool))):
            r.category = pool[int(k)]


def allocate_labs(records: list[Rec], seed: int) -> None:
    """Government-lab records: each planned lab takes its count from its country, by category preference."""
    rng = stream(seed, "labs")
    propensity = dict(LAB_AI_PROPENSITY)
    # The big RAS plan goes last so the small labs find their preferred fields.
    for plan in sorted(LAB_PLANS, key=lambda p: p.records > 10):
        have = [r for r in records if r.lab == plan.key]
        need = plan.records - len(have)
        pool = [r for r in records if r.country == plan.country and not r.case and not r.institution]
        prefer = dict(plan.prefer)
        # a lab whose records are all AI-related takes fields where AI is common
        weights = [prefer.get(r.category, 0.05) * (propensity[r.category] * (propensity[r.category] >= 1)
                                                   if plan.ai == plan.records else 1.0) for r in pool]
        for r in weighted_pick(rng, pool, weights, need):
            r.institution, r.lab = "government_lab", plan.key


def allocate_institutions(records: list[Rec], seed: int) -> None:
    """Country x institution counts for the non-lab records, then a type per record (category-aware)."""
    countries = [c for c, _ in COUNTRY_POSTS]
    types = ["company", "university", "other", "not_stated"]
    published = np.zeros((len(countries), len(types)), dtype=int)
    open_rows = np.zeros(len(countries), dtype=int)
    for r in records:
        i = countries.index(r.country)
        if r.case and r.institution in types:
            published[i, types.index(r.institution)] += 1
        elif not r.institution:
            open_rows[i] += 1
    totals = dict(INSTITUTION_TOTALS)
    cols = np.array([totals[t] for t in types]) - published.sum(axis=0)
    prior = (cols / cols.sum())[None, :] * tilt_matrix(countries, types, INSTITUTION_TILTS)
    free = np.ones(prior.shape, dtype=bool)
    table = round_to_margins(ipf(prior, open_rows, cols, free), open_rows, cols, free)
    rng = stream(seed, "institutions")
    prefer = {
        "university": {"biopharma_medical": 1.5, "new_materials": 1.6, "agricultural_machines": 1.2,
                       "vehicles": 0.7, "railway": 0.8, "aerospace": 0.8, "other": 0.8},
        "other": {"other": 2.0, "biopharma_medical": 1.2},
        "not_stated": {},
    }
    for i, country in enumerate(countries):
        for t in ("university", "other", "not_stated"):
            pool = [r for r in records if r.country == country and not r.institution]
            weights = [prefer[t].get(r.category, 1.0) for r in pool]
            for r in weighted_pick(rng, pool, weights, int(table[i, types.index(t)])):
                r.institution = t
        for r in records:
            if r.country == country and not r.institution:
                r.institution = "company"


def allocate_posts(records: list[Rec], seed: int) -> None:
    """Posts within each country: labs take their planned posts, the other slots are shuffled."""
    rng = stream(seed, "posts")
    lab_posts = {p.key: list(p.posts) for p in LAB_PLANS if p.posts}
    for country, posts in COUNTRY_POSTS:
        left = dict(posts)
        mine = [r for r in records if r.country == country]
        for r in mine:
            if r.post:
                left[r.post] -= 1
        for key, plan in sorted(lab_posts.items()):
            members = [r for r in mine if r.lab == key and not r.post]
            slots = [p for p, n in plan for _ in range(n)]
            for p in [r.post for r in mine if r.lab == key and r.post]:
                slots.remove(p)
            for r, p in zip(members, slots):
                r.post = p
                left[p] -= 1
        pool = [p for p, _ in posts for _ in range(left[p])]
        rest = [r for r in mine if not r.post]
        if len(pool) != len(rest) or min(left.values()) < 0:
            raise RuntimeError(f"post plan of {country} does not fit")
        for r, k in zip(rest, rng.permutation(len(pool))):
            r.post = pool[int(k)]


def allocate_years(records: list[Rec], seed: int) -> None:
    """Filing years: exactly 81 company records in 2015-2016 (endnote 66), year totals as planned."""
    rng = stream(seed, "years")
    houston = [r for r in records if r.post == "休斯顿" and not r.case]
    for k in sorted(int(i) for i in rng.choice(len(houston), CARMELL_PRECEDING, replace=False)):
        houston[k].pinned, houston[k].year = True, 2018
    fixed = [r for r in records if r.year]
    slots = dict(YEAR_TOTALS)
    for r in fixed:
        slots[r.year] -= 1
    early = [y for y in (2015, 2016) for _ in range(slots[y])]
    late = [y for y in (2017, 2018, 2019, 2020) for _ in range(slots[y])]
    frame_have = sum(1 for r in fixed if r.institution == "company" and r.year <= 2016)
    open_recs = [r for r in records if not r.year]
    companies = [r for r in open_recs if r.institution == "company"]
    others = [r for r in open_recs if r.institution != "company"]
    n_comp = FRAME_COMPANY_2015_2016 - frame_have
    pick_c = set(int(i) for i in rng.choice(len(companies), n_comp, replace=False))
    pick_o = set(int(i) for i in rng.choice(len(others), len(early) - n_comp, replace=False))
    early_recs = [r for i, r in enumerate(companies) if i in pick_c] + [r for i, r in enumerate(others) if i in pick_o]
    late_recs = [r for i, r in enumerate(companies) if i not in pick_c] + [r for i, r in enumerate(others) if i not in pick_o]
    for group, years in ((early_recs, early), (late_recs, late)):
        group.sort(key=lambda r: r.idx)
        for r, k in zip(group, rng.permutation(len(years))):
            r.year = years[int(k)]


def issue_calendar(seed: int, cases: list[dict]) -> dict[int, list[str]]:
    """Issue dates per year (issue n = list position n-1); every exact published report date is an issue."""
    rng = stream(seed, "calendar")
    pinned: dict[tuple[int, int], set[int]] = {}
    for case in cases:
        text = str(case["report_date"])
        if len(text) == 10:
            d = dt.date.fromisoformat(text)
            pinned.setdefault((d.year, d.month), set()).add(d.day)
    out: dict[int, list[str]] = {}
    for year, n in ISSUES_PER_YEAR:
        per_month = np.full(12, n // 12)
        per_month[sorted(int(m) for m in rng.choice(12, n - 12 * (n // 12), replace=False))] += 1
        dates = []
        for month in range(1, 13):
            fixed = sorted(pinned.get((year, month), set()))
            days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if d not in fixed]
            k = int(per_month[month - 1]) - len(fixed)
            chosen = fixed + [days[int(i)] for i in rng.choice(len(days), k, replace=False)]
            dates += [dt.date(year, month, d).isoformat() for d in sorted(chosen)]
        out[year] = dates
    return out


def allocate_issues(records: list[Rec], cal: dict[int, list[str]], seed: int) -> None:
    """Issue and date per record, honouring published dates and Houston's closure; then sequence numbers."""
    rng = stream(seed, "issues")
    for r in records:
        dates = cal[r.year]
        if r.case and r.case.get("file_number"):
            r.issue = int(r.case["file_number"].split("-")[1])
        elif r.pinned:
            r.issue = CARMELL_ISSUE
        elif r.case:
            text = str(r.case["report_date"])
            choices = [i for i, d in enumerate(dates, 1) if d.startswith(text)]
            r.issue = choices[0] if len(text) == 10 else choices[int(rng.integers(len(choices)))]
        else:
            choices = [i for i, d in enumerate(dates, 1)
                       if r.country != "United States" or dt.date.fromisoformat(d) <= US_LAST_DATE]
            r.issue = choices[int(rng.integers(len(choices)))]
        r.date = str(r.case["report_date"]) if r.case else dates[r.issue - 1]
    cells: dict[tuple[int, int, str], list[Rec]] = {}
    for r in records:
        cells.setdefault((r.year, r.issue, r.post), []).append(r)
    for key in sorted(cells):
        members = cells[key]
        taken = set()
        for r in members:
            if r.case and r.case.get("file_number"):
                r.seq = int(r.case["file_number"].split("-")[-1])
                taken.add(r.seq)
        pinned = sorted((r for r in members if r.pinned), key=lambda r: r.idx)
        for s, r in enumerate(pinned, 1):
            r.seq = s
            taken.add(s)
        rest = [r for r in members if not r.seq]
        numbers = [s for s in range(1, len(members) + len(taken) + 1) if s not in taken][:len(rest)]
        for r, k in zip(rest, rng.permutation(len(rest))):
            r.seq = numbers[int(k)]


def allocate_ai(records: list[Rec], seed: int) -> None:
    """AI flags: per-category quotas; government labs first (33 in all), then the other records."""
    rng = stream(seed, "ai")
    left = dict(AI_BY_CATEGORY)
    for r in records:
        if r.case and r.ai:
            left[r.category] -= 1
    propensity = dict(LAB_AI_PROPENSITY)
    lab_ai = {p.key: p.ai for p in LAB_PLANS}
    for key in [p.key for p in sorted(LAB_PLANS, key=lambda p: p.records)]:   # small labs first
        pool = [r for r in records if r.lab == key and not r.case]
        for _ in range(lab_ai[key]):
            weights = [propensity[r.category] * (left[r.category] > 0) * (not r.ai) for r in pool]
            (r,) = weighted_pick(rng, pool, weights, 1)
            r.ai = True
            left[r.category] -= 1
    for cat, _ in AI_BY_CATEGORY:
        pool = [r for r in records if r.category == cat and not r.case and r.institution != "government_lab"]
        for r in weighted_pick(rng, pool, [1.0] * len(pool), left[cat]):
            r.ai = True


def allocate_targets(records: list[Rec], seed: int) -> None:
    """Target keys: labs as planned, unnamed companies, and repeat targets within country and type.

    A target is one named company, university or other body; some have
    several records. Records of one (country, type) cell are sorted by
    category and year and cut into consecutive groups, so a repeated target
    mostly stays in one field.
    """
    rng = stream(seed, "targets")
    for r in records:
        if r.case:
            r.target = f"pub:{r.case['id']}" if r.case["target_name"] else ""
            if r.lab == "ras":
                r.target = "lab:ras"
        elif r.institution == "government_lab":
            r.target = f"lab:{r.lab}"
    companies = [r for r in records if r.institution == "company" and not r.case]
    unnamed = UNNAMED_COMPANY_RECORDS - sum(1 for r in records if r.case and r.institution == "company"
                                            and not r.case["target_name"])
    anonymous = set(int(i) for i in rng.choice(len(companies), unnamed, replace=False))
    for i, r in enumerate(companies):
        r.target = "" if i in anonymous else "open"
    for r in records:
        if not r.case and r.institution in ("university", "other"):
            r.target = "open"
    countries = [c for c, _ in COUNTRY_POSTS]
    for inst, total in TARGET_TOTALS:
        published = len({r.target for r in records if r.case and r.institution == inst and r.target})
        cells = [[r for r in records if r.country == c and r.institution == inst and r.target == "open"]
                 for c in countries]
        n_records = sum(len(cell) for cell in cells)
        repeats = n_records - (total - published)
        capacity = [max(len(cell) - 1, 0) for cell in cells]
        per_cell = apportion(repeats, capacity)
        for cell, extra, country in zip(cells, per_cell, countries):
            if not cell:
                continue
            cell.sort(key=lambda r: (r.category, r.year, r.idx))
            groups = len(cell) - int(extra)
            sizes = 1 + rng.multinomial(int(extra), [1.0 / groups] * groups)
            start = 0
            for g, size in enumerate(sizes):
                for r in cell[start:start + int(size)]:
                    r.target = f"{inst}:{country}:{g}"
                start += int(size)


def allocate_forms(records: list[Rec], seed: int) -> None:
    """Cooperation forms of the reconstructed records: 0-4 forms, weighted by institution type."""
    rng = stream(seed, "forms")
    codes = [c for c, _ in FORM_WEIGHTS]
    tilts = {inst: dict(pairs) for inst, pairs in FORM_TILTS}
    for r in records:
        if r.case:
            continue
        k = int(rng.choice(len(FORM_COUNT_P), p=FORM_COUNT_P))
        weights = [w * tilts.get(r.institution, {}).get(c, 1.0) for c, w in FORM_WEIGHTS]
        r.forms = tuple(weighted_pick(rng, codes, weights, k))


# --------------------------------------------------------------------------
# Phrase banks. Non-AI phrases must contain no endnote-38 keyword and no
# Appendix I term; AI phrases must contain a keyword. build_corpus checks every
# finished text against the codebook, so a slip here stops the run.
# Placeholders: {p} percent, {n} 2-50, {s} 2-5, {q} 90-99, {t} hundreds of degrees,
# {m} money in units of 10,000.
# --------------------------------------------------------------------------

BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "information_technology": {
        "field": ("信息通信", "半导体", "软件", "电子信息", "网络安全"),
        "dept": ("电子工程系", "计算机科学系", "信息工程学院", "微电子研究中心"),
        "products": ("高速光通信模块", "低功耗物联网芯片", "射频前端芯片", "数据加密网关", "量子密钥分发设备",
                     "分布式存储系统", "高精度时钟同步芯片", "柔性显示驱动芯片", "工业网络安全平台",
                     "卫星通信终端天线", "半导体刻蚀设备", "晶圆缺陷检测设备", "毫米波雷达芯片",
                     "软件定义网络交换机", "电子设计仿真软件", "数字孪生建模平台", "5G小基站", "区块链溯源平台",
                     "虚拟现实显示模组", "光子集成电路", "低延迟视频编码器", "电磁兼容测试系统", "硅光子收发器",
                     "存算一体芯片", "可见光通信系统", "移动应用安全检测工具", "超宽带定位模块", "云端协同设计软件"),
        "ai_products": ("人工智能语音识别芯片", "基于深度学习的视频识别软件", "计算机视觉安防分析系统",
                        "智能网络运维平台", "人工智能推理加速芯片", "金融欺诈预测系统", "智能语音助手",
                        "无人机目标识别算法", "AI图像增强处理器", "智能客服对话系统", "基于AI的网络入侵检测系统",
                        "人脸识别算法平台", "智能视频监控系统", "深度学习训练服务器", "智能翻译耳机",
                        "自动驾驶仿真测试软件"),
        "features": ("性能较上一代产品提升约{p}%", "功耗比同类产品低约{p}%", "体积较同类产品缩小约{p}%",
                     "可在零下{n}摄氏度至85摄氏度环境下稳定工作", "采用模块化架构，便于升级和维护",
                     "延迟低于{n}毫秒", "兼容主流操作系统和硬件平台", "数据安全性达到国际通行标准",
                     "成本比同类产品低约{p}%"),
        "ai_features": ("系统采用深度学习算法，识别准确率超过{q}%", "可通过人工智能模型实时分析海量数据",
                        "内置智能分析模块，可自动生成分析报告", "采用计算机视觉技术识别异常目标"),
        "uses": ("数据中心", "通信网络", "智慧城市", "金融服务", "工业互联网", "消费电子", "公共安全",
                 "远程教育", "医疗信息化"),
        "qualifiers": ("新一代", "高性能", "低功耗", "小型化"),
    },
    "machines_robots": {
        "field": ("精密制造装备", "机床", "工业装备", "激光加工"),
        "dept": ("机械工程系", "制造工程研究所", "精密仪器系"),
        "products": ("五轴数控加工中心", "超精密磨床", "光纤激光切割设备", "超精密车削机床", "金属增材制造设备",
                     "精密行星减速器", "高速电主轴", "液压伺服执行器", "冷喷涂设备", "电火花微孔加工机床",
                     "真空钎焊炉", "超声波焊接设备", "高精度直线导轨", "数控折弯机", "齿轮精密测量仪",
                     "柔性夹具系统", "微纳加工平台", "大型龙门铣床", "激光熔覆修复设备", "精密注塑模具",
                     "高压水射流切割机"),
        "ai_products": ("工业机器人", "协作机器人", "自动地板清洁机", "智能焊接机器人", "自动化装配线",
                        "机器人视觉抓取系统", "自主移动机器人", "智能仓储分拣系统", "自动导引运输车",
                        "无人值守加工单元", "设备故障预测性维护系统", "人机协作装配平台", "智能数控系统",
                        "仿生四足机器人", "管道检测机器人", "自动化检测工作站"),
        "features": ("加工精度可达{n}微米", "运行可靠，故障率低", "重复定位精度优于{n}微米",
                     "适用于多品种小批量生产", "设备能耗较传统设备降低约{p}%", "换型时间缩短约{p}%",
                     "结构紧凑，占地面积小", "可与现有生产线快速集成"),
        "ai_features": ("配备智能控制系统，可自动识别工件位置", "可实现全天候自动运行",
                        "采用人工智能算法优化作业路径"),
        "uses": ("航空零部件加工", "汽车制造", "模具制造", "电子装配", "医疗器械制造", "物流仓储", "船舶制造"),
        "qualifiers": ("高精度", "高效", "新型", "紧凑型"),
    },
    "aerospace": {
        "field": ("航空", "航天", "航空电子", "卫星"),
        "dept": ("航空航天工程系", "宇航学院", "飞行器设计研究所"),
        "products": ("轻型复合材料机身结构", "小型涡轮发动机", "卫星姿态控制飞轮", "立方星平台",
                     "航空发动机叶片热障涂层", "直升机旋翼减振装置", "航空电子显示器", "飞机机翼除冰系统",
                     "卫星电推进器", "高空气球观测平台", "轻量化航空座椅组件", "救援飞行器", "四座通用航空飞机",
                     "机载气象雷达", "火箭发动机喷管", "星载激光通信终端", "航空液压作动器", "飞机起落架减震器",
                     "微小卫星太阳能帆板", "航空复合材料无损检测设备"),
        "ai_products": ("垂直起降无人机", "长航时无人机", "无人机集群控制系统", "飞机自动驾驶仪",
                        "智能空中交通管理系统", "无人机避障算法", "无人机精准着陆系统", "卫星图像人工智能解译软件",
                        "智能飞行健康监测系统", "无人驾驶货运飞机"),
        "features": ("结构重量较传统方案减轻约{p}%", "可靠性较现有产品明显提高", "已通过地面环境模拟试验",
                     "制造成本降低约{p}%", "满足相关适航或航天标准", "可承受零下{n}摄氏度的低温环境",
                     "维护周期延长约{p}%"),
        "ai_features": ("可在无人操作条件下完成起降", "采用智能航迹规划技术", "搭载计算机视觉系统识别地面目标"),
        "uses": ("通用航空", "应急救援", "遥感测绘", "空中物流", "气象观测", "卫星通信", "航空维修"),
        "qualifiers": ("新型", "轻型", "高性能", "低成本"),
    },
    "marine": {
        "field": ("海洋工程", "船舶", "海洋监测"),
        "dept": ("海洋工程系", "船舶与海洋工程学院", "海洋技术研究中心"),
        "products": ("海洋浮标监测系统", "船舶压载水处理装置", "水下声学通信设备", "海底电缆检测设备",
                     "船体减阻涂层", "深海耐压舱", "船用液化天然气供气系统", "海上风电安装平台", "偏振光海面监测系统",
                     "船体清洁装置", "海洋溢油监测雷达", "港口系泊装置", "多波束测深声呐", "波浪能发电浮体",
                     "船用废气洗涤器", "海洋温盐深剖面仪", "潜水员水下定位装置", "极地船舶防冰系统"),
        "ai_products": ("无人潜航器", "无人水下航行器导航系统", "无人水面艇", "智能船舶导航系统", "水下机器人",
                        "海况预测系统", "船舶自动避碰系统", "水下目标智能识别系统", "自动化港口装卸系统"),
        "features": ("可在{s}级海况下正常作业", "可连续工作{s}个月", "维护周期延长约{p}%", "已完成海上试验",
                     "耐海水腐蚀性能优良", "运行成本降低约{p}%"),
        "ai_features": ("可自行规划路径并在无人值守条件下作业", "采用人工智能算法识别海面目标",
                        "能够预测未来{n}小时内的海浪变化"),
        "uses": ("近海监测", "海洋科考", "港口管理", "海上油气开发", "海洋渔业", "航运"),
        "qualifiers": ("新型", "高精度", "低能耗", "长寿命"),
    },
    "railway": {
        "field": ("轨道交通", "铁路装备"),
        "dept": ("交通运输工程系", "轨道交通研究所"),
        "products": ("轨道故障检测系统", "高速列车减振器", "钢轨超声探伤设备", "牵引变流器", "列车制动盘材料",
                     "地铁隧道变形监测系统", "道岔融雪装置", "车轮踏面修复技术", "轨道降噪屏障",
                     "列车轴承温度监测装置", "接触网检测设备", "轻轨车辆转向架", "铁路信号联锁设备",
                     "轨道几何状态测量仪"),
        "ai_products": ("列车自动驾驶系统", "智能轨道巡检机器人", "轨道故障预测系统", "受电弓计算机视觉检测系统",
                        "智能列车调度系统"),
        "features": ("可靠性较现有产品明显提高", "可将维护成本降低约{p}%", "使用寿命延长约{p}%",
                     "已在{s}条线路上试用", "安装简便，不影响线路正常运营", "符合欧洲铁路相关标准"),
        "ai_features": ("可自动识别钢轨表面缺陷", "能够预测关键部件的剩余寿命"),
        "uses": ("高速铁路", "城市地铁", "重载货运铁路", "有轨电车", "城际铁路"),
        "qualifiers": ("新型", "轻量化", "高可靠"),
    },
    "vehicles": {
        "field": ("新能源汽车", "汽车零部件", "动力电池"),
        "dept": ("车辆工程系", "汽车研究中心", "电化学研究所"),
        "products": ("固态锂电池", "电动汽车大功率充电桩", "氢燃料电池电堆", "轮毂电机", "车用激光雷达",
                     "无级变速传动系统", "动力电池热管理系统", "铝合金轻量化底盘", "车载冷藏系统",
                     "插电式混合动力总成", "碳化硅车用逆变器", "电动客车换电系统", "车用尾气催化器",
                     "轮胎压力监测传感器", "电动摩托车动力系统", "钠离子动力电池", "车用无线充电装置",
                     "增程式发电机组"),
        "ai_products": ("自动驾驶感知系统", "智能网联汽车平台", "自动泊车系统", "驾驶员疲劳预警与预测系统",
                        "无人驾驶物流车", "电池寿命预测算法", "智能座舱系统", "车载AI视觉芯片"),
        "features": ("可使整车能耗降低约{p}%", "续航里程提高约{p}%", "已通过多家整车企业测试",
                     "体积和重量明显减小", "可在零下{n}摄氏度正常工作", "成本较同类产品低约{p}%"),
        "ai_features": ("采用深度学习算法融合多传感器数据", "可实现高速公路场景下的自动驾驶"),
        "uses": ("乘用车", "城市公交", "物流车辆", "两轮电动车", "冷链运输", "港口运输"),
        "qualifiers": ("新一代", "高效", "长寿命", "轻量化"),
    },
    "energy_equipment": {
        "field": ("电力装备", "新能源", "储能", "清洁能源"),
        "dept": ("电气工程系", "能源研究所", "可再生能源研究中心"),
        "products": ("高效节能电机", "高温超导电缆", "全钒液流储能电池", "光伏逆变器", "钙钛矿太阳能电池组件",
                     "海上风机叶片", "生物质气化发电装置", "地热发电机组", "燃气轮机燃烧室", "变压器在线监测装置",
                     "电网谐波治理装置", "碱性电解水制氢设备", "工业余热回收发电系统", "小型水力发电机组",
                     "超级电容储能模块", "固体氧化物燃料电池", "聚光太阳能集热器", "压缩空气储能系统",
                     "高压直流断路器"),
        "ai_products": ("智能电网调度系统", "风电功率预测系统", "储能电站智能管理平台", "光伏电站无人机巡检系统",
                        "电力设备故障预测平台"),
        "features": ("系统效率可达{q}%", "运行成本降低约{p}%", "已完成示范工程验证", "可靠性较现有产品明显提高",
                     "能耗较传统设备降低约{p}%", "设计寿命{s}0年以上", "占地面积减少约{p}%"),
        "ai_features": ("可根据气象数据预测发电量", "采用智能优化算法调度储能充放电"),
        "uses": ("电网", "工业园区", "数据中心供电", "分布式能源", "海上风电", "偏远地区供电"),
        "qualifiers": ("高效", "低成本", "新型", "模块化"),
    },
    "agricultural_machines": {
        "field": ("农业机械", "农业技术", "食品加工装备"),
        "dept": ("农业工程系", "农学院", "食品科学系"),
        "products": ("精量播种机", "温室环境调控设备", "节水滴灌系统", "谷物低温烘干设备", "牧草收获机械",
                     "果蔬光电分选设备", "饲料加工机组", "便携式土壤检测仪", "食品冷冻干燥设备", "茶叶加工设备",
                     "水产养殖增氧设备", "秸秆还田机"),
        "ai_products": ("果实采摘机器人", "植保无人机", "自动挤奶系统", "智能灌溉控制系统", "作物产量预测平台"),
        "features": ("可减少用工约{p}%", "作业效率提高约{p}%", "已在当地农场推广使用", "适用于中小规模农场",
                     "能耗降低约{p}%", "操作简便，维护成本低"),
        "ai_features": ("可自动识别果实成熟度", "可基于卫星和气象数据预测作物产量"),
        "uses": ("大田种植", "设施农业", "果园管理", "畜牧养殖", "水产养殖", "农产品加工"),
        "qualifiers": ("高效", "新型", "多功能"),
    },
    "new_materials": {
        "field": ("新材料", "先进材料", "纳米材料", "化工材料"),
        "dept": ("材料科学与工程系", "化学系", "纳米技术研究中心"),
        "products": ("石墨烯导热薄膜", "碳纳米管复合材料", "可降解包装材料", "高熵合金", "陶瓷基复合材料",
                     "纳米晶软磁合金", "二氧化硅气凝胶隔热材料", "形状记忆合金", "自修复防腐涂层", "超疏水涂层",
                     "3D打印用钛合金粉末", "稀土永磁材料", "碳化硅单晶衬底", "生物基聚合物",
                     "金属有机框架吸附材料", "高性能碳纤维", "蓝宝石衬底", "透明导电薄膜", "纳米银线导电材料",
                     "耐高温聚酰亚胺薄膜", "高强度镁合金", "相变储热材料", "氮化镓外延片", "多孔陶瓷过滤材料"),
        "ai_products": ("人工智能新材料设计平台", "材料性能预测软件", "智能调光玻璃薄膜"),
        "features": ("关键性能指标较传统材料提高约{p}%", "性能稳定，批次一致性好", "可在{t}摄氏度高温下保持性能稳定",
                     "生产成本降低约{p}%", "制备工艺简单，易于放大", "已实现公斤级制备", "耐腐蚀性能优异"),
        "ai_features": ("利用人工智能模型筛选材料配方", "可预测材料在不同工况下的性能"),
        "uses": ("电子器件", "航空航天", "新能源汽车", "建筑节能", "包装", "医疗器械", "化工"),
        "qualifiers": ("高性能", "低成本", "新型", "环保"),
    },
    "biopharma_medical": {
        "field": ("生物医药", "医疗器械", "生物技术", "制药"),
        "dept": ("医学院", "药学院", "生物医学工程系", "生命科学学院"),
        "products": ("肿瘤靶向抗体药物", "植入式芯片疫苗", "选择性诱导肿瘤细胞凋亡的蛋白", "可吸收骨修复材料",
                     "新型广谱抗生素", "间充质干细胞疗法", "基因编辑治疗技术", "便携式超声诊断仪",
                     "传染病即时检测试剂盒", "颅内血管支架", "慢性伤口敷料", "眼科显微手术器械", "连续血糖监测仪",
                     "无针注射器", "心脏瓣膜修复装置", "mRNA递送系统", "抗病毒鼻腔喷剂", "牙科种植体",
                     "人工耳蜗植入装置", "阿尔茨海默病早期诊断试剂", "脑卒中康复训练设备", "新型疫苗佐剂",
                     "靶向给药纳米颗粒", "心电监测贴片", "抗菌导尿管", "肝纤维化治疗药物", "病原体快速测序仪",
                     "低剂量X射线成像设备", "血液透析滤器", "中药有效成分提取工艺", "脑血管病治疗药物",
                     "神经退行性疾病小分子药物", "个性化癌症疫苗", "蛋白质药物纯化工艺", "益生菌制剂"),
        "ai_products": ("人工智能医学影像诊断系统", "深度学习病理切片分析软件", "微创手术机器人", "康复外骨骼机器人",
                        "心血管疾病风险预测模型", "智能胰岛素泵", "人工智能药物筛选平台", "智能听诊器",
                        "计算机视觉皮肤病筛查软件"),
        "features": ("前期数据显示安全性良好", "与现有产品相比具有明显优势", "可显著改善患者生活质量",
                     "生产工艺成熟，成本较低", "已获得{s}项国际专利", "有望降低治疗费用约{p}%",
                     "相关成果已在国际期刊发表"),
        "ai_features": ("采用深度学习模型辅助医生诊断", "可根据患者数据预测疾病风险", "系统可自动识别病灶区域"),
        "uses": ("临床诊疗", "医院和诊所", "基层医疗", "家庭健康管理", "医药研发"),
        "qualifiers": ("新型", "创新", "第二代"),
        "stages": ("已完成临床前研究", "已完成一期临床试验", "正在开展二期临床试验", "已获得临床试验许可",
                   "已向监管机构提交上市申请", "已完成动物实验", "处于实验室研究阶段", "已在当地多家医院试用"),
    },
    "other": {
        "field": ("环保", "水处理", "环境技术", "消费品"),
        "dept": ("环境工程系", "土木工程系", "化学工程系"),
        "products": ("污水生物处理菌剂", "室内空气净化装置", "水体藻华治理技术", "土壤重金属修复技术",
                     "垃圾焚烧烟气净化系统", "环境质量监测传感网络", "海水淡化膜组件", "葡萄酒萃取设备", "家用吸尘器",
                     "文物数字化保护技术", "环保型消防灭火泡沫", "建筑3D打印技术", "工业废气除臭技术",
                     "雨水收集净化系统", "饮用水除氟设备", "餐厨垃圾资源化处理设备", "城市噪声监测系统",
                     "油田采出水处理技术", "生物降解洗涤剂", "危险废物固化技术"),
        "ai_products": ("智能垃圾分类设备", "空气质量预测平台"),
        "features": ("操作简便，维护成本低", "运行成本降低约{p}%", "已在当地多个项目中应用", "设备占地面积小，安装方便",
                     "能耗仅为传统工艺的{s}分之一"),
        "ai_features": ("可自动识别垃圾种类", "能够提前{n}小时预测污染程度"),
        "uses": ("市政工程", "工业园区", "城市环境治理", "家庭和商业场所", "公共设施"),
        "qualifiers": ("高效", "低能耗", "新型", "环保"),
    },
}

STAGES = ("目前已完成原理样机研制", "项目已完成实验室验证，正在开展中试", "产品已小批量生产并在{country}市场销售",
          "技术处于概念验证阶段", "已完成工程样机并通过第三方测试", "已在{s}家用户单位试用", "已申请国际专利{s}项",
          "核心技术已在{country}和欧洲获得专利", "产品已进入商业化阶段", "已完成第二代样机开发")
MARKET = ("外方看好中国市场需求", "外方希望进入中国市场", "外方希望借助中国的制造能力降低成本",
          "外方计划在未来{s}年内拓展亚洲市场", "外方十分关注中国相关行业的发展前景")
# Natural sentences per cooperation form; each names at least one of its form's
# Appendix I terms (checked against the codebook at run time).
FORM_SENTENCES: dict[str, tuple[str, ...]] = {
    "cooperative_partnership": ("外方希望在中国寻找合作伙伴", "外方愿与中国企业开展合作",
                                "现寻求中国伙伴共同推进产业化", "外方希望寻找伙伴合作开拓中国市场",
                                "希望与中方进行技术合作", "希望与有实力的中国伙伴开展合作"),
    "technology_transfer": ("外方可考虑技术转让", "外方愿意有偿转让技术", "希望通过技术转移在中国实现产业化",
                            "可向中方转让技术及相关工艺文件"),
    "cooperative_manufacturing": ("外方希望与中国厂商合作生产", "拟在中国寻找工厂合作生产相关部件"),
    "financial_investment": ("本轮拟融资{m}万{cur}", "外方寻求{m}万{cur}风险投资", "欢迎中方投资",
                             "外方希望吸引中国投资者参与下一轮融资", "项目所需投资约{m}万{cur}"),
    "equity": ("外方可接受中方以股权方式参与", "可考虑技术入股", "外方愿出让部分股权"),
    "export_product": ("外方希望向中国出口产品", "外方计划向中国市场出口产品并建立销售渠道"),
    "research_cooperation": ("希望与中国高校或科研院所开展研发合作", "愿与中方机构合作研究",
                             "欢迎中方科研团队参与合作研究"),
    "patent_license": ("外方可提供专利授权", "可就专利许可证贸易与中方洽谈", "愿以专利授权方式向中方提供技术"),
    "joint_venture": ("外方希望在华设立合资企业", "可考虑与中方成立合资公司", "有意在中国组建合资工厂"),
}
FORM_LISTS = ("合作方式：{terms}", "拟采取的合作方式包括{terms}等", "外方意向的合作形式为{terms}")
EURO = ("Austria", "Belgium", "Finland", "France", "Greece", "Ireland", "Italy", "Spain")

# Name parts for invented targets (clearly fictitious, never a real body).
SYL_A = ("Ar", "Bel", "Cor", "Dal", "Ev", "Fen", "Gal", "Hal", "Is", "Jor", "Kel", "Lor", "Mar", "Nel",
         "Or", "Pel", "Quen", "Ros", "Sel", "Tal", "Ul", "Var", "Wen", "Xan", "Yor", "Zel")
SYL_B = ("ad", "ar", "ev", "im", "on", "ur", "is", "el", "an", "ol", "ex", "en")
SYL_C = ("ix", "ora", "enta", "ion", "ara", "yn", "iva", "ant", "eda", "ium", "ova", "ent", "us", "ica")
COMPANY_WORD = {
    "information_technology": ("Systems", "Networks", "Semiconductor", "Digital"),
    "machines_robots": ("Precision", "Machinery", "Automation"),
    "aerospace": ("Aerospace", "Aviation", "Space"),
    "marine": ("Marine", "Ocean Systems", "Subsea"),
    "railway": ("Rail", "Rail Systems"),
    "vehicles": ("Mobility", "Motors", "Battery"),
    "energy_equipment": ("Energy", "Power", "Renewables"),
    "agricultural_machines": ("Agritech", "Agro"),
    "new_materials": ("Materials", "Advanced Materials", "Nanotech"),
    "biopharma_medical": ("Therapeutics", "Biosciences", "Medical", "Pharma"),
    "other": ("Environmental", "Clean Water", "Eco"),
}
LAB_FIELD = {
    "information_technology": "Information Technology", "machines_robots": "Advanced Manufacturing",
    "aerospace": "Aerospace Research", "marine": "Marine Technology", "railway": "Transport Technology",
    "vehicles": "Automotive Engineering", "energy_equipment": "Energy Research",
    "agricultural_machines": "Agricultural Engineering", "new_materials": "Materials Research",
    "biopharma_medical": "Biomedical Research", "other": "Environmental Research",
}
COMPANY_SUFFIX = {
    "United States": "Inc.", "United Kingdom": "Ltd", "Japan": "Co., Ltd.", "Israel": "Ltd",
    "South Korea": "Co., Ltd.", "Canada": "Inc.", "Poland": "Sp. z o.o.", "France": "SAS", "Italy": "S.r.l.",
    "Australia": "Pty Ltd", "Finland": "Oy", "Spain": "S.L.", "Czech Republic": "s.r.o.", "Belgium": "NV",
    "Hungary": "Kft.", "Greece": "S.A.", "Norway": "AS", "Bulgaria": "EOOD", "Denmark": "ApS",
    "Romania": "S.R.L.", "New Zealand": "Ltd", "Sweden": "AB", "Singapore": "Pte Ltd", "Austria": "GmbH",
    "Ireland": "Ltd", "Switzerland": "AG", "Indonesia": "Tbk", "Ukraine": "LLC", "Belarus": "LLC",
    "India": "Pvt Ltd", "South Africa": "(Pty) Ltd", "Kazakhstan": "LLP", "Malaysia": "Sdn Bhd",
    "Mexico": "S.A. de C.V.", "Chile": "SpA", "Serbia": "d.o.o.", "Russia": "LLC",
}
GENERIC_WORD = ("Technologies", "Group", "Innovations")
GIVEN = ("Anna", "Pavel", "Maria", "Tomas", "Elena", "David", "Sofia", "Jonas", "Irina", "Lukas", "Nina", "Marek")


def pick(rng: np.random.Generator, options) -> str:
    """One option, uniformly."""
    return options[int(rng.integers(len(options)))]


def fill(template: str, rng: np.random.Generator, **context) -> str:
    """Fill a phrase's numeric placeholders with plausible random values."""
    values = dict(p=int(rng.integers(10, 61)), n=int(rng.integers(2, 51)), s=int(rng.integers(2, 6)),
                  q=int(rng.integers(90, 100)), t=int(rng.integers(3, 16)) * 100,
                  m=int(rng.integers(5, 201)) * 10, **context)
    return template.format(**values)


class NameMaker:
    """Invented, unique names for reconstructed targets (companies, universities, labs, others)."""

    def __init__(self, rng: np.random.Generator, taken: set[str]):
        self.rng, self.taken = rng, set(taken)

    def stem(self) -> str:
        while True:
            s = pick(self.rng, SYL_A) + pick(self.rng, SYL_B) + pick(self.rng, SYL_B) + pick(self.rng, SYL_C)
            if s not in self.taken:
                self.taken.add(s)
                return s

    def make(self, institution: str, country: str, category: str, kind: int) -> str:
        """A name fitting the type and country; category "" (a target in several fields) gets a generic word."""
        s = self.stem()
        if institution == "company":
            word = pick(self.rng, COMPANY_WORD[category]) if category else pick(self.rng, GENERIC_WORD)
            return f"{s} {word} {COMPANY_SUFFIX[country]}"
        if institution == "university":
            if country == "Russia":
                return f"{s} State Technical University"
            if country == "Japan":
                return f"{s} Institute of Science and Technology"
            if country == "South Korea":
                return f"{s} National University"
            return pick(self.rng, (f"University of {s}", f"{s} University", f"{s} Institute of Technology",
                                   f"{s} University of Technology"))
        if institution == "government_lab":
            return f"{s} National Institute for {LAB_FIELD.get(category, 'Applied Research')}"
        return (f"{s} Foundation for Applied Research", f"{s} & {self.stem()} LLP",
                f"Dr. {pick(self.rng, GIVEN)} {s}")[kind]


# --------------------------------------------------------------------------
# Texts
# --------------------------------------------------------------------------

def ras_unit(post: str, ai: bool, category: str) -> str:
    """The RAS body a reconstructed Russian Academy of Sciences record names (by post's region)."""
    if post == "符拉迪沃斯托克" and ai and category in ("marine", "information_technology", "machines_robots"):
        return "俄罗斯科学院远东分院自动化与控制过程研究所"   # named by the brief for such projects
    if post in ("符拉迪沃斯托克", "哈巴罗夫斯克"):
        return "俄罗斯科学院远东分院下属研究所"
    if post == "叶卡捷琳堡":
        return "俄罗斯科学院乌拉尔分院下属研究所"
    return "俄罗斯科学院下属研究所"


def intro(r: Rec, name: str, kind: int, country_zh: str, bank: dict, rng) -> tuple[str, str]:
    """Opening sentence about the holder (none when the type is not stated) and the subject to refer back."""
    field_ = pick(rng, bank["field"])
    year_founded = int(rng.integers(1988, r.year))
    if r.institution == "company" and name:
        return pick(rng, (f"{name}成立于{year_founded}年，是{country_zh}一家{field_}企业。",
                          f"{name}是一家总部位于{country_zh}的{field_}初创企业。",
                          fill("{name}是{country}一家专注于{field}领域的中小企业，现有员工{n}人。", rng,
                               name=name, country=country_zh, field=field_),
                          f"{name}为{country_zh}{field_}企业，成立于{year_founded}年。")), pick(rng, ("该公司", "该企业"))
    if r.institution == "company":
        return pick(rng, (f"{country_zh}一家{field_}企业提出了本项目。", f"该项目来自{country_zh}一家{field_}企业。")), "该企业"
    if r.institution == "university":
        dept = pick(rng, bank["dept"])
        return pick(rng, (f"{name}{dept}研究团队长期从事相关研究。", f"该项目由{name}{dept}提出。",
                          f"{name}是{country_zh}一所研究型大学，该项目由其{dept}承担。")), "研究团队"
    if r.institution == "government_lab":
        if r.lab == "ras":
            return f"该项目由{ras_unit(r.post, r.ai, r.category)}提出。", "该所"
        return pick(rng, (f"{name}是{country_zh}国家级科研机构，该项目由其下属研究团队承担。",
                          f"该项目由{country_zh}政府资助的科研机构{name}提出。")), "该机构"
    if r.institution == "other":
        return ((f"{name}是{country_zh}一家非营利研究机构。", "该机构"),
                (f"{name}受客户委托推介该项目。", "其客户"),
                (f"{name}是{country_zh}的独立研究人员，拥有该项技术。", "其本人"))[kind]
    return pick(rng, ("", f"该项目来自{country_zh}。")), pick(rng, ("外方", "项目方", "研发团队"))


def cooperation_text(r: Rec, codebook: Codebook, rng) -> str:
    """Sentences naming exactly the record's planned cooperation forms."""
    if not r.forms:
        return ""
    cur = "欧元" if r.country in EURO else ("英镑" if r.country == "United Kingdom" else "美元")
    if rng.random() < 0.35:
        # short terms read naturally in a list; a bare noun such as "partner" does not
        terms = {f["code"]: [t for t in f["terms"] if len(t) <= 4 and not t.endswith("伙伴")] or list(f["terms"])
                 for f in codebook.cooperation_forms}
        listed = "、".join(pick(rng, terms[code]) for code in r.forms)
        return pick(rng, FORM_LISTS).format(terms=listed) + "。"
    return "".join(fill(pick(rng, FORM_SENTENCES[code]), rng, cur=cur) + "。" for code in r.forms)


def compose(r: Rec, name: str, kind: int, inputs: Inputs, rng, used_titles: set[str]) -> tuple[str, str]:
    """Title and description of one reconstructed record, from its category's phrase bank."""
    bank = BANKS[r.category]
    country_zh = inputs.countries[r.country]["country_zh"]
    product = pick(rng, bank["ai_products"] if r.ai else bank["products"])
    qual = pick(rng, bank["qualifiers"])
    title = ""
    for _ in range(40):
        frame = pick(rng, ("{p}", "{q}{p}", "{p}项目", "{c}{p}项目", "{q}{p}研发项目", "{p}产业化项目",
                           "{q}{p}技术", "{c}{q}{p}"))
        if frame.endswith("技术") and product.endswith(("技术", "工艺")):
            continue
        title = frame.format(p=product, q=qual, c=country_zh)
        if title not in used_titles:
            break
        product = pick(rng, bank["ai_products"] if r.ai else bank["products"])
        qual = pick(rng, bank["qualifiers"])
    used_titles.add(title)

    opening, subject = intro(r, name, kind, country_zh, bank, rng)
    made = pick(rng, (f"{subject}开发了{product}。", f"{subject}研制出一种{qual}{product}。",
                      f"{subject}的主要成果是{product}。", f"该项目涉及{product}的研发。",
                      f"{product}是{subject}的最新成果。"))
    templates = [str(f) for f in rng.permutation(np.array(bank["features"], dtype=object))]
    features = [fill(f, rng) for f in templates[:2]]
    ai_feature = fill(pick(rng, bank["ai_features"]), rng) + "。" if r.ai and rng.random() < 0.5 else ""
    stage = fill(pick(rng, bank.get("stages", STAGES)), rng, country=country_zh) + "。"
    uses = [str(u) for u in rng.permutation(np.array(bank["uses"], dtype=object))[:2]]
    use = pick(rng, (f"可应用于{uses[0]}、{uses[1]}等领域。", f"主要面向{uses[0]}市场。",
                     f"适用于{uses[0]}和{uses[1]}。"))
    market = fill(pick(rng, MARKET), rng) + "。" if rng.random() < 0.4 else ""
    coop = cooperation_text(r, inputs.codebook, rng)
    parts = [opening, made, features[0] + "，" + features[1] + "。", ai_feature, stage, use, market, coop]
    optional = [6, 5, 3]      # dropped in this order when too long
    text = "".join(parts)
    while len(text) > 300 and optional:
        parts[optional.pop(0)] = ""
        text = "".join(parts)
    extra = templates[2:]
    while len(text) < 80 and extra:     # too short: add the next unused feature
        parts.insert(3, fill(extra.pop(0), rng) + "。")
        text = "".join(parts)
    return title, text


# --------------------------------------------------------------------------
# Build, replicate, write
# --------------------------------------------------------------------------

@dataclass
class Corpus:
    """Raw records (dicts in RAW_KEYS order, sorted) and reconstruction-key rows (in-window)."""

    records: list[dict]
    key: list[dict]


def sort_key(file_number: str) -> tuple[int, int, str, int]:
    """File-number order: year, issue, post, sequence."""
    year, issue, *post, seq = file_number.split("-")
    return int(year), int(issue), "-".join(post), int(seq)


def build_corpus(root: Path | str = ".", seed: int = DEFAULT_SEED) -> Corpus:
    """The full default corpus: allocation, then texts, then checks against the codebook."""
    inputs = load_inputs(Path(root))
    records = make_records(inputs)
    allocate_categories(records, seed)
    allocate_labs(records, seed)
    allocate_institutions(records, seed)
    allocate_posts(records, seed)
    allocate_years(records, seed)
    cal = issue_calendar(seed, inputs.cases)
    allocate_issues(records, cal, seed)
    allocate_ai(records, seed)
    allocate_targets(records, seed)
    allocate_forms(records, seed)

    rows = sorted(records, key=lambda r: (r.year, r.issue, r.post, r.seq))
    fields: dict[str, set[str]] = {}
    for r in records:
        fields.setdefault(r.target, set()).add(r.category)
    published_names = {c["target_name"] for c in inputs.cases if c["target_name"]}
    names = NameMaker(stream(seed, "names"), set())
    text_rng = stream(seed, "texts")
    target_name: dict[str, str] = {}
    target_kind: dict[str, int] = {}
    target_id: dict[str, str] = {}
    used_titles = {c["title_zh"] for c in inputs.cases}
    plan_names = {p.key: p.target_name for p in LAB_PLANS if p.target_name}
    raw, key = [], []
    for r in rows:
        if r.target and r.target not in target_id:
            target_id[r.target] = f"T{len(target_id) + 1:04d}"
            if r.case:
                target_name[r.target] = r.case["target_name"]
            elif r.lab in plan_names:
                target_name[r.target] = plan_names[r.lab]
            else:
                target_kind[r.target] = int(names.rng.choice(3, p=(0.5, 0.2, 0.3)))
                one_field = r.category if len(fields[r.target]) == 1 else ""
                target_name[r.target] = names.make(r.institution, r.country, one_field, target_kind[r.target])
                if target_name[r.target] in published_names:
                    raise RuntimeError("invented name collides with a published target")
        name = target_name.get(r.target, "")
        file_number = f"{r.year}-{r.issue:02d}-{r.post}-{r.seq}"
        if r.case:
            case = r.case
            if case.get("file_number") and case["file_number"] != file_number:
                raise RuntimeError(f"published file number {case['file_number']} not reproduced")
            title, text, title_en = case["title_zh"], case["description_zh"].strip(), case["title_en"]
            url, provenance, note = case["archive_url"], "brief", case["source_note"]
        else:
            title, text = compose(r, name, target_kind.get(r.target, 0), inputs, text_rng, used_titles)
            title_en, url, provenance, note = "", "", "reconstructed", "reconstructed"
        raw.append(dict(zip(RAW_KEYS, (file_number, r.date, r.post, r.country, title, title_en, text, name, url,
                                       provenance, note))))
        key.append(dict(zip(KEY_COLUMNS, (file_number, r.category, r.institution,
                                          target_id.get(r.target, ""), "true" if r.ai else "false",
                                          ";".join(r.forms), provenance))))
    check_texts(raw, key, inputs.codebook)
    raw += out_of_window(inputs, cal)
    return Corpus(raw, key)


def out_of_window(inputs: Inputs, cal: dict[int, list[str]]) -> list[dict]:
    """Published records filed after 2020 (Luminopia): raw records only, no key row."""
    out = []
    for case in inputs.cases:
        if case["group"] != "out_of_window":
            continue
        date = str(case["report_date"])
        year = int(date[:4])
        issue = next(i for i, d in enumerate(cal[year], 1) if d.startswith(date))
        out.append(dict(zip(RAW_KEYS, (f"{year}-{issue:02d}-{case['post']}-1", date, case["post"],
                                       case["country"], case["title_zh"], case["title_en"],
                                       case["description_zh"].strip(), case["target_name"], case["archive_url"],
                                       "brief", case["source_note"]))))
    return out


def check_texts(raw: list[dict], key: list[dict], codebook: Codebook) -> None:
    """Every text must hit an AI keyword iff planned and name exactly its planned cooperation forms."""
    is_ai, forms_of = ai_matcher(codebook), form_matcher(codebook)
    for rec, row in zip(raw, key):
        text = rec["title_zh"] + "\n" + rec["description_zh"]
        if is_ai(text) != parse_bool(row["ai_planted"]):
            raise RuntimeError(f"{rec['file_number']}: AI keywords disagree with the plan: {text}")
        planned = tuple(c for c in (f["code"] for f in codebook.cooperation_forms)
                        if c in row["cooperation_forms"].split(";"))
        if forms_of(text) != planned:
            raise RuntimeError(f"{rec['file_number']}: forms {forms_of(text)} != plan {planned}: {text}")
        if rec["provenance"] == "reconstructed" and not 80 <= len(rec["description_zh"]) <= 300:
            raise RuntimeError(f"{rec['file_number']}: description length {len(rec['description_zh'])}")


def replicate(corpus: Corpus, scale: int) -> Corpus:
    """K copies of the corpus for benchmarks: copy c shifts sequence numbers by 100*c and renames targets."""
    if scale == 1:
        return corpus
    records = []
    for copy in range(scale):
        for rec in corpus.records:
            if copy == 0:
                records.append(dict(rec))
                continue
            year, issue, *post, seq = rec["file_number"].split("-")
            new = dict(rec, file_number=f"{year}-{issue}-{'-'.join(post)}-{int(seq) + 100 * copy}",
                       archive_url="", provenance="reconstructed", source_note="reconstructed")
            if rec["target_name"]:
                new["target_name"] = f"{rec['target_name']} (replica {copy + 1})"
                new["description_zh"] = rec["description_zh"].replace(rec["target_name"], new["target_name"])
            records.append(new)
    records.sort(key=lambda r: sort_key(r["file_number"]))
    return Corpus(records, [])


def jsonl_bytes(records: list[dict]) -> bytes:
    """One JSON object per line, keys in the fixed order, UTF-8, LF line ends."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def key_bytes(rows: list[dict]) -> bytes:
    """The reconstruction key as CSV (LF line ends)."""
    lines = [",".join(KEY_COLUMNS)] + [",".join(str(row[c]) for c in KEY_COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_corpus(corpus: Corpus, out_dir: Path | str, key_path: Path | str | None = None) -> list[Path]:
    """Write one JSONL file per filing year, MANIFEST.sha256 over them, and optionally the key."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    years = sorted({int(r["file_number"][:4]) for r in corpus.records})
    written = []
    for year in years:
        path = out_dir / f"{year}.jsonl"
        path.write_bytes(jsonl_bytes([r for r in corpus.records if int(r["file_number"][:4]) == year]))
        written.append(path)
    manifest = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                       for p in sorted(written, key=lambda p: p.name))
    (out_dir / "MANIFEST.sha256").write_text(manifest, encoding="utf-8", newline="\n")
    written.append(out_dir / "MANIFEST.sha256")
    if key_path is not None:
        Path(key_path).write_bytes(key_bytes(corpus.key))
        written.append(Path(key_path))
    return written
