"""Render the Quarto manuscript to a self-contained HTML file and a PDF.

Quarto renders the manuscript wherever it is installed. Our machines and CI
have no Quarto, so there the same ``.qmd`` goes through real pandoc (the
pypandoc-binary build) and ``manuscript/filters/quarto-subset.lua``, a filter
that implements the part of Quarto the manuscript uses: var and include
shortcodes and fig/tbl/sec cross-references. The PDF comes from pandoc's typst
writer and the typst Python package, so no LaTeX is needed.

On the pandoc path the filter also writes, after each figure and included
table, the rule and script that made it ("Made by rule x · scripts/x.py",
a link in the HTML), renders Quarto callouts as boxes, and wraps HTML tables
in a horizontally scrollable block; ``css`` styles the HTML page.

This is a foundation module: it imports nothing from ``wishlist``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc
import typst
import yaml

FILTER = Path("filters") / "quarto-subset.lua"
# Noto CJK ships .ttc collections; typst picks the SC face by family name.
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
FONT_FALLBACK = ("Libertinus Serif", "Noto Serif CJK SC", "Noto Sans CJK SC")


class RenderError(RuntimeError):
    """Raised when pandoc, typst or Quarto fails. Carries the tool's stderr,
    which names the undefined variable, label or missing include."""

    def __init__(self, message: str, stderr: str = ""):
        self.stderr = stderr
        brief = stderr.split("stack traceback:")[0].strip()  # Lua's traceback is noise
        super().__init__(f"{message}\n{brief}".strip())


def render_manuscript(
    qmd: Path,
    html_out: Path,
    pdf_out: Path,
    *,
    renderer: str = "auto",
    font_paths: Sequence[Path] = (),
    lua_filter: Path | None = None,
    css: Path | None = None,
    made_by: Sequence[tuple[str, str, str]] = (),
    log: Callable[[str], object] = print,
) -> str:
    """Render ``qmd`` to ``html_out`` and ``pdf_out``. Returns the renderer used.

    ``renderer`` is "quarto", "pandoc" or "auto" (Quarto if it is on PATH).
    The outputs are replaced only once both renders have succeeded, so a
    failure never leaves a partial or mismatched pair. ``lua_filter`` defaults
    to ``filters/quarto-subset.lua`` next to the manuscript. ``css`` is a
    stylesheet embedded in the HTML. ``made_by`` lists (output, rule, script)
    for the figures and tables the paper shows, as paths relative to the
    current directory (the repository root); the pandoc path writes each
    figure's and table's rule and script under it. Quarto renders callouts
    itself but gets neither the stylesheet nor the made-by lines.
    """
    qmd, html_out, pdf_out = Path(qmd).resolve(), Path(html_out).resolve(), Path(pdf_out).resolve()
    why = f"renderer={renderer!r}"
    if renderer == "auto":
        renderer = "quarto" if shutil.which("quarto") else "pandoc"
        why = "quarto found on PATH" if renderer == "quarto" else "quarto not on PATH"
    if renderer not in ("quarto", "pandoc"):
        raise ValueError(f"renderer must be 'auto', 'quarto' or 'pandoc', not {renderer!r}")
    how = "quarto" if renderer == "quarto" else "pandoc + quarto-subset.lua + typst"
    log(f"render: {qmd.name} with {how} ({why})")
    with _staged(html_out) as html_tmp, _staged(pdf_out) as pdf_tmp:
        if renderer == "quarto":
            if made_by or css:
                log("render: quarto uses its own theme; the made-by lines and the stylesheet "
                    "need the pandoc path")
            _render_quarto(qmd, html_tmp, pdf_tmp)
        else:
            fonts = [Path(p) for p in font_paths]
            if NOTO_DIR.is_dir() and NOTO_DIR not in fonts:
                fonts.append(NOTO_DIR)
            lua = Path(lua_filter).resolve() if lua_filter else qmd.parent / FILTER
            if not lua.is_file():
                raise RenderError(f"Lua filter not found: {lua}")
            if css is not None and not Path(css).is_file():
                raise RenderError(f"stylesheet not found: {css}")
            provenance = made_by_map(made_by, qmd.parent, html_out.parent)
            _render_pandoc(qmd, html_tmp, pdf_tmp, lua, fonts, log,
                           css=Path(css).resolve() if css else None, provenance=provenance)
    return renderer


class _staged:
    """A temporary path next to ``out`` that is renamed onto ``out`` only if
    the block succeeded; on failure it is deleted. Nested for the two outputs,
    both renames happen after all rendering is done."""

    def __init__(self, out: Path):
        self.out = out

    def __enter__(self) -> Path:
        # Not mkstemp: the writer creates the file, so it gets the umask's mode.
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = self.out.with_name(f".{self.out.name}.{secrets.token_hex(4)}.tmp")
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None and self.tmp.is_file() and self.tmp.stat().st_size > 0:
            os.replace(self.tmp, self.out)
        else:
            self.tmp.unlink(missing_ok=True)
            if exc_type is None:
                raise RenderError(f"renderer wrote no output for {self.out}")


def made_by_map(made_by: Sequence[tuple[str, str, str]], ms_dir: Path, html_dir: Path) -> dict:
    """What the Lua filter reads: output path as the manuscript writes it
    (relative to ``ms_dir``) -> rule, script as given, and the script as a
    link relative to the HTML file."""
    def rel(path: str, start: Path) -> str:
        return Path(os.path.relpath(Path(path).resolve(), start.resolve())).as_posix()

    return {rel(output, ms_dir): {"rule": rule, "script": Path(script).as_posix(),
                                  "href": rel(script, html_dir)}
            for output, rule, script in sorted(made_by)}


# ---------------------------------------------------------------- pandoc --
def _front_matter(qmd: Path) -> dict:
    """The YAML front matter; Quarto keys are harmless, we only read a few."""
    text = qmd.read_text(encoding="utf-8")
    m = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S)
    return (yaml.safe_load(m.group(1)) or {}) if m else {}


def _pandoc(args: list[str], cwd: Path, log: Callable[[str], object], stdin: str | None = None) -> str:
    """Run the pypandoc-binary pandoc (no shell) in the manuscript directory,
    so relative paths to the bibliography, includes and images resolve.
    ``stdin`` is the input document, if not a file named in ``args``. Returns
    what pandoc wrote to stdout."""
    cmd = [pypandoc.get_pandoc_path(), *args]
    proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, encoding="utf-8")
    if proc.returncode != 0:
        raise RenderError(f"pandoc failed (exit {proc.returncode}): {' '.join(args)}", proc.stderr)
    # pandoc only warns about these; for a manuscript they are errors.
    for pattern, what in ((r"Citeproc: citation (\S+) not found", "undefined citation key"),
                          (r"Could not fetch resource (.+)", "missing resource")):
        found = sorted(set(re.findall(pattern, proc.stderr)))
        if found:
            raise RenderError(f"{what}: {', '.join(found)}", proc.stderr)
    for line in proc.stderr.splitlines():
        log(f"pandoc: {line}")
    return proc.stdout


def _render_pandoc(qmd: Path, html_tmp: Path, pdf_tmp: Path, lua: Path,
                   fonts: Sequence[Path], log: Callable[[str], object], *,
                   css: Path | None = None, provenance: dict | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        # The made-by map goes to the filter as a file; the filter drops the
        # metadata key, so the scratch path never reaches the output.
        extra = []
        if provenance:
            made_by = Path(scratch) / "made-by.json"
            made_by.write_text(json.dumps(provenance, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            extra.append(f"--metadata=made-by-file:{made_by}")
        _render_pandoc_with(qmd, html_tmp, pdf_tmp, lua, fonts, log, css, extra)


def _render_pandoc_with(qmd: Path, html_tmp: Path, pdf_tmp: Path, lua: Path, fonts: Sequence[Path],
                        log: Callable[[str], object], css: Path | None, extra: list[str]) -> None:
    meta = _front_matter(qmd)
    ms_dir = qmd.parent
    # Reading the markdown and the format-free part of the filter (includes,
    # variables, numbering, cross-references) are most of pandoc's work and the
    # same for both outputs: do them once, to pandoc's JSON AST, and let each
    # output run only the filter's format pass, citeproc and its writer. The
    # outputs are those of one full run per format.
    shared = _pandoc([qmd.name, "--from=markdown", *extra, f"--lua-filter={lua}",
                      "--metadata=quarto-subset-stage:shared", "--to=json"], ms_dir, log)
    common = ["--from=json", "--metadata=quarto-subset-stage:format", f"--lua-filter={lua}",
              "--citeproc", "--standalone"]
    # Options pandoc takes only from its command line (Quarto reads them from
    # the front matter); a bare `toc: true` would break the typst template.
    if meta.get("number-sections") is True:
        common.append("--number-sections")
    if meta.get("toc") is True:
        common += ["--toc", f"--toc-depth={int(meta.get('toc-depth', 3))}"]
    def html() -> None:
        # document-css keeps pandoc's default page styles, which --css alone would drop;
        # the stylesheet comes after them and adjusts them.
        style = [f"--css={css}", "--variable=document-css=true"] if css else []
        _pandoc([*common, "--to=html5", "--embed-resources", f"--resource-path={ms_dir}", *style,
                 f"--output={html_tmp}"], ms_dir, log, stdin=shared)

    def pdf() -> None:
        # The .typ must sit in the manuscript directory so that image paths such
        # as ../results/figures/x.svg resolve; the header goes to a scratch dir.
        fd, typ_name = tempfile.mkstemp(dir=ms_dir, prefix=".render-", suffix=".typ")
        os.close(fd)
        typ = Path(typ_name)
        try:
            with tempfile.TemporaryDirectory() as scratch:
                header = Path(scratch) / "header.typ"
                header.write_text(_typst_header(meta.get("mainfont")), encoding="utf-8")
                # mainfont= (empty) stops the template's single-font `set text`,
                # which would override the CJK fallback list in the header.
                _pandoc([*common, "--to=typst", f"--include-in-header={header}",
                         "--variable=mainfont=", f"--output={typ}"], ms_dir, log, stdin=shared)
            try:
                typst.compile(str(typ), output=str(pdf_tmp), root=str(_typst_root(typ)),
                              font_paths=[str(p) for p in fonts],
                              timestamp=int(os.environ.get("SOURCE_DATE_EPOCH", "0")))
            except Exception as exc:  # typst raises its own error types
                raise RenderError("typst failed to compile the PDF", str(exc)) from exc
        finally:
            typ.unlink(missing_ok=True)

    # The two renders share nothing but their input: run them side by side
    # (pandoc is a subprocess), and raise the first failure.

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(html), pool.submit(pdf)]:
            future.result()


def _typst_header(mainfont: str | None) -> str:
    """Font fallback with a CJK face (Chinese titles in the sample), and no
    typst numbering of figures: the Lua filter already wrote "Figure N: "."""
    fonts = ([mainfont] if mainfont else []) + list(FONT_FALLBACK)
    quoted = ", ".join('"' + f.replace('"', "") + '"' for f in fonts)
    # Tables come wrapped in figures, which typst keeps on one page by default: let
    # them break (long tables would otherwise run off the page), repeat their
    # header row, and set them a little smaller than the text.
    return (f"#set text(font: ({quoted},))\n#set figure(numbering: none)\n"
            "#show figure.where(kind: table): set block(breakable: true)\n"
            "#show table: set text(size: 8pt)\n"
            "#set table(inset: 4pt)\n")


def _typst_root(typ: Path) -> Path:
    """Typst reads files only inside its root: take the common ancestor of the
    .typ file and every image it loads (for us: the repository root)."""
    dirs = [str(typ.parent)]
    for m in re.finditer(r'image\("((?:[^"\\]|\\.)*)"', typ.read_text(encoding="utf-8")):
        path = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if not path.startswith("/"):
            dirs.append(os.path.normpath(typ.parent / path))
    return Path(os.path.commonpath(dirs))


# ---------------------------------------------------------------- quarto --
def _quarto_output_dir(project: Path) -> Path:
    """Where Quarto writes outputs: project.output-dir, else ``_manuscript``
    for manuscript projects, else next to the sources."""
    cfg_file = project / "_quarto.yml"
    cfg = (yaml.safe_load(cfg_file.read_text(encoding="utf-8")) or {}) if cfg_file.is_file() else {}
    proj = cfg.get("project") or {}
    default = "_manuscript" if proj.get("type") == "manuscript" else "."
    return (project / proj.get("output-dir", default)).resolve()


def _render_quarto(qmd: Path, html_tmp: Path, pdf_tmp: Path) -> None:
    """``quarto render <project> --to html`` then ``--to typst`` (typst gives
    the PDF), moving each produced file onto its staged output."""
    quarto = shutil.which("quarto")
    if quarto is None:
        raise RenderError("renderer 'quarto' requested but quarto is not on PATH")
    project = qmd.parent
    out_dir = _quarto_output_dir(project)
    for fmt, suffix, dest in (("html", ".html", html_tmp), ("typst", ".pdf", pdf_tmp)):
        cmd = [quarto, "render", str(project), "--to", fmt]
        proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True)
        if proc.returncode != 0:
            raise RenderError(f"quarto failed (exit {proc.returncode}): {' '.join(cmd)}", proc.stderr)
        produced = out_dir / (qmd.stem + suffix)
        if not produced.is_file():
            raise RenderError(f"quarto did not produce {produced}", proc.stderr)
        shutil.move(produced, dest)
