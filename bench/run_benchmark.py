"""Benchmark the study on this machine (not part of the tests).

    .venv/bin/python bench/run_benchmark.py [--scales 10 100] [--out bench/results]

Performance is stated as ratios to two floors measured in the same run, on the same
machine, so a loaded or a slow machine does not move the verdict:

- import floor: one `python -c "import pandas, statsmodels.api, seaborn"` (median of 3);
- Snakemake floor: a no-op run of a trivial one-rule Snakefile (median of 3).

Targets: cold full study <= 10x the import floor; no-op rerun <= 1.1x the Snakemake floor.

Measures, each in a fresh copy of the repository under a temporary folder:
cold full study (after install), no-op rerun, dry run; the full study on 10x and
100x scaled corpora (scripts/reconstruct_corpus.py --scale K, with coder sheets
and case outcomes replicated the same way); coding throughput (records/s); and
the slowest rule of each run (from Snakemake's per-rule benchmark files).
Writes bench/results/benchmark.json and prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAKEMAKE = str(Path(sys.executable).parent / "snakemake")
COPY = ("Snakefile", "_quarto.yml", "CITATION.cff", "workflow", "scripts", "manuscript", "config", "data")
# measure -> (floor it is divided by, largest ratio allowed)
RATIO_TARGETS = {"cold_full_study_s": ("import_floor_s", 10.0), "no_op_rerun_s": ("snakemake_floor_s", 1.1)}
TRIVIAL_SNAKEFILE = 'rule all:\n    output:\n        "done.txt",\n    shell:\n        "touch {output}"\n'


def median_of(runs: int, measure) -> float:
    times = sorted(measure() for _ in range(runs))
    return times[len(times) // 2]


def import_floor() -> float:
    """One interpreter importing pandas, statsmodels and seaborn: what any study job could cost at least."""
    return median_of(3, lambda: timed([sys.executable, "-c", "import pandas, statsmodels.api, seaborn"], ROOT))


def snakemake_floor(tmp: Path) -> float:
    """A no-op run of a one-rule Snakefile whose output exists: Snakemake's own start-up and DAG."""
    folder = tmp / "trivial"
    folder.mkdir()
    (folder / "Snakefile").write_text(TRIVIAL_SNAKEFILE, encoding="utf-8")
    timed([SNAKEMAKE, "--cores", "2"], folder)
    return median_of(3, lambda: timed([SNAKEMAKE, "--cores", "2"], folder))


def fresh_copy(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name,
                            ignore=shutil.ignore_patterns("_variables.yml", "__pycache__", ".quarto"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return elapsed


def _job(study: Path, tsv: Path) -> str:
    """A job's name from its benchmark file: the rule, and the wildcard a rule with one has
    (results/benchmarks/render_manuscript/index.tsv: render_manuscript/index)."""
    return tsv.relative_to(study / "results/benchmarks").with_suffix("").as_posix()


def slowest_rule(study: Path) -> dict:
    """Slowest job of the last run, from results/benchmarks/<rule>.tsv (Snakemake's benchmark directive)."""
    rows = []
    for tsv in (study / "results/benchmarks").rglob("*.tsv"):
        with tsv.open(encoding="utf-8") as handle:
            row = next(csv.DictReader(handle, delimiter="\t"))
        rows.append({"rule": _job(study, tsv), "seconds": round(float(row["s"]), 2), "max_rss_mb": row.get("max_rss")})
    return max(rows, key=lambda r: r["seconds"]) if rows else {}


def rule_cpu_seconds(study: Path) -> dict:
    """CPU seconds (user + system, Snakemake's benchmark column cpu_time) of every job of the last run."""
    rows = {}
    for tsv in sorted((study / "results/benchmarks").rglob("*.tsv")):
        with tsv.open(encoding="utf-8") as handle:
            row = next(csv.DictReader(handle, delimiter="\t"))
        rows[_job(study, tsv)] = round(float(row["cpu_time"]), 2)
    return dict(sorted(rows.items(), key=lambda item: -item[1]))


def identification_seconds(study: Path) -> dict:
    """The cacheable identification rule carries no benchmark directive (Snakemake forbids it on
    cacheable rules); its log states its time: '75 bounds ... in 12.6 s'."""
    out = {}
    for rule in ("sharp_bounds",):
        text = (study / f"results/logs/{rule}.log").read_text(encoding="utf-8")
        out[rule] = float(text.rsplit(" in ", 1)[1].split(" s")[0])
    return out


def shift(file_number: str, copy: int) -> str:
    year, issue, *post, seq = file_number.split("-")
    return f"{year}-{issue}-{'-'.join(post)}-{int(seq) + 100 * copy}"


def scale_sheets(study: Path, scale: int) -> None:
    """Replicate the key, coder sheets and case outcomes like the generator replicates records."""
    def replicate(path: Path, columns=("file_number",), extra=None):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames, list(reader)
        out = [dict(r, **{c: shift(r[c], k) for c in columns}) for k in range(scale) for r in rows]
        if extra:
            out += extra(rows)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(out)

    coding = study / "data/coding"
    for sheet in ("coder_a.csv", "coder_b.csv", "adjudication.csv"):
        replicate(coding / sheet)
    replicate(study / "data/reference/reconstruction_key.csv")
    drawn = drawn_cases(study)

    def investigate_the_draw(rows):
        """Outcomes for the drawn cases the replicated sheet lacks, as a real study would record."""
        known = {shift(r["file_number"], k) for k in range(scale) for r in rows}
        return [{"file_number": fn, "company": "", "outcome": "insufficient", "indicator_type": "", "indicator": "",
                 "indicator_date": "", "evidence": "benchmark filler", "source": "benchmark",
                 "provenance": "reconstructed"} for fn in drawn if fn not in known]

    replicate(coding / "case_outcomes.csv", extra=investigate_the_draw)
    # bench-only data: the pinned manifests describe the default corpus; accept the scaled one
    subprocess.run([sys.executable, "-I", str(ROOT / "scripts/write_manifests.py"), "--root", str(study)],
                   check=True, capture_output=True)


def drawn_cases(study: Path) -> list[str]:
    """The cases the configured seed draws from the scaled frame (frame from the replicated key)."""
    import pandas as pd
    import yaml

    sys.path.insert(0, str(ROOT / "src"))
    from wishlist.stages.draw_sample import draw_sample, sample_frame

    config = yaml.safe_load((study / "config/config.yaml").read_text(encoding="utf-8"))["sample"]
    key = pd.read_csv(study / "data/reference/reconstruction_key.csv", dtype=str, keep_default_na=False)
    key["year"] = key["file_number"].str[:4].astype(int)
    frame = sample_frame(key, config["frame_institution_type"], config["frame_years"])
    return list(draw_sample(frame, config["size"], config["seed"])["file_number"])


def scaled_study(destination: Path, scale: int) -> Path:
    study = fresh_copy(destination)
    raw = study / "data/raw"
    shutil.rmtree(raw)
    subprocess.run([sys.executable, str(ROOT / "scripts/reconstruct_corpus.py"), "--out", str(raw),
                    "--scale", str(scale)], check=True, capture_output=True)
    scale_sheets(study, scale)
    return study


def coding_throughput(scale: int) -> float:
    """Records per second of the automated codes (AI flag + cooperation forms) on a scaled corpus."""
    sys.path.insert(0, str(ROOT / "src"))
    from wishlist.brief.codebook import load_codebook
    from wishlist.brief.records import Gazetteer, ingest
    from wishlist.stages.code_records import code_ai, code_cooperation

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(ROOT / "scripts/reconstruct_corpus.py"), "--out", tmp, "--scale",
                        str(scale)], check=True, capture_output=True)
        gazetteer = Gazetteer.load(ROOT / "data/gazetteer.csv", ROOT / "data/countries.csv")
        records, _ = ingest(sorted(Path(tmp).glob("*.jsonl")), gazetteer, 2015, 2020)
    codebook = load_codebook(ROOT / "data/codebook.yaml")
    started = time.perf_counter()
    code_ai(records, codebook.ai_ml_keywords, codebook.keyword_matching)
    code_cooperation(records, codebook.cooperation_forms, codebook.keyword_matching)
    return len(records) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100],
                        help="scaled corpora to run (none: `--scales`)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results")
    args = parser.parse_args()
    env_cores = ["--cores", "2"]
    result = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": os.cpu_count()}, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        result["floors"] = {"import_floor_s": import_floor(), "snakemake_floor_s": snakemake_floor(Path(tmp))}
        study = fresh_copy(Path(tmp) / "default")
        result["runs"]["cold_full_study_s"] = timed([SNAKEMAKE, *env_cores], study)
        result["runs"]["slowest_rule_default"] = slowest_rule(study)
        result["runs"]["identification_rules_s"] = identification_seconds(study)
        result["runs"]["no_op_rerun_s"] = median_of(3, lambda: timed([SNAKEMAKE, *env_cores], study))
        result["runs"]["cpu_seconds_per_rule"] = rule_cpu_seconds(study)
        result["runs"]["dry_run_s"] = timed([SNAKEMAKE, *env_cores, "--dry-run"], study)
        for scale in args.scales:
            scaled = scaled_study(Path(tmp) / f"scale{scale}", scale)
            result["runs"][f"scale_{scale}_full_study_s"] = timed([SNAKEMAKE, *env_cores], scaled)
            result["runs"][f"slowest_rule_scale_{scale}"] = slowest_rule(scaled)
    result["runs"]["coding_records_per_s_at_100x"] = coding_throughput(100)
    result["targets"] = {}
    for measure, (floor, limit) in RATIO_TARGETS.items():
        ratio = result["runs"][measure] / result["floors"][floor]
        result["targets"][measure] = {"floor": floor, "ratio": round(ratio, 2), "limit": limit, "met": ratio <= limit}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "benchmark.json").write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print("| measure | value |\n| --- | --- |")
    for key, value in result["floors"].items():
        print(f"| {key} | {value:.2f} |")
    for key, target in result["targets"].items():
        print(f"| {key} / {target['floor']} | {target['ratio']:.2f} (limit {target['limit']}, "
              f"{'met' if target['met'] else 'missed'}) |")
    for key, value in result["runs"].items():
        shown = f"{value:.1f}" if isinstance(value, float) else json.dumps(value)
        print(f"| {key} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
