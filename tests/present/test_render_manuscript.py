"""The manuscript renderer's pandoc path: pandoc + quarto-subset.lua must give
what Quarto would (numbered cross-references, variables, includes, citations,
CJK text), read the Quarto project as Quarto does, fail loudly on undefined
names, and be byte-for-byte reproducible. tests/present/test_renderers_agree.py
renders the same documents with a real Quarto and compares."""

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
    """A writable copy of the fixture project (_quarto.yml and _variables.yml
    at its root, manuscript/, and generated/, which plays results/), with the
    study's own Lua filter and typst header."""
    shutil.copytree(FIXTURE, dest)
    (dest / "manuscript" / "filters").mkdir()
    shutil.copy2(LUA, dest / "manuscript" / "filters" / LUA.name)
    shutil.copy2(ROOT / "manuscript" / "paper.typ", dest / "manuscript" / "paper.typ")
    (dest / "manuscript" / "paper.css").write_text(".callout { border-left: 5px solid blue; }\n", encoding="utf-8")
    return dest / "manuscript" / "index.qmd"


def _render(qmd: Path, out: Path, **kw) -> tuple[Path, Path]:
    html, pdf = out / "index.html", out / "index.pdf"
    kw.setdefault("renderer", "pandoc")
    render_manuscript(qmd, html, pdf, log=lambda msg: None, **kw)
    return html, pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[str, Path, Path]:
    """The fixture rendered as the workflow does: into the project's results
    folder, with the stylesheet and the made-by map _quarto.yml names."""
    tmp = tmp_path_factory.mktemp("render")
    qmd = _copy_project(tmp / "proj")
    html, pdf = _render(qmd, tmp / "proj" / "results" / "paper", css=qmd.parent / "paper.css")
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
    assert not re.search(r'src="(https?:|\.\./)', html) and 'href="http' not in html
    # the only relative links are the made-by lines' links to scripts
    assert re.findall(r'href="(\.\./[^"]*)"', html) == ["../../scripts/plots.py", "../../scripts/tables.py"]
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
    project = qmd.parents[1]
    assert sorted(p.name for p in qmd.parent.iterdir()) == sorted(
        [p.name for p in (FIXTURE / "manuscript").iterdir()] + ["filters", "paper.typ", "paper.css"])
    assert sorted(p.name for p in project.iterdir()) == sorted(
        [p.name for p in FIXTURE.iterdir()] + ["results"])


def test_render_is_byte_identical(rendered):
    qmd = rendered[2]
    html, pdf = _render(qmd, qmd.parents[1] / "results" / "paper", css=qmd.parent / "paper.css")
    assert html.read_text(encoding="utf-8") == rendered[0]
    assert pdf.read_bytes() == rendered[1].read_bytes()


# ------------------------------------------ made-by lines, callouts, CSS --
def test_html_captions_name_the_rule_and_script(rendered):
    """The map _quarto.yml names (label -> rule, script; paths relative to the
    project) ends each caption; links are relative to the HTML's folder."""
    html = _flat(rendered[0])
    figure = ('Figure 1: Counts by field (1234 records) <span class="made-by">Made by rule <code>plots</code> · '
              '<a href="../../scripts/plots.py"><code>scripts/plots.py</code></a></span></figcaption>')
    assert figure in html
    table = ('Table 1: Records by field <span class="made-by">Made by rule <code>tables</code> · '
             '<a href="../../scripts/tables.py"><code>scripts/tables.py</code></a></span></caption>')
    assert table in html
    assert html.count('class="made-by"') == 2  # not under the photo nor the extra table
    assert "made-by-file" not in html and "made_by.json" not in html  # settings, not document text


def test_html_wraps_tables_styles_callouts_and_marks_chinese(rendered):
    html = _flat(rendered[0])
    assert html.count('<div class="table-scroll" role="region" tabindex="0" aria-label="Table') == 2
    assert re.search(r'<div class="table-scroll"[^>]*> <table id="tbl-counts">', html)
    assert ('<div class="callout callout-note" role="note"> <div class="callout-title"> '
            '<span class="screen-reader-only">Note</span><strong>How to reproduce</strong> </div> '
            '<div class="callout-body"> <p>Run <code>make study</code>, then <code>make test</code>.</p> '
            '</div> </div>') in html
    assert ".callout { border-left: 5px solid blue; }" in html  # the stylesheet, embedded
    assert "paper.css" not in html
    assert f'<span lang="zh-Hans">{CHINESE}.</span>' in html


def test_pdf_has_the_made_by_lines_and_the_box(rendered):
    text = _flat(_pdf_text(rendered[1]))
    assert "Figure 1: Counts by field (1234 records) Made by rule plots · scripts/plots.py" in text
    assert "Table 1: Records by field Made by rule tables · scripts/tables.py" in text
    assert "How to reproduce Run make study, then make test." in text


def test_project_settings_follow_quartos_order(tmp_path):
    """Project format options, then the document's top-level options, then its
    format options (Quarto's precedence); paths relative to the project."""
    from wishlist.present.render import project_root, project_settings

    (tmp_path / "_quarto.yml").write_text("format:\n  html:\n    toc: true\n    toc-depth: 2\n  typst:\n"
                                          "    toc-depth: 4\nmade-by-file: out/map.json\n", encoding="utf-8")
    qmd = tmp_path / "doc" / "index.qmd"
    qmd.parent.mkdir()
    qmd.write_text("---\ntoc-depth: 3\nformat:\n  typst:\n    toc: true\n---\n", encoding="utf-8")
    assert project_root(qmd) == tmp_path
    settings = project_settings(tmp_path, qmd, tmp_path / "results" / "manuscript")
    assert settings["formats"] == {"html": {"toc": True, "toc-depth": 3}, "typst": {"toc-depth": 3, "toc": True}}
    assert settings["made_by_file"] == tmp_path / "out" / "map.json"
    assert settings["html_dir"] == "results/manuscript"
    assert project_root(tmp_path / "elsewhere" / "x.qmd") == tmp_path  # the nearest _quarto.yml above


def test_image_outside_the_project_is_an_error(tmp_path):
    """Typst reads nothing outside the project (Quarto's rule); the pandoc path
    says so before typst does, naming the file."""
    qmd = _copy_project(tmp_path / "proj")
    (tmp_path / "outside.svg").write_text((FIXTURE / "generated/figures/bars.svg").read_text())
    _append(qmd, "\n![Outside](../../outside.svg){#fig-outside}\n")
    _assert_failed(qmd, tmp_path / "out", "image outside the project", "../../outside.svg")


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


@pytest.mark.parametrize(("addition", "needles"), [
    ("\nMissing: {{< var sample.nope >}}.\n", ("sample.nope", "index.qmd")),       # undefined variable
    ("\nSee @fig-nothere.\n", ("fig-nothere",)),                                    # undefined label
    ("\n{{< include ../generated/tables/absent.md >}}\n", ("absent.md",)),          # missing include
    ("\nAs argued [@nobody2020].\n", ("nobody2020",)),                              # undefined citation
], ids=["undefined variable", "undefined label", "missing include", "undefined citation"])
def test_an_undefined_name_is_an_error(tmp_path, addition, needles):
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, addition)
    _assert_failed(qmd, tmp_path / "out", *needles)


def test_undefined_variable_in_included_table_is_an_error(tmp_path):
    qmd = _copy_project(tmp_path / "proj")
    table = tmp_path / "proj" / "generated" / "tables" / "counts.md"
    table.write_text(table.read_text().replace("sample.size", "sample.sizes"))
    _assert_failed(qmd, tmp_path / "out", "sample.sizes", "counts.md")


def test_typst_failure_leaves_no_output(tmp_path):
    """The HTML pass succeeds, typst cannot decode the image: nothing is written."""
    qmd = _copy_project(tmp_path / "proj")
    (tmp_path / "proj" / "generated" / "figures" / "bad.png").write_bytes(b"not a png")
    _append(qmd, "\n![Broken](../generated/figures/bad.png){#fig-bad}\n")
    _assert_failed(qmd, tmp_path / "out", "typst")


# ---------------------------------------------------------------- quarto --
FAKE_QUARTO = """#!/bin/sh
# records its argv, then writes what `quarto render <qmd> --to <fmt>` and the
# project's post-render step would: the output in $WISHLIST_PAPER_DIR
if [ "$1" = --version ]; then echo 9.9.9; exit 0; fi
echo "$@" >> "$FAKE_QUARTO_LOG"
if [ "$4" = html ]; then echo '<html>quarto</html>' > "$WISHLIST_PAPER_DIR/index.html"
else printf '%%PDF-1.7 quarto' > "$WISHLIST_PAPER_DIR/index.pdf"; fi
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
    html, pdf = tmp_path / "proj" / "results" / "m.html", tmp_path / "proj" / "results" / "m.pdf"
    assert render_manuscript(qmd, html, pdf, log=messages.append) == "quarto"
    # run from the project root, on the document's path in it, with the HTML's folder for the links
    assert (tmp_path / "argv.log").read_text().splitlines() == [
        "render manuscript/index.qmd --to html --metadata made-by-html-dir:results",
        "render manuscript/index.qmd --to typst --metadata made-by-html-dir:results"]
    assert html.read_text() == "<html>quarto</html>\n"
    assert pdf.read_bytes() == b"%PDF-1.7 quarto"
    assert not [p for p in (tmp_path / "proj").iterdir() if p.name.startswith(".render-")]  # scratch removed
    assert any("with quarto 9.9.9" in m for m in messages)  # the log names the renderer and its version


def test_quarto_path_refuses_what_the_fallback_refuses(tmp_path, monkeypatch):
    """Before Quarto runs, the filter's format-free pass checks the document:
    an undefined variable stops the render even though Quarto would only warn."""
    qmd = _copy_project(tmp_path / "proj")
    _append(qmd, "\nMissing: {{< var sample.nope >}}.\n")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "quarto").write_text(FAKE_QUARTO)
    (bindir / "quarto").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(tmp_path / "argv.log"))
    with pytest.raises(RenderError, match="sample.nope"):
        _render(qmd, tmp_path / "out", renderer="quarto")
    assert not (tmp_path / "argv.log").exists()  # Quarto never ran


def test_quarto_warnings_are_errors():
    from wishlist.present.render import quarto_problems

    log = ("WARNING (/q/shortcodes-handlers.lua:302) Unknown var sample.nope specified in a var shortcode.\n"
           "WARNING (/q/crossref/refs.lua:128) Unable to resolve crossref @fig-nothere\n"
           "[WARNING] Citeproc: citation nobody2020 not found\n"
           "\x1b[33mWARN: typst-gather analyze failed; staging all packages as fallback\x1b[39m\n"
           "Output created: index.html\n")
    assert quarto_problems(log) == [
        "undefined citation key: nobody2020",
        "undefined cross-reference label: fig-nothere",
        "undefined variable: sample.nope",
    ]
    assert quarto_problems("WARNING: something new\n") == ["warning: WARNING: something new"]
    assert quarto_problems("Output created: index.html\n", "<p>?@tbl-gone</p>") == [
        "undefined cross-reference label: tbl-gone"]


def test_quarto_older_than_1_6_is_not_used(tmp_path, monkeypatch):
    """auto falls back to the pandoc path and says why; asking for it is an error."""
    qmd = _copy_project(tmp_path / "proj")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "quarto").write_text(FAKE_QUARTO.replace("echo 9.9.9", "echo 1.5.57"))
    (bindir / "quarto").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(tmp_path / "argv.log"))
    messages = []
    html, pdf = tmp_path / "proj" / "results" / "m.html", tmp_path / "proj" / "results" / "m.pdf"
    assert render_manuscript(qmd, html, pdf, log=messages.append) == "pandoc"
    assert any("quarto 1.5.57 on PATH is older than 1.6" in m for m in messages)
    assert not (tmp_path / "argv.log").exists()
    with pytest.raises(RenderError, match="older than 1.6"):
        render_manuscript(qmd, html, pdf, renderer="quarto", log=messages.append)


def test_quarto_requested_but_missing(tmp_path, monkeypatch):
    qmd = _copy_project(tmp_path / "proj")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RenderError, match="not on PATH"):
        _render(qmd, tmp_path / "out", renderer="quarto")


def test_filter_passes_split_give_the_single_run(rendered, tmp_path):
    """render runs the filter's format-free pass once (to JSON) and its format pass
    per output; that must be what one full filter run per format gives."""
    import subprocess

    import pypandoc

    ms = rendered[2].parent

    def pandoc(*args, stdin=None):
        return subprocess.run([pypandoc.get_pandoc_path(), *args], cwd=ms, input=stdin, capture_output=True,
                              encoding="utf-8", check=True).stdout

    meta = [f"--metadata=made-by-file:{ms.parent / 'generated' / 'made_by.json'}",
            "--metadata=made-by-html-dir:results/paper"]
    shared = pandoc("index.qmd", *meta, f"--lua-filter={LUA}", "--metadata=quarto-subset-stage:shared", "--to=json")
    for to in ("html5", "typst"):
        single = pandoc("index.qmd", *meta, f"--lua-filter={LUA}", "--citeproc", f"--to={to}")
        split = pandoc("--from=json", "--metadata=quarto-subset-stage:format", f"--lua-filter={LUA}",
                       "--citeproc", f"--to={to}", stdin=shared)
        assert split == single
        assert "Made by" in single and "quarto-subset-made-by" not in single


def test_a_document_can_go_without_made_by_lines(rendered):
    """`made-by-lines: false` (the note's front matter) leaves every caption without its line, in both
    formats; anything but a boolean is refused by name."""
    import subprocess

    import pypandoc

    ms = rendered[2].parent

    def pandoc(*args):
        return subprocess.run([pypandoc.get_pandoc_path(), "index.qmd", f"--lua-filter={LUA}", *args], cwd=ms,
                              capture_output=True, encoding="utf-8")

    meta = f"--metadata=made-by-file:{ms.parent / 'generated' / 'made_by.json'}"
    for to in ("html5", "typst"):
        with_lines, without = pandoc(meta, f"--to={to}"), pandoc(meta, "--metadata=made-by-lines:false", f"--to={to}")
        assert with_lines.stdout.count("Made by") == 2 and without.returncode == 0
        assert "Made by" not in without.stdout and "Figure 1: Counts by field" in without.stdout
        assert "made-by-lines" not in without.stdout  # a setting, not document text
    refused = pandoc(meta, "--metadata=made-by-lines:sometimes", "--to=html5")
    assert refused.returncode != 0 and "made-by-lines must be true or false" in refused.stderr
