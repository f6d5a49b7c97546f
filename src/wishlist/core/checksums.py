"""SHA-256 manifests: the inputs under data/ are pinned, the outputs under results/ are listed.

A manifest is `sha256sum` format: one "<hex>  <name>" line per file, sorted.
The workflow refuses to run when an input no longer matches its manifest, so a
raw record cannot change unnoticed; accepting a change is a deliberate act
(`make manifests`).

What is checked (`verify_data`): the data folders of DATA_PATTERNS, and every
path under the config's `inputs` (a folder such as `raw_records`: every file the
workflow reads from it; a file: the file, against the manifest of its folder).
A folder holding such files needs a MANIFEST.sha256; each of those files must be
listed in it and match, and each listed file must exist. Nothing the gate checks
may resolve (after following symlinks) outside the repository, unless a path
under `inputs.outside` covers where it points.

Whether the data are the shipped reconstruction (`matches_reconstruction`):
data/reference/reconstruction.sha256 lists, in `sha256sum` format with paths
relative to the repository, every file scripts/reconstruct_corpus.py writes
(data/raw/*.jsonl, data/coding/*.csv, data/reference/reconstruction_key.csv).
The module needs only the standard library (the one YAML-free writer is
imported when manifests are written), so `make manifests` runs without the
study's environment (scripts/write_manifests.py).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "MANIFEST.sha256"
# which files of each data folder are pinned
DATA_PATTERNS = {".": ("*.yaml", "*.csv"), "raw": ("*.jsonl",), "coding": ("*.csv",), "reference": ("*.yaml", "*.csv")}
# which files the workflow reads from a configured input folder (any other folder: every file)
FOLDER_PATTERNS = {"raw_records": ("*.jsonl",)}
# which files of each data folder are pinned by name (besides DATA_PATTERNS)
DATA_NAMES = {"reference": ("reconstruction.sha256",)}
OUTSIDE_KEY = "outside"  # inputs.outside: the outside locations a configured input may point to


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pinned_files(folder: Path, patterns, names=()) -> list[Path]:
    """The files of `folder` matching `patterns`, and the named ones that exist (symlinks included)."""
    folder = Path(folder)
    found = {p for pattern in patterns for p in folder.glob(pattern)}
    found |= {folder / name for name in names}
    return sorted(p for p in found if p.name != MANIFEST and (p.is_file() or p.is_symlink()))


def manifest_text(folder: Path, patterns, names=()) -> str:
    return "".join(f"{sha256(p)}  {p.name}\n" for p in pinned_files(folder, patterns, names))


# ------------------------------------------------------------------------------------ plan --
@dataclass
class Folder:
    """One folder the gate checks: `path` as spelled (relative to the root), the patterns and
    names of the files the workflow reads from it, and the config keys that name it."""

    path: Path
    patterns: set = field(default_factory=set)
    names: set = field(default_factory=set)
    keys: list = field(default_factory=list)


def _configured_paths(inputs: dict):
    """(key, path) for every path under `inputs` (lists flattened), `inputs.outside` excepted."""
    for key, value in (inputs or {}).items():
        if key == OUTSIDE_KEY:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item:
                yield key, item


def plan(data_dir: str | Path = "data", config: dict | None = None, root: str | Path = ".") -> list[Folder]:
    """The folders to check: the data folders, and every folder the config's inputs name or read from."""
    folders: dict[str, Folder] = {}

    def folder(path) -> Folder:
        key = os.path.normpath(path)
        return folders.setdefault(key, Folder(Path(key)))

    for sub, patterns in DATA_PATTERNS.items():
        folder(Path(data_dir) / sub).patterns.update(patterns)
    for sub, names in DATA_NAMES.items():
        folder(Path(data_dir) / sub).names.update(names)
    for key, spelled in _configured_paths((config or {}).get("inputs")):
        if key in FOLDER_PATTERNS or (Path(root) / spelled).is_dir():
            entry = folder(spelled)
            entry.patterns.update(FOLDER_PATTERNS.get(key, ("*",)))
        else:
            entry = folder(Path(spelled).parent)
            entry.names.add(Path(spelled).name)
        entry.keys.append(f"inputs.{key}")
    return list(folders.values())


# -------------------------------------------------------------------------------- outside --
def allowed_outside(config: dict | None, root: str | Path = ".") -> list[Path]:
    """The resolved locations of `inputs.outside` (absolute, or relative to the root)."""
    entries = ((config or {}).get("inputs") or {}).get(OUTSIDE_KEY) or []
    return [(Path(root) / Path(entry).expanduser()).resolve() for entry in entries]


def _inside(path: Path, base: Path) -> bool:
    return path == base or base in path.parents


def outside_problem(spelled: Path, root: str | Path, allowed: list[Path]) -> str | None:
    """Why `spelled` (relative to the root) may not be read: it resolves outside the root, and
    no `inputs.outside` entry covers where it points. None when it may."""
    target = (Path(root) / spelled).resolve()
    if _inside(target, Path(root).resolve()) or any(_inside(target, base) for base in allowed):
        return None
    return (f"{spelled} points outside the repository (to {target}); it is not read. If it is meant, add "
            f"{target} (or a folder holding it) to inputs.{OUTSIDE_KEY} in config/config.yaml")


def refused(data_dir: str | Path = "data", config: dict | None = None, root: str | Path | None = None) -> list[str]:
    """The outside problems alone: the folders of the plan, their manifests and the files read from them."""
    root = _root(data_dir, root)
    allowed = allowed_outside(config, root)
    problems = []
    for entry in plan(data_dir, config, root):
        where = Path(root) / entry.path
        if not where.exists():
            continue
        problem = outside_problem(entry.path, root, allowed)
        if problem:
            problems.append(problem)
            continue
        for path in pinned_files(where, entry.patterns, entry.names):
            problem = outside_problem(entry.path / path.name, root, allowed)
            if problem:
                problems.append(problem)
    return problems


# --------------------------------------------------------------------------------- verify --
def _root(data_dir, root) -> Path:
    """The repository: `root`, else the folder holding `data_dir`."""
    if root is not None:
        return Path(root)
    data_dir = Path(data_dir)
    return Path(".") if not data_dir.is_absolute() else data_dir.resolve().parent


def verify_folder(folder: Path, patterns, names=(), root: str | Path | None = None,
                  allowed: list[Path] = ()) -> list[str]:
    """Problems of one folder against its manifest.

    `folder` is spelled relative to `root` (when given; absolute paths stand alone). With
    `root`, the folder, its manifest and every file checked must resolve inside it or under
    an `allowed` location; a refused file is named and not read. A folder without a
    manifest is a problem when it holds files to pin, else it is skipped (as is a missing folder):
    a folder that holds nothing the workflow reads leaves nothing to verify.
    """
    folder = Path(folder)
    base = Path(root) if root is not None else Path(".")
    where = base / folder

    def refused_(spelled):
        return outside_problem(spelled, base, list(allowed)) if root is not None else None

    if not where.is_dir():
        return []
    if refused_(folder):
        return [refused_(folder)]
    manifest = folder / MANIFEST
    present = {p.name: p for p in pinned_files(where, patterns, names)}
    if not (base / manifest).exists():
        if not present:
            return []
        return [f"{folder}: {MANIFEST} is missing; run `make manifests` to pin the "
                f"{len(present)} file(s) the workflow reads there ({', '.join(sorted(present))}), "
                f"and commit it"] + [p for p in map(refused_, (folder / name for name in sorted(present))) if p]
    if refused_(manifest):
        return [refused_(manifest)]
    listed = {}
    for number, line in enumerate((base / manifest).read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name or "/" in name or name in (".", ".."):
            return [f"{manifest}, line {number}: not a '<sha256>  <file>' line"]
        listed[name] = digest
    problems = []
    for name, digest in sorted(listed.items()):
        path = where / name
        problem = refused_(folder / name)
        if problem:
            problems.append(problem)
        elif not path.is_file():
            broken = " (a broken symlink)" if path.is_symlink() else ""
            problems.append(f"{folder / name} is listed in {manifest} but missing{broken}")
        elif sha256(path) != digest:
            problems.append(f"{folder / name} has changed since {manifest} was written")
    for name in sorted(set(present) - set(listed)):
        problem = refused_(folder / name)
        problems.append(problem or f"{folder / name} is not listed in {manifest}")
    return problems


def verify_data(data_dir: str | Path = "data", config: dict | None = None,
                root: str | Path | None = None) -> list[str]:
    """Every problem of the pinned inputs: the data folders and every folder the config's inputs name.

    Paths are spelled relative to `root`, the repository (default: the folder holding
    `data_dir`; the working directory for a relative `data_dir`).
    """
    root = _root(data_dir, root)
    allowed = allowed_outside(config, root)
    problems = []
    for entry in plan(data_dir, config, root):
        problems += verify_folder(entry.path, entry.patterns, entry.names, root=root, allowed=allowed)
    return problems


def write_data_manifests(data_dir: str | Path = "data", config: dict | None = None,
                         root: str | Path | None = None) -> list[Path]:
    """Rewrite the manifest of every data folder and of every folder the config's inputs name
    (the files the workflow reads there). Refuses (ValueError, nothing written) while an input
    points outside the repository without an `inputs.outside` entry covering it."""
    from wishlist.core.files import write_text

    root = _root(data_dir, root)
    problems = refused(data_dir, config, root)
    if problems:
        raise ValueError("\n".join(problems))
    written = []
    for entry in plan(data_dir, config, root):
        folder = root / entry.path
        if folder.is_dir():
            write_text(folder / MANIFEST, manifest_text(folder, entry.patterns, entry.names))
            written.append(folder / MANIFEST)
    return written


# ---------------------------------------------------------------------- reconstruction --
RECONSTRUCTION_LISTING = "data/reference/reconstruction.sha256"
# group -> (folder relative to the root, the patterns of the files it holds, the named files)
RECONSTRUCTION_GROUPS = {
    "raw": ("data/raw", ("*.jsonl",), ()),
    "coding": ("data/coding", ("*.csv",), ()),
    "key": ("data/reference", (), ("reconstruction_key.csv",)),
}


def reconstruction_files(root: str | Path = ".") -> dict[str, list[Path]]:
    """group -> the files of `root` that group covers (what the generator writes there)."""
    out = {}
    for group, (folder, patterns, names) in RECONSTRUCTION_GROUPS.items():
        where = Path(root) / folder
        out[group] = pinned_files(where, patterns, names) if where.is_dir() else []
    return out


def reconstruction_listing_text(root: str | Path = ".") -> str:
    """The text of data/reference/reconstruction.sha256 for the files now under `root`:
    one "<sha256>  <path relative to the root>" line per file of every group, sorted by path."""
    root = Path(root)
    paths = sorted({p for files in reconstruction_files(root).values() for p in files},
                   key=lambda p: p.relative_to(root).as_posix())
    return "".join(f"{sha256(p)}  {p.relative_to(root).as_posix()}\n" for p in paths)


def read_reconstruction_listing(root: str | Path = ".") -> dict[str, str] | None:
    """path (relative to the root) -> sha256 of data/reference/reconstruction.sha256, or None
    when the listing is missing or not a list of '<sha256>  <path>' lines."""
    listing = Path(root) / RECONSTRUCTION_LISTING
    if not listing.is_file():
        return None
    digests = {}
    for line in listing.read_text(encoding="utf-8").splitlines():
        digest, _, path = line.partition("  ")
        if len(digest) != 64 or not path:
            return None
        digests[path] = digest
    return digests


def listed_in_group(listed: dict[str, str], group: str) -> dict[str, str]:
    """The entries of the reconstruction listing (path -> sha256) that belong to `group`."""
    folder, patterns, names = RECONSTRUCTION_GROUPS[group]
    return {path: digest for path, digest in listed.items()
            if Path(path).parent.as_posix() == folder
            and (Path(path).name in names or any(Path(path).match(pattern) for pattern in patterns))}


def same_as_listed(found: dict[str, Path], expected: dict[str, str]) -> bool:
    """Whether `found` (path relative to the root -> file) are exactly the `expected` files
    (path -> sha256): none missing, none extra, none changed; False when nothing is expected."""
    return bool(expected) and set(found) == set(expected) and all(
        p.is_file() and sha256(p) == expected[path] for path, p in found.items())


def matches_reconstruction(root: str | Path = ".") -> dict[str, bool]:
    """Whether the data under `root` are the shipped reconstruction, per group.

    Groups: "raw" (data/raw/*.jsonl), "coding" (data/coding/*.csv) and "key"
    (data/reference/reconstruction_key.csv). A group is True iff its files are exactly the
    ones data/reference/reconstruction.sha256 lists for it, by name and sha256: no file
    missing, none extra, none changed (other files of the folders, such as the
    MANIFEST.sha256 files, do not count). Every group is False when the listing is missing
    or malformed. Standard library only; reads nothing but the listing and those files.
    """
    root = Path(root)
    listed = read_reconstruction_listing(root)
    present = reconstruction_files(root)
    return {group: listed is not None and same_as_listed({p.relative_to(root).as_posix(): p for p in files},
                                                         listed_in_group(listed, group))
            for group, files in present.items()}
