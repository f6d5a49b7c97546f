"""Rule results_manifest: SHA-256 of every output the workflow declares -> results/MANIFEST.sha256."""

from wishlist.checksums import sha256
from wishlist.errors import run_rule
from wishlist.files import write_text


def main(smk):
    lines = [f"{sha256(path)}  {path}\n" for path in sorted(map(str, smk.input))]
    write_text(smk.output.manifest, "".join(lines))


run_rule(main, snakemake)  # noqa: F821
