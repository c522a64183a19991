"""scikit-learn baselines behind one interface: `make(seed, threads, **params)` returns an estimator
with `fit` and `predict_proba` (classification) or `predict` (regression), fitted on the
features named by `features`. Tuned on the validation split over a config grid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC


@dataclass(frozen=True)
class BaselineSpec:
    family: str
    make: Callable[..., BaseEstimator]
    features: str  # "kmer" counts | "onehot" flattened | "pwm" best motif hit | "flat" inputs
    modalities: tuple[str, ...]


def make_logreg(seed: int, threads: int, **params: Any) -> BaseEstimator:
    model = LogisticRegression(max_iter=2000, random_state=seed, **params)
    return make_pipeline(StandardScaler(), model)


def make_svm(seed: int, threads: int, **params: Any) -> BaseEstimator:
    """RBF (or `kernel`) SVM on standardised features; probabilities by sigmoid (Platt)
    calibration on internal folds of the training split."""
    model = CalibratedClassifierCV(SVC(random_state=seed, **params), ensemble=False)
    return make_pipeline(StandardScaler(), model)


def make_random_forest(seed: int, threads: int, **params: Any) -> BaseEstimator:
    return RandomForestClassifier(random_state=seed, n_jobs=threads, **params)


BASELINES: dict[str, BaselineSpec] = {
    "logreg_kmer": BaselineSpec("baseline", make_logreg, "kmer", ("sequence",)),
    "logreg_onehot": BaselineSpec("baseline", make_logreg, "onehot", ("sequence",)),
    "rf_kmer": BaselineSpec("baseline", make_random_forest, "kmer", ("sequence",)),
    "pwm_scan": BaselineSpec("baseline", make_logreg, "pwm", ("sequence",)),
    # matrix (histone marks x bins) and vector (expression) inputs, flattened
    "logreg": BaselineSpec("baseline", make_logreg, "flat", ("matrix", "vector")),
    "svm": BaselineSpec("baseline", make_svm, "flat", ("matrix", "vector")),
    "rf": BaselineSpec("baseline", make_random_forest, "flat", ("matrix", "vector")),
}
