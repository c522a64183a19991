"""scikit-learn baselines behind one interface: `make(seed, threads, **params)` returns an
estimator with `fit` and `predict_proba` (classification) or `predict` (regression), fitted
on the features named by `features`. Tuned on the validation split over a config grid. The
registry is metadata: reading it (as every parse of the workflow does) imports no
scikit-learn; `make` does (gdlbench.baselines.estimators)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gdlbench.signatures import keyword_parameters

if TYPE_CHECKING:
    from sklearn.base import BaseEstimator


@dataclass(frozen=True)
class BaselineSpec:
    family: str
    maker: str  # the name of its `make_*` in gdlbench.baselines.estimators
    features: str  # "kmer" counts | "onehot" flattened | "pwm" best motif hit | "flat" inputs
    # | pairs (gdlbench.baselines.pair_features): "seed_types" | "seed_energy" | "pair_kmers"
    # | "composition" (proteins: amino-acid composition, k = 1, plus dipeptides, k = 2)
    modalities: tuple[str, ...]
    kinds: tuple[str, ...] = ("binary", "multiclass")  # task kinds it serves
    # fitted by `partial_fit` on blocks of training rows featurised one at a time, for
    # `epochs` passes (tunable): memory bounded by a block, whatever the training set's size
    streamed: bool = False

    @property
    def parameters(self) -> frozenset[str]:
        """What a config's `grid` may tune: the maker's parameters (gdlbench.signatures) but
        those the fitter sets, and `k` where the features have a size (k-mers, composition)."""
        fixed = {"seed", "threads", "sparse", "class_weight"}
        sized = {"k"} if self.features in SIZED_FEATURES else set()
        passes = {"epochs"} if self.streamed else set()
        return keyword_parameters("baselines.estimators", self.maker) - fixed | sized | passes

    def make(self, seed: int, threads: int, **params: Any) -> BaseEstimator:
        """The estimator (scikit-learn is imported here, not when the registry is read)."""
        from gdlbench.baselines import estimators

        return getattr(estimators, self.maker)(seed, threads, **params)


WITH_TARGETS = ("binary", "multiclass", "multilabel")
SIZED_FEATURES = ("kmer", "composition", "pair_kmers")  # features of a size `k`


BASELINES: dict[str, BaselineSpec] = {
    # multi-label tasks: one fit per target on the shared features (baselines/per_target.py)
    "logreg_kmer": BaselineSpec("baseline", "make_logreg", "kmer", ("sequence",), WITH_TARGETS),
    "logreg_onehot": BaselineSpec("baseline", "make_logreg", "onehot", ("sequence",)),
    "rf_kmer": BaselineSpec("baseline", "make_random_forest", "kmer", ("sequence",), WITH_TARGETS),
    "pwm_scan": BaselineSpec("baseline", "make_logreg", "pwm", ("sequence",), WITH_TARGETS),
    # the same two, fitted by SGD on blocks of windows: DeepSEA's 4.4 M windows (k-mer counts
    # of all of them: ~35 GB) in the memory of one block
    "sgd_kmer": BaselineSpec(
        "baseline", "make_sgd_logreg", "kmer", ("sequence",), WITH_TARGETS, streamed=True
    ),
    "sgd_pwm": BaselineSpec(
        "baseline", "make_sgd_logreg", "pwm", ("sequence",), WITH_TARGETS, streamed=True
    ),
    # proteins: amino-acid (k = 1) and dipeptide (k = 2) composition, k tuned like k-mers
    "logreg_composition": BaselineSpec("baseline", "make_logreg", "composition", ("protein",)),
    "svm_composition": BaselineSpec("baseline", "make_svm", "composition", ("protein",)),
    "rf_composition": BaselineSpec("baseline", "make_random_forest", "composition", ("protein",)),
    # matrix (histone marks x bins) and vector (expression) inputs, flattened
    "logreg": BaselineSpec("baseline", "make_logreg", "flat", ("matrix", "vector")),
    "svm": BaselineSpec("baseline", "make_svm", "flat", ("matrix", "vector")),
    "rf": BaselineSpec(
        "baseline", "make_random_forest", "flat", ("matrix", "vector"), WITH_TARGETS
    ),
    "logreg_enet": BaselineSpec(
        "baseline", "make_logreg_enet", "flat", ("matrix", "vector"), WITH_TARGETS
    ),
    "knn": BaselineSpec("baseline", "make_knn", "flat", ("matrix", "vector"), WITH_TARGETS),
    "linear_svm": BaselineSpec("baseline", "make_linear_svm", "flat", ("matrix", "vector")),
    "logreg_l1": BaselineSpec("baseline", "make_logreg_l1", "flat", ("matrix", "vector")),
    "linear_regression": BaselineSpec(
        "baseline", "make_linear_regression", "flat", ("vector",), ("regression",)
    ),
    "knn_regression": BaselineSpec(
        "baseline", "make_knn_regression", "flat", ("vector",), ("regression",)
    ),
    # miRNA-target pairs: the seed rule, k-mers of both sequences, seed and duplex energy
    "seed_match": BaselineSpec("baseline", "make_seed_rule", "seed_types", ("pair",), ("binary",)),
    "logreg_kmer_pair": BaselineSpec("baseline", "make_logreg", "pair_kmers", ("pair",)),
    "rf_seed_energy": BaselineSpec("baseline", "make_random_forest", "seed_energy", ("pair",)),
    # representations: components as "nodes" (gene weights: node_weights)
    "pca": BaselineSpec("baseline", "make_pca", "flat", ("vector",), ("representation",)),
    "ica": BaselineSpec("baseline", "make_ica", "flat", ("vector",), ("representation",)),
}
