"""Rule identification_ensemble: member tables of a small brief (tests/stages/identification_brief.py)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
from identification_brief import write_brief

from wishlist.stages.identification_ensemble import main
from wishlist.stages.identification_inputs import load_model, read_members


def test_every_member_meets_the_figures_and_the_seed_repeats_them(tmp_path):
    brief = write_brief(tmp_path / "data")
    runs = []
    for name, seed in (("one", 3), ("again", 3), ("other", 4)):
        output = SimpleNamespace(members=tmp_path / f"{name}.csv")
        main(SimpleNamespace(input=brief, output=output, params=SimpleNamespace(size=3, seed=seed)))
        runs.append(output.members.read_bytes())
    assert runs[0] == runs[1] and runs[0] != runs[2]
    model, _ = load_model(brief.spec, brief.targets, brief.cases, brief.codebook)
    frame = pd.read_csv(tmp_path / "one.csv")
    assert frame["member"].tolist() == [0, 1, 2]
    v = model.cells.vector
    for table in read_members(model, tmp_path / "one.csv"):
        # the figures of identification_brief: 12 records, A 5 of them, 3 of A's in x, every country one or more
        assert (float(v({}) @ table), float(v({"country": "A"}) @ table)) == (12, 5)
        assert float(v({"country": "A", "category": "x"}) @ table) == 3
        assert all(float(v({"country": c}) @ table) >= 1 for c in "BCD")
        assert np.all(table >= 0)
