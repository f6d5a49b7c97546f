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


# Print size. The PDF prints a figure at its natural size (an SVG's width in pt), shrunk
# to the text width if wider: A4 (the narrower of A4 and letter) less _quarto.yml's
# 2.5 cm margins is 453 pt. A label's printed size is its font size times that shrink,
# so a figure should be at most the text width wide (fit_text_width can narrow one whose
# axes have room to spare) and set no font size below MIN_FONT_PT
# (tests/present/test_figure_print_size.py).
TEXT_WIDTH_PT = 453.0
MIN_FONT_PT = 7.0
TIGHT_PAD_IN = 0.1  # matplotlib's savefig.pad_inches around the tight bounding box


def saved_width_pt(fig) -> float:
    """Width of the saved (bbox "tight") figure in pt, as the SVG states it."""
    renderer = fig.canvas.get_renderer()
    return 72 * (fig.get_tightbbox(renderer).width + 2 * TIGHT_PAD_IN)


def print_scale(fig) -> float:
    """How much the PDF shrinks the figure: 1 when it fits the text width."""
    return min(1.0, TEXT_WIDTH_PT / saved_width_pt(fig))


def smallest_font_pt(fig) -> float:
    """Smallest font size (pt) of any visible, non-empty text of the figure."""
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_visible() and str(t.get_text()).strip()]
    return min(sizes) if sizes else float("inf")


def smallest_printed_font_pt(fig) -> float:
    return smallest_font_pt(fig) * print_scale(fig)


# what the saved (tight) SVG may add to the measured width: aim that far inside the text width
FIT_MARGIN_PT = 8.0


def fit_text_width(fig, tries: int = 12) -> None:
    """Narrow the figure until its saved width fits the PDF's text width, so that it
    prints at its own size: the axes give up the room, the labels keep their size."""
    for _ in range(tries):
        excess = saved_width_pt(fig) - (TEXT_WIDTH_PT - FIT_MARGIN_PT)
        if excess <= 0:  # at or within the text width: printed at its own size, every label at its size
            return
        width, height = fig.get_size_inches()
        fig.set_size_inches(max(width - (excess + 1) / 72, 1.0), height)


def setup():
    """Import matplotlib headless with the study's theme and deterministic settings; return pyplot."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from cycler import cycler

    plt.rcParams.update({**THEME, "axes.prop_cycle": cycler(color=list(_DEEP)), **DETERMINISTIC})
    return plt


def save(fig, svg_path: str | Path, png_path: str | Path) -> None:
    """Save SVG and PNG without dates or software stamps, so reruns hash the same.

    A figure wider than the PDF's text width is first narrowed to it (fit_text_width): the
    axes give up the room and every label keeps its size, so it prints at 7 pt or more
    instead of being shrunk whole by the PDF."""
    fit_text_width(fig)

    with atomic_path(svg_path) as tmp:
        fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})
    with atomic_path(png_path) as tmp:
        fig.savefig(tmp, format="png", dpi=150, metadata={"Software": None})
