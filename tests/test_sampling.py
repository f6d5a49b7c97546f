"""The seeded case-study draw (brief, endnote 66)."""

import pandas as pd
import pytest

from wishlist.errors import StudyInputError
from wishlist.sampling import draw_sample, frame_hash, sample_frame

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
