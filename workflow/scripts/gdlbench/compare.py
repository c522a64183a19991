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

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.metrics import roc_auc_score

from gdlbench.metrics import compute_metrics, primary_metric
from gdlbench.tasks import TASKS

COLUMNS = ["task", "dataset", "metric", "family", "model", "baseline", "n_test",
           "family_value", "baseline_value", "difference", "ci_low", "ci_high", "p_value",
           "n_bootstrap", "delong_p"]  # fmt: skip


def seed_mean_test_scores(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(y or per-example error, scores) of the test rows, scores averaged over the seeds'
    prediction files. Regression files give each example's mean absolute error as `y` and no
    scores (an empty array)."""
    frames = []
    for path in paths:
        frame = pd.read_csv(path, sep="\t")
        frames.append(frame[frame["split"] == "test"].sort_values("row").reset_index(drop=True))
    first = frames[0]
    if "abs_error" in first:
        return np.mean([f["abs_error"].to_numpy() for f in frames], axis=0), np.empty(0)
    columns = [c for c in first.columns if c.startswith("score")]
    scores = np.mean([f[columns].to_numpy() for f in frames], axis=0)
    return first["y"].to_numpy(), scores[:, 0] if len(columns) == 1 else scores


def metric_value(task: str, y: np.ndarray, scores: np.ndarray) -> float:
    """The primary metric as reported (errors: the mean per-example error); the common ones
    directly, as the bootstrap computes them thousands of times."""
    metric = primary_metric(task)[0]
    if TASKS[task].kind == "regression":
        return float(np.mean(y))
    if metric == "auroc":
        return float(roc_auc_score(y, scores))
    if metric == "accuracy" and scores.ndim == 2:
        return float(np.mean(scores.argmax(axis=1) == y))
    return compute_metrics(task, y, scores)[metric]


def scorer(task: str) -> Callable[[np.ndarray, np.ndarray], float]:
    """A function (y, scores) -> the task's primary metric, signed so higher is better;
    for regression, y holds per-example errors and the value is minus their mean."""
    _, higher_is_better = primary_metric(task)
    sign = 1.0 if higher_is_better else -1.0
    return lambda y, scores: sign * metric_value(task, y, scores)


def paired_bootstrap(
    y: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    score: Callable,
    n_bootstrap: int,
    rng: np.random.Generator,
    b_y: np.ndarray | None = None,
) -> tuple[float, float, float, float]:
    """score(a) - score(b) on all examples, its percentile 95% CI and two-sided p-value over
    paired resamples (`b_y` replaces `y` for b, for per-example errors)."""
    b_y = y if b_y is None else b_y
    observed = score(y, a) - score(b_y, b)
    n, differences = len(y), []
    for _ in range(n_bootstrap):
        index = rng.integers(0, n, n)
        try:
            differences.append(score(y[index], a[index] if len(a) else a)
                               - score(b_y[index], b[index] if len(b) else b))  # fmt: skip
        except ValueError:  # a resample with one class has no AUROC
            continue
    differences = np.array(differences)
    differences = differences[np.isfinite(differences)]  # undefined on one-class resamples
    low, high = np.percentile(differences, [2.5, 97.5])
    tail = min((differences <= 0).sum(), (differences >= 0).sum())
    p = min(1.0, 2 * (tail + 1) / (len(differences) + 1))  # never 0 from finite resamples
    return float(observed), float(low), float(high), float(p)


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
    metric, higher_is_better = primary_metric(task)
    rows = metrics[(metrics["dataset"] == dataset) & (metrics["metric"] == metric)
                   & (metrics["split"] == "valid")]  # fmt: skip
    means = rows.groupby(["family", "model"], sort=True)["value"].mean().reset_index()
    means = means.sort_values("value", ascending=not higher_is_better, kind="stable")
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
    score = scorer(task)
    metric = primary_metric(task)[0]
    base_y, base_scores = seed_mean_test_scores(predictions[(dataset, best["baseline"])])
    rows = []
    for family, model in sorted(best.items()):
        if family == "baseline":
            continue
        y, scores = seed_mean_test_scores(predictions[(dataset, model)])
        rng = np.random.default_rng([seed, len(rows)])
        difference, low, high, p = paired_bootstrap(
            y, scores, base_scores, score, n_bootstrap, rng, b_y=base_y
        )
        delong_p = delong_test(y, scores, base_scores)[2] if metric == "auroc" else np.nan
        rows.append([task, dataset, metric, family, model, best["baseline"], len(y),
                     metric_value(task, y, scores), metric_value(task, base_y, base_scores),
                     difference, low, high, p,
                     n_bootstrap, delong_p])  # fmt: skip
    return rows


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
        if TASKS[task].kind != "representation":
            rows += compare_families(metrics, predictions, task, dataset, n_bootstrap, seed)
    return pd.DataFrame(rows, columns=COLUMNS)
