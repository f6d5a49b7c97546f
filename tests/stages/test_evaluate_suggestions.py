"""Rule evaluate_suggestions: the suggestion model's out-of-fold agreement on the fixture's human codes."""

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from wishlist.brief.records import Gazetteer, ingest
from wishlist.core.files import write_csv, write_yaml
from wishlist.stages.evaluate_suggestions import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests/fixtures/corpus/data"
SHEETS = [FIXTURE / "coding/coder_a.csv", FIXTURE / "coding/coder_b.csv"]


# on the fixture's small institution table statsmodels' null-hypothesis z-value divides by an undefined SE;
# the study uses kappa and the non-null SE only
@pytest.mark.filterwarnings("ignore:invalid value encountered in scalar divide:RuntimeWarning")
def test_the_report_and_fragment_of_the_fixture(tmp_path):
    gazetteer = Gazetteer.load(FIXTURE / "gazetteer.csv", FIXTURE / "countries.csv")
    records, report = ingest(sorted((FIXTURE / "raw").glob("*.jsonl")), gazetteer, 2015, 2016)
    write_csv(tmp_path / "records.csv", records)
    write_yaml(tmp_path / "ingest_report.yml", report)
    out = SimpleNamespace(report=tmp_path / "suggestion_model.yml", numbers=tmp_path / "suggestions.yml")
    main(SimpleNamespace(
        input=SimpleNamespace(records=str(tmp_path / "records.csv"), report=str(tmp_path / "ingest_report.yml"),
                              codebook=str(ROOT / "data/codebook.yaml"), coder_sheets=[str(p) for p in SHEETS],
                              adjudication=str(FIXTURE / "coding/adjudication.csv")),
        output=out, params=SimpleNamespace(seed=2021, level=0.95)))
    model = yaml.safe_load(out.report.read_text(encoding="utf-8"))
    numbers = yaml.safe_load(out.numbers.read_text(encoding="utf-8"))
    # every in-window fixture record has a human code (recounted from the raw lines and the sheets)
    raw = [json.loads(line) for p in sorted((FIXTURE / "raw").glob("*.jsonl"))
           for line in p.read_text(encoding="utf-8").splitlines() if line]
    in_window = {r["file_number"] for r in raw if r["file_number"][:4] in ("2015", "2016")}
    coded = set()
    for path in SHEETS:
        with open(path, encoding="utf-8", newline="") as handle:
            coded |= {row["file_number"] for row in csv.DictReader(handle)}
    assert numbers["records"] == numbers["records_available"] == len(in_window & coded) == len(in_window)
    assert (numbers["folds"], numbers["fold_seed"]) == (5, 2021)
    assert "model" not in numbers and model["model"] == "char 1-3-gram TF-IDF + linear SVM (LinearSVC)"
    assert {k: v for k, v in model.items() if k != "model"} == numbers
    for field in ("mic2025_category", "institution_type"):
        share = numbers[field]
        assert share["accuracy_ci_low_pct"] <= share["accuracy_pct"] <= share["accuracy_ci_high_pct"]
    # the same predictions scored apart by the origin of the record's text, recounted from the raw lines
    real = {r["file_number"] for r in raw if r["file_number"] in in_window and r["provenance"] != "reconstructed"}
    assert numbers["real_text"]["records"] == len(real) > 0
    assert numbers["reconstructed_text"]["records"] == len(in_window) - len(real) > 0
    assert numbers["real_text"]["records_by_provenance"] == {"brief": len(real)}
    # every fixture coder-sheet row is marked reconstructed: no code in it is a real coder's
    sheet_provenance = set()
    for path in SHEETS:
        with open(path, encoding="utf-8", newline="") as handle:
            sheet_provenance |= {row["provenance"] for row in csv.DictReader(handle)}
    assert sheet_provenance == {"reconstructed"}
    assert numbers["real_text"]["real_coder_records"] == numbers["reconstructed_text"]["real_coder_records"] == 0
    for part in ("real_text", "reconstructed_text"):
        assert numbers[part]["measured"] is True
        for field in ("mic2025_category", "institution_type"):
            assert 0 <= numbers[part][field]["accuracy_pct"] <= 1


def test_real_coder_records_need_every_row_marked_bulletin(tmp_path):
    from wishlist.stages.evaluate_suggestions import real_coder_records

    header = "file_number,mic2025_category,institution_type,provenance\n"
    (tmp_path / "a.csv").write_text(header + "r1,other,company,bulletin\nr2,other,company,bulletin\n"
                                    "r3,other,company,reconstructed\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(header + "r2,other,company,reconstructed\nr4,other,company,bulletin\n",
                                    encoding="utf-8")
    # r1 and r4: only bulletin rows; r2: one coder's row is reconstructed; r3: reconstructed
    assert real_coder_records([tmp_path / "a.csv", tmp_path / "b.csv"]) == {"r1", "r4"}
