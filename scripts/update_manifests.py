"""Accept the current data files: rewrite data/**/MANIFEST.sha256 (run as `make manifests`).

The workflow refuses to run while a data file differs from its manifest; run this
only after a deliberate change (new raw records, corrected coding sheets), and
commit the manifests with the change.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wishlist.core.checksums import write_data_manifests  # noqa: E402

for path in write_data_manifests(ROOT / "data"):
    print(f"wrote {path.relative_to(ROOT)}")
