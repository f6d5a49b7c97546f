"""Provisional code suggestions for records nobody has coded yet, and how far to trust them.

A transparent, well-kept classifier: character 1-3-gram TF-IDF (no Chinese word
segmentation needed: characters and their short runs carry the field) feeding a
linear support-vector machine (scikit-learn LinearSVC, one-vs-rest, fixed C). It
was preferred to a logistic regression, which agreed less with the human codes
in cross-validation and took five times as long. It is trained on
the adjudicated human codes; its out-of-fold agreement with them (accuracy and
Cohen's kappa over k shuffled folds) is reported so users know what a
provisional code is worth. On the reconstructed corpus that agreement is
inflated: its texts were generated from per-field phrase banks. So the
out-of-fold predictions are also scored apart for the records whose text is
real (provenance "brief" or "bulletin": the agreement that predicts how the
model does on new bulletin records) and for the reconstructed ones.
"""

from __future__ import annotations

FIELDS = ("mic2025_category", "institution_type")
MODEL = "char 1-3-gram TF-IDF + linear SVM (LinearSVC)"  # what the reports and the log call the model
RECONSTRUCTED = "reconstructed"  # the provenance of texts from the study's phrase banks; any other is real text
C = 1.0  # inverse regularisation strength, fixed (not tuned on the evaluation folds)


def _texts(records):
    return (records["title_zh"] + " " + records["description_zh"]).tolist()


def _vectoriser():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1)


def _classifier(seed: int):
    from sklearn.svm import LinearSVC

    return LinearSVC(C=C, dual=True, max_iter=10000, random_state=seed)


def _model(seed: int):
    from sklearn.pipeline import make_pipeline

    return make_pipeline(_vectoriser(), _classifier(seed))


def suggest_codes(records, codes, uncoded, seed: int):
    """Suggested codes for the uncoded records, each with its decision score.

    The score is the SVM's signed distance of the record from the chosen class's
    boundary: above zero the model is on the class's side; larger is surer.
    """
    import pandas as pd

    training = records.merge(codes, on="file_number", validate="one_to_one")
    target = records[records["file_number"].isin(set(uncoded))]
    out = target[["file_number"]].copy()
    for field in FIELDS:
        model = _model(seed).fit(_texts(training), training[field])
        scores = model.decision_function(_texts(target))
        if scores.ndim == 1:  # two classes: one column, positive means classes_[1]
            import numpy as np

            scores = np.column_stack([-scores, scores])
        out[field] = model.classes_[scores.argmax(axis=1)]
        out[f"{field}_score"] = scores.max(axis=1).round(3)
    return pd.DataFrame(out).reset_index(drop=True)


def _fold_features(texts, kfold):
    """Per fold: train and test indices and their TF-IDF matrices, exactly (bit for
    bit) what ``_vectoriser().fit(train)`` followed by ``.transform(train)`` and
    ``.transform(test)`` gives, with the vectoriser fitted on the training part only.

    Cheaper: each text is cut into n-grams once, and counted once against the
    vocabulary of the whole corpus. A fold's vocabulary is the (sorted) part of it
    that occurs in its training texts (min_df=1), so its count matrices are those
    columns of the corpus counts; the TF-IDF weights are then fitted on the
    training counts as the vectoriser does.
    """
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    spec = _vectoriser()
    assert (spec.min_df, spec.max_df, spec.max_features, spec.vocabulary) == (1, 1.0, None, None)
    grams = [spec.build_analyzer()(text) for text in texts]  # what the vectoriser counts
    counts = CountVectorizer(analyzer=grams.__getitem__, binary=spec.binary, dtype=spec.dtype)
    corpus = counts.fit_transform(range(len(grams)))  # columns: sorted corpus vocabulary
    corpus.has_sorted_indices = False  # its columns were renumbered: sort each row's
    corpus.sort_indices()             # entries by column, as transform() leaves them
    for train, test in kfold.split(texts):
        rows = corpus[train]
        vocabulary = np.flatnonzero(np.bincount(rows.indices, minlength=corpus.shape[1]))
        x_train, x_test = rows[:, vocabulary], corpus[test][:, vocabulary]
        weights = TfidfTransformer(norm=spec.norm, use_idf=spec.use_idf, smooth_idf=spec.smooth_idf,
                                   sublinear_tf=spec.sublinear_tf).fit(x_train)
        yield train, test, weights.transform(x_train), weights.transform(x_test)


MAX_EVALUATED = 3000  # enough for a +-2-point accuracy interval; keeps large corpora fast


def _evaluated(provenance, max_records: int, seed: int):
    """Row positions to evaluate: all when they fit, else a seeded subsample that keeps the real-text
    records first (they are the ones whose agreement matters) and fills up with reconstructed ones."""
    import numpy as np

    available = len(provenance)
    if available <= max_records:
        return np.arange(available)
    rng = np.random.default_rng(seed)
    real = np.flatnonzero(provenance != RECONSTRUCTED)
    if len(real) >= max_records:
        return np.sort(rng.choice(real, size=max_records, replace=False))
    rest = np.flatnonzero(provenance == RECONSTRUCTED)
    # with no real-text record this is the plain subsample of earlier releases (rest is every row)
    return np.sort(np.concatenate([real, rest[rng.choice(len(rest), size=max_records - len(real), replace=False)]]))


def _agreement(truth, predicted, level: float) -> dict:
    """Accuracy (Wilson CI) and Cohen's kappa of one field; kappa left out when undefined (one category)."""
    from wishlist.stats.agreement import cohens_kappa, percent_agreement

    categories = sorted(set(truth) | set(predicted))
    accuracy = percent_agreement(truth, predicted, level)
    result = {"accuracy_pct": accuracy.estimate, "accuracy_ci_low_pct": accuracy.low,
              "accuracy_ci_high_pct": accuracy.high}
    try:
        result["kappa"] = cohens_kappa(truth, predicted, categories, level).kappa
    except ValueError:  # chance agreement 1: every code and prediction is one category
        result["kappa_undefined"] = "one category only: chance agreement is 1"
    return result


def _subset_report(mask, provenance, truth, predicted, level: float, real_coder=None) -> dict:
    """Agreement over the records in `mask`; only `records: 0` (and `measured: false`) when none.

    `real_coder` (optional, per record): whether its codes come from a real coder (coder-sheet
    provenance "bulletin"); counted as `real_coder_records`.
    """
    n = int(mask.sum())
    if n == 0:
        return {"records": 0, "measured": False}
    kinds = sorted(set(provenance[mask]))
    report = {"records": n, "measured": True,
              "records_by_provenance": {kind: int((provenance[mask] == kind).sum()) for kind in kinds}}
    if real_coder is not None:
        report["real_coder_records"] = int(real_coder[mask].sum())
    for field in FIELDS:
        report[field] = _agreement(truth[field][mask], predicted[field][mask], level)
    return report


def cross_validate(records, codes, seed: int, folds: int = 5, level: float = 0.95,
                   max_records: int = MAX_EVALUATED) -> dict:
    """Out-of-fold accuracy (Wilson CI) and Cohen's kappa of the suggestions against human codes.

    The top-level figures pool every evaluated record. `real_text` scores the same
    out-of-fold predictions on the records whose text is not reconstructed (provenance
    brief or bulletin), `reconstructed_text` on the others; each gives its record count,
    and a count of 0 means no agreement was measured for it. `records` needs a
    `provenance` column; a boolean `real_coder` column of `codes` (codes a real coder
    gave) is counted per part as `real_coder_records`.

    Corpora larger than `max_records` are evaluated on a seeded random subsample
    of that size (real-text records kept first): the aim is to know the agreement
    to a point or two, and k-fold training on every record of a 100x corpus costs minutes.
    """
    import numpy as np
    from sklearn.model_selection import KFold

    data = records.merge(codes, on="file_number", validate="one_to_one").reset_index(drop=True)
    available = len(data)
    keep = _evaluated(data["provenance"].to_numpy(dtype=object), max_records, seed)
    data = data.iloc[keep].reset_index(drop=True)
    folds = min(folds, len(data))
    texts = np.array(_texts(data), dtype=object)
    provenance = data["provenance"].to_numpy(dtype=object)
    report = {"folds": folds, "records": len(data), "records_available": available, "model": MODEL,
              "fold_seed": seed}
    truth = {field: data[field].to_numpy(dtype=object) for field in FIELDS}
    predicted = {field: np.empty(len(data), dtype=object) for field in FIELDS}
    for train, test, x_train, x_test in _fold_features(texts, KFold(n_splits=folds, shuffle=True,
                                                                     random_state=seed)):
        for field in FIELDS:
            classifier = _classifier(seed).fit(x_train, truth[field][train])
            predicted[field][test] = classifier.predict(x_test)
    for field in FIELDS:
        pooled = _agreement(truth[field], predicted[field], level)
        report[field] = pooled
    real = provenance != RECONSTRUCTED
    real_coder = data["real_coder"].to_numpy(dtype=bool) if "real_coder" in data else None
    report["real_text"] = _subset_report(real, provenance, truth, predicted, level, real_coder)
    report["reconstructed_text"] = _subset_report(~real, provenance, truth, predicted, level, real_coder)
    return report
