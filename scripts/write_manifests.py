"""Accept the current data files: rewrite their MANIFEST.sha256 files (`make manifests`).

    python3 scripts/write_manifests.py [--root DIR]

Standard library only: it runs with the system python3, without the study's
environment (no PyYAML, no pandas). It writes the same manifests, byte for byte,
as wishlist.core.checksums.write_data_manifests (scripts/update_manifests.py):
the manifest of every data folder (data/, data/raw, data/coding, data/reference)
and of every folder the `inputs` of config/config.yaml name or read from. It
refuses (and writes nothing) while an input points outside the repository
without an `inputs.outside` entry covering it.

The config is read without PyYAML: only its `inputs:` block, which holds plain
`key: path` lines, `key:` followed by `- path` items, and flow lists (`[]`,
`[a, b]`); comments and quoted scalars are understood. Anything else in that
block (anchors, tags, nested mappings, multi-line scalars) stops the script with
the line, rather than being guessed at.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

# wishlist.core.checksums needs only the standard library (PyYAML is imported by its own
# write_data_manifests alone, which this script does not call).
from wishlist.core.checksums import MANIFEST, manifest_text, plan, refused  # noqa: E402


class ConfigError(ValueError):
    pass


def _scalar(text: str, number: int) -> str:
    """A YAML plain or quoted scalar on one line (its comment removed)."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        end = 1
        while True:
            end = text.find(quote, end)
            if end < 0:
                raise ConfigError(f"line {number}: unterminated quoted string")
            if quote == "'" and text[end + 1:end + 2] == "'":
                end += 2
                continue
            if quote == '"' and text[end - 1] == "\\":
                end += 1
                continue
            break
        value, rest = text[1:end], text[end + 1:].strip()
        if rest and not rest.startswith("#"):
            raise ConfigError(f"line {number}: unexpected text after a quoted string")
        if quote == "'":
            return value.replace("''", "'")
        if "\\" in value:
            raise ConfigError(f"line {number}: escapes in double-quoted strings are not supported here")
        return value
    value = re.split(r"\s+#", text, maxsplit=1)[0].strip()
    if value.startswith("#"):
        value = ""
    if value[:1] in ("&", "*", "!", "|", ">", "{", "@", "`", "%"):
        raise ConfigError(f"line {number}: {value!r} is more YAML than this reader understands")
    return value


def _value(text: str, number: int):
    """The value after `key:` on one line: a scalar, a flow list, or None (a block follows)."""
    body = text.strip()
    if body.startswith("["):
        close = body.find("]")
        rest = body[close + 1:].strip() if close >= 0 else ""
        if close < 0 or (rest and not rest.startswith("#")) or "[" in body[1:close]:
            raise ConfigError(f"line {number}: a flow list must be flat and close on its line")
        return [_scalar(item, number) for item in body[1:close].split(",") if item.strip()]
    value = _scalar(body, number)
    return None if value in ("", "~", "null") else value


def read_inputs(config_text: str) -> dict:
    """The `inputs` mapping of a config/config.yaml text, with the standard library only."""
    lines = config_text.splitlines()
    inputs: dict = {}
    inside, indent, block = False, None, None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" in line[:len(line) - len(line.lstrip())]:
            raise ConfigError(f"line {number}: tab indentation")
        depth = len(line) - len(line.lstrip(" "))
        if depth == 0:
            if inside:
                break
            if re.match(r"inputs\s*:", line):
                rest = line.split(":", 1)[1]
                if _value(rest, number) is not None:
                    raise ConfigError(f"line {number}: `inputs:` must be a block mapping")
                inside = True
            continue
        if not inside:
            continue
        body = line.strip()
        if indent is None:
            indent = depth
        if body == "-" or body.startswith("- "):
            if block is None or depth < indent:
                raise ConfigError(f"line {number}: a list item belongs under a `key:` line")
            inputs[block] = (inputs[block] or []) + [_scalar(body[1:], number)]
            continue
        block = None
        if depth != indent:
            raise ConfigError(f"line {number}: unexpected indentation under inputs")
        match = re.match(r"([A-Za-z_][\w-]*)\s*:(?:\s(.*))?$", body)
        if not match:
            raise ConfigError(f"line {number}: expected `key: value` under inputs")
        key = match.group(1)
        if key in inputs:
            raise ConfigError(f"line {number}: inputs.{key} is given twice")
        inputs[key] = _value(match.group(2) or "", number)
        block = key if inputs[key] is None else None
    return inputs


def write_atomically(path: Path, text: str) -> None:
    """Write `text` (UTF-8, LF) to `path` through a temporary file beside it, with the mode
    a plain open() gives, as wishlist.core.files.write_text does."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_manifests(root: Path, config: dict) -> list[Path]:
    """The manifests write_data_manifests writes, with the same refusal (ValueError)."""
    problems = refused("data", config, root)
    if problems:
        raise ValueError("\n".join(problems))
    written = []
    for entry in plan("data", config, root):
        folder = root / entry.path
        if folder.is_dir():
            write_atomically(folder / MANIFEST, manifest_text(folder, entry.patterns, entry.names))
            written.append(folder / MANIFEST)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this script's)")
    args = parser.parse_args(argv)
    root = args.root
    config_file = root / "config/config.yaml"
    try:
        config = {"inputs": read_inputs(config_file.read_text(encoding="utf-8"))} if config_file.exists() else {}
    except ConfigError as error:
        print(f"error: no manifest written: {config_file}, {error}", file=sys.stderr)
        return 1
    try:
        written = write_manifests(root, config)
    except ValueError as refusal:
        print(f"error: no manifest written:\n  {str(refusal).replace(chr(10), chr(10) + '  ')}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
