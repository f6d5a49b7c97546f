"""Rule draw_sample: the seeded case-study draw (brief, endnote 66), and joining the drawn cases' outcomes."""

import hashlib
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from wishlist.core.errors import StudyInputError
from wishlist.stages.draw_sample import (
    draw_sample,
    frame_hash,
    main,
    sample_frame,
)

CODED = pd.DataFrame({
    "file_number": [f"2015-{i:02d}-东京-1" for i in range(1, 41)],
    "year": [2015, 2016, 2017, 2018] * 10,
    "institution_type": ["company", "company", "company", "university"] * 10,
})


def test_frame_is_company_records_of_the_frame_years():
    frame = sample_frame(CODED, "company", [2015, 2016])
    assert len(frame) == 20
    assert set(frame["year"]) == {2015, 2016} and set(frame["institution_type"]) == {"company"}
    assert list(frame["file_number"]) == sorted(frame["file_number"])


def test_draw_is_the_head_of_a_seeded_permutation():
    import numpy as np

    frame = sample_frame(CODED, "company", [2015, 2016])
    draw = draw_sample(frame, 7, seed=11)
    expected = frame["file_number"].to_numpy()[np.random.default_rng(11).permutation(20)[:7]]
    assert list(draw["file_number"]) == list(expected)
    assert list(draw["draw_order"]) == list(range(1, 8))


def test_draw_ignores_input_row_order():
    shuffled = CODED.sample(frac=1, random_state=3)
    a = draw_sample(sample_frame(CODED, "company", [2015, 2016]), 5, seed=1)
    b = draw_sample(sample_frame(shuffled, "company", [2015, 2016]), 5, seed=1)
    assert list(a["file_number"]) == list(b["file_number"])
    assert frame_hash(sample_frame(CODED, "company", [2015])) == frame_hash(sample_frame(shuffled, "company", [2015]))


def test_another_seed_draws_another_sample():
    frame = sample_frame(CODED, "company", [2015, 2016])
    assert list(draw_sample(frame, 5, 1)["file_number"]) != list(draw_sample(frame, 5, 2)["file_number"])


def test_sample_larger_than_frame_is_a_config_error():
    frame = sample_frame(CODED, "company", [2015])
    with pytest.raises(StudyInputError, match="field 'sample.size'.*exceeds the sample frame of 10"):
        draw_sample(frame, 30, seed=1)


def test_the_permutation_is_pinned_for_the_locked_numpy():
    # numpy keeps PCG64's bit stream stable but may change Generator.permutation in a feature
    # release (stages/draw_sample.py); if this fails after a numpy upgrade, every draw of the study changed.
    import numpy as np

    assert np.random.default_rng(20210509).permutation(17).tolist() == [
        16, 12, 0, 2, 15, 9, 6, 4, 13, 11, 1, 3, 8, 7, 14, 5, 10]  # the fixture's draw (sample size 10)
    assert np.random.default_rng(20622051).permutation(81)[:30].tolist() == [
        72, 39, 78, 50, 49, 1, 30, 22, 79, 77, 20, 68, 76, 67, 80, 73, 74, 4, 40, 69, 13, 35, 75, 0, 19, 6, 21,
        37, 8, 27]  # the study's draw: config seed, frame of 81, first 30

def test_the_rule_writes_frame_draw_and_their_metadata(tmp_path):
    coded = tmp_path / "coded_records.csv"
    CODED.to_csv(coded, index=False)
    out = {name: tmp_path / f"{name}.out" for name in ("frame", "draw", "meta", "numbers")}
    settings = {"frame_institution_type": "company", "frame_years": [2015, 2016], "size": 7, "seed": 11}
    main(SimpleNamespace(input=SimpleNamespace(coded=str(coded)), output=SimpleNamespace(**out),
                         params=SimpleNamespace(sample=settings)))
    numbers = yaml.safe_load(out["numbers"].read_text(encoding="utf-8"))
    # CODED: 40 records, years cycle 2015-2018 and types company x3, university: years 2015 and 2016
    # are always companies, so the frame is the 20 records of 2015 and 2016
    assert numbers == {"frame_size": 20, "sample_size": 7, "seed": 11}
    meta = yaml.safe_load(out["meta"].read_text(encoding="utf-8"))
    frame_ids = sorted(CODED.loc[CODED["year"].isin([2015, 2016]), "file_number"])
    assert meta["frame_sha256"] == hashlib.sha256("\n".join(frame_ids).encode("utf-8")).hexdigest()
    assert (meta["bit_generator"], meta["seed"]) == ("PCG64", 11)
    draw = pd.read_csv(out["draw"], dtype={"file_number": str})
    assert list(draw["draw_order"]) == list(range(1, 8)) and set(draw["file_number"]) <= set(frame_ids)


# --- joining the case outcomes (used by rule case_study) ----------------------------------------------------
