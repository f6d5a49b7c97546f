"""Write tests/snapshots/headline_numbers.yml from results/numbers.yml (after a deliberate change).

    .venv/bin/python scripts/snapshot_headline_numbers.py

The snapshot lets a reviewer see at a glance that a rerun reproduces the published
package: tests/test_reproducibility.py compares a fresh run with it and names every
number that moved. Update it only when a change of method or data is intended,
and say so in the commit message.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wishlist.core.files import read_yaml, write_yaml  # noqa: E402
from wishlist.present.numbers import headline  # noqa: E402

numbers = read_yaml(ROOT / "results/numbers.yml")
write_yaml(ROOT / "tests/snapshots/headline_numbers.yml", headline(numbers))
print("wrote tests/snapshots/headline_numbers.yml")
