"""Paired comparisons on the same test examples: per dataset, each deep-learning family's best
model against the best baseline. "Best" is chosen on the validation split (highest seed-mean
validation value of the task's primary metric, lowest for errors), never on the test split.

Each model's test scores are averaged over its seeds (one seed-averaged predictor per model),
then the test examples are resampled with replacement `n_bootstrap` times; in every resample
both models are scored on the same examples. The difference (family minus baseline, positive =
the family is better, errors sign-flipped) has a percentile 95% CI and a two-sided bootstrap
p-value: twice the smaller share of resampled differences on either side of 0, counted as
(k + 1) / (B + 1) so that it is never 0. Where the metric is a binary AUROC, DeLong's test for
two correlated ROC curves (DeLong, DeLong & Clarke-Pearson 1988) gives a second, analytic
p-value on the same seed-averaged scores.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from gdlbench.bootstrap import paired_bootstrap
from gdlbench.kinds import higher_is_better, primary_metric, task_kind

COLUMNS = ["task", "dataset", "metric", "family", "model", "baseline", "n_test",
           "family_value", "baseline_value", "difference", "ci_low", "ci_high", "p_value",
           "n_bootstrap", "delong_p"]  # fmt: skip


def test_predictions(task: str, paths: list[Path]) -> tuple[np.ndarray, list[np.ndarray]]:
    """(y, scores of each seed) of the test rows in row order, from the seeds' prediction
    files."""
    kind = task_kind(task)
    pairs = []
    for path in paths:
        frame = pd.read_csv(path, sep="\t")
        test = frame[frame["split"] == "test"].sort_values("row").reset_index(drop=True)
        pairs.append(kind.read_predictions(test))
    return pairs[0][0], [scores for _, scores in pairs]


def seed_mean_test_scores(task: str, paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(y, scores) of the test rows in row order, scores averaged over the seeds' prediction
    files (regression: the predictions, so the seed-averaged predictor is scored)."""
    y, scores = test_predictions(task, paths)
    return y, np.mean(scores, axis=0)


def metric_value(task: str, y: np.ndarray, scores: np.ndarray) -> float:
    """The task's primary metric of `scores`."""
    metric = primary_metric(task)[0]
    return task_kind(task).compute(y, scores, [metric])[metric]


def paired_difference(
    task: str, y: np.ndarray, a: np.ndarray, b: np.ndarray, n_bootstrap: int, seed: list[int]
) -> tuple[float, float, float, float]:
    """Primary metric of `a` minus that of `b` on the same examples (errors sign-flipped, so
    positive = `a` is better), with its paired bootstrap CI and p-value."""
    sign = 1.0 if primary_metric(task)[1] else -1.0

    def difference(index: np.ndarray) -> float:
        return sign * (metric_value(task, y[index], a[index])
                       - metric_value(task, y[index], b[index]))  # fmt: skip

    return paired_bootstrap(difference, len(y), n_bootstrap, np.random.default_rng(seed))


def _placement_values(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DeLong's structural components from midranks: for each positive, the share of negatives
    it outranks (ties count half), and for each negative, the share of positives that do not
    outrank it. Their means are both the AUROC."""
    positive = y == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    overall = stats.rankdata(scores)
    within_pos = stats.rankdata(scores[positive])
    within_neg = stats.rankdata(scores[~positive])
    v10 = (overall[positive] - within_pos) / n_neg
    v01 = 1.0 - (overall[~positive] - within_neg) / n_pos
    return v10, v01


def delong_test(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """(AUROC(a) - AUROC(b), its standard error, two-sided p-value) by DeLong's test for two
    ROC curves on the same examples; p = 1 where the two scorings are indistinguishable."""
    y = np.asarray(y).astype(int)
    if len(np.unique(y)) != 2:
        raise ValueError("DeLong's test needs both classes among the test examples")
    (a10, a01), (b10, b01) = _placement_values(y, a), _placement_values(y, b)
    difference = float(a10.mean() - b10.mean())
    variance = (np.var(a10 - b10, ddof=1) / len(a10)) + (np.var(a01 - b01, ddof=1) / len(a01))
    se = float(np.sqrt(variance))
    if se == 0.0:
        return difference, 0.0, 1.0 if difference == 0 else 0.0
    return difference, se, float(2 * stats.norm.sf(abs(difference) / se))


def best_models(metrics: pd.DataFrame, task: str, dataset: str) -> dict[str, str]:
    """Family -> its model with the best seed-mean validation value of the primary metric."""
    metric = primary_metric(task)[0]
    rows = metrics[(metrics["dataset"] == dataset) & (metrics["metric"] == metric)
                   & (metrics["split"] == "valid")]  # fmt: skip
    means = rows.groupby(["family", "model"], sort=True)["value"].mean().reset_index()
    means = means.sort_values("value", ascending=not higher_is_better(metric), kind="stable")
    return means.groupby("family", sort=True)["model"].first().to_dict()


def compare_families(
    metrics: pd.DataFrame,
    predictions: dict[tuple[str, str], list[Path]],
    task: str,
    dataset: str,
    n_bootstrap: int,
    seed: int,
) -> list[list]:
    """COLUMNS rows of one dataset: every DL family's best model against the best baseline."""
    best = best_models(metrics, task, dataset)
    if "baseline" not in best:
        return []
    metric = primary_metric(task)[0]
    y, base_scores = seed_mean_test_scores(task, predictions[(dataset, best["baseline"])])
    rows = []
    for family, model in sorted(best.items()):
        if family == "baseline":
            continue
        scores = seed_mean_test_scores(task, predictions[(dataset, model)])[1]
        difference, low, high, p = paired_difference(
            task, y, scores, base_scores, n_bootstrap, [seed, len(rows)]
        )
        delong_p = delong_test(y, scores, base_scores)[2] if metric == "auroc" else np.nan
        rows.append([task, dataset, metric, family, model, best["baseline"], len(y),
                     metric_value(task, y, scores), metric_value(task, y, base_scores),
                     difference, low, high, p,
                     n_bootstrap, delong_p])  # fmt: skip
    return rows


def predictions_by_run(
    runs: list[tuple[str, str, str, int]], paths: list[str]
) -> tuple[dict[tuple[str, str], list[Path]], dict[str, str]]:
    """(dataset, model) -> its seeds' prediction files, and dataset -> task, from the runs
    (task, dataset, model, seed) and their prediction paths in the same order."""
    predictions: dict[tuple[str, str], list[Path]] = {}
    for (_, dataset, model, _), path in zip(runs, paths, strict=True):
        predictions.setdefault((dataset, model), []).append(Path(path))
    return predictions, {dataset: task for task, dataset, _, _ in runs}


def comparison_table(
    metrics: pd.DataFrame,
    predictions: dict[tuple[str, str], list[Path]],
    tasks: dict[str, str],
    n_bootstrap: int,
    seed: int,
) -> pd.DataFrame:
    """All datasets (`tasks`: dataset -> task) of supervised tasks."""
    rows = []
    for dataset, task in sorted(tasks.items()):
        if task_kind(task).supervised:
            rows += compare_families(metrics, predictions, task, dataset, n_bootstrap, seed)
    return pd.DataFrame(rows, columns=COLUMNS)
