"""The figure style: seaborn's whitegrid/paper theme, frozen so figure jobs need not import seaborn."""

import matplotlib

matplotlib.use("Agg")

from wishlist.present.figures import style  # noqa: E402


def test_the_frozen_theme_is_what_seaborn_sets():
    """Every rcParam seaborn.set_theme(style="whitegrid", context="paper") changes equals style.THEME's
    (image.cmap excepted: "rocket" exists only once seaborn is imported, and no figure relies on it)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        style.setup()
        ours = dict(plt.rcParams)
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        sns.set_theme(style="whitegrid", context="paper")
        plt.rcParams.update(style.DETERMINISTIC)
        seaborns = dict(plt.rcParams)
    differing = sorted(key for key in seaborns if ours[key] != seaborns[key])
    assert differing == ["image.cmap"]


def test_setup_fixes_the_svg_ids_and_drops_nothing_else():
    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        style.setup()
        assert plt.rcParams["svg.hashsalt"] == style.SVG_HASH_SALT
        assert plt.rcParams["svg.fonttype"] == "none"
        assert plt.rcParams["axes.grid"] is True and plt.rcParams["font.size"] == 12 * 0.8
