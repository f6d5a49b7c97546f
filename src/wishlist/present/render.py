"""Render the Quarto manuscript to a self-contained HTML file and a PDF.

The repository is the Quarto project (``_quarto.yml`` at its root), so that
the figures and tables under ``results/`` lie inside it: Quarto runs typst
with the project as its root, and typst reads nothing outside. Two renderers
read that one project:

* **Quarto**, wherever ``quarto`` is on PATH: ``quarto render
  manuscript/index.qmd --to html`` and ``--to typst``; the project's
  post-render step (``manuscript/publish_outputs.py``) moves the outputs.
  Every warning Quarto prints (an unknown variable, an unresolved
  cross-reference, a citation not found) fails the render.
* **pandoc + ``manuscript/filters/quarto-subset.lua`` + typst** elsewhere:
  real pandoc (pypandoc-binary) with a filter that implements the part of
  Quarto the manuscript uses (var and include shortcodes, fig/tbl/sec
  cross-references, callouts), and pandoc's typst writer with the typst
  Python package for the PDF, so no LaTeX is needed.

Both take their format options from ``_quarto.yml`` (and the front matter),
read ``_variables.yml`` from the project root, and, through the same filter,
end each figure's and table's caption with the rule and script that made it
("Made by rule x · scripts/x.py", a link in the HTML).

The authorship line is data (config/config.yaml ``manuscript.authors`` or
CITATION.cff, see `manuscript_authors`): both renderers get it as metadata,
written inert, so a name renders as exactly its characters.

This module imports only wishlist.core and wishlist.present.markdown.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypandoc
import typst
import yaml

from wishlist.core.errors import StudyInputError
from wishlist.core.files import load_yaml, read_yaml
from wishlist.present.markdown import inert

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
    conditions: Mapping[str, bool] | None = None,
    authors: Sequence[Mapping[str, str]] | None = None,
    log: Callable[[str], object] = print,
) -> str:
    """Render ``qmd`` to ``html_out`` and ``pdf_out``. Returns the renderer used.

    ``renderer`` is "quarto", "pandoc" or "auto" (Quarto if it is on PATH).
    Both read the Quarto project the document belongs to (the nearest
    ``_quarto.yml`` at or above it): its format options, ``_variables.yml``
    and the made-by map it names. The outputs are replaced only once both
    renders have succeeded, so a failure never leaves a partial or mismatched
    pair. ``lua_filter`` defaults to ``filters/quarto-subset.lua`` next to the
    manuscript. ``css`` is a stylesheet the pandoc path embeds in the HTML;
    Quarto uses its own theme. ``conditions`` (metadata key -> boolean, see
    `manuscript_conditions`) are passed to both renderers as metadata, which the
    manuscript's ``when-meta``/``unless-meta`` passages test. ``authors`` (as
    `manuscript_authors` returns them: name, and optionally affiliation and
    orcid) are the document's authors for both renderers; None leaves the
    document's own ``author`` (if any) alone.
    """
    qmd, html_out, pdf_out = Path(qmd).resolve(), Path(html_out).resolve(), Path(pdf_out).resolve()
    if renderer not in ("auto", "quarto", "pandoc"):
        raise ValueError(f"renderer must be 'auto', 'quarto' or 'pandoc', not {renderer!r}")
    why = f"renderer={renderer!r}"
    found = shutil.which("quarto")
    if renderer == "quarto" and found is None:
        raise RenderError("renderer 'quarto' requested but quarto is not on PATH")
    version = quarto_version() if found and renderer != "pandoc" else None
    if version is not None and not quarto_is_recent(version):
        if renderer == "quarto":
            raise RenderError(f"renderer 'quarto' requested but quarto {version} is older than "
                              f"{'.'.join(map(str, QUARTO_MINIMUM))}")
        renderer, why = "pandoc", f"quarto {version} on PATH is older than {'.'.join(map(str, QUARTO_MINIMUM))}"
    elif renderer == "auto":
        renderer = "quarto" if found else "pandoc"
        why = "quarto found on PATH" if found else "quarto not on PATH"
    project = project_root(qmd)
    settings = project_settings(project, qmd, html_out.parent)
    # as metadata values both renderers read: "key:true" / "key:false"
    settings["conditions"] = [f"{key}:{str(value).lower()}" for key, value in sorted((conditions or {}).items())]
    settings["authors"] = None if authors is None else [dict(a) for a in authors]
    if authors is not None and {"author", "authors"} & set(front_matter(qmd)):
        # pandoc would keep the front matter's, Quarto merge them: one source only
        raise RenderError(f"{qmd.name}: the front matter sets author, but the authors come from the "
                          "workflow (config manuscript.authors or CITATION.cff): remove it from the front matter")
    lua = Path(lua_filter).resolve() if lua_filter else qmd.parent / FILTER
    if not lua.is_file():
        raise RenderError(f"Lua filter not found: {lua}")
    with _staged(html_out) as html_tmp, _staged(pdf_out) as pdf_tmp:
        if renderer == "quarto":
            log(f"render: {qmd.name} with quarto {version} ({why}; project {project})")
            # The pandoc path's format-free pass as a check first, so that Quarto
            # accepts no document the fallback would refuse (an unsupported
            # shortcode or cross-reference kind, an undefined name).
            _pandoc([qmd.name, "--from=markdown", *_made_by_args(settings), f"--lua-filter={lua}",
                     "--metadata=quarto-subset-stage:shared", "--to=json"], qmd.parent, lambda line: None)
            _render_quarto(qmd, project, html_tmp, pdf_tmp, settings, log)
        else:
            log(f"render: {qmd.name} with pandoc {pandoc_version()} + quarto-subset.lua + typst "
                f"{typst_version()} ({why})")
            fonts = [Path(p) for p in font_paths]
            if NOTO_DIR.is_dir() and NOTO_DIR not in fonts:
                fonts.append(NOTO_DIR)
            if css is not None and not Path(css).is_file():
                raise RenderError(f"stylesheet not found: {css}")
            _render_pandoc(qmd, project, html_tmp, pdf_tmp, lua, fonts, log, settings,
                           css=Path(css).resolve() if css else None)
    return renderer


# ------------------------------------------------------------ conditions --
CONDITION_KEY = re.compile(r"^[a-z][a-z0-9-]*$")


def manuscript_conditions(numbers: Mapping) -> dict[str, bool]:
    """The conditions of the manuscript's conditional passages, from results/numbers.yml.

    Every boolean under a stage's ``when`` entry (composed by wishlist.present.sentences)
    becomes the metadata key ``<stage>-<name>`` (underscores as hyphens):
    ``ingest.when.reconstruction_only`` is tested as
    ``::: {.content-visible when-meta="ingest-reconstruction-only"}``."""
    out = {}
    for stage, entry in sorted(numbers.items()):
        when = entry.get("when") if isinstance(entry, Mapping) else None
        for name, value in sorted((when or {}).items()):
            key = f"{stage}-{name}".replace("_", "-")
            if not isinstance(value, bool) or not CONDITION_KEY.match(key):
                raise ValueError(f"condition {stage}.when.{name} must be a boolean with a plain name, not {value!r}")
            out[key] = value
    return out


# --------------------------------------------------------------- authors --
DEFAULT_AUTHOR = "wishlist-study contributors"
ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$")
AUTHOR_KEYS = ("name", "given-names", "name-particle", "family-names", "name-suffix", "affiliation", "orcid")


def _author(entry, where: str) -> dict[str, str]:
    """One author as {name, affiliation?, orcid?} from a CITATION.cff-style entry
    (``name``, or ``given-names`` + ``family-names``) or a plain string."""
    if isinstance(entry, str):
        entry = {"name": entry}
    if not isinstance(entry, Mapping):
        raise ValueError(f"{where}: an author must be a name or a mapping, not {entry!r}")
    def text(key):
        value = entry.get(key)
        if value is not None and not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValueError(f"{where}: an author's {key} must be text, not {value!r}")
        return " ".join(str(value).split()) if value is not None else ""
    parts = [text(k) for k in ("given-names", "name-particle", "family-names")]
    name = text("name") or " ".join(p for p in parts if p)
    if text("name-suffix") and not text("name"):
        name = f"{name}, {text('name-suffix')}" if name else ""
    if not name:
        raise ValueError(f"{where}: an author needs a name (name, or given-names and family-names): {dict(entry)!r}")
    author = {"name": name}
    if text("affiliation"):
        author["affiliation"] = text("affiliation")
    if text("orcid"):
        orcid = ORCID.match(text("orcid"))
        if not orcid:
            raise ValueError(f"{where}: {text('orcid')!r} is not an ORCID iD (https://orcid.org/0000-0000-0000-0000)")
        author["orcid"] = orcid.group(1)
    return author


def manuscript_authors(configured=None, citation: Mapping | None = None) -> list[dict[str, str]]:
    """The papers' authors: config/config.yaml ``manuscript.authors`` when it lists any,
    else CITATION.cff's ``authors``, else DEFAULT_AUTHOR. Each author is
    {"name": ..., "affiliation": ..., "orcid": ...} (the last two only when given; the
    ORCID as its bare iD). Entries are CITATION.cff persons or entities (``name``, or
    ``given-names`` + ``family-names``, optional ``affiliation`` and ``orcid``) or
    plain names. The values are data: the renderers write them inert."""
    if configured:
        if not isinstance(configured, Sequence) or isinstance(configured, str):
            raise ValueError(f"manuscript.authors must be a list, not {configured!r}")
        return [_author(entry, "config manuscript.authors") for entry in configured]
    listed = (citation or {}).get("authors") if isinstance(citation, Mapping) else None
    if listed:
        if not isinstance(listed, Sequence) or isinstance(listed, str):
            raise ValueError(f"CITATION.cff authors must be a list, not {listed!r}")
        return [_author(entry, "CITATION.cff authors") for entry in listed]
    return [{"name": DEFAULT_AUTHOR}]


def _author_metadata(authors: Sequence[Mapping[str, str]], renderer: str, fmt: str) -> dict:
    """The ``author`` metadata one renderer reads, every value inert Markdown.

    Quarto (both formats) and pandoc's typst template read a list of
    {name, affiliation} (Quarto also orcid); pandoc's HTML template prints each
    author as it is, so there each is one line (name, affiliation, an ORCID link
    built from the validated iD), and ``author-meta`` holds the bare names."""
    def literal(text: str) -> str:
        if renderer == "quarto":  # Quarto runs shortcodes in metadata: {{{< x >}}} is its escaped form
            return inert(text, variable=True)
        # the pandoc path reads this metadata after the filter's shortcode pass: the backslashes suffice
        return inert(text, variable=True).replace("\\{\\{\\{\\<", "\\{\\{\\<").replace("\\>\\}\\}\\}", "\\>\\}\\}")

    if renderer == "quarto" or fmt == "typst":
        entries = []
        for a in authors:
            entry = {"name": literal(a["name"])}
            if a.get("affiliation"):  # an empty one would give Quarto's HTML an "Affiliation" column
                entry["affiliation"] = literal(a["affiliation"])
            if renderer == "quarto" and a.get("orcid"):
                entry["orcid"] = a["orcid"]
            entries.append(entry)
        return {"author": entries}
    lines = []
    for a in authors:
        line = literal(a["name"])
        if a.get("affiliation"):
            line += " (" + literal(a["affiliation"]) + ")"
        if a.get("orcid"):
            line += f" [ORCID {a['orcid']}](https://orcid.org/{a['orcid']})"
        lines.append(line)
    return {"author": lines, "author-meta": [literal(a["name"]) for a in authors]}


def _author_file(settings: dict, renderer: str, fmt: str, folder: Path) -> list[str]:
    """``--metadata-file`` arguments with the authors (none when the caller gave none)."""
    if settings.get("authors") is None:
        return []
    path = Path(folder) / f"authors-{renderer}-{fmt}.yml"
    path.write_text(yaml.safe_dump(_author_metadata(settings["authors"], renderer, fmt), allow_unicode=True),
                    encoding="utf-8")
    return [f"--metadata-file={path}"]


# --------------------------------------------------------------- project --
def project_root(qmd: Path) -> Path:
    """The Quarto project of ``qmd``: the nearest folder at or above it holding
    ``_quarto.yml`` (as Quarto finds it), else the document's own folder."""
    for folder in [qmd.parent, *qmd.parent.parents]:
        if (folder / "_quarto.yml").is_file() or (folder / "_quarto.yaml").is_file():
            return folder
    return qmd.parent


def _read_yaml_file(path: Path) -> dict:
    try:
        data = read_yaml(path) if path.is_file() else {}
    except StudyInputError as exc:
        raise RenderError(f"{path} is not valid YAML", str(exc)) from None
    if data is not None and not isinstance(data, dict):
        raise RenderError(f"{path} must be a mapping of Quarto options")
    return data or {}


def project_settings(project: Path, qmd: Path, html_dir: Path) -> dict:
    """What both renderers take from the project and the document: per-format
    options (document front matter over ``_quarto.yml``), the made-by map and
    the folder the HTML is read from (relative to the project root)."""
    config = _read_yaml_file(project / "_quarto.yml")
    front = front_matter(qmd)
    formats = {}
    for fmt in ("html", "typst"):
        # Quarto's order: the project's format options, then the document's
        # top-level options, then the document's format options.
        layers = [_format_options(config, fmt), {k: v for k, v in front.items() if k in FORMAT_KEYS},
                  _format_options(front, fmt)]
        formats[fmt] = {k: v for layer in layers for k, v in layer.items()}
    made_by = front.get("made-by-file", config.get("made-by-file"))
    return {
        "formats": formats,
        "made_by_file": (project / str(made_by)) if made_by else None,
        "html_dir": Path(os.path.relpath(html_dir, project)).as_posix(),
    }


def _format_options(source: dict, fmt: str) -> dict:
    chosen = source.get("format")
    chosen = chosen.get(fmt) if isinstance(chosen, dict) else None
    return {k: v for k, v in chosen.items() if k in FORMAT_KEYS} if isinstance(chosen, dict) else {}


# The format options the pandoc path reads (Quarto reads them all).
FORMAT_KEYS = ("toc", "toc-depth", "toc-title", "number-sections", "mainfont", "papersize", "margin",
               "include-in-header")


def pandoc_version() -> str:
    return pypandoc.get_pandoc_version()


def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


# The oldest Quarto the workflow renders with (README "Software", environment.yml).
QUARTO_MINIMUM = (1, 6)


def quarto_version() -> str:
    proc = subprocess.run([shutil.which("quarto") or "quarto", "--version"], capture_output=True, text=True)
    return proc.stdout.strip() or "(unknown version)"


def quarto_is_recent(version: str) -> bool:
    """At least QUARTO_MINIMUM; a version that does not parse counts as recent
    (a development build), so that Quarto's own errors can speak."""
    parts = re.match(r"(\d+)\.(\d+)", version)
    return parts is None or (int(parts[1]), int(parts[2])) >= QUARTO_MINIMUM


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


# ---------------------------------------------------------------- pandoc --
def front_matter(qmd: Path) -> dict:
    """The YAML front matter; Quarto keys are harmless, we only read a few."""
    text = qmd.read_text(encoding="utf-8")
    m = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", text, re.S)
    try:
        return (load_yaml(m.group(1), qmd) or {}) if m else {}
    except StudyInputError as exc:
        raise RenderError(f"{qmd}: the front matter is not valid YAML", str(exc)) from None


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


def _made_by_args(settings: dict) -> list[str]:
    """The filter finds the project root and _variables.yml itself; the made-by
    settings are passed as metadata, as Quarto passes _quarto.yml's keys."""
    extra = [f"--metadata=made-by-html-dir:{settings['html_dir']}"]
    if settings["made_by_file"] is not None:
        extra.append(f"--metadata=made-by-file:{settings['made_by_file']}")
    extra += [f"--metadata={condition}" for condition in settings.get("conditions", [])]
    return extra


def _render_pandoc(qmd: Path, project: Path, html_tmp: Path, pdf_tmp: Path, lua: Path,
                   fonts: Sequence[Path], log: Callable[[str], object], settings: dict, *,
                   css: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        _render_pandoc_in(qmd, project, html_tmp, pdf_tmp, lua, fonts, log, settings, css, scratch)


def _render_pandoc_in(qmd: Path, project: Path, html_tmp: Path, pdf_tmp: Path, lua: Path,
                      fonts: Sequence[Path], log: Callable[[str], object], settings: dict,
                      css: Path | None, scratch: str) -> None:
    ms_dir = qmd.parent
    extra = _made_by_args(settings)
    # Reading the markdown and the format-free part of the filter (includes,
    # variables, numbering, cross-references) are most of pandoc's work and the
    # same for both outputs: do them once, to pandoc's JSON AST, and let each
    # output run only the filter's format pass, citeproc and its writer. The
    # outputs are those of one full run per format.
    shared = _pandoc([qmd.name, "--from=markdown", *extra, f"--lua-filter={lua}",
                      "--metadata=quarto-subset-stage:shared", "--to=json"], ms_dir, log)
    common = ["--from=json", "--metadata=quarto-subset-stage:format", f"--lua-filter={lua}",
              "--citeproc", "--standalone"]

    def options(fmt: str) -> list[str]:
        """Options pandoc takes only from its command line (Quarto reads them
        from the front matter and _quarto.yml); a bare `toc: true` in the
        metadata would break the typst template."""
        opts = settings["formats"][fmt]
        args = ["--number-sections"] if opts.get("number-sections") is True else []
        if opts.get("toc") is True:
            args += ["--toc", f"--toc-depth={int(opts.get('toc-depth', 3))}"]
            if opts.get("toc-title"):
                args.append(f"--metadata=toc-title:{opts['toc-title']}")
        if opts.get("papersize"):
            args.append(f"--variable=papersize:{opts['papersize']}")
        if isinstance(opts.get("margin"), dict):  # a map (x, y, ...): only a metadata file can carry it
            margin = Path(scratch) / f"margin-{fmt}.yml"
            margin.write_text(yaml.safe_dump({"margin": opts["margin"]}), encoding="utf-8")
            args.append(f"--metadata-file={margin}")
        return args

    def html() -> None:
        # document-css keeps pandoc's default page styles, which --css alone would drop;
        # the stylesheet comes after them and adjusts them.
        style = [f"--css={css}", "--variable=document-css=true"] if css else []
        _pandoc([*common, *options("html"), *_author_file(settings, "pandoc", "html", Path(scratch)), "--to=html5",
                 "--embed-resources", f"--resource-path={ms_dir}", *style, f"--output={html_tmp}"],
                ms_dir, log, stdin=shared)

    def pdf() -> None:
        # The .typ must sit in the manuscript directory so that image paths such
        # as ../results/figures/x.svg resolve; the header goes to a scratch dir.
        fd, typ_name = tempfile.mkstemp(dir=ms_dir, prefix=".render-", suffix=".typ")
        os.close(fd)
        typ = Path(typ_name)
        try:
            header = Path(scratch) / "header.typ"
            header.write_text(_typst_header(settings["formats"]["typst"], project), encoding="utf-8")
            # mainfont= (empty) stops the template's single-font `set text`,
            # which would override the CJK fallback list in the header.
            _pandoc([*common, *options("typst"), *_author_file(settings, "pandoc", "typst", Path(scratch)),
                     "--to=typst", f"--include-in-header={header}",
                     "--variable=mainfont=", f"--output={typ}"], ms_dir, log, stdin=shared)
            try:
                # The project is typst's root, as under Quarto: no file outside it is read
                # (the filter has already refused an image outside it, by name).
                typst.compile(str(typ), output=str(pdf_tmp), root=str(project),
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


def _typst_header(options: dict, project: Path) -> str:
    """The project's typst header (format.typst.include-in-header, a path
    relative to the project, as Quarto reads it), a main font if one is set,
    and no typst numbering of figures: the Lua filter already wrote
    "Figure N: ", where Quarto numbers through typst."""
    parts = []
    includes = options.get("include-in-header") or []
    for name in [includes] if isinstance(includes, str) else includes:
        path = project / str(name)
        if not path.is_file():
            raise RenderError(f"include-in-header file not found: {path}")
        parts.append(path.read_text(encoding="utf-8"))
    mainfont = options.get("mainfont")
    if mainfont:
        fonts = [mainfont, *FONT_FALLBACK]
        parts.append("#set text(font: (" + ", ".join('"' + f.replace('"', "") + '"' for f in fonts) + ",))")
    parts.append("#set figure(numbering: none)")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- quarto --
# What Quarto only warns about but a manuscript must not contain: the same
# names the pandoc path rejects (undefined variable, label, citation, file).
QUARTO_PROBLEMS = (
    (re.compile(r"Unknown var (\S+) specified"), "undefined variable"),
    (re.compile(r"\?var:(\S+)"), "undefined variable"),
    (re.compile(r"Unable to resolve crossref @(\S+)"), "undefined cross-reference label"),
    (re.compile(r"\?@((?:fig|tbl|sec)-[\w-]+)"), "undefined cross-reference label"),
    (re.compile(r"[Cc]itation (\S+) not found"), "undefined citation key"),
    (re.compile(r"Could not fetch resource (\S+)"), "missing resource"),
    (re.compile(r"File '(\S+)' was not found"), "missing resource"),
)
# Printed by every typst render of this Quarto build (see ../shared/tools/quarto/README.md).
QUARTO_HARMLESS = ("typst-gather",)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def quarto_problems(stderr: str, output_text: str = "") -> list[str]:
    """What in Quarto's log (and its output's text) the pandoc path would have
    refused, as "what: name" strings, and any other warning line as it is.
    Sorted, without repeats."""
    found = set()
    for line in ANSI.sub("", stderr).splitlines():
        named = {f"{what}: {name.rstrip('.,;:')}" for pattern, what in QUARTO_PROBLEMS
                 for name in pattern.findall(line)}
        if named:
            found |= named
        elif re.search(r"\bWARN(?:ING)?\b", line) and not any(h in line for h in QUARTO_HARMLESS):
            found.add(f"warning: {line.strip()}")
    for pattern, what in QUARTO_PROBLEMS:
        found |= {f"{what}: {name.rstrip('.,;:')}" for name in pattern.findall(output_text)}
    return sorted(found)


def _render_quarto(qmd: Path, project: Path, html_tmp: Path, pdf_tmp: Path, settings: dict,
                   log: Callable[[str], object]) -> None:
    """``quarto render <qmd> --to html`` then ``--to typst`` (typst gives the
    PDF). The project's post-render step (manuscript/publish_outputs.py) moves
    each output into the scratch folder named by WISHLIST_PAPER_DIR; without
    that step Quarto leaves it beside the source. Either way it is moved onto
    its staged output. Any warning Quarto prints, other than the
    known harmless one, fails the render."""
    quarto = shutil.which("quarto")  # render_manuscript has checked it is there
    rel = qmd.relative_to(project).as_posix()
    with tempfile.TemporaryDirectory(prefix=".render-", dir=project) as scratch:
        env = {**os.environ, "WISHLIST_PAPER_DIR": scratch, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0"),
               **_kit_typst_with_timestamp(Path(quarto), Path(scratch))}
        for fmt, suffix, dest in (("html", ".html", html_tmp), ("typst", ".pdf", pdf_tmp)):
            cmd = [quarto, "render", rel, "--to", fmt, "--metadata", f"made-by-html-dir:{settings['html_dir']}"]
            for condition in settings.get("conditions", []):
                cmd += ["--metadata", condition]
            cmd += [arg for option in _author_file(settings, "quarto", fmt, Path(scratch))
                    for arg in option.split("=", 1)]
            proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)
            for line in proc.stderr.splitlines():
                if line.strip():
                    log(f"quarto: {line}")
            if proc.returncode != 0:
                raise RenderError(f"quarto failed (exit {proc.returncode}): {' '.join(cmd[1:])}", proc.stderr)
            # moved there by the post-render step, or left beside the source without one
            produced = next((p for p in (Path(scratch) / (qmd.stem + suffix), qmd.with_suffix(suffix))
                             if p.is_file()), None)
            if produced is None:
                raise RenderError(f"quarto did not produce {qmd.stem + suffix}", proc.stderr)
            text = produced.read_text(encoding="utf-8", errors="replace") if suffix == ".html" else ""
            problems = quarto_problems(proc.stderr, text)
            if problems:
                raise RenderError(f"quarto render --to {fmt}: " + "; ".join(problems), proc.stderr)
            shutil.move(produced, dest)


# The typst shim of ../shared/tools/quarto runs typst-py without a timestamp,
# so every PDF carries the render time (and ids hashed from it). The official
# typst CLI takes the time from SOURCE_DATE_EPOCH; this gives the shim the same.
PINNED_TYPST = """import os, runpy, sys
import typst
epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
compile_with_warnings = typst.compile_with_warnings
typst.compile_with_warnings = lambda *a, **k: compile_with_warnings(*a, **{"timestamp": epoch, **k})
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def _kit_typst_with_timestamp(quarto: Path, scratch: Path) -> dict[str, str]:
    """QUARTO_TYPST for a Quarto installed from ../shared/tools/quarto (its
    prefix holds kit/typst-shim.py and venv/): the same shim, given the
    SOURCE_DATE_EPOCH timestamp. Nothing for any other Quarto, or when the
    user has set QUARTO_TYPST."""
    prefix = quarto.resolve().parent.parent
    shim, python = prefix / "kit" / "typst-shim.py", prefix / "venv" / "bin" / "python"
    if "QUARTO_TYPST" in os.environ or not (shim.is_file() and python.is_file()):
        return {}
    (scratch / "typst_pinned.py").write_text(PINNED_TYPST, encoding="utf-8")
    launcher = scratch / "typst"
    launcher.write_text(f'#!/bin/sh\nexec "{python}" "{scratch / "typst_pinned.py"}" "{shim}" "$@"\n',
                        encoding="utf-8")
    launcher.chmod(0o755)
    return {"QUARTO_TYPST": str(launcher)}
