"""How the paper names the record layer (wishlist.present.sentences.ingest), from the ingest stage's counts."""

import pandas as pd

from wishlist.present.sentences import with_sentences
from wishlist.present.sentences.ingest import data_source


def test_any_reconstructed_record_makes_it_the_reconstructed_corpus():
    # the default data: 26 published and 616 reconstructed records (results/numbers/ingest.yml)
    fragment = {"published_records": 26, "reconstructed_records": 616, "records_kept": 642}
    assert with_sentences("ingest", fragment) == {**fragment, "data_source": "reconstructed corpus"}
    assert with_sentences("ingest", {"published_records": 642, "reconstructed_records": 0})["data_source"] == \
        "published bulletin records"


def test_captions_name_a_table_by_its_provenance_column():
    assert data_source(pd.DataFrame({"provenance": ["published", "reconstructed"]})) == "reconstructed corpus"
    assert data_source(pd.DataFrame({"provenance": ["published"]})) == "published bulletin records"
