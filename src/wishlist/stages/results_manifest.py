"""Rule results_manifest: SHA-256 of every output the workflow declares -> results/MANIFEST.sha256."""

from wishlist.core.checksums import sha256
from wishlist.core.files import write_text


def main(smk):
    lines = [f"{sha256(path)}  {path}\n" for path in sorted(map(str, smk.input))]
    write_text(smk.output.manifest, "".join(lines))
