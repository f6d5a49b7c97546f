"""Provisional code suggestions for records nobody has coded yet, and how far to trust them.

A transparent, well-kept classifier: character 1-3-gram TF-IDF (no Chinese word
segmentation needed: characters and their short runs carry the field) feeding a
multinomial logistic regression (scikit-learn, lbfgs, fixed C). It is trained on
the adjudicated human codes; its out-of-fold agreement with them (accuracy and
Cohen's kappa over k shuffled folds) is reported so users know what a
provisional code is worth. On the reconstructed corpus that agreement is
inflated: its texts were generated from per-field phrase banks.
"""

from __future__ import annotations

FIELDS = ("mic2025_category", "institution_type")
C = 10.0  # inverse regularisation strength, fixed (not tuned on the evaluation folds)


def _texts(records):
    return (records["title_zh"] + " " + records["description_zh"]).tolist()


def _model(seed: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1),
        LogisticRegression(C=C, max_iter=5000, solver="lbfgs", random_state=seed),
    )


def suggest_codes(records, codes, uncoded, seed: int):
    """Suggested codes (and the model's probability for them) for the uncoded records."""
    import pandas as pd

    training = records.merge(codes, on="file_number", validate="one_to_one")
    target = records[records["file_number"].isin(set(uncoded))]
    out = target[["file_number"]].copy()
    for field in FIELDS:
        model = _model(seed).fit(_texts(training), training[field])
        probabilities = model.predict_proba(_texts(target))
        out[field] = model.classes_[probabilities.argmax(axis=1)]
        out[f"{field}_probability"] = probabilities.max(axis=1).round(3)
    return pd.DataFrame(out).reset_index(drop=True)


def cross_validate(records, codes, seed: int, folds: int = 5, level: float = 0.95) -> dict:
    """Out-of-fold accuracy (Wilson CI) and Cohen's kappa of the suggestions against human codes."""
    import numpy as np
    from sklearn.model_selection import KFold

    from .reliability import cohens_kappa, percent_agreement

    data = records.merge(codes, on="file_number", validate="one_to_one").reset_index(drop=True)
    folds = min(folds, len(data))
    texts = np.array(_texts(data), dtype=object)
    report = {"folds": folds, "records": len(data), "model": "char 1-3-gram TF-IDF + logistic regression",
              "fold_seed": seed}
    for field in FIELDS:
        predicted = np.empty(len(data), dtype=object)
        for train, test in KFold(n_splits=folds, shuffle=True, random_state=seed).split(texts):
            model = _model(seed).fit(list(texts[train]), data[field].iloc[train])
            predicted[test] = model.predict(list(texts[test]))
        truth = data[field].to_numpy(dtype=object)
        categories = sorted(set(truth) | set(predicted))
        accuracy = percent_agreement(truth, predicted, level)
        kappa = cohens_kappa(truth, predicted, categories, level)
        report[field] = {"accuracy_pct": accuracy.estimate, "accuracy_ci_low_pct": accuracy.low,
                         "accuracy_ci_high_pct": accuracy.high, "kappa": kappa.kappa}
    return report
