"""The scikit-learn estimators behind the baseline registry (gdlbench.baselines): each
`make_*(seed, threads, sparse, class_weight, <its tunable parameters>)` returns an estimator
with `fit` and `predict_proba` (classification) or `predict` (regression); imported only when
a baseline is made. The tunable parameters are named in each signature, which is what a
config's `grid` is checked against (gdlbench.signatures)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.decomposition import PCA, FastICA
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Ridge, SGDClassifier
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

from gdlbench.baselines.pair_features import SeedMatchRule
from gdlbench.errors import ConfigError


def _scaler(sparse: bool) -> StandardScaler:
    """Standardisation; sparse features (k-mer counts) are scaled without centring, which
    would make them dense."""
    return StandardScaler(with_mean=not sparse)


def make_logreg(seed, threads, sparse=False, class_weight=None, C=1.0):  # noqa: N803
    model = LogisticRegression(C=C, class_weight=class_weight, max_iter=2000, random_state=seed)
    return make_pipeline(_scaler(sparse), model)


def make_sgd_logreg(seed, threads, sparse=False, class_weight=None, alpha=1e-4):
    """Logistic regression fitted by stochastic gradient descent (`partial_fit` on blocks of
    rows, standardised by gdlbench.baselines.fit.fit_in_blocks), L2 penalty `alpha`."""
    if class_weight is not None:
        raise ConfigError(
            "a streamed baseline cannot weight classes (`class_weight: balanced`): "
            "scikit-learn's partial_fit needs the weights before the first block"
        )
    return SGDClassifier(loss="log_loss", alpha=alpha, random_state=seed)


def make_svm(seed, threads, sparse=False, class_weight=None, C=1.0, kernel="rbf",  # noqa: N803
             gamma="scale"):  # fmt: skip
    """RBF (or `kernel`) SVM on standardised features; probabilities by sigmoid (Platt)
    calibration on internal folds of the training split."""
    svm = SVC(C=C, kernel=kernel, gamma=gamma, class_weight=class_weight, random_state=seed)
    model = CalibratedClassifierCV(svm, ensemble=False)
    return make_pipeline(_scaler(sparse), model)


def make_linear_svm(seed, threads, sparse=False, class_weight=None, C=1.0):  # noqa: N803
    """Linear SVM on standardised features, probabilities by sigmoid calibration."""
    svm = LinearSVC(C=C, class_weight=class_weight, random_state=seed)
    model = CalibratedClassifierCV(svm, ensemble=False)
    return make_pipeline(_scaler(sparse), model)


def make_logreg_l1(seed, threads, sparse=False, class_weight=None, C=1.0):  # noqa: N803
    """LASSO-penalised logistic regression (saga) on standardised features."""
    model = LogisticRegression(C=C, l1_ratio=1.0, class_weight=class_weight, solver="saga",
                               max_iter=1000, tol=1e-3, random_state=seed)  # fmt: skip
    return make_pipeline(_scaler(sparse), model)


def make_logreg_enet(seed, threads, sparse=False, class_weight=None, C=1.0,  # noqa: N803
                     l1_ratio=0.5):  # fmt: skip
    """Elastic-net logistic regression (saga) on standardised features: `l1_ratio` mixes the
    LASSO (1) and ridge (0) penalties, `C` their inverse strength."""
    model = LogisticRegression(C=C, l1_ratio=l1_ratio, class_weight=class_weight, solver="saga",
                               max_iter=1000, tol=1e-3, random_state=seed)  # fmt: skip
    return make_pipeline(_scaler(sparse), model)


def make_knn(seed, threads, sparse=False, class_weight=None, n_neighbors=5, weights="uniform"):
    """The class shares among the k nearest training examples (Euclidean, standardised
    inputs; `weights: distance` weighs them by inverse distance)."""
    knn = KNeighborsClassifier(n_neighbors=n_neighbors, weights=weights, n_jobs=threads)
    return make_pipeline(_scaler(sparse), knn)


def make_linear_regression(seed, threads, sparse=False, class_weight=None, alpha=0.0):
    """Least squares on every target at once; `alpha` > 0 makes it ridge regression."""
    return Ridge(alpha=alpha)


def make_knn_regression(seed, threads, sparse=False, class_weight=None, n_neighbors=5,
                        weights="uniform"):  # fmt: skip
    """The mean of the k nearest training examples' targets (Euclidean, standardised inputs)."""
    knn = KNeighborsRegressor(n_neighbors=n_neighbors, weights=weights, n_jobs=threads)
    return make_pipeline(_scaler(sparse), knn)


def make_pca(seed, threads, sparse=False, class_weight=None, n_components=None):
    return PCA(n_components=n_components, random_state=seed)


def make_ica(seed, threads, sparse=False, class_weight=None, n_components=None):
    return FastICA(n_components=n_components, random_state=seed, max_iter=1000,
                   whiten="unit-variance")  # fmt: skip


def make_random_forest(seed, threads, sparse=False, class_weight=None, n_estimators=100,
                       max_features="sqrt", min_samples_leaf=1):  # fmt: skip
    return RandomForestClassifier(n_estimators=n_estimators, max_features=max_features,
                                  min_samples_leaf=min_samples_leaf, class_weight=class_weight,
                                  random_state=seed, n_jobs=threads)  # fmt: skip


def make_seed_rule(seed, threads, sparse=False, class_weight=None):
    """TargetScan's site types as a fixed rule (nothing fitted; no parameters)."""
    return SeedMatchRule()


def node_weights(model: BaseEstimator) -> np.ndarray:
    """(components, genes) gene loadings of a fitted representation: ICA's mixing matrix
    (how each source loads on the genes, ADAGE-style; `components_` are unmixing filters),
    PCA's components (orthonormal, so loadings and filters coincide)."""
    mixing = getattr(model, "mixing_", None)
    return mixing.T if mixing is not None else model.components_
