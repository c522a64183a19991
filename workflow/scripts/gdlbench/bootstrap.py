"""The one bootstrap engine: resample test examples (and, for two-level intervals, seeds) with
replacement and collect a statistic per replicate. Summary intervals (examples x seeds),
paired comparisons (examples) and learning curves all go through `replicates`.

A replicate where a statistic is undefined (AUROC of a one-class resample) gives NaN for it
and is left out of that statistic's interval.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from gdlbench.kinds import task_kind, task_metrics

# (example indices, (drawn seeds, their counts) or None) -> one value per statistic
Statistic = Callable[[np.ndarray, tuple[np.ndarray, np.ndarray] | None], np.ndarray]


def replicates(
    n: int, n_bootstrap: int, rng: np.random.Generator, statistic: Statistic, n_seeds: int = 0
) -> np.ndarray:
    """(n_bootstrap, statistics) values of `statistic` on resamples of `n` examples; with
    `n_seeds`, each replicate also resamples the seeds (after the examples)."""
    values = []
    for _ in range(n_bootstrap):
        index = rng.integers(0, n, n)
        seeds = None
        if n_seeds:
            seeds = np.unique(rng.integers(0, n_seeds, n_seeds), return_counts=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            warnings.simplefilter("ignore", UserWarning)
            try:
                values.append(np.asarray(statistic(index, seeds), dtype=float))
            except ValueError:  # a metric undefined on this resample: NaN for every statistic
                values.append(None)
    width = next((len(v) for v in values if v is not None), 1)  # failures may come first
    return np.vstack([np.full(width, np.nan) if v is None else v for v in values])


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the finite values (2.5 and 97.5 for 95%, exactly)."""
    tail = round(100 * (1 - level) / 2, 12)
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return float(low), float(high)


def seed_mean_replicates(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    rng: np.random.Generator,
    groups: dict[str, list[int]] | None = None,
) -> tuple[list[str], np.ndarray]:
    """(metric names, (n_bootstrap, metrics) replicates) of the seed-mean metrics over
    two-level resamples: the test examples (one resample shared by every seed, as they share
    the test set) and the seeds. The spread so pools test-set sampling with seed-to-seed
    (training) variance. `groups`: the dataset's target groups (multi-label tasks)."""
    names = list(task_metrics(task, y, scores_by_seed[0], groups))
    kind = task_kind(task)

    def seed_mean(index, seeds):
        drawn, counts = seeds
        per_seed = [kind.compute(y[index], scores_by_seed[s][index], names, groups) for s in drawn]
        return [np.dot([v[m] for v in per_seed], counts) / len(scores_by_seed) for m in names]

    return names, replicates(len(y), n_bootstrap, rng, seed_mean, len(scores_by_seed))


def bootstrap_intervals(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    seed: int,
    level: float = 0.95,
    groups: dict[str, list[int]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Metric -> percentile CI of `seed_mean_replicates`."""
    names, values = seed_mean_replicates(
        task, y, scores_by_seed, n_bootstrap, np.random.default_rng(seed), groups
    )
    return {m: percentile_interval(values[:, i], level) for i, m in enumerate(names)}


def paired_bootstrap(
    score: Callable[[np.ndarray], float],
    n: int,
    n_bootstrap: int,
    rng: np.random.Generator,
) -> tuple[float, float, float, float]:
    """`score(index)` is a difference of two models on the examples `index` (positive = the
    first is better). Returns the difference on all examples, its percentile 95% CI and the
    two-sided bootstrap p-value: twice the smaller share of resampled differences on either
    side of 0, counted as (k + 1) / (B + 1) so that it is never 0."""
    observed = score(np.arange(n))
    differences = replicates(n, n_bootstrap, rng, lambda index, _: [score(index)])[:, 0]
    differences = differences[np.isfinite(differences)]
    low, high = percentile_interval(differences)
    tail = min((differences <= 0).sum(), (differences >= 0).sum())
    p = min(1.0, 2 * (tail + 1) / (len(differences) + 1))
    return float(observed), low, high, float(p)
