"""Summaries of per-seed test metrics: mean, sd over seeds and a 95% confidence interval.

The interval is a two-level (hierarchical) percentile bootstrap: each of B replicates resamples
the test examples with replacement (one resample shared by every seed, since all seeds are
scored on the same test set) and, independently, the seeds with replacement; the replicate's
value is the mean over the resampled seeds of the metric on the resampled examples. Its spread
thus pools the test-set sampling variance with the seed-to-seed (training) variance. Metrics
that are not sums over test examples (n_pathways) fall back to a Student-t interval over seeds.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats
from sklearn.exceptions import UndefinedMetricWarning

from gdlbench.metrics import compute_metrics

SUMMARY_KEYS = ["task", "dataset", "model", "family", "metric"]
INTERVAL_COLUMNS = ["task", "dataset", "model", "metric", "ci_low", "ci_high", "n_bootstrap"]
BOOTSTRAP_METHOD = "bootstrap: test examples x seeds"
T_METHOD = "t over seeds"


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float, float]:
    """Mean, sample sd and Student-t CI of the mean (NaN CI and sd for a single value)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    mean = float(values.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), float("nan")
    sd = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * sd / np.sqrt(n)
    return mean, sd, mean - half, mean + half


def bootstrap_intervals(
    task: str,
    y: np.ndarray,
    scores_by_seed: list[np.ndarray],
    n_bootstrap: int,
    seed: int,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Metric -> percentile CI of the seed-mean metric over B two-level resamples (test
    examples and seeds; module docstring). Resamples where a metric is undefined (NaN, as
    AUROC with one class only) are left out of that metric's interval."""
    rng = np.random.default_rng(seed)
    n, n_seeds = len(y), len(scores_by_seed)
    replicates: dict[str, list[float]] = {}
    for _ in range(n_bootstrap):
        index = rng.integers(0, n, n)
        drawn, counts = np.unique(rng.integers(0, n_seeds, n_seeds), return_counts=True)
        with warnings.catch_warnings():  # AUROC of a one-class resample: NaN, left out below
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            warnings.simplefilter("ignore", UserWarning)
            values = [compute_metrics(task, y[index], scores_by_seed[s][index]) for s in drawn]
        for metric in values[0]:
            per_seed = np.array([v[metric] for v in values])
            replicates.setdefault(metric, []).append(float(per_seed @ counts / n_seeds))
    tail = 100 * (1 - level) / 2
    return {
        metric: tuple(float(v) for v in np.nanpercentile(values, [tail, 100 - tail]))
        for metric, values in replicates.items()
    }


def interval_table(
    task: str,
    dataset: str,
    model: str,
    intervals: dict[str, tuple[float, float]],
    n_bootstrap: int,
) -> pd.DataFrame:
    """INTERVAL_COLUMNS rows of one model's `bootstrap_intervals`."""
    rows = [[task, dataset, model, metric, low, high, n_bootstrap]
            for metric, (low, high) in intervals.items()]  # fmt: skip
    return pd.DataFrame(rows, columns=INTERVAL_COLUMNS)


def read_tables(paths: list) -> pd.DataFrame:
    """TSV tables of the same columns (per-run metrics or intervals), concatenated."""
    return pd.concat([pd.read_csv(path, sep="\t") for path in paths], ignore_index=True)


def summarize(
    metrics: pd.DataFrame, intervals: pd.DataFrame | None = None, split: str = "test"
) -> pd.DataFrame:
    """One row per (task, dataset, model, family, metric) of `split`: mean, sd over seeds,
    ci_low and ci_high (95%: the bootstrap `intervals` where given, else t over seeds),
    ci_method, n_seeds and the seeds themselves."""
    bootstrap = {}
    if intervals is not None:
        keys = ["task", "dataset", "model", "metric"]
        bootstrap = intervals.set_index(keys)[["ci_low", "ci_high", "n_bootstrap"]].T.to_dict()
    rows = []
    for keys, group in metrics[metrics["split"] == split].groupby(SUMMARY_KEYS, sort=True):
        mean, sd, low, high = mean_ci(group["value"].to_numpy())
        method = T_METHOD
        found = bootstrap.get((keys[0], keys[1], keys[2], keys[4]))
        if found is not None:
            low, high = found["ci_low"], found["ci_high"]
            method = f"{BOOTSTRAP_METHOD} (B={int(found['n_bootstrap'])})"
        seeds = ",".join(str(s) for s in sorted(group["seed"]))
        rows.append([*keys, mean, sd, low, high, method, len(group), seeds])
    columns = [*SUMMARY_KEYS, "mean", "sd", "ci_low", "ci_high", "ci_method", "n_seeds", "seeds"]
    return pd.DataFrame(rows, columns=columns)
