"""What every `<family>_exhibits` presentation rule shares: reading a stage's table, saving its figures.

A presentation rule reads the CSV tables a computation rule wrote, draws figures
(present/figures/<family>.py) and writes Markdown tables; nothing here computes an estimate.
"""

from __future__ import annotations

from wishlist.core.files import read_csv
from wishlist.present.figures import style
from wishlist.present.sentences.ingest import data_source


def read_table(path):
    """A stage's CSV table as written: empty cells are missing values, text such as "NA" stays text."""
    return read_csv(path, keep_default_na=False, na_values=[""])


def record_source(path) -> str:
    """How captions name the record layer (present.sentences.ingest.data_source) of a coded-records table."""
    return data_source(read_csv(path, dtype=str, keep_default_na=False, usecols=["provenance"]))


class Figures:
    """Draw and save figures with the study's style (figures/style.py): `Figures().save(fig, svg, png)`."""

    def __init__(self):
        self.plt = style.setup()

    def save(self, fig, svg, png) -> None:
        """Write the figure as SVG and PNG (byte-stable) and release it."""
        style.save(fig, svg, png)
        self.plt.close(fig)
