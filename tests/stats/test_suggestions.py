"""The provisional-code suggestion model: deterministic, and evaluated on a bounded subsample."""

import pandas as pd
import pytest

from wishlist.stats.suggestions import cross_validate, suggest_codes

TEXTS = {"biopharma_medical": "新型抗肿瘤药物 临床试验 医疗器械 生物制药",
         "new_materials": "高强度复合材料 纳米涂层 新材料 轻质合金",
         "information_technology": "软件平台 数据中心 芯片设计 通信网络"}


def corpus(copies: int):
    rows, codes = [], []
    for i in range(copies):
        for category, text in TEXTS.items():
            fn = f"r{i}-{category}"
            rows.append({"file_number": fn, "title_zh": text.split()[i % 4], "description_zh": text,
                         "provenance": "reconstructed"})
            codes.append({"file_number": fn, "mic2025_category": category,
                          "institution_type": "company" if i % 2 else "university"})
    return pd.DataFrame(rows), pd.DataFrame(codes)


# perfect agreement leaves statsmodels' kappa variance at zero (its SE is NaN); only kappa itself is used
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_large_corpora_are_evaluated_on_a_seeded_subsample():
    records, codes = corpus(40)
    first = cross_validate(records, codes, seed=3, max_records=60)
    assert (first["records"], first["records_available"]) == (60, 120)
    assert cross_validate(records, codes, seed=3, max_records=60) == first
    assert first["mic2025_category"]["accuracy_pct"] == 1.0  # the three fields share no characters
    # no record has real text: that part says so and measures nothing
    assert first["real_text"] == {"records": 0, "measured": False}
    assert first["reconstructed_text"]["records"] == 60


def test_suggestions_pick_the_field_the_text_belongs_to():
    records, codes = corpus(10)
    new = pd.DataFrame([{"file_number": "new", "title_zh": "纳米涂层", "description_zh": "轻质合金 新材料"}])
    suggested = suggest_codes(pd.concat([records, new]), codes, ["new"], seed=1)
    assert suggested.loc[0, "mic2025_category"] == "new_materials"
    assert suggested.loc[0, "mic2025_category_score"] > 0


def test_fold_features_are_bit_identical_to_a_vectoriser_fitted_per_fold():
    # reference: what cross_validate did before, scikit-learn's own TfidfVectorizer
    # fitted on each fold's training texts and applied to both parts
    import numpy as np
    from sklearn.model_selection import KFold

    from wishlist.stats.suggestions import _fold_features, _texts, _vectoriser

    records, _ = corpus(7)
    records.loc[3, "description_zh"] = "独有的字 只在一条记录"  # n-grams absent from some folds' training part
    texts = np.array(_texts(records), dtype=object)
    kfold = KFold(n_splits=5, shuffle=True, random_state=11)
    for (train, test), (train2, test2, x_train, x_test) in zip(kfold.split(texts), _fold_features(texts, kfold),
                                                               strict=True):
        reference = _vectoriser().fit(list(texts[train]))
        assert (train2.tolist(), test2.tolist()) == (train.tolist(), test.tolist())
        for ours, theirs in ((x_train, reference.transform(list(texts[train]))),
                             (x_test, reference.transform(list(texts[test])))):
            assert ours.shape == theirs.shape and ours.indices.dtype == theirs.indices.dtype
            assert np.array_equal(ours.indptr, theirs.indptr) and np.array_equal(ours.indices, theirs.indices)
            assert ours.data.tobytes() == theirs.data.tobytes()


INSTITUTION = {"biopharma_medical": "company", "new_materials": "university",
               "information_technology": "government_lab"}


def corpus_with_real_text(copies: int):
    """Reconstructed records whose text matches their codes, and two real-text records:
    r-real-1 reads as biopharma and is coded so; r-real-2 reads as information technology
    but its coder put it in new materials (a university)."""
    records, codes = corpus(copies)
    codes["institution_type"] = codes["mic2025_category"].map(INSTITUTION)
    real = pd.DataFrame([
        {"file_number": "r-real-1", "title_zh": "新型抗肿瘤药物", "description_zh": TEXTS["biopharma_medical"],
         "provenance": "brief"},
        {"file_number": "r-real-2", "title_zh": "软件平台", "description_zh": TEXTS["information_technology"],
         "provenance": "bulletin"}])
    real_codes = pd.DataFrame([
        {"file_number": "r-real-1", "mic2025_category": "biopharma_medical", "institution_type": "company"},
        {"file_number": "r-real-2", "mic2025_category": "new_materials", "institution_type": "university"}])
    return pd.concat([records, real], ignore_index=True), pd.concat([codes, real_codes], ignore_index=True)


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_real_and_reconstructed_text_are_scored_apart():
    records, codes = corpus_with_real_text(10)
    codes["real_coder"] = codes["file_number"].eq("r-real-2")  # only r-real-2's codes come from a real coder
    report = cross_validate(records, codes, seed=5)
    real, reconstructed = report["real_text"], report["reconstructed_text"]
    assert (report["records"], real["records"], reconstructed["records"]) == (32, 2, 30)
    assert real["records_by_provenance"] == {"brief": 1, "bulletin": 1}
    assert (real["real_coder_records"], reconstructed["real_coder_records"]) == (1, 0)
    # by hand: the model, trained on texts whose characters name their category, predicts
    # biopharma for r-real-1 (right) and information technology for r-real-2 (wrong): 1 of 2.
    # Kappa: p_o = 1/2; truth {bio, materials} and predictions {bio, IT} share only bio, each
    # at 1/2, so p_e = 1/4 and kappa = (1/2 - 1/4) / (1 - 1/4) = 1/3.
    for field in ("mic2025_category", "institution_type"):
        assert real[field]["accuracy_pct"] == 0.5
        assert real[field]["kappa"] == pytest.approx(1 / 3)
        assert real[field]["accuracy_ci_low_pct"] < 0.5 < real[field]["accuracy_ci_high_pct"]
        assert reconstructed[field]["accuracy_pct"] == 1.0 and reconstructed[field]["kappa"] == pytest.approx(1.0)
    # pooled: 31 of 32 right
    assert report["mic2025_category"]["accuracy_pct"] == pytest.approx(31 / 32)


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_the_subsample_keeps_every_real_text_record():
    records, codes = corpus_with_real_text(40)  # 120 reconstructed + 2 real
    report = cross_validate(records, codes, seed=3, max_records=20)
    assert (report["records"], report["records_available"]) == (20, 122)
    assert (report["real_text"]["records"], report["reconstructed_text"]["records"]) == (2, 18)
    assert "real_coder_records" not in report["real_text"]  # no real_coder column given


def test_an_undefined_kappa_is_said_not_written_as_nan():
    from wishlist.stats.suggestions import _agreement

    result = _agreement(["other", "other"], ["other", "other"], 0.95)
    assert result["accuracy_pct"] == 1.0 and "kappa" not in result
    assert "one category" in result["kappa_undefined"]
