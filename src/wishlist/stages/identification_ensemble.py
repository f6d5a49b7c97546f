"""Rule identification_ensemble: K corpora (cell tables) drawn from the set consistent with the brief."""

import sys
import time

from wishlist.core.files import write_csv
from wishlist.stages.identification_inputs import load_model, members_frame
from wishlist.stats.identification.ensemble import draw_ensemble


def main(smk):
    started = time.perf_counter()
    model, _ = load_model(smk.input.spec, smk.input.targets, smk.input.cases, smk.input.codebook)
    members = draw_ensemble(model, smk.params.size, smk.params.seed)
    write_csv(smk.output.members, members_frame(model, members))
    print(f"{len(members)} members in {time.perf_counter() - started:.1f} s", file=sys.stderr)
