"""The one bootstrap engine: resample test examples -- whole clusters of dependent examples
where prepare gives them (the two strands of a window, pairs sharing a site) -- and, for
two-level intervals, each model's seeds, with replacement, and collect a statistic per
replicate. Summary intervals (examples x seeds), paired comparisons (examples x each model's
seeds), published-number intervals and learning curves all go through `replicates`.

A replicate where a metric is undefined (AUROC of a one-class resample) gives NaN for that
metric only, and is left out of that metric's interval; callers report how many replicates
each interval rests on.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
from sklearn.exceptions import UndefinedMetricWarning

from gdlbench.kinds import Kind, task_kind, task_metrics

# drawn seeds of one model: (seed positions, how often each was drawn)
Drawn = tuple[np.ndarray, np.ndarray]
# (example indices, drawn seeds of each model) -> one value per statistic
Statistic = Callable[[np.ndarray, list[Drawn]], Sequence[float]]


def example_sampler(
    n: int, clusters: np.ndarray | None = None
) -> Callable[[np.random.Generator], np.ndarray]:
    """A function drawing one resample's example indices: `n` examples with replacement, or,
    with `clusters` (one id per example), as many clusters as there are, with replacement,
    each drawn cluster contributing all its examples."""
    if clusters is None:
        return lambda rng: rng.integers(0, n, n)
    codes = np.unique(np.asarray(clusters), return_inverse=True)[1].reshape(-1)
    if len(codes) != n:
        raise ValueError(f"{len(codes)} cluster ids for {n} examples")
    order = np.argsort(codes, kind="stable")
    code_of_sorted, n_clusters = codes[order], int(codes.max(initial=-1)) + 1

    def draw(rng: np.random.Generator) -> np.ndarray:
        drawn = np.bincount(rng.integers(0, n_clusters, n_clusters), minlength=n_clusters)
        return np.repeat(order, drawn[code_of_sorted])

    return draw


def replicates(
    n: int,
    n_bootstrap: int,
    rng: np.random.Generator,
    statistic: Statistic,
    n_seeds: Sequence[int] = (),
    clusters: np.ndarray | None = None,
) -> np.ndarray:
    """(n_bootstrap, statistics) values of `statistic` on resamples of `n` examples (by
    `clusters` where given); each replicate also resamples the seeds of every model
    (`n_seeds`: how many each has), after the examples. A statistic that raises ValueError
    gives a NaN row."""
    draw = example_sampler(n, clusters)
    values = []
    for _ in range(n_bootstrap):
        index = draw(rng)
        seeds = [np.unique(rng.integers(0, k, k), return_counts=True) for k in n_seeds]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            warnings.simplefilter("ignore", UserWarning)
            try:
                values.append(np.asarray(statistic(index, seeds), dtype=float))
            except ValueError:
                values.append(None)
    width = next((len(v) for v in values if v is not None), 1)  # failures may come first
    return np.vstack([np.full(width, np.nan) if v is None else v for v in values])


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the finite values (2.5 and 97.5 for 95%, exactly); NaN when
    there are none."""
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).any():
        return float("nan"), float("nan")
    tail = round(100 * (1 - level) / 2, 12)
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return float(low), float(high)


def defined_metrics(
    kind: Kind,
    y: np.ndarray,
    scores: np.ndarray,
    names: list[str],
    groups: dict[str, list[int]] | None = None,
) -> list[float]:
    """The metrics `names` of `scores`, NaN for each one undefined on these examples (the
    others are kept)."""
    try:
        values = kind.compute(y, scores, names, groups)
        return [values[m] for m in names]
    except ValueError:
        found = []
        for name in names:
            try:
                found.append(kind.compute(y, scores, [name], groups)[name])
            except ValueError:
                found.append(float("nan"))
        return found


def distinct_seeds(scores_by_seed: list[np.ndarray]) -> list[np.ndarray]:
    """The seeds' scores, or one of them where every seed scored alike (a deterministic
    baseline: one model repeated, whose seed-resampling changes nothing)."""
    first = scores_by_seed[0]
    if all(np.array_equal(first, other) for other in scores_by_seed[1:]):
        return [first]
    return list(scores_by_seed)


def seed_means(
    kind: Kind,
    y: np.ndarray,
    models: list[list[np.ndarray]],
    names: list[str],
    index: np.ndarray,
    drawn: list[Drawn] | None = None,
    groups: dict[str, list[int]] | None = None,
) -> np.ndarray:
    """(models, metrics) seed-mean metrics on the examples `index`: per model (its seeds'
    scores), the mean over its drawn seeds, weighted by their counts (all seeds once when
    `drawn` is None)."""
    means = []
    for i, seeds in enumerate(models):
        chosen, counts = drawn[i] if drawn else (np.arange(len(seeds)), np.ones(len(seeds)))
        per_seed = [defined_metrics(kind, y[index], seeds[s][index], names, groups)
                    for s in chosen]  # fmt: skip
        means.append(np.average(np.asarray(per_seed, dtype=float), axis=0, weights=counts))
    return np.vstack(means)


def seed_mean_replicates(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    rng: np.random.Generator,
    groups: dict[str, list[int]] | None = None,
    clusters: np.ndarray | None = None,
) -> tuple[list[str], np.ndarray]:
    """(metric names, (n_bootstrap, metrics) replicates) of the seed-mean metrics over
    two-level resamples: the test examples (one resample shared by every seed, as they share
    the test set) and the seeds. The spread so pools test-set sampling with seed-to-seed
    (training) variance. `groups`: the dataset's target groups (multi-label tasks)."""
    names = list(task_metrics(task, y, scores_by_seed[0], groups))
    kind, seeds = task_kind(task), distinct_seeds(scores_by_seed)

    def seed_mean(index, drawn):
        return seed_means(kind, y, [seeds], names, index, drawn, groups)[0]

    values = replicates(len(y), n_bootstrap, rng, seed_mean, [len(seeds)], clusters)
    return names, values


def bootstrap_intervals(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    seed: int,
    level: float = 0.95,
    groups: dict[str, list[int]] | None = None,
    clusters: np.ndarray | None = None,
) -> dict[str, tuple[float, float, int]]:
    """Metric -> (percentile CI of `seed_mean_replicates`, the replicates it rests on)."""
    names, values = seed_mean_replicates(
        task, y, scores_by_seed, n_bootstrap, np.random.default_rng(seed), groups, clusters
    )
    return {m: (*percentile_interval(values[:, i], level), int(np.isfinite(values[:, i]).sum()))
            for i, m in enumerate(names)}  # fmt: skip


def paired_seed_replicates(
    task: str,
    metric: str,
    y: np.ndarray,
    a_by_seed: list[np.ndarray],
    b_by_seed: list[np.ndarray],
    n_bootstrap: int,
    rng: np.random.Generator,
    clusters: np.ndarray | None = None,
) -> tuple[float, np.ndarray]:
    """The seed-mean `metric` of model a minus that of model b on all test examples, and its
    (n_bootstrap,) two-level replicates: each resamples the test examples (clusters), shared
    by both models as they share the test set, then each model's seeds independently (their
    trainings are independent). A deterministic model counts as one seed repeated."""
    kind, names = task_kind(task), [metric]
    models = [distinct_seeds(a_by_seed), distinct_seeds(b_by_seed)]

    def difference(index, drawn):
        means = seed_means(kind, y, models, names, index, drawn)
        return [means[0, 0] - means[1, 0]]

    observed = difference(np.arange(len(y)), None)[0]
    n_seeds = [len(seeds) for seeds in models]
    values = replicates(len(y), n_bootstrap, rng, difference, n_seeds, clusters)[:, 0]
    return float(observed), values


def bootstrap_test(values: np.ndarray) -> tuple[float, float, float, int]:
    """Percentile 95% CI of replicated differences (positive = the first model is better),
    the two-sided bootstrap p-value -- twice the smaller share of replicates on either side
    of 0, counted as (k + 1) / (B + 1) so that it is never 0 -- and B, the finite replicates
    used."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return float("nan"), float("nan"), float("nan"), 0
    low, high = percentile_interval(values)
    tail = min((values <= 0).sum(), (values >= 0).sum())
    return low, high, float(min(1.0, 2 * (tail + 1) / (len(values) + 1))), len(values)
