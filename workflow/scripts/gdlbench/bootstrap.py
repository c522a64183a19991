"""The one bootstrap engine: resample test examples -- whole clusters of dependent examples
where prepare gives them (the two strands of a window, pairs sharing a site) -- and, for
two-level intervals, each model's seeds, with replacement. A resample is a count per example
(`draw_resamples`), and the task kind scores every resample of one seed's predictions at
once (`Kind.resampled`; multi-label kinds sort each target once for all resamples). Summary
intervals (examples x seeds), paired comparisons (examples x each model's seeds),
published-number intervals and learning curves all go through it.

A replicate where a metric is undefined (AUROC of a one-class resample) gives NaN for that
metric only, and is left out of that metric's interval; callers report how many replicates
each interval rests on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from gdlbench.kinds import Kind, task_kind, task_metric_names


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


def drawn_seeds(k: int, rng: np.random.Generator) -> np.ndarray:
    """(k,) counts of how often one resample of `k` seeds, with replacement, drew each."""
    return np.bincount(rng.integers(0, k, k), minlength=k)


def draw_resamples(
    n: int,
    n_bootstrap: int,
    rng: np.random.Generator,
    n_seeds: Sequence[int] = (),
    clusters: np.ndarray | None = None,
) -> tuple[np.ndarray, list[np.ndarray]]:
    """`n_bootstrap` resamples of `n` examples (by `clusters` where given), each also
    resampling the seeds of every model (`n_seeds`: how many each has), after the examples:
    (n_bootstrap, n) counts of how often each resample drew each example, and per model
    (n_bootstrap, seeds) counts of its drawn seeds."""
    draw = example_sampler(n, clusters)
    counts = np.zeros((n_bootstrap, n), dtype=np.uint16)  # a draw > 65535 times: overflow
    seeds = [np.zeros((n_bootstrap, k), dtype=int) for k in n_seeds]
    for b in range(n_bootstrap):
        drawn = np.bincount(draw(rng), minlength=n)
        if drawn.max(initial=0) > np.iinfo(counts.dtype).max:
            counts = counts.astype(np.int64)
        counts[b] = drawn
        for k, weights in zip(n_seeds, seeds, strict=True):
            weights[b] = drawn_seeds(k, rng)
    return counts, seeds


def seed_values(
    kind: Kind,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    names: list[str],
    counts: np.ndarray,
    groups: dict[str, list[int]] | None = None,
) -> np.ndarray:
    """(resamples, seeds, metrics): each seed's metrics `names` on each resample of the
    examples (`counts`, see `draw_resamples`), NaN where undefined."""
    return np.stack([kind.resampled(y, scores, names, counts, groups)
                     for scores in scores_by_seed], axis=1)  # fmt: skip


def seed_mean(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(resamples, metrics) means over seeds of `values` (resamples, seeds, metrics), each
    seed weighted by how often the resample drew it (`weights`, (resamples, seeds)); NaN
    where a drawn seed's metric is undefined."""
    drawn = weights[:, :, None] > 0
    total = (np.where(drawn, values, 0.0) * weights[:, :, None]).sum(axis=1)
    undefined = (drawn & np.isnan(values)).any(axis=1)
    return np.where(undefined, np.nan, total / weights.sum(axis=1)[:, None])


def percentile_interval(values: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the finite values (2.5 and 97.5 for 95%, exactly); NaN when
    there are none."""
    values = np.asarray(values, dtype=float)
    if not np.isfinite(values).any():
        return float("nan"), float("nan")
    tail = round(100 * (1 - level) / 2, 12)
    low, high = np.nanpercentile(values, [tail, 100 - tail])
    return float(low), float(high)


def distinct_seeds(scores_by_seed: list[np.ndarray]) -> list[np.ndarray]:
    """The seeds' scores, or one of them where every seed scored alike (a deterministic
    baseline: one model repeated, whose seed-resampling changes nothing)."""
    first = scores_by_seed[0]
    if all(np.array_equal(first, other) for other in scores_by_seed[1:]):
        return [first]
    return list(scores_by_seed)


def seed_mean_replicates(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    rng: np.random.Generator,
    groups: dict[str, list[int]] | None = None,
    clusters: np.ndarray | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(metric names, (seeds, metrics) each seed's metrics on all the examples, (n_bootstrap,
    metrics) replicates of the seed-mean metrics over two-level resamples): the test examples
    (one resample shared by every seed, as they share the test set) and the seeds. The spread
    so pools test-set sampling with seed-to-seed (training) variance. The examples and their
    resamples are scored in one pass, so each target of a multi-label task is sorted once a
    seed. `groups`: the dataset's target groups (multi-label tasks)."""
    names = task_metric_names(task)
    seeds = distinct_seeds(scores_by_seed)
    counts, (weights,) = draw_resamples(len(y), n_bootstrap, rng, [len(seeds)], clusters)
    unit = np.ones((1, len(y)), dtype=counts.dtype)
    values = seed_values(task_kind(task), y, seeds, names, np.vstack([unit, counts]), groups)
    point = np.repeat(values[0], len(scores_by_seed) // len(seeds), axis=0)  # one seed: repeated
    return names, point, seed_mean(values[1:], weights)


def replicate_intervals(
    names: list[str], replicates: np.ndarray, level: float = 0.95
) -> dict[str, tuple[float, float, int]]:
    """Metric -> (percentile CI of its column of `replicates`, the finite replicates it rests
    on)."""
    return {m: (*percentile_interval(replicates[:, i], level),
                int(np.isfinite(replicates[:, i]).sum()))
            for i, m in enumerate(names)}  # fmt: skip


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
    names, _, values = seed_mean_replicates(
        task, y, scores_by_seed, n_bootstrap, np.random.default_rng(seed), groups, clusters
    )
    return replicate_intervals(names, values, level)


def scored_resamples(
    task: str, metric: str, y: np.ndarray, scores_by_seed: list[np.ndarray], counts: np.ndarray
) -> np.ndarray:
    """(1 + resamples, seeds): `metric` of each distinct seed (`distinct_seeds`) on all the
    examples (row 0), then on each resample of them (`counts`, see `draw_resamples`); NaN
    where undefined. One pass, so each target of a multi-label task is sorted once."""
    unit = np.ones((1, len(y)), dtype=counts.dtype)
    seeds = distinct_seeds(scores_by_seed)
    return seed_values(task_kind(task), y, seeds, [metric], np.vstack([unit, counts]))[:, :, 0]


def paired_replicates(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator
) -> tuple[float, np.ndarray]:
    """The seed-mean metric of model a minus that of model b on all test examples, and its
    replicates, from both models' `scored_resamples` on the same resamples of the examples:
    each replicate also resamples each model's seeds independently (their trainings are
    independent)."""
    weights = [np.stack([drawn_seeds(side.shape[1], rng) for _ in side[1:]]) for side in (a, b)]
    means = [seed_mean(side[1:, :, None], drawn)[:, 0]
             for side, drawn in zip((a, b), weights, strict=True)]  # fmt: skip
    return float(a[0].mean() - b[0].mean()), means[0] - means[1]


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
    """`paired_replicates` of models a and b (each a list of its seeds' scores) over
    `n_bootstrap` resamples of the test examples (clusters), shared by both models as they
    share the test set. A deterministic model counts as one seed repeated."""
    counts = draw_resamples(len(y), n_bootstrap, rng, clusters=clusters)[0]
    a, b = (scored_resamples(task, metric, y, seeds, counts) for seeds in (a_by_seed, b_by_seed))
    return paired_replicates(a, b, rng)


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
