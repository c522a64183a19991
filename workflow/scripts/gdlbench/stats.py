"""Aggregate per-seed test metrics: mean, sd and a 95% confidence interval over seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

SUMMARY_KEYS = ["task", "dataset", "model", "family", "metric"]


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


def summarize(metrics: pd.DataFrame, split: str = "test") -> pd.DataFrame:
    """One row per (task, dataset, model, family, metric) of `split`: mean, sd, ci_low,
    ci_high (95%, t over seeds), n_seeds and the seeds themselves."""
    rows = []
    for keys, group in metrics[metrics["split"] == split].groupby(SUMMARY_KEYS, sort=True):
        mean, sd, low, high = mean_ci(group["value"].to_numpy())
        seeds = ",".join(str(s) for s in sorted(group["seed"]))
        rows.append([*keys, mean, sd, low, high, len(group), seeds])
    columns = [*SUMMARY_KEYS, "mean", "sd", "ci_low", "ci_high", "n_seeds", "seeds"]
    return pd.DataFrame(rows, columns=columns)
