"""The scikit-learn estimators behind the baseline registry (gdlbench.baselines): each
`make_*(seed, threads, **params)` returns an estimator with `fit` and `predict_proba`
(classification) or `predict` (regression); imported only when a baseline is made."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA, FastICA
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

from gdlbench.baselines.pair_features import SeedMatchRule


def _scaler(sparse: bool) -> StandardScaler:
    """Standardisation; sparse features (k-mer counts) are scaled without centring, which
    would make them dense."""
    return StandardScaler(with_mean=not sparse)


def make_logreg(seed: int, threads: int, sparse: bool = False, **params: Any) -> BaseEstimator:
    model = LogisticRegression(max_iter=2000, random_state=seed, **params)
    return make_pipeline(_scaler(sparse), model)


def make_svm(seed: int, threads: int, sparse: bool = False, **params: Any) -> BaseEstimator:
    """RBF (or `kernel`) SVM on standardised features; probabilities by sigmoid (Platt)
    calibration on internal folds of the training split."""
    model = CalibratedClassifierCV(SVC(random_state=seed, **params), ensemble=False)
    return make_pipeline(_scaler(sparse), model)


def make_linear_svm(seed: int, threads: int, sparse: bool = False, **params: Any) -> BaseEstimator:
    """Linear SVM on standardised features, probabilities by sigmoid calibration."""
    model = CalibratedClassifierCV(LinearSVC(random_state=seed, **params), ensemble=False)
    return make_pipeline(_scaler(sparse), model)


def make_logreg_l1(seed: int, threads: int, sparse: bool = False, **params: Any) -> BaseEstimator:
    """LASSO-penalised logistic regression (saga) on standardised features."""
    model = LogisticRegression(
        l1_ratio=1.0, solver="saga", max_iter=1000, tol=1e-3, random_state=seed, **params
    )
    return make_pipeline(_scaler(sparse), model)


def make_logreg_enet(seed: int, threads: int, sparse: bool = False, **params: Any):
    """Elastic-net logistic regression (saga) on standardised features: `l1_ratio` mixes the
    LASSO (1) and ridge (0) penalties, `C` their inverse strength."""
    settings = {"l1_ratio": 0.5, **params}
    model = LogisticRegression(solver="saga", max_iter=1000, tol=1e-3, random_state=seed,
                               **settings)  # fmt: skip
    return make_pipeline(_scaler(sparse), model)


def make_knn(seed: int, threads: int, class_weight=None, sparse=False, **params: Any):
    """The class shares among the k nearest training examples (Euclidean, standardised
    inputs; `weights: distance` weighs them by inverse distance)."""
    return make_pipeline(_scaler(sparse), KNeighborsClassifier(n_jobs=threads, **params))


def make_linear_regression(seed: int, threads: int, class_weight=None, sparse=False, **params):
    """Least squares on every target at once; `alpha` > 0 makes it ridge regression."""
    return Ridge(**{"alpha": 0.0, **params})


def make_knn_regression(seed: int, threads: int, class_weight=None, sparse=False, **params):
    """The mean of the k nearest training examples' targets (Euclidean, standardised inputs)."""
    return make_pipeline(_scaler(sparse), KNeighborsRegressor(n_jobs=threads, **params))


def make_pca(seed: int, threads: int, class_weight=None, sparse=False, **params: Any):
    return PCA(random_state=seed, **params)


def make_ica(seed: int, threads: int, class_weight=None, sparse=False, **params: Any):
    return FastICA(random_state=seed, max_iter=1000, whiten="unit-variance", **params)


def make_random_forest(
    seed: int, threads: int, sparse: bool = False, **params: Any
) -> BaseEstimator:
    return RandomForestClassifier(random_state=seed, n_jobs=threads, **params)


def make_seed_rule(seed: int, threads: int, class_weight=None, sparse=False, **params: Any):
    """TargetScan's site types as a fixed rule (nothing fitted; no parameters)."""
    return SeedMatchRule(seed, threads, **params)


def node_weights(model: BaseEstimator) -> np.ndarray:
    """(components, genes) gene loadings of a fitted representation: ICA's mixing matrix
    (how each source loads on the genes, ADAGE-style; `components_` are unmixing filters),
    PCA's components (orthonormal, so loadings and filters coincide)."""
    mixing = getattr(model, "mixing_", None)
    return mixing.T if mixing is not None else model.components_
