"""Figure conventions: one style, and byte-stable SVG/PNG output for identical inputs."""

from __future__ import annotations

from pathlib import Path

SVG_HASH_SALT = "wishlist-study"  # fixes matplotlib's random SVG element ids


def setup():
    """Import matplotlib headless with deterministic settings; return pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="paper")
    plt.rcParams.update(
        {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "none", "figure.dpi": 100, "savefig.bbox": "tight"}
    )
    return plt


def save(fig, svg_path: str | Path, png_path: str | Path) -> None:
    """Save SVG and PNG without dates or software stamps, so reruns hash the same."""
    from wishlist.core.files import atomic_path

    with atomic_path(svg_path) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    with atomic_path(png_path) as tmp:
        fig.savefig(tmp, format="png", dpi=150, metadata={"Software": None})
