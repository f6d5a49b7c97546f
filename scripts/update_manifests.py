"""Accept the current data files: rewrite their MANIFEST.sha256 files (run as `make manifests`).

The workflow refuses to run while an input differs from its manifest; run this only
after a deliberate change (new raw records, corrected coding sheets), and commit the
manifests with the change. It writes the manifest of every data folder (data/,
data/raw, data/coding, data/reference) and of every folder the `inputs` of
config/config.yaml name or read from. It refuses (and writes nothing) while an input
points outside the repository without an `inputs.outside` entry covering it.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wishlist.core.checksums import write_data_manifests  # noqa: E402
from wishlist.core.files import read_yaml  # noqa: E402

config_file = ROOT / "config/config.yaml"
config = read_yaml(config_file) if config_file.exists() else {}
try:
    written = write_data_manifests("data", config or {}, root=ROOT)
except ValueError as refusal:
    print(f"error: no manifest written:\n  {str(refusal).replace(chr(10), chr(10) + '  ')}", file=sys.stderr)
    sys.exit(1)
for path in written:
    print(f"wrote {path.relative_to(ROOT)}")
