"""Rule results_manifest: one `sha256sum` line per declared output, sorted by path."""

import hashlib
from types import SimpleNamespace

from wishlist.stages.results_manifest import main


def test_manifest_lines_are_sha256sum_format_sorted_by_path(tmp_path):
    b, a = tmp_path / "b.csv", tmp_path / "a.csv"
    b.write_bytes(b"second\n")
    a.write_bytes(b"first\n")
    out = tmp_path / "MANIFEST.sha256"
    main(SimpleNamespace(input=[str(b), str(a)], output=SimpleNamespace(manifest=str(out))))
    expected = (f"{hashlib.sha256(b'first' + bytes([10])).hexdigest()}  {a}\n"
                f"{hashlib.sha256(b'second' + bytes([10])).hexdigest()}  {b}\n")
    assert out.read_text(encoding="utf-8") == expected
