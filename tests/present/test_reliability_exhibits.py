"""Rule reliability_exhibits: the reliability table as printed, and the coder-against-coder heatmap."""

import matplotlib
import pandas as pd

matplotlib.use("Agg")

from reader_view import markdown_literal

from wishlist.present.figures.agreement import coder_confusion_figure, confusion_heatmap  # noqa: E402
from wishlist.present.reliability_exhibits import reliability_markdown  # noqa: E402
from wishlist.stats.agreement import confusion_matrix  # noqa: E402


def test_heatmap_draws_counts_on_the_given_axis():
    import matplotlib.pyplot as plt

    # A: x x y ; B: x y y -> (x,x) 1, (x,y) 1, (y,y) 1, every other cell 0 (row-major below)
    m = confusion_matrix(list("xxy"), list("xyy"), categories=list("xyz"))
    fig, ax = plt.subplots()
    try:
        assert confusion_heatmap(m, labels=["X", "Y", "Z"], ax=ax) is ax
        assert [t.get_text() for t in ax.texts] == ["1", "1", "0", "0", "1", "0", "0", "0", "0"]
        assert [t.get_text() for t in ax.get_xticklabels()] == ["X", "Y", "Z"]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("Coder B", "Coder A")
    finally:
        plt.close(fig)


def test_the_figure_is_one_heatmap_of_the_paper_size():
    import matplotlib.pyplot as plt

    m = confusion_matrix(list("xy"), list("xy"), categories=list("xy"))
    fig = coder_confusion_figure(plt, m, ["X", "Y"])
    try:
        assert len(fig.axes) == 1 and tuple(fig.get_size_inches()) == (6.4, 5.4)
        assert [t.get_text() for t in fig.axes[0].texts] == ["1", "0", "0", "1"]
    finally:
        plt.close(fig)


def test_a_heatmap_needs_one_label_per_category():
    import matplotlib.pyplot as plt
    import pytest

    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match="one label per category"):
            confusion_heatmap(confusion_matrix(list("xy"), list("xy")), labels=["X"], ax=ax)
    finally:
        plt.close(fig)


def test_reliability_table_as_printed():
    table = pd.DataFrame([
        {"field": "mic2025_category", "statistic": "percent agreement", "estimate": 0.67, "ci_low": 0.573053,
         "ci_high": 0.754369, "interval": "Wilson"},
        {"field": "institution_type", "statistic": "Cohen's kappa", "estimate": 0.891422, "ci_low": 0.819407,
         "ci_high": 0.963438, "interval": "asymptotic (Fleiss, Cohen & Everitt 1969)"},
    ])
    # two decimals, en dash between the limits; the separator's dashes set the relative column
    # widths (tables.column_widths): the longest cell, the interval's name, gets the most, the estimate the fewest
    header, rule, *rest = markdown_literal(reliability_markdown(table, 100)).split("\n")
    dashes = [len(d) for d in rule.strip("|").split("|")]
    assert max(dashes) == dashes[4] and min(dashes) == dashes[2]
    assert "\n".join([header, *rest]) == (
        "| Code | Statistic | Estimate | 95 % CI | Interval |\n"
        "| MIC2025 category | percent agreement | 0.67 | 0.57–0.75 | Wilson |\n"
        "| Institution type | Cohen's kappa | 0.89 | 0.82–0.96 | asymptotic (Fleiss, Cohen & Everitt 1969) |\n"
        "\n"
        ": Agreement of the two coders on the 100 double-coded records (reconstructed coder sheets; the brief "
        "publishes only the category agreement). {#tbl-reliability}\n")
    # a user's sheets are named as theirs (data_origin), never as the reconstruction's
    real = reliability_markdown(table, 100, "the coder sheets supplied with the study")
    assert "(the coder sheets supplied with the study; the brief" in real and "reconstructed" not in real
