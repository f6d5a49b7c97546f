"""Rule software_versions: versions, seeds and the data manifests' checksums, for the reproducibility section."""

import hashlib
from importlib.metadata import version
from types import SimpleNamespace

import yaml

from wishlist.stages.software_versions import main


def test_versions_seeds_and_manifest_prefixes(tmp_path):
    (tmp_path / "raw").mkdir()
    manifest = tmp_path / "raw/MANIFEST.sha256"
    manifest.write_bytes(b"0" * 64 + b"  2015.jsonl\n")
    out = tmp_path / "software.yml"
    main(SimpleNamespace(input=SimpleNamespace(manifests=[str(manifest)]), output=SimpleNamespace(numbers=str(out)),
                         params=SimpleNamespace(seeds={"sample": 7}, level=0.95)))
    numbers = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert numbers["manifest_sha256_prefix"] == {
        "raw": hashlib.sha256(b"0" * 64 + b"  2015.jsonl\n").hexdigest()[:16],  # sha256sum's first 16 digits
        "coding": "not pinned", "reference": "not pinned"}
    assert numbers["packages"]["pandas"] == version("pandas")
    assert numbers["seeds"] == {"sample": 7}
    assert numbers["settings"]["confidence_percent"] == 95
