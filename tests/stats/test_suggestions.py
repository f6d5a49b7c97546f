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
            rows.append({"file_number": fn, "title_zh": text.split()[i % 4], "description_zh": text})
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
