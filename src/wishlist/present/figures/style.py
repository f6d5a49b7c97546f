"""Figure conventions: one style, and byte-stable SVG/PNG output for identical inputs.

The style is seaborn's "whitegrid" theme in its "paper" context. Importing seaborn
costs about two seconds of a figure job's start-up (it pulls in scipy.stats), and
most figure families draw with matplotlib alone, so the theme's rcParams are kept
here (THEME); tests/present/test_figure_style.py checks them against
seaborn.set_theme on every run, so they cannot drift from the pinned seaborn.
Families that draw with seaborn (bar plots, the heatmap) import it themselves.
"""

from __future__ import annotations

from pathlib import Path

from wishlist.core.files import atomic_path

SVG_HASH_SALT = "wishlist-study"  # fixes matplotlib's random SVG element ids
# text.parse_math off: a label from data ("$5 million", a company name) is drawn as its
# characters, never as mathtext (which would also fail on unbalanced "$").
DETERMINISTIC = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "none", "figure.dpi": 100, "savefig.bbox": "tight",
                 "text.parse_math": False}

# seaborn 0.13.2: set_theme(style="whitegrid", context="paper"), as changes to matplotlib's
# defaults. Left out: image.cmap ("rocket", a colormap only seaborn registers; no figure
# here shows an image without naming its colormap).
_DEEP = ((0.2980392156862745, 0.4470588235294118, 0.6901960784313725),
         (0.8666666666666667, 0.5176470588235295, 0.3215686274509804),
         (0.3333333333333333, 0.6588235294117647, 0.40784313725490196),
         (0.7686274509803922, 0.3058823529411765, 0.3215686274509804),
         (0.5058823529411764, 0.4470588235294118, 0.7019607843137254),
         (0.5764705882352941, 0.47058823529411764, 0.3764705882352941),
         (0.8549019607843137, 0.5450980392156862, 0.7647058823529411),
         (0.5490196078431373, 0.5490196078431373, 0.5490196078431373),
         (0.8, 0.7254901960784313, 0.4549019607843137),
         (0.39215686274509803, 0.7098039215686275, 0.803921568627451))
_PAPER = 0.8  # seaborn's "paper" context scales the "notebook" sizes by 0.8
THEME = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 12 * _PAPER, "axes.linewidth": 1.25 * _PAPER, "axes.titlesize": 12 * _PAPER,
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "font.size": 12 * _PAPER, "grid.color": ".8", "legend.fontsize": 11 * _PAPER,
    "legend.title_fontsize": 12 * _PAPER, "lines.linewidth": 1.5 * _PAPER, "lines.markersize": 6 * _PAPER,
    "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "patch.linewidth": 1 * _PAPER, "text.color": ".15", "xtick.bottom": False, "xtick.color": ".15",
    "xtick.labelsize": 11 * _PAPER, "xtick.major.size": 6 * _PAPER, "xtick.major.width": 1.25 * _PAPER,
    "xtick.minor.size": 4 * _PAPER, "xtick.minor.width": 1 * _PAPER, "ytick.color": ".15",
    "ytick.labelsize": 11 * _PAPER, "ytick.left": False, "ytick.major.size": 6 * _PAPER,
    "ytick.major.width": 1.25 * _PAPER, "ytick.minor.size": 4 * _PAPER, "ytick.minor.width": 1 * _PAPER,
}


def setup():
    """Import matplotlib headless with the study's theme and deterministic settings; return pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from cycler import cycler

    plt.rcParams.update({**THEME, "axes.prop_cycle": cycler(color=list(_DEEP)), **DETERMINISTIC})
    return plt


def save(fig, svg_path: str | Path, png_path: str | Path) -> None:
    """Save SVG and PNG without dates or software stamps, so reruns hash the same."""

    with atomic_path(svg_path) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    with atomic_path(png_path) as tmp:
        fig.savefig(tmp, format="png", dpi=150, metadata={"Software": None})
