"""Both walkthroughs of the README, end to end, on generated corpora unlike the brief (issue 18, point 7).

(a) *A new year*: the fixture study plus a 2017 of generated bulletin records, some of them from a
    new country (Estonia) filed by a new post (Tallinn); the study window is raised to 2017, the run
    stops with the to-code worksheet, a coder fills it in, and the study runs to the paper.
(b) *Real records*: data/raw is replaced by a smaller generated corpus of `bulletin` provenance
    (2015-2016, a handful of the gazetteer's posts) with its own coder sheets, adjudication sheet
    and, once the draw asks for them, case outcomes.

Each test then reads the rendered paper (HTML, pandoc path) and checks that every count of records
the text states equals the count in the generated files (computed here, by hand, never from
results/numbers.yml), that the departures from the brief are stated and no value is labelled by
bounds it lies outside, and that no sentence true only of the shipped reconstruction appears.
All problems of a paper are collected and reported together.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE_CONFIG, accept_data, make_study, run_study
from reader_view import html_view

pytestmark = pytest.mark.workflow

SHEET_COLUMNS = ["file_number", "mic2025_category", "institution_type", "provenance"]
ADJUDICATION_COLUMNS = ["file_number", "field", "coder_a", "coder_b", "final", "note"]
OUTCOME_COLUMNS = ["file_number", "company", "outcome", "indicator_type", "indicator", "indicator_date", "evidence",
                   "source", "provenance"]
RECORD_KEYS = ("file_number", "filing_date", "post", "country", "title_zh", "title_en", "description_zh",
               "target_name", "archive_url", "provenance", "source_note")

# Sentences (or parts of them) that are true only of the shipped reconstruction.
RECONSTRUCTION_ONLY = (
    "The study therefore runs on a reconstruction",
    "reproduced by construction",
    "hold only by construction of the reconstruction",
    "The record layer describes a reconstruction",
    "whose draw from the reconstructed frame",
    "Source: reconstructed coder sheets",
    "their outcomes are reconstructed",
    "reconstructed to match the brief's counts",
    "The record layer runs on a seeded reconstruction",
    "The coder sheets shipped with the study are reconstructed",
    "a reconstruction choice below that count",
    "so this ranking is the reconstruction's",
    "The record layer runs on one reconstruction",
)

# Chinese phrase banks for generated texts: none holds an endnote-38 AI keyword (智能, 自动, 无人,
# 算法, 预测, 机器人, 人机, ...), so the AI flag of a generated record is off.
TECHNOLOGIES = ("高能量密度电池材料", "医用超声成像设备", "海水淡化膜组件", "精密光纤传感器", "新型疫苗递送平台",
                "轨道缺陷检测系统", "船舶推进装置", "精量播种机械", "耐高温陶瓷涂层", "风电齿轮箱", "卫星姿态陀螺仪",
                "可降解包装材料")
WANTS = ("寻求与中国企业合作。", "寻求中方投资。", "希望在中国寻找合资伙伴。", "寻求技术转让合作。")
TARGET_KINDS = {"company": "{} Systems Ltd", "university": "University of {}", "government_lab": "{} National Laboratory",
                "other": "{} Foundation"}
SYLLABLES = ("tal", "ver", "mon", "kri", "sel", "dor", "pan", "lis", "ber", "qua", "nor", "vel")


# ------------------------------------------------------------------------------ generating --

def read_codebook(study: Path) -> tuple[list[str], list[str]]:
    codebook = yaml.safe_load((study / "data/codebook.yaml").read_text(encoding="utf-8"))
    return ([c["code"] for c in codebook["mic2025_categories"]], [t["code"] for t in codebook["institution_types"]])


def invented_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def generated_record(rng: random.Random, year: int, issue: int, post: str, country: str, sequence: int,
                     institution_type: str) -> dict:
    """One raw record in the documented format (keys in order), provenance `bulletin`."""
    month, week = (issue - 1) // 4 + 1, (issue - 1) % 4
    technology = rng.choice(TECHNOLOGIES)
    target = "" if institution_type == "not_stated" else TARGET_KINDS[institution_type].format(invented_name(rng))
    holder = target or "一家机构"
    record = {"file_number": f"{year:04d}-{issue:02d}-{post}-{sequence}",
              "filing_date": f"{year:04d}-{month:02d}-{1 + 7 * week:02d}", "post": post, "country": country,
              "title_zh": f"{technology}项目", "title_en": "",
              "description_zh": f"{holder}开发{technology}，{rng.choice(WANTS)}",
              "target_name": target, "archive_url": "", "provenance": "bulletin",
              "source_note": "generated test record"}
    return {key: record[key] for key in RECORD_KEYS}


def generated_records(rng: random.Random, years: dict[int, dict[str, int]], posts: dict[str, str],
                      institution_weights: dict[str, int]) -> tuple[list[dict], dict[str, str]]:
    """Records per year and post (`years[year][post] = count`), and each record's institution type
    (the codes a coder will give it)."""
    kinds, weights = zip(*institution_weights.items())
    records, types, used = [], {}, Counter()
    for year, per_post in years.items():
        for post, count in per_post.items():
            for _ in range(count):
                issue = rng.randint(1, 48)
                used[year, issue, post] += 1
                institution = rng.choices(kinds, weights)[0]
                record = generated_record(rng, year, issue, post, posts[post], used[year, issue, post], institution)
                records.append(record)
                types[record["file_number"]] = institution
    return records, types


def sort_key(record: dict) -> tuple:
    year, issue, post, sequence = record["file_number"].split("-")
    return int(year), int(issue), post, int(sequence)


def write_jsonl(path: Path, records) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sorted(records, key=sort_key))
    path.write_text(lines, encoding="utf-8")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns, rows, mode: str = "w") -> None:
    with open(path, mode, encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        if mode == "w":
            writer.writeheader()
        writer.writerows(rows)


def append_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def fill_outcomes(rng: random.Random, worksheet: list[dict], records: dict[str, dict]) -> list[dict]:
    """Outcomes for the drawn cases, as an investigator of real records writes them (provenance bulletin)."""
    rows = []
    for row in worksheet:
        outcome = rng.choices(("partnered", "no", "insufficient"), (5, 3, 2))[0]
        year = int(records[row["file_number"]]["filing_date"][:4])
        filled = dict(row, outcome=outcome, provenance="bulletin", source="generated test investigation")
        if outcome == "partnered":
            filled.update(indicator_type=rng.choice(("investment", "licensing", "partnership_agreement")),
                          indicator="cooperation agreement with a Chinese firm",
                          indicator_date=f"{year + rng.randint(1, 3)}-{rng.randint(1, 12):02d}",
                          evidence="press release of the Chinese partner")
        else:
            filled.update(indicator_type="", indicator="", indicator_date="",
                          evidence="no partnership indicator found" if outcome == "no" else "too little public "
                                                                                            "information")
        rows.append({c: filled.get(c, "") for c in OUTCOME_COLUMNS})
    return rows


# -------------------------------------------------------------------- what the data hold --

def expected_counts(study: Path, first_year: int, last_year: int) -> dict:
    """The record counts the paper must state, computed from the study's data files."""
    records = [r for path in sorted((study / "data/raw").glob("*.jsonl")) for r in read_jsonl(path)]
    kept = [r for r in records if first_year <= int(r["file_number"][:4]) <= last_year]
    provenance = Counter(r["provenance"] for r in kept)
    coder_a = {r["file_number"]: r for r in read_rows(study / "data/coding/coder_a.csv")[1]}
    coder_b = {r["file_number"]: r for r in read_rows(study / "data/coding/coder_b.csv")[1]}
    kept_numbers = {r["file_number"] for r in kept}
    double = sorted(set(coder_a) & set(coder_b) & kept_numbers)
    final = {**coder_b, **coder_a}  # adjudications below; single-coded records keep their one code
    final = {k: dict(v) for k, v in final.items()}
    for row in read_rows(study / "data/coding/adjudication.csv")[1]:
        final[row["file_number"]][row["field"]] = row["final"]
    frame = [r for r in kept if final[r["file_number"]]["institution_type"] == "company"
             and int(r["file_number"][:4]) in (2015, 2016)]
    return {
        "read": len(records), "kept": len(kept), "outside": len(records) - len(kept),
        "first_year": first_year, "last_year": last_year,
        "countries": len({r["country"] for r in kept}),
        "brief": provenance["brief"], "bulletin": provenance["bulletin"], "reconstructed": provenance["reconstructed"],
        "double_coded": len(double),
        "category_agreements": sum(coder_a[k]["mic2025_category"] == coder_b[k]["mic2025_category"] for k in double),
        "frame": len(frame),
        "us": sum(r["country"] == "United States" for r in kept),
        "houston": sum(r["post"] == "休斯顿" for r in kept),
        "russia": sum(r["country"] == "Russia" for r in kept),
        "posts": Counter(r["post"] for r in kept),
        "post_en": {r["post_en"]: r["post_zh"] for r in read_rows(study / "data/gazetteer.csv")[1]},
        "records": {r["file_number"]: r for r in kept},
    }


# --------------------------------------------------------------------------- the paper --

def paper_text(study: Path, *, body_only: bool = False) -> str:
    """The supplement's text: the record layer, which a walkthrough changes, is demonstrated there."""
    html = (study / "results/manuscript/supplement.html").read_text(encoding="utf-8")
    if body_only:  # the paper up to the References (the bibliography and the appendices left out)
        cut = html.find('id="references"')
        assert cut > 0, "no References heading in the HTML paper"
        html = html[:html.rfind("<", 0, cut)]
    return html_view(html)["text"].replace("\u2019", "'")  # typographic apostrophes as typed


def numbers_in(pattern: str, text: str, problems: list[str], what: str):
    match = re.search(pattern, text)
    if match is None:
        problems.append(f"{what}: no sentence matching {pattern!r}")
        return None
    return tuple(int(g) for g in match.groups())


def check_equal(found, expected, what: str, problems: list[str]) -> None:
    if found is not None and tuple(found) != tuple(expected):
        problems.append(f"{what}: the paper says {found}, the data hold {tuple(expected)}")


def origin_counts(text: str, problems: list[str]) -> dict[str, int] | None:
    match = re.search(r"Of the kept records, ([^.]*)\.", text)
    if match is None:
        problems.append("no 'Of the kept records, ...' sentence")
        return None
    sentence = match.group(1)
    found = {}
    for kind, pattern in (("brief", r"(\d+) (?:is a case|are cases) the brief describes"),
                          ("bulletin", r"(\d+) (?:is a bulletin record|are bulletin records)"),
                          ("reconstructed", r"(\d+) (?:is|are) reconstructed")):
        if m := re.search(pattern, sentence):
            found[kind] = int(m.group(1))
    return found


def value_label_problems(text: str, study: Path) -> list[str]:
    """Every share the text labels by the published bounds lies within them ('determined' only at the determined
    value, 'constrained ... to a–b' only inside a–b); every share it says departs lies outside them."""
    numbers = yaml.safe_load((study / "results/numbers.yml").read_text(encoding="utf-8"))["identification"]
    determined = {numbers["bounds"][q] for q, label in numbers["label"].items() if label == "determined"}
    problems = []
    for value, inside in re.findall(r"(\d+\.\d) %(?: of records)? \(([^()]*)\)", text):
        label = inside.split("; ")[-1]
        v = float(value)
        if label == "determined by the published figures":
            if f"{value} %" not in determined:
                problems.append(f"{value} % is labelled 'determined by the published figures', but no determined "
                                f"quantity has that value ({sorted(determined)})")
        elif m := re.fullmatch(r"constrained by the published figures to ([\d.]+)–([\d.]+) %", label):
            if not float(m[1]) <= v <= float(m[2]):
                problems.append(f"{value} % is labelled {label!r}, but lies outside those bounds")
        elif m := re.fullmatch(r"outside the ([\d.]+)(?:–([\d.]+))? % the published figures allow", label):
            low, high = float(m[1]), float(m[2] or m[1])
            if low <= v <= high:
                problems.append(f"{value} % is labelled {label!r}, but lies inside those bounds")
    return problems


def paper_problems(study: Path, expected: dict, extra_forbidden=()) -> tuple[list[str], str]:
    """What is wrong with the rendered paper; and the departures sentence it states."""
    text = paper_text(study)
    problems: list[str] = []
    e = expected

    # every count of records in the text equals the count in the data
    found = numbers_in(r"The workflow read (\d+) raw records and kept (\d+) filed from (\d{4}) to (\d{4}), "
                       r"in (\d+) countries", text, problems, "ingest sentence")
    check_equal(found, (e["read"], e["kept"], e["first_year"], e["last_year"], e["countries"]),
                "records read, kept, first and last year, countries", problems)
    outside = ("No record fell outside the study window." if e["outside"] == 0 else
               f"The ingest report lists the {e['outside']} record{'s' * (e['outside'] != 1)} that fell outside "
               "the study window.")
    if outside not in text:
        problems.append(f"records outside the window: expected {outside!r}")
    origins = origin_counts(text, problems)
    wanted = {k: e[k] for k in ("brief", "bulletin", "reconstructed") if e[k]}
    if origins is not None and origins != wanted:
        problems.append(f"'Of the kept records' sentence counts {origins}, the data hold {wanted}")
    check_equal(numbers_in(r"runs on the (\d+) records supplied with this copy of the study", text, problems,
                           "abstract"), (e["kept"],), "records in the abstract", problems)
    check_equal(numbers_in(r"The flag marks \d+ of (\d+) records", text, problems, "AI flag"), (e["kept"],),
                "records coded", problems)
    check_equal(numbers_in(r"both code (\d+) of them", text, problems, "double coding"), (e["double_coded"],),
                "double-coded records", problems)
    check_equal(numbers_in(r"The (\d+) double-coded records agree on the category in (\d+)", text, problems,
                           "agreement sentence"), (e["double_coded"], e["category_agreements"]),
                "double-coded records and their category agreements", problems)
    check_equal(numbers_in(r"The sample frame holds the (\d+) company records", text, problems, "frame"),
                (e["frame"],), "sample frame", problems)
    check_equal(numbers_in(r"selects (\d+) of them for investigation", text, problems, "draw"),
                (e["cases"],), "cases drawn", problems)
    check_equal(numbers_in(r"Of the (\d+) investigated companies, (\d+) partnered", text, problems, "case study"),
                (e["cases"], e["partnered"]), "investigated and partnered cases", problems)
    check_equal(numbers_in(r"(?:with|Houston files) (\d+) of the (\d+) United States records", text, problems,
                           "Houston"), (e["houston"], e["us"]), "Houston and United States records", problems)
    if m := re.search(r"The most active single post is ([^,]+), with (\d+) records", text):
        largest = max(e["posts"].values())
        if int(m[2]) != largest or e["post_en"][m[1]] not in {p for p, n in e["posts"].items() if n == largest}:
            problems.append(f"the text says {m.group(0)!r}; the largest posts hold {largest} records: "
                            f"{sorted(p for p, n in e['posts'].items() if n == largest)}")
    check_equal(numbers_in(r"accounts for \d+ of the (\d+) Russian records", text, problems, "Russia"),
                (e["russia"],), "Russian records", problems)
    # the post named most active is the post with most records, and only Houston's count is Houston's
    if m := re.search(r"([A-Z][^.;,()]*?) is the most active single post, with \d+ of the \d+ United States "
                      r"records", text):
        post = m.group(1)
        if post != "Houston":
            problems.append(f"the text says {m.group(0)!r}: the United States records counted are Houston's, "
                            f"not {post}'s (true only where Houston is the largest post, as in the brief)")
    # a sentence whose truth depends on the share of reconstructed records
    if "Most of these records are reconstructed" in text and not 2 * e["reconstructed"] > e["kept"]:
        problems.append(f"'Most of these records are reconstructed' appears, but {e['reconstructed']} of the "
                        f"{e['kept']} kept records are")
    if re.search(r"\bnan\b", text):
        where = re.search(r".{80}\bnan\b.{20}", text)
        problems.append(f"the paper shows 'nan' (an empty value printed as a number): …{where.group(0) if where else ''}…")

    # the departures from the brief are stated, and no value is labelled by bounds it lies outside
    departures = re.findall(r"The records in use depart from the brief: [^.]*\.(?: [^.]*\.)?", text)
    if not departures:
        problems.append("no sentence 'The records in use depart from the brief' in the paper")
    if "The records in use meet every one of the" in text:
        problems.append("the paper says the records meet every published figure")
    problems += value_label_problems(text, study)

    # no sentence that is true only of the reconstruction
    for phrase in (*RECONSTRUCTION_ONLY, *extra_forbidden):
        if phrase in text:
            at = text.index(phrase)
            problems.append(f"sentence true only of the reconstruction: …{text[max(0, at - 60):at + 90]}…")
    return problems, departures[0] if departures else ""


def run_ok(study: Path, *args: str) -> None:
    result = run_study(study, *args)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


# ------------------------------------------------------------------------ (a) a new year --

NEW_YEAR = {2017: {"塔林": 6, "伦敦": 3, "莫斯科": 2, "休斯顿": 2, "东京": 1}}
NEW_YEAR_POSTS = {"塔林": "Estonia", "伦敦": "United Kingdom", "莫斯科": "Russia", "休斯顿": "United States",
                  "东京": "Japan"}


def test_a_new_year_with_a_new_country_and_post_runs_to_a_paper_that_states_its_records(tmp_path):
    rng = random.Random(20170101)
    study = make_study(tmp_path / "new-year", **dict(FIXTURE_CONFIG, study_window__last_year=2017))
    categories, institution_types = read_codebook(study)
    # a new country and a new post (data/README.md, "Adding a country or a post"); the fixture's
    # countries.csv has the one column `country`
    assert read_rows(study / "data/countries.csv")[0] == ["country"]
    append_line(study / "data/countries.csv", "Estonia")
    assert read_rows(study / "data/gazetteer.csv")[0] == ["post_zh", "post_en", "country", "post_type"]
    append_line(study / "data/gazetteer.csv", "塔林,Tallinn,Estonia,embassy")
    new, _ = generated_records(rng, NEW_YEAR, NEW_YEAR_POSTS, {"company": 3, "university": 2, "government_lab": 1})
    existing = read_jsonl(study / "data/raw/2017.jsonl")
    write_jsonl(study / "data/raw/2017.jsonl", existing + new)
    accept_data(study)  # `make manifests`

    # the run stops at code_records with the to-code worksheet: exactly the new records
    result = run_study(study)
    assert result.returncode != 0
    assert f"{len(new)} record(s) have no manual codes" in result.stderr, result.stderr[-3000:]
    worksheet = study / "results/worksheets/to_code.csv"
    columns, rows = read_rows(worksheet)
    assert columns == read_rows(study / "data/coding/coder_a.csv")[0] == SHEET_COLUMNS
    assert sorted(r["file_number"] for r in rows) == sorted(r["file_number"] for r in new)
    assert {r["provenance"] for r in rows} == {"bulletin"}
    assert not any(r["mic2025_category"] or r["institution_type"] for r in rows)
    _, context = read_rows(study / "results/worksheets/to_code_context.csv")
    assert [r["file_number"] for r in context] == [r["file_number"] for r in rows]

    # a coder fills it in (codes of the codebook) and adds the rows to a coder sheet
    for row in rows:
        row.update(mic2025_category=rng.choice(categories), institution_type=rng.choice(institution_types))
    write_rows(study / "data/coding/coder_a.csv", SHEET_COLUMNS, rows, mode="a")
    accept_data(study)
    run_ok(study)
    assert not worksheet.exists() and not (study / "results/worksheets/to_code_context.csv").exists()

    # the frame years are unchanged (2015-2016), so the draw and its outcomes are the fixture's
    expected = expected_counts(study, 2015, 2017)
    _, draw = read_rows(study / "results/sample/sample_draw.csv")
    outcomes = {r["file_number"]: r["outcome"] for r in read_rows(study / "data/coding/case_outcomes.csv")[1]}
    expected.update(cases=len(draw), partnered=sum(outcomes[r["file_number"]] == "partnered" for r in draw))
    assert expected["outside"] == 0 and expected["bulletin"] == len(new) and expected["countries"] == 13

    problems, departures = paper_problems(study, expected)
    text = paper_text(study)
    # Estonia's records are in the paper's country table
    if not re.search(rf"Estonia {NEW_YEAR[2017]['塔林']} of {expected['kept']}\b", text):
        problems.append(f"the country table has no row 'Estonia {NEW_YEAR[2017]['塔林']} of {expected['kept']}'")
    print("departures sentence (new year):", departures)
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------ (b) real records --

REAL_POSTS = {"莫斯科": "Russia", "伦敦": "United Kingdom", "东京": "Japan", "休斯顿": "United States",
              "首尔": "South Korea", "巴黎": "France", "特拉维夫": "Israel"}
REAL_YEARS = {2015: {"莫斯科": 8, "伦敦": 6, "东京": 5, "休斯顿": 4, "首尔": 3, "巴黎": 3, "特拉维夫": 1},
              2016: {"莫斯科": 8, "伦敦": 6, "东京": 5, "休斯顿": 4, "首尔": 3, "巴黎": 2, "特拉维夫": 2}}


def real_coder_sheets(rng: random.Random, records, types: dict[str, str], categories, institution_types):
    """Two coders' sheets (about half of the records double-coded, some disagreements) and the adjudication
    of every disagreement; the final codes are coder A's on double-coded records."""
    numbers = sorted(r["file_number"] for r in records)
    truth = {n: {"mic2025_category": rng.choice(categories), "institution_type": types[n]} for n in numbers}
    shuffled = numbers[:]
    rng.shuffle(shuffled)
    half = len(shuffled) // 2
    double, single = shuffled[:half], shuffled[half:]
    coder_a, coder_b, adjudication = [], [], []
    for n in numbers:
        a = dict(file_number=n, **truth[n], provenance="bulletin")
        if n in double:
            b = dict(a)
            for field, choices, chance in (("mic2025_category", categories, 0.3),
                                           ("institution_type", institution_types, 0.1)):
                if rng.random() < chance:
                    b[field] = rng.choice([c for c in choices if c != a[field]])
                    adjudication.append({"file_number": n, "field": field, "coder_a": a[field], "coder_b": b[field],
                                         "final": a[field], "note": "coder A's reading of the description"})
            coder_a.append(a)
            coder_b.append(b)
        elif single.index(n) % 2:
            coder_a.append(a)
        else:
            coder_b.append(a)
    return coder_a, coder_b, adjudication


def test_real_records_of_bulletin_provenance_run_to_a_paper_without_the_reconstructions_sentences(tmp_path):
    rng = random.Random(20150301)
    study = make_study(tmp_path / "real", **FIXTURE_CONFIG)
    categories, institution_types = read_codebook(study)
    for path in (study / "data/raw").glob("*.jsonl"):
        path.unlink()
    records, types = generated_records(rng, REAL_YEARS, REAL_POSTS,
                                       {"company": 6, "university": 2, "government_lab": 1, "other": 1,
                                        "not_stated": 1})
    for year in REAL_YEARS:
        write_jsonl(study / f"data/raw/{year}.jsonl", [r for r in records if r["file_number"].startswith(f"{year}-")])
    coder_a, coder_b, adjudication = real_coder_sheets(rng, records, types, categories, institution_types)
    coding = study / "data/coding"
    write_rows(coding / "coder_a.csv", SHEET_COLUMNS, coder_a)
    write_rows(coding / "coder_b.csv", SHEET_COLUMNS, coder_b)
    write_rows(coding / "adjudication.csv", ADJUDICATION_COLUMNS, adjudication)
    write_rows(coding / "case_outcomes.csv", OUTCOME_COLUMNS, [])  # nobody has investigated a case yet
    accept_data(study)
    assert adjudication and len(coder_a) + len(coder_b) > len(records)

    # the draw asks for the outcomes of its cases
    result = run_study(study)
    assert result.returncode != 0
    worksheet = study / "results/worksheets/to_investigate.csv"
    assert worksheet.exists(), (result.stdout + result.stderr)[-3000:]
    columns, missing = read_rows(worksheet)
    assert columns[:len(OUTCOME_COLUMNS)] == OUTCOME_COLUMNS
    _, draw = read_rows(study / "results/sample/sample_draw.csv")
    assert sorted(r["file_number"] for r in missing) == sorted(r["file_number"] for r in draw)
    assert len(draw) == FIXTURE_CONFIG["sample__size"]
    assert all(types[r["file_number"]] == "company" for r in draw)

    # an investigator fills it in; the study runs to the paper
    by_number = {r["file_number"]: r for r in records}
    outcomes = fill_outcomes(rng, missing, by_number)
    write_rows(coding / "case_outcomes.csv", OUTCOME_COLUMNS, outcomes)
    accept_data(study)
    run_ok(study)
    assert not worksheet.exists()

    expected = expected_counts(study, 2015, 2016)
    expected.update(cases=len(draw), partnered=sum(o["outcome"] == "partnered" for o in outcomes))
    assert expected["bulletin"] == expected["kept"] == len(records) and expected["outside"] == 0
    problems, departures = paper_problems(study, expected, extra_forbidden=(
        "cases the brief describes", "Some of them are the study's reconstruction",
        # no partnering case is one of the brief's Table 1 cases
        "Its Table 1 gives the dates", "The Table 1 cases:", "Source: the brief's Table 1",
        "The brief's Table 1 regenerated"))
    year_only = any(len(o["indicator_date"]) == 4 for o in outcomes if o["outcome"] == "partnered")
    if not year_only and (m := re.search(r"\d+ cannot be placed because its indicator is dated only by year",
                                         paper_text(study))):
        problems.append(f"the text says {m.group(0)!r}, but no partnered case's indicator is dated only by year "
                        "(every one is dated to the month)")
    # the word "reconstructed" is nowhere in the paper before the References (the appendix lists
    # the calibration targets and the map of files, which may name the reconstruction's files)
    body = paper_text(study, body_only=True)
    for m in re.finditer(r"reconstructed", body, flags=re.IGNORECASE):
        problems.append(f"'reconstructed' in the paper: …{body[max(0, m.start() - 90):m.end() + 60]}…")
    # the United States row of the headline table counts the generated US records
    if f"Records from the United States all records {expected['us']} of {expected['kept']}" not in body:
        problems.append(f"Table 7 has no row 'Records from the United States all records {expected['us']} of "
                        f"{expected['kept']}'")
    print("departures sentence (real records):", departures)
    print("'reconstruction' left in the body:",
          [body[max(0, m.start() - 70):m.end() + 30] for m in re.finditer(r"reconstruction", body)])
    assert not problems, "\n".join(problems)
