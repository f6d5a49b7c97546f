"""How the paper names the record layer (wishlist.present.sentences.ingest), from the ingest stage's counts."""

import pandas as pd
import pytest

from wishlist.present.sentences import with_sentences
from wishlist.present.sentences.ingest import data_source


def fragment(brief, bulletin, reconstructed, outside=0):
    return {"brief_records": brief, "bulletin_records": bulletin, "reconstructed_records": reconstructed,
            "records_kept": brief + bulletin + reconstructed, "records_outside_window": outside}


def test_the_default_data_are_the_reconstructed_corpus():
    # the default data: 26 of the brief's cases and 616 reconstructed records, one later record outside
    words = with_sentences("ingest", fragment(26, 0, 616, outside=1))
    assert words["data_source"] == "reconstructed corpus"
    assert words["origin_sentence"] == "Of the kept records, 26 are cases the brief describes and 616 are reconstructed."
    assert words["outside_window_sentence"] == ("The ingest report lists the 1 record that fell outside the study "
                                               "window.")
    assert words["when"] == {"reconstructed": True, "bulletin": False, "reconstruction_only": True}


def test_real_records_are_never_called_the_brief_s_cases():
    words = with_sentences("ingest", fragment(0, 380, 0))
    assert words["data_source"] == "bulletin records"
    assert words["origin_sentence"] == "Of the kept records, 380 are bulletin records supplied with the study's data."
    assert words["outside_window_sentence"] == "No record fell outside the study window."
    assert words["when"] == {"reconstructed": False, "bulletin": True, "reconstruction_only": False}


def test_a_new_year_of_real_records_mixes_the_two():
    words = with_sentences("ingest", fragment(26, 61, 616, outside=2))
    assert words["data_source"] == "bulletin records and reconstructed corpus"
    assert words["origin_sentence"] == ("Of the kept records, 26 are cases the brief describes, 61 are bulletin "
                                        "records supplied with the study's data, and 616 are reconstructed.")
    assert "lists the 2 records" in words["outside_window_sentence"]
    assert words["when"]["reconstruction_only"] is False


@pytest.mark.parametrize(("counts", "sentence"), [
    ((1, 0, 0), "Of the kept records, 1 is a case the brief describes."),
    ((0, 1, 1), "Of the kept records, 1 is a bulletin record supplied with the study's data and 1 is reconstructed."),
])
def test_grammatical_number_follows_the_count(counts, sentence):
    assert with_sentences("ingest", fragment(*counts))["origin_sentence"] == sentence


def test_captions_name_a_table_by_its_provenance_column():
    assert data_source(pd.DataFrame({"provenance": ["brief", "reconstructed"]})) == "reconstructed corpus"
    assert data_source(pd.DataFrame({"provenance": ["brief", "bulletin"]})) == "bulletin records"
    assert data_source(pd.DataFrame({"provenance": ["bulletin", "reconstructed"]})) == \
        "bulletin records and reconstructed corpus"
