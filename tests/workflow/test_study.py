"""End to end: the real workflow on the tiny fixture corpus (tests/fixtures/corpus)."""

import json
import shutil
import subprocess

import pytest
import yaml
from conftest import FIXTURE_CONFIG, ROOT, accept_data, make_study, run_study, tree_hashes

pytestmark = pytest.mark.workflow


def numbers(study):
    return yaml.safe_load((study / "results/numbers.yml").read_text(encoding="utf-8"))


def test_every_stage_reports_its_numbers(fixture_study):
    n = numbers(fixture_study)
    # fixture: 14 Table 1 cases + 6 fixture records, one filed in 2017 (outside 2015-2016)
    assert n["ingest"]["records_read"] == 20
    assert n["ingest"]["records_kept"] == 19
    assert n["ingest"]["records_outside_window"] == 1
    assert n["ingest"]["data_source"] == "reconstructed corpus"
    # by hand: only 2015-03-莫斯科-2 (无人, 算法) and 2016-05-首尔-1 (人工智能, 深度学习, ...) hit endnote-38 terms
    assert n["coding"]["ai_flagged"] == 2
    # frame: 14 Table 1 companies + 3 fixture companies filed 2015-2016
    assert n["sample"]["frame_size"] == 17
    assert n["sample"]["sample_size"] == 10
    ttp = n["time_to_partnership"]
    assert ttp["dated_cases"] == 14
    # Goodtech, Oberaigner, Orbital Traction; DENSO's year-only indicator is ambiguous
    assert (ttp["band_reversed"], ttp["band_ambiguous"]) == (3, 1)
    assert (ttp["band_under_1_year"], ttp["band_1_to_3_years"], ttp["band_over_3_years"]) == (2, 5, 3)


def test_the_ai_share_is_a_census_share(fixture_study):
    share = numbers(fixture_study)["estimates"]["ai_share"]
    assert "ci_method" not in share and "ci_low_pct" not in share  # every record of the window: no sampling interval
    assert (share["count"], share["n"]) == (2, 19) and share["share_pct"] == round(2 / 19, 6)


@pytest.mark.parametrize("document", ["index", "supplement"])
def test_manuscript_is_rendered_with_numbers_and_references(fixture_study, document):
    """The paper and its supplement, each to HTML and PDF."""
    html = (fixture_study / f"results/manuscript/{document}.html").read_text(encoding="utf-8")
    assert "Table 1" in html
    for leftover in ("{{<", "@fig-", "@tbl-", "??"):
        assert leftover not in html
    from wishlist.present.render_manuscript import authors_of

    names = [a["name"] for a in authors_of([], fixture_study / "CITATION.cff")]  # the config names none
    assert all(name in html for name in names)
    assert (fixture_study / f"results/manuscript/{document}.pdf").read_bytes().startswith(b"%PDF")
    log = (fixture_study / f"results/logs/render_manuscript/{document}.log").read_text(encoding="utf-8")
    assert " with pandoc " in log, log[-500:]  # the fixture pins the pandoc path; quarto_paper tests Quarto
    assert "authors: " + "; ".join(names) in log


def test_the_papers_together_show_figures_and_chinese_text(fixture_study):
    htmls = [(fixture_study / f"results/manuscript/{d}.html").read_text(encoding="utf-8") for d in ("index", "supplement")]
    assert any("Figure 1" in html for html in htmls)
    assert any("国际技术合作机会" in html for html in htmls)


def test_rerun_is_a_no_op(fixture_study):
    result = run_study(fixture_study, "--dry-run")
    assert result.returncode == 0
    assert "Nothing to be done" in result.stdout + result.stderr


def test_the_draw_depends_on_the_seed_only(fixture_study, tmp_path):
    first = (fixture_study / "results/sample/sample_draw.csv").read_text(encoding="utf-8")
    other = make_study(tmp_path / "other", **FIXTURE_CONFIG)
    result = run_study(other, "results/sample/sample_draw.csv")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (other / "results/sample/sample_draw.csv").read_text(encoding="utf-8") == first


def test_bad_raw_record_stops_the_study_and_touches_nothing(tmp_path):
    study = make_study(tmp_path / "bad", **FIXTURE_CONFIG)
    raw = study / "data/raw/2016.jsonl"
    lines = raw.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"filing_date": "2016-', '"filing_date": "2016-13-')
    raw.write_text("\n".join(lines) + "\n", encoding="utf-8")
    accept_data(study)
    before = tree_hashes(study / "data")
    result = run_study(study)
    assert result.returncode != 0
    assert "2016.jsonl, line 3" in result.stderr and "field 'filing_date'" in result.stderr
    assert not (study / "results/records/records.csv").exists()
    assert tree_hashes(study / "data") == before


def test_snakemake_lint_finds_nothing(fixture_study):
    """The Snakemake Workflow Catalog's lint: every rule has a log, a conda environment, no absolute paths..."""
    result = run_study(fixture_study, "--lint")
    said = result.stdout + result.stderr
    assert "Lints for" not in said, said[-3000:]


def test_snakefmt_would_change_nothing():
    """snakefmt (the Catalog's formatter, from .venv-tools) leaves the Snakefile and every .smk as they are."""
    snakefmt = ROOT / ".venv-tools/bin/snakefmt"
    if not snakefmt.exists():
        pytest.fail("snakefmt is missing: `make tools` installs it (requirements-tools.lock)")
    result = subprocess.run([str(snakefmt), "--check", "--compact-diff", "Snakefile", "workflow"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_new_year_needs_only_a_raw_file_and_a_wider_window(tmp_path):
    study = make_study(tmp_path / "wider", **dict(FIXTURE_CONFIG, study_window__last_year=2021))
    new_year = {"file_number": "2021-02-东京-1", "filing_date": "2021-01", "post": "东京", "country": "Japan",
                "title_zh": "氢燃料电池", "description_zh": "日本企业开发氢燃料电池，寻求合作生产。",
                "provenance": "reconstructed"}
    (study / "data/raw/2021.jsonl").write_text(json.dumps(new_year, ensure_ascii=False) + "\n", encoding="utf-8")
    accept_data(study)  # `make manifests`
    result = run_study(study, "results/records/ingest_report.yml")
    assert result.returncode == 0, result.stderr[-2000:]
    report = yaml.safe_load((study / "results/records/ingest_report.yml").read_text(encoding="utf-8"))
    assert report["records_kept"] == 21 and report["excluded"]["outside_study_window"]["count"] == 0
    assert report["kept_by_year"] == {2015: 7, 2016: 12, 2017: 1, 2021: 1}


def test_snakemake_report_shows_the_figures_with_captions(fixture_study):
    result = run_study(fixture_study, "--report", "results/report.html")
    assert result.returncode == 0, result.stderr[-2000:]
    html = (fixture_study / "results/report.html").read_text(encoding="utf-8")
    for figure in ("records_per_year.svg", "coder_confusion.svg", "partnership_timeline.svg"):
        assert figure in html
    assert "Coder A against coder B" in html


def test_every_figure_prints_its_labels_at_7_pt_or_more(fixture_study):
    # Read from the SVGs as written: the width in pt and each text's font size (matplotlib writes px at
    # 72 per inch, i.e. pt). The PDF shrinks a figure wider than the text width (A4 less 2 x 2.5 cm:
    # 453 pt) to fit, so a label prints at its size times min(1, 453 / width).
    import re

    figures = sorted((fixture_study / "results/figures").glob("*.svg"))
    assert figures
    for svg in figures:
        text = svg.read_text(encoding="utf-8")
        width = float(re.search(r'width="([\d.]+)pt"', text).group(1))
        smallest = min(float(size) for size in re.findall(r"font-size: ([\d.]+)px", text))
        assert smallest * min(1.0, 453.5 / width) >= 7 - 1e-6, (svg.name, width, smallest)
