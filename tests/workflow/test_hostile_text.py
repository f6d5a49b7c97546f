"""Text from data is inert in the paper, end to end, and the study needs no network.

Company names and indicators in the case-outcome sheet (they reach Table 1 and
the timeline) are set to hostile strings; the whole fixture study then runs with
the network unavailable (a new network namespace, `unshare -rn`, where the
machine permits it; otherwise every proxy and resolver pointed at nothing). The
paper must show each string as typed, in HTML and PDF, and hold nothing of the
file the strings try to include or embed.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SNAKEMAKE, accept_data, make_study, FIXTURE_CONFIG, CACHE, CACHED_RULES, tree_hashes

from reader_view import html_view, pdf_view

pytestmark = pytest.mark.workflow

SHEET = "data/coding/case_outcomes.csv"
SECRET = "SECRET-CONTENT-41c9"


def hostile(secret: Path) -> list[str]:
    return [
        f"{{{{< include {secret} >}}}}",
        f'<img src="{secret}">',
        "![x](http://203.0.113.1/x.png) and [click](javascript:alert(1))",
        f'`#read("{secret}")`{{=typst}}',
        "*Acme* _Ltd_ $5 million @fig-x [a] # b | c",
        "O'Neil & Sons -- \"Quoted\" ~x~ ^y^",
    ]


def offline(command: list[str]) -> tuple[list[str], dict]:
    """The command in a network namespace of its own (no interface but a down
    loopback) when unshare works here; else with proxies pointing at a closed port."""
    env = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-rn", *command], env
    return command, env


@pytest.fixture(scope="module")
def hostile_study(tmp_path_factory):
    import os

    tmp = tmp_path_factory.mktemp("hostile-text")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    study = make_study(tmp / "study", **FIXTURE_CONFIG)
    path = study / SHEET
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    texts = hostile(secret)
    partnered = [r for r in rows if r["outcome"] == "partnered"]
    assert len(partnered) >= len(texts) // 2
    for k, text in enumerate(texts):
        partnered[k // 2]["company" if k % 2 == 0 else "indicator"] = text
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    accept_data(study)
    before = tree_hashes(study / "data")
    command, env = offline([SNAKEMAKE, "--cores", "2", "--cache", *CACHED_RULES])
    result = subprocess.run(command, cwd=study, capture_output=True, text=True,
                            env={**os.environ, **env, "SNAKEMAKE_OUTPUT_CACHE": str(CACHE)})
    return study, texts, result, before, command[0] == "unshare"


def test_the_whole_study_runs_without_network(hostile_study):
    study, _, result, before, isolated = hostile_study
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert (study / "results/manuscript/index.pdf").is_file()
    assert tree_hashes(study / "data") == before
    if not isolated:
        pytest.skip("unshare -rn is not permitted here: ran with every proxy pointed at a closed port")


def test_table1_shows_each_string_as_typed(hostile_study):
    study, texts, result, _, _ = hostile_study
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    # the regenerated Table 1 is in the supplement (the note shows the timeline)
    html = (study / "results/manuscript/supplement.html").read_text(encoding="utf-8")
    text = html_view(html)["text"]
    pdf = pdf_view(study / "results/manuscript/supplement.pdf")["text"]
    # in the PDF a long cell breaks across lines (at spaces, or hyphenated): compare without them
    squeezed = re.sub(r"[\s\-\u00ad]", "", pdf.replace("\u2026", "..."))
    for value in texts:
        assert value in text, value
        assert re.sub(r"[\s\-]", "", value) in squeezed, value
    assert SECRET not in html and SECRET not in pdf
    # the only images are the study's figures, embedded; no link runs code
    assert all(src.startswith("data:image/") for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html))
    assert 'href="javascript' not in html


def test_the_timeline_draws_the_names_as_text(hostile_study):
    study, texts, result, _, _ = hostile_study
    assert result.returncode == 0
    svg = (study / "results/figures/partnership_timeline.svg").read_text(encoding="utf-8")
    from html import unescape

    assert "*Acme* _Ltd_ $5 million @fig-x [a] # b | c" in unescape(svg)  # no mathtext from "$"
