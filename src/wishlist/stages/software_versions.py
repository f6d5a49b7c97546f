"""Rule software_versions: the versions, seeds and input checksums the paper reports."""

import hashlib
import platform
from importlib.metadata import version
from pathlib import Path

from wishlist.core.numbers import write_numbers

PACKAGES = ("snakemake", "pandas", "numpy", "scipy", "statsmodels", "lifelines", "krippendorff", "scikit-learn",
            "matplotlib", "seaborn", "pandera", "pypandoc-binary", "typst")


def main(smk):
    manifests = {folder: "not pinned" for folder in ("raw", "coding", "reference")}
    for path in map(Path, smk.input.manifests):
        manifests[path.parent.name] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    write_numbers(smk.output.numbers, {
        "python": platform.python_version(),
        "packages": {name.replace("-", "_"): version(name) for name in PACKAGES},
        "seeds": smk.params.seeds,
        "settings": {"confidence_percent": round(100 * smk.params.level)},
        "manifest_sha256_prefix": manifests,
    })
