"""SHA-256 manifests: the inputs under data/ are pinned, the outputs under results/ are listed.

A manifest is `sha256sum` format: one "<hex>  <name>" line per file, sorted.
The workflow refuses to run when a data file no longer matches its manifest, so
a raw record cannot change unnoticed; accepting a change is a deliberate act
(`make manifests`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from wishlist.core.files import write_text

MANIFEST = "MANIFEST.sha256"
# which files of each data folder are pinned
DATA_PATTERNS = {".": ("*.yaml", "*.csv"), "raw": ("*.jsonl",), "coding": ("*.csv",), "reference": ("*.yaml", "*.csv")}


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def pinned_files(folder: Path, patterns) -> list[Path]:
    return sorted({p for pattern in patterns for p in Path(folder).glob(pattern) if p.is_file()})


def manifest_text(folder: Path, patterns) -> str:
    return "".join(f"{sha256(p)}  {p.name}\n" for p in pinned_files(folder, patterns))


def verify_folder(folder: Path, patterns) -> list[str]:
    """Problems of one folder against its manifest (none when the folder has no manifest)."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if not manifest.exists():
        return []
    listed = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            return [f"{manifest}, line {number}: not a '<sha256>  <file>' line"]
        listed[name] = digest
    problems = []
    present = {p.name: p for p in pinned_files(folder, patterns)}
    for name, digest in sorted(listed.items()):
        if name not in present:
            problems.append(f"{folder / name} is listed in {manifest} but missing")
        elif sha256(present[name]) != digest:
            problems.append(f"{folder / name} has changed since {manifest} was written")
    for name in sorted(set(present) - set(listed)):
        problems.append(f"{folder / name} is not listed in {manifest}")
    return problems


def verify_data(data_dir: str | Path = "data") -> list[str]:
    problems = []
    for sub, patterns in DATA_PATTERNS.items():
        problems += verify_folder(Path(data_dir) / sub, patterns)
    return problems


def write_data_manifests(data_dir: str | Path = "data") -> list[Path]:
    written = []
    for sub, patterns in DATA_PATTERNS.items():
        folder = Path(data_dir) / sub
        if folder.is_dir():
            write_text(folder / MANIFEST, manifest_text(folder, patterns))
            written.append(folder / MANIFEST)
    return written
