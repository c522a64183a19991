"""Per-target paired tests of two models on a multi-target task (chromatin profiles, drugs,
D-GEX genes), for counting the targets one model significantly wins after Benjamini-Hochberg
adjustment over the targets.

The statistic is that of comparisons.tsv, target by target: the difference of the seed-mean
per-target metric (AUROC for labels, MAE for regression; positive = the first model is better).
A two-level bootstrap per target and pair would cost hundreds of metric evaluations on every
target (919 of them at DeepSEA's scale), so the test is its normal approximation:
z = difference / sqrt(test-sampling variance + seed variance), where
- the test-sampling variance of the seed-mean difference comes from per-example structural
  components summed over clusters of dependent examples (DeLong's placement values for AUROC,
  clustered as Obuchowski 1997 does; absolute errors for MAE), and
- the seed variance is each model's seed-to-seed variance of the per-target metric over its
  number of seeds (0 for a deterministic model: one seed repeated).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import stats

from gdlbench.aggregate.compare import Predictions, SeedScores, read_test_scores
from gdlbench.aggregate.stats import bh_adjusted
from gdlbench.aggregate.targets import compared_metric
from gdlbench.bootstrap import distinct_seeds
from gdlbench.kinds import labelled

TEST_COLUMNS = ["target", "difference", "se", "p_value", "p_bh"]


def cluster_variance(parts: list[tuple[np.ndarray, np.ndarray, int]]) -> float:
    """Variance of a statistic that is a sum of per-example parts: each part is (deviations
    of its examples from the statistic, their cluster codes, the count it is averaged over).
    Examples of one cluster are summed first, so dependent examples count as one draw."""
    n_clusters = 1 + max(int(codes.max(initial=-1)) for _, codes, _ in parts)
    if n_clusters < 2:
        return float("nan")
    total = np.zeros(n_clusters)
    for deviations, codes, count in parts:
        total += np.bincount(codes, weights=deviations, minlength=n_clusters) / count
    return float(n_clusters / (n_clusters - 1) * np.sum(total**2))


def placement_values(truth: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DeLong's structural components, from one sort: for each positive, the share of
    negatives it outranks; for each negative, the share of positives that outrank it (ties
    count half). Both average to the AUROC."""
    order = np.argsort(scores)  # ties in any order: only their blocks count
    ranked, positive = scores[order], truth[order]
    block = np.cumsum(np.r_[True, ranked[1:] != ranked[:-1]]) - 1  # tie block of each
    positives = np.bincount(block, weights=positive)
    negatives = np.bincount(block, weights=~positive)
    negatives_below = np.cumsum(negatives) - negatives / 2  # ties count half
    positives_above = positives.sum() - np.cumsum(positives) + positives / 2
    placed = np.empty(len(scores))
    placed[order] = np.where(positive, negatives_below[block] / negatives.sum(),
                             positives_above[block] / positives.sum())  # fmt: skip
    return placed[truth], placed[~truth]


def _seed_variance(values: list[float]) -> float:
    return float(np.var(values, ddof=1) / len(values)) if len(values) > 1 else 0.0


def auroc_difference(
    truth: np.ndarray, clusters: np.ndarray, a: list[np.ndarray], b: list[np.ndarray]
) -> tuple[float, float]:
    """(seed-mean AUROC of a minus b, its standard error) on one target's labelled examples
    (`truth` 0/1, `clusters` codes 0..K-1; `a`, `b`: each model's distinct seeds); NaN
    where the examples hold one class only."""
    truth = truth == 1
    if truth.all() or not truth.any():
        return float("nan"), float("nan")
    components = []
    per_seed = []
    for seeds in (a, b):
        placed = [placement_values(truth, s) for s in seeds]
        components.append([np.mean([p[i] for p in placed], axis=0) for i in (0, 1)])
        per_seed.append([float(p[0].mean()) for p in placed])
    d10 = components[0][0] - components[1][0]
    d01 = components[0][1] - components[1][1]
    difference = float(d10.mean())
    variance = cluster_variance([(d10 - difference, clusters[truth], len(d10)),
                                 (d01 - difference, clusters[~truth], len(d01))])  # fmt: skip
    variance += _seed_variance(per_seed[0]) + _seed_variance(per_seed[1])
    return difference, float(np.sqrt(variance))


def mae_difference(
    truth: np.ndarray, clusters: np.ndarray, a: list[np.ndarray], b: list[np.ndarray]
) -> tuple[float, float]:
    """(seed-mean MAE of b minus a, so positive = a is better, its standard error) of one
    regression target."""
    errors = [np.mean([np.abs(s - truth) for s in seeds], axis=0) for seeds in (a, b)]
    gains = errors[1] - errors[0]
    difference = float(gains.mean())
    variance = cluster_variance([(gains - difference, clusters, len(gains))])
    per_seed = [[float(np.abs(s - truth).mean()) for s in seeds] for seeds in (a, b)]
    variance += _seed_variance(per_seed[0]) + _seed_variance(per_seed[1])
    return difference, float(np.sqrt(variance))


DIFFERENCE_TESTS = {"auroc": auroc_difference, "mae": mae_difference}  # by compared metric


def target_tests(task: str, targets: list[str], a: SeedScores, b: SeedScores) -> pd.DataFrame:
    """TEST_COLUMNS, one row per target of a multi-target task (`targets`: their names, in
    column order) with a defined difference: model a against model b on the same test rows,
    a two-sided normal p-value and its Benjamini-Hochberg adjustment over the targets."""
    test = DIFFERENCE_TESTS[compared_metric(task)]
    seeds = [distinct_seeds(list(t.scores.values())) for t in (a, b)]
    y = np.asarray(a.y, dtype=float)
    rows = []
    for t, target in enumerate(targets):
        keep = labelled(y[:, t])
        codes = np.unique(a.clusters[keep], return_inverse=True)[1].reshape(-1)
        columns = [[s[keep, t] for s in side] for side in seeds]
        difference, se = test(y[keep, t], codes, *columns)
        if not np.isfinite(difference):
            continue
        p = float(2 * stats.norm.sf(abs(difference) / se)) if se > 0 else float(difference == 0)
        rows.append([target, difference, se, p])
    table = pd.DataFrame(rows, columns=TEST_COLUMNS[:-1])
    table["p_bh"] = bh_adjusted(table["p_value"].to_numpy())
    return table


# (task, dataset, model, reference) -> target_tests of model against reference
PairTests = Callable[[str, str, str, str], pd.DataFrame]


def pair_tests(predictions: Predictions, targets: dict[str, list[str]]) -> PairTests:
    """`target_tests` of any two models of a dataset, from their seeds' prediction files
    (`targets`: dataset -> its target names)."""

    @functools.cache
    def tests(task: str, dataset: str, model: str, reference: str) -> pd.DataFrame:
        pair = [read_test_scores(predictions[(dataset, m)]) for m in (model, reference)]
        return target_tests(task, targets[dataset], *pair)

    return tests
