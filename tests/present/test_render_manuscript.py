"""The manuscript renderer: pandoc + quarto-subset.lua must give what Quarto
would (numbered cross-references, variables, includes, citations, CJK text),
fail loudly on undefined names, and be byte-for-byte reproducible."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from wishlist.present.render import RenderError, render_manuscript

pytestmark = pytest.mark.workflow  # every test here renders with pandoc and typst

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "render"
LUA = ROOT / "manuscript" / "filters" / "quarto-subset.lua"
CHINESE = "国际技术合作机会"


def _copy_project(dest: Path) -> Path:
    """A writable copy of the fixture project: manuscript/ plus generated/,
    which plays results/ (a directory name .gitignore excludes everywhere)."""
    shutil.copytree(FIXTURE, dest)
    return dest / "manuscript" / "index.qmd"


def _render(qmd: Path, out: Path, **kw) -> tuple[Path, Path]:
    html, pdf = out / "index.html", out / "index.pdf"
    kw.setdefault("renderer", "pandoc")
    render_manuscript(qmd, html, pdf, lua_filter=LUA, log=lambda msg: None, **kw)
    return html, pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[str, Path, Path]:
    tmp = tmp_path_factory.mktemp("render")
    qmd = _copy_project(tmp / "proj")
    html, pdf = _render(qmd, tmp / "out")
    return html.read_text(encoding="utf-8"), pdf, qmd


def _flat(text: str) -> str:
    """Whitespace-normalised, since pandoc wraps HTML source lines."""
    return " ".join(text.split())


def _pdf_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


# ------------------------------------------------------------------ HTML --
def test_html_resolves_cross_references(rendered):
    html = _flat(rendered[0])
    for target, text in [("fig-bars", "Figure 1"), ("tbl-counts", "Table 1"),
                         ("sec-method", "Section 1.1"), ("fig-photo", "2"),
                         ("tbl-extra", "Table 2")]:
        assert re.search(rf'<a href="#{target}"[^>]*>{text}</a>', html), target
        assert f'id="{target}"' in html
    assert "Figure 1: Counts by field (1234 records)" in html
    assert "Table 1: Records by field" in html
    assert "Table 2: Extra counts, caption given after the include" in html


def test_html_has_variables_bibliography_and_no_leftovers(rendered):
    html = _flat(rendered[0])
    assert "Render fixture: Wish List" in html          # var in the title
    assert "We coded 1234 records (42% of the list)" in html
    assert '<td style="text-align: right;">1234</td>' in html  # var in an included table
    assert CHINESE in html and "半导体" in html
    assert 'id="ref-fedasiuk2021"' in html and "Foreign Technology Wish List" in html
    for leftover in ("{{<", ">}}", "@fig-", "@tbl-", "@sec-", "??", "fedasiuk2021?"):
        assert leftover not in html


def test_html_is_self_contained(rendered):
    html = rendered[0]
    sources = re.findall(r'<img[^>]*\ssrc="([^"]*)"', html)
    assert len(sources) == 2
    assert all(src.startswith("data:image/") for src in sources)
    assert not re.search(r'(src|href)="(https?:|\.\./)', html)
    assert 'aria-label="Three bars of different heights."' in html  # Quarto's fig-alt
    assert 'id="TOC"' in html and 'href="#sec-method"' in html      # toc: true


# ------------------------------------------------------------------- PDF --
def test_pdf_text_and_cjk_font(rendered):
    pdf = rendered[1]
    assert pdf.read_bytes().startswith(b"%PDF")
    text = _flat(_pdf_text(pdf))
    for needle in ("Figure 1", "Table 1", "Section 1.1", "1234", CHINESE,
                   "Figure 1: Counts by field", "Fedasiuk"):
        assert needle in text, needle
    fonts = {str(font.get_object()["/BaseFont"])
             for page in pypdf.PdfReader(pdf).pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert any("CJK" in name for name in fonts), fonts


def test_pdf_build_leaves_no_stray_files(rendered):
    qmd = rendered[2]
    assert sorted(p.name for p in qmd.parent.iterdir()) == sorted(
        p.name for p in (FIXTURE / "manuscript").iterdir())


def test_render_is_byte_identical(rendered, tmp_path):
    html, pdf = _render(rendered[2], tmp_path)
    assert html.read_text(encoding="utf-8") == rendered[0]
    assert pdf.read_bytes() == rendered[1].read_bytes()


# ------------------------------------------ made-by lines, callouts, CSS --
CALLOUT = """
::: {.callout-note title="How to reproduce"}
Run `make study`, then `make test`.
:::
"""


@pytest.fixture(scope="module")
def labelled(tmp_path_factory) -> tuple[str, Path, Path]:
    """The fixture rendered as the workflow does: a stylesheet, a callout, and the
    rule and script behind each figure and table (paths relative to the project)."""
    tmp = tmp_path_factory.mktemp("labelled")
    qmd = _copy_project(tmp / "proj")
    _append(qmd, CALLOUT)
    (qmd.parent / "paper.css").write_text(".callout { border-left: 5px solid blue; }\n", encoding="utf-8")
    made_by = [("generated/figures/bars.svg", "plots", "scripts/plots.py"),
               ("generated/tables/counts.md", "tables", "scripts/tables.py"),
               ("generated/tables/unused.md", "tables", "scripts/tables.py")]
    cwd = os.getcwd()
    os.chdir(tmp / "proj")  # made-by paths are relative to the working directory (the project root)
    try:
        html, pdf = _render(qmd, tmp / "proj" / "results" / "paper", css=qmd.parent / "paper.css",
                            made_by=made_by)
    finally:
        os.chdir(cwd)
    return html.read_text(encoding="utf-8"), pdf, tmp


def test_html_names_the_rule_and_script_under_figures_and_tables(labelled):
    html = _flat(labelled[0])
    figure = ('</figure> <div class="made-by"> Made by rule <code>plots</code> · <a '
              'href="../../scripts/plots.py"><code>scripts/plots.py</code></a> </div>')
    assert figure in html
    table = ('</table> </div> <div class="made-by"> Made by rule <code>tables</code> · <a '
             'href="../../scripts/tables.py"><code>scripts/tables.py</code></a> </div>')
    assert table in html
    assert html.count('class="made-by"') == 2  # not under the photo nor the extra table
    assert str(labelled[2]) not in html and "made-by-file" not in html  # no scratch path leaks


def test_html_wraps_tables_styles_callouts_and_marks_chinese(labelled):
    html = _flat(labelled[0])
    assert html.count('<div class="table-scroll" role="region" tabindex="0" aria-label="Table') == 2
    assert re.search(r'<div class="table-scroll"[^>]*> <table id="tbl-counts">', html)
    assert ('<div class="callout callout-note" role="note"> <div class="callout-title"> '
            '<strong>How to reproduce</strong> </div> <div class="callout-body"> <p>Run '
            '<code>make study</code>, then <code>make test</code>.</p> </div> </div>') in html
    assert ".callout { border-left: 5px solid blue; }" in html  # the stylesheet, embedded
    assert "paper.css" not in html
    assert f'<span lang="zh-Hans">{CHINESE}.</span>' in html


def test_pdf_has_the_made_by_lines_and_the_box(labelled):
    text = _flat(_pdf_text(labelled[1]))
    assert "Made by rule plots · scripts/plots.py" in text
    assert "Made by rule tables · scripts/tables.py" in text
    assert "How to reproduce Run make study, then make test." in text


def test_made_by_render_is_byte_identical(labelled, tmp_path, monkeypatch):
    proj = labelled[2] / "proj"
    monkeypatch.chdir(proj)
    html, pdf = _render(proj / "manuscript" / "index.qmd", proj / "results" / "again",
                        css=proj / "manuscript" / "paper.css",
                        made_by=[("generated/figures/bars.svg", "plots", "scripts/plots.py"),
                                 ("generated/tables/counts.md", "tables", "scripts/tables.py")])
    assert html.read_text(encoding="utf-8") == labelled[0]
    assert pdf.read_bytes() == labelled[1].read_bytes()


def test_made_by_map_keys_paths_as_the_manuscript_writes_them(tmp_path, monkeypatch):
    from wishlist.present.render import made_by_map

    monkeypatch.chdir(tmp_path)
    entries = made_by_map([("results/figures/a.svg", "plots", "scripts/plots.py")],
                          tmp_path / "manuscript", tmp_path / "results" / "manuscript")
    assert entries == {"../results/figures/a.svg": {
        "rule": "plots", "script": "scripts/plots.py", "href": "../../scripts/plots.py"}}


def test_missing_stylesheet_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    with pytest.raises(RenderError, match="stylesheet not found"):
        _render(qmd, tmp_path / "out", css=tmp_path / "absent.css")


# ---------------------------------------------------------------- errors --
def _assert_failed(qmd: Path, out: Path, *needles: str) -> None:
    out.mkdir()
    (out / "index.html").write_text("previous good render")
    with pytest.raises(RenderError) as err:
        _render(qmd, out)
    for needle in needles:
        assert needle in str(err.value)
    # the old output is untouched, no partial or temporary files remain
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "previous good render"
    assert not [p for p in qmd.parent.iterdir() if p.name.startswith(".")]


def _append(qmd: Path, text: str) -> None:
    qmd.write_text(qmd.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_undefined_variable_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, "\nMissing: {{< var sample.nope >}}.\n")
    _assert_failed(qmd, tmp_path / "out", "sample.nope", "index.qmd")


def test_undefined_variable_in_included_table_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    table = tmp_path / "proj" / "generated" / "tables" / "counts.md"
    table.write_text(table.read_text().replace("sample.size", "sample.sizes"))
    _assert_failed(qmd, tmp_path / "out", "sample.sizes", "counts.md")


def test_undefined_label_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, "\nSee @fig-nothere.\n")
    _assert_failed(qmd, tmp_path / "out", "fig-nothere")


def test_missing_include_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, "\n{{< include ../generated/tables/absent.md >}}\n")
    _assert_failed(qmd, tmp_path / "out", "absent.md")


def test_undefined_citation_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, "\nAs argued [@nobody2020].\n")
    _assert_failed(qmd, tmp_path / "out", "nobody2020")


def test_typst_failure_leaves_no_output(tmp_path):
    """The HTML pass succeeds, typst cannot decode the image: nothing is written."""
    qmd = _copy_project(tmp_path / "proj")
    (tmp_path / "proj" / "generated" / "figures" / "bad.png").write_bytes(b"not a png")
    _append(qmd, "\n![Broken](../generated/figures/bad.png){#fig-bad}\n")
    _assert_failed(qmd, tmp_path / "out", "typst")


# ---------------------------------------------------------------- quarto --
FAKE_QUARTO = """#!/bin/sh
# records its argv, then writes what `quarto render <dir> --to <fmt>` would
echo "$@" >> "$FAKE_QUARTO_LOG"
if [ "$4" = html ]; then echo '<html>quarto</html>' > "$2/index.html"
else printf '%%PDF-1.7 quarto' > "$2/index.pdf"; fi
"""


def test_quarto_is_used_when_on_path(tmp_path, monkeypatch):
    qmd = _copy_project(tmp_path / "proj")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "quarto").write_text(FAKE_QUARTO)
    (bindir / "quarto").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(tmp_path / "argv.log"))
    messages = []
    html, pdf = tmp_path / "out" / "m.html", tmp_path / "out" / "m.pdf"
    made_by = [("generated/figures/bars.svg", "plots", "scripts/plots.py")]
    assert render_manuscript(qmd, html, pdf, made_by=made_by, log=messages.append) == "quarto"
    project = qmd.parent.resolve()
    assert (tmp_path / "argv.log").read_text().splitlines() == [
        f"render {project} --to html", f"render {project} --to typst"]
    assert html.read_text() == "<html>quarto</html>\n"
    assert pdf.read_bytes() == b"%PDF-1.7 quarto"
    assert not (project / "index.html").exists() and not (project / "index.pdf").exists()
    assert any("quarto" in m for m in messages)
    assert any("made-by lines" in m for m in messages)  # the pandoc-only part is named, not silently lost


def test_quarto_requested_but_missing(tmp_path, monkeypatch):
    qmd = _copy_project(tmp_path / "proj")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="not on PATH"):
        _render(qmd, tmp_path / "out", renderer="quarto")


def test_filter_passes_split_give_the_single_run(labelled, tmp_path, monkeypatch):
    """render runs the filter's format-free pass once (to JSON) and its format pass
    per output; that must be what one full filter run per format gives."""
    import json
    import subprocess

    import pypandoc

    from wishlist.present.render import made_by_map

    proj = labelled[2] / "proj"
    monkeypatch.chdir(proj)
    ms = proj / "manuscript"
    made_by = tmp_path / "made-by.json"
    made_by.write_text(json.dumps(made_by_map([("generated/figures/bars.svg", "plots", "scripts/plots.py"),
                                               ("generated/tables/counts.md", "tables", "scripts/tables.py")],
                                              ms, proj / "results")), encoding="utf-8")

    def pandoc(*args, stdin=None):
        return subprocess.run([pypandoc.get_pandoc_path(), *args], cwd=ms, input=stdin, capture_output=True,
                              encoding="utf-8", check=True).stdout

    meta = f"--metadata=made-by-file:{made_by}"
    shared = pandoc("index.qmd", meta, f"--lua-filter={LUA}", "--metadata=quarto-subset-stage:shared", "--to=json")
    for to in ("html5", "typst"):
        single = pandoc("index.qmd", meta, f"--lua-filter={LUA}", "--citeproc", f"--to={to}")
        split = pandoc("--from=json", "--metadata=quarto-subset-stage:format", f"--lua-filter={LUA}",
                       "--citeproc", f"--to={to}", stdin=shared)
        assert split == single
        assert "Made by" in single and "quarto-subset-made-by" not in single
