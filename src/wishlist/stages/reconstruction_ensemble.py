"""Rule reconstruction_ensemble: K corpora (cell tables) drawn from the set consistent with the brief."""

import time
from pathlib import Path

from wishlist.stats import identification as idn
from wishlist.core.files import write_csv


def main(smk):
    started = time.perf_counter()
    model, _ = idn.load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    members = idn.draw_ensemble(model, smk.params.size, smk.params.seed)
    write_csv(smk.output.members, idn.members_frame(model, members))
    Path(smk.log[0]).write_text(f"{len(members)} members in {time.perf_counter() - started:.1f} s\n",
                                encoding="utf-8")
