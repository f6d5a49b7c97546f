"""Rule reconstruction_ensemble: K corpora (cell tables) drawn from the set consistent with the brief."""

import sys
import time

from wishlist.core.files import write_csv
from wishlist.stats import identification as idn


def main(smk):
    started = time.perf_counter()
    model, _ = idn.load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    members = idn.draw_ensemble(model, smk.params.size, smk.params.seed)
    write_csv(smk.output.members, idn.members_frame(model, members))
    print(f"{len(members)} members in {time.perf_counter() - started:.1f} s", file=sys.stderr)
