"""Fit a baseline: features, a grid search scored on the validation split, the chosen model."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse

from gdlbench.baselines import BASELINES, BaselineSpec
from gdlbench.baselines.pair_features import pair_kmers, seed_energy, seed_types
from gdlbench.baselines.pwm import log_odds_matrix, motif_hit_scores
from gdlbench.baselines.structure_features import structure_features
from gdlbench.data.blocks import row_blocks
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.encode import kmer_counts, one_hot
from gdlbench.data.protein import composition_features
from gdlbench.errors import ConfigError
from gdlbench.grid import grid_points, select_on_validation
from gdlbench.kinds import primary_metric


def baseline_features(
    data: PreparedDataset, rows: np.ndarray, spec: BaselineSpec, k: int
) -> np.ndarray | scipy.sparse.csr_matrix:
    """The baseline's features of `rows` (k-mer counts sparse), with the structure features
    appended when the dataset was loaded with RNA structure."""
    features = _sequence_features(data, rows, spec, k)
    if data.structure is None:
        return features
    structure = structure_features(
        np.asarray(data.x[rows]), np.asarray(data.structure[rows]), data.mfe[rows]
    )
    if scipy.sparse.issparse(features):
        return scipy.sparse.hstack([features, structure], format="csr")
    return np.hstack([features, structure])


PAIR_FEATURES = {  # sequence pairs (N, 2, L)
    "seed_types": lambda codes, k: seed_types(codes),
    "seed_energy": lambda codes, k: seed_energy(codes),
    "pair_kmers": pair_kmers,
}


def _sequence_features(
    data: PreparedDataset, rows: np.ndarray, spec: BaselineSpec, k: int
) -> np.ndarray:
    codes = np.asarray(data.x[rows])
    if spec.features in PAIR_FEATURES:
        return PAIR_FEATURES[spec.features](codes, k)
    if spec.features == "kmer":
        return kmer_counts(codes, k)
    if spec.features == "composition":
        return composition_features(codes, k)
    if spec.features == "onehot":
        return one_hot(codes).reshape(len(rows), -1).numpy()
    if spec.features == "pwm":
        options = data.meta.get("options", {})
        motifs = options.get("motifs") or ([options["motif"]] if "motif" in options else [])
        if not motifs:
            raise ConfigError(
                f"dataset {data.meta['dataset']}: the PWM scan needs `options.motif` or "
                "`options.motifs` (JASPAR matrix IDs such as MA0139.1)"
            )
        return motif_hit_scores(codes, [log_odds_matrix(m) for m in motifs])
    return codes.astype(np.float32).reshape(len(rows), -1)


BLOCK_ROWS = 20_000  # rows featurised at once in scoring and streamed fits: k-mer counts of
# 20 000 windows of 1000 bp (k = 5, ~650 distinct k-mers a window) are ~160 MB
KEPT_FEATURE_BYTES = 2**30  # dense training features kept between passes up to this size


def blocked_scores(
    data: PreparedDataset, model: Any, rows: np.ndarray, spec: BaselineSpec, k: int
) -> np.ndarray:
    """The fitted baseline's scores of `rows`, featurised a block of rows at a time."""
    blocks = row_blocks(len(rows), 1, BLOCK_ROWS)
    return np.concatenate([data.kind.estimator_scores(model, baseline_features(
        data, rows[block], spec, k)) for block in blocks])  # fmt: skip


def fit_in_blocks(
    model: Any, data: PreparedDataset, rows: np.ndarray, spec: BaselineSpec, k: int,
    epochs: int, seed: int,
) -> Any:  # fmt: skip
    """A pass over `rows` in blocks of BLOCK_ROWS fitting a standardisation of the features
    (centred unless sparse), then `epochs` passes of `partial_fit` on the standardised
    blocks (shuffled with `seed` each pass), each block featurised on its own: memory of one
    block, not of the training set. Dense features that fit in KEPT_FEATURE_BYTES (PWM
    scores: 20 a window) are kept from the first pass instead of being computed again.
    Returns the fitted scaler and model as one pipeline."""
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rng = np.random.default_rng(seed)
    labels = None if data.kind.labels == "targets" else np.unique(np.asarray(data.y[rows]))
    blocks = row_blocks(len(rows), 1, BLOCK_ROWS)
    scaler, kept = None, None
    for block in blocks:
        features = baseline_features(data, rows[block], spec, k)
        if scaler is None:
            dense = not scipy.sparse.issparse(features)
            scaler = StandardScaler(with_mean=dense)
            if dense and len(rows) * features.shape[1] * 4 <= KEPT_FEATURE_BYTES:
                kept = np.empty((len(rows), features.shape[1]), dtype=np.float32)
        scaler.partial_fit(features)
        if kept is not None:
            kept[block] = features
    for _ in range(epochs):
        order = rng.permutation(len(rows))
        for block in blocks:
            chosen = np.sort(order[block])  # positions in `rows`, ascending: reads run forward
            features = kept[chosen] if kept is not None else baseline_features(
                data, rows[chosen], spec, k)  # fmt: skip
            y = np.asarray(data.y[rows[chosen]])
            model.partial_fit(scaler.transform(features), y, classes=labels)
    return make_pipeline(scaler, model)


def tune_baseline(
    data: PreparedDataset,
    name: str,
    grid: dict[str, list],
    k: int,
    seed: int,
    threads: int,
    bagging: bool = False,
) -> tuple[Any, int, pd.DataFrame]:
    """Fit every grid point on train, score it on validation, keep the best (first on ties).
    Featurisation is tuned like any hyperparameter: a `k` in the grid is the k-mer size (the
    default `k` otherwise). Returns the chosen fit, its k and the tuning table (one row per
    configuration: the declared budget). With `bagging`, the training rows are a bootstrap
    resample drawn with `seed`, so that seeds differ and their ensemble is a bagged baseline
    (the like-for-like partner of a network's ensemble of seeds).

    The test split is never touched here."""
    spec, kind = BASELINES[name], data.kind
    metric, higher_is_better = primary_metric(data.meta["task"])
    train, valid = data.indices("train"), data.indices("valid")
    if bagging:
        train = np.sort(np.random.default_rng(seed).choice(train, len(train), replace=True))
    y_valid = kind.truth(data.x[valid], data.y[valid])
    class_weight = "balanced" if data.meta.get("class_weight") == "balanced" else None
    features: dict[int, tuple] = {}

    def evaluate(params: dict[str, Any]) -> tuple[float, tuple[Any, int], dict[str, Any]]:
        tried = dict(params)
        size, epochs = params.pop("k", k), params.pop("epochs", 1)
        if spec.streamed:
            model = kind.wrap_estimator(spec.make(seed, threads, class_weight=class_weight,
                                                  sparse=True, **params))  # fmt: skip
            model = fit_in_blocks(model, data, train, spec, size, epochs, seed)
            scores = blocked_scores(data, model, valid, spec, size)
        else:
            if size not in features:
                features[size] = tuple(baseline_features(data, r, spec, size)
                                       for r in (train, valid))  # fmt: skip
            x_train, x_valid = features[size]
            sparse = scipy.sparse.issparse(x_train)
            model = spec.make(seed, threads, class_weight=class_weight, sparse=sparse, **params)
            model = kind.wrap_estimator(model)
            model.fit(x_train, np.asarray(data.y[train]))
            scores = kind.estimator_scores(model, x_valid)
        value = kind.compute(y_valid, scores, [metric])[metric]
        return value, (model, size), {**{f"param_{p}": v for p, v in tried.items()},
                                      f"valid_{metric}": value}  # fmt: skip

    (best, best_k), rows = select_on_validation(grid_points(grid), evaluate, higher_is_better)
    return best, best_k, pd.DataFrame(rows)


def save_baseline(path: str | Path, model: Any, name: str, k: int, tuning: pd.DataFrame) -> None:
    with open(path, "wb") as handle:
        pickle.dump({"model": model, "name": name, "k": k, "tuning": tuning}, handle)


def load_baseline(path: str | Path) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def fit_seeds(
    data: PreparedDataset,
    settings: dict[str, Any],
    seeds: list[int],
    models: list[Path],
    tunings: list[Path],
    threads: int,
    log: Callable[[str], None],
) -> None:
    """One fit_baseline job: per seed, tune the baseline on validation and save the chosen
    fit and its tuning table."""
    name, k = settings["model"], settings.get("k", 3)
    for seed, model_path, tuning_path in zip(seeds, models, tunings, strict=True):
        model, chosen_k, tuning = tune_baseline(data, name=name, grid=settings.get("grid", {}),
                                                k=k, seed=seed, threads=threads,
                                                bagging=settings.get("bagging", False))  # fmt: skip
        log(f"seed {seed}\n{tuning.to_string(index=False)}")
        tuning.to_csv(tuning_path, sep="\t", index=False)
        save_baseline(model_path, model, name, chosen_k, tuning)
