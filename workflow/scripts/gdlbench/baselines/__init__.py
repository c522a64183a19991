"""scikit-learn baselines behind one interface: `make(seed, threads, **params)` returns an estimator
with `fit` and `predict_proba` (classification) or `predict` (regression), fitted on the
features named by `features`. Tuned on the validation split over a config grid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class BaselineSpec:
    family: str
    make: Callable[..., BaseEstimator]
    features: str  # "kmer" counts | "onehot" flattened | "pwm" best motif hit | "flat" inputs
    # | pairs (gdlbench.baselines.pair_features): "seed_types" | "seed_energy" | "pair_kmers"
    # | "composition" (proteins: amino-acid composition, k = 1, plus dipeptides, k = 2)
    modalities: tuple[str, ...]
    kinds: tuple[str, ...] = ("binary", "multiclass")  # task kinds it serves


WITH_TARGETS = ("binary", "multiclass", "multilabel")


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


BASELINES: dict[str, BaselineSpec] = {
    # multi-label tasks: one fit per target on the shared features (baselines/per_target.py)
    "logreg_kmer": BaselineSpec("baseline", make_logreg, "kmer", ("sequence",), WITH_TARGETS),
    "logreg_onehot": BaselineSpec("baseline", make_logreg, "onehot", ("sequence",)),
    "rf_kmer": BaselineSpec("baseline", make_random_forest, "kmer", ("sequence",), WITH_TARGETS),
    "pwm_scan": BaselineSpec("baseline", make_logreg, "pwm", ("sequence",), WITH_TARGETS),
    # proteins: amino-acid (k = 1) and dipeptide (k = 2) composition, k tuned like k-mers
    "logreg_composition": BaselineSpec("baseline", make_logreg, "composition", ("protein",)),
    "svm_composition": BaselineSpec("baseline", make_svm, "composition", ("protein",)),
    "rf_composition": BaselineSpec("baseline", make_random_forest, "composition", ("protein",)),
    # matrix (histone marks x bins) and vector (expression) inputs, flattened
    "logreg": BaselineSpec("baseline", make_logreg, "flat", ("matrix", "vector")),
    "svm": BaselineSpec("baseline", make_svm, "flat", ("matrix", "vector")),
    "rf": BaselineSpec("baseline", make_random_forest, "flat", ("matrix", "vector"), WITH_TARGETS),
    "logreg_enet": BaselineSpec(
        "baseline", make_logreg_enet, "flat", ("matrix", "vector"), WITH_TARGETS
    ),
    "knn": BaselineSpec("baseline", make_knn, "flat", ("matrix", "vector"), WITH_TARGETS),
    "linear_svm": BaselineSpec("baseline", make_linear_svm, "flat", ("matrix", "vector")),
    "logreg_l1": BaselineSpec("baseline", make_logreg_l1, "flat", ("matrix", "vector")),
    "linear_regression": BaselineSpec(
        "baseline", make_linear_regression, "flat", ("vector",), ("regression",)
    ),
    "knn_regression": BaselineSpec(
        "baseline", make_knn_regression, "flat", ("vector",), ("regression",)
    ),
    # miRNA-target pairs: the seed rule, k-mers of both sequences, seed and duplex energy
    "seed_match": BaselineSpec("baseline", make_seed_rule, "seed_types", ("pair",), ("binary",)),
    "logreg_kmer_pair": BaselineSpec("baseline", make_logreg, "pair_kmers", ("pair",)),
    "rf_seed_energy": BaselineSpec("baseline", make_random_forest, "seed_energy", ("pair",)),
    # representations: components as "nodes" (gene weights: node_weights)
    "pca": BaselineSpec("baseline", make_pca, "flat", ("vector",), ("representation",)),
    "ica": BaselineSpec("baseline", make_ica, "flat", ("vector",), ("representation",)),
}
