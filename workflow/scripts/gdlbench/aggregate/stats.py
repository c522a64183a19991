"""Summaries of per-seed test metrics: mean, sd over seeds and a 95% confidence interval.

The interval is the two-level percentile bootstrap of gdlbench.bootstrap (test examples x
seeds), computed by each evaluation job; metrics that are not sums over test examples
(n_pathways) fall back to a Student-t interval over seeds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from gdlbench.kinds import metric_range

SUMMARY_KEYS = ["task", "dataset", "model", "family", "metric"]
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


def holm_adjusted(p_values: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment (family-wise error) of the finite p-values; NaN stays
    NaN and is not counted."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full(len(p_values), np.nan)
    finite = np.flatnonzero(np.isfinite(p_values))
    order = finite[np.argsort(p_values[finite], kind="stable")]
    steps = (len(order) - np.arange(len(order))) * p_values[order]
    adjusted[order] = np.minimum(1.0, np.maximum.accumulate(steps))
    return adjusted


def bh_adjusted(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (false discovery rate) of the finite p-values;
    NaN stays NaN and is not counted."""
    p_values = np.asarray(p_values, dtype=float)
    adjusted = np.full(len(p_values), np.nan)
    finite = np.isfinite(p_values)
    if finite.any():
        adjusted[finite] = stats.false_discovery_control(p_values[finite])
    return adjusted


def read_tables(paths: list) -> pd.DataFrame:
    """TSV tables of the same columns (per-run metrics or intervals), concatenated."""
    return pd.concat([pd.read_csv(path, sep="\t") for path in paths], ignore_index=True)


def summarize(
    metrics: pd.DataFrame, intervals: pd.DataFrame | None = None, split: str = "test"
) -> pd.DataFrame:
    """One row per (task, dataset, model, family, metric) of `split`: mean, sd over seeds,
    ci_low and ci_high (95%: the bootstrap `intervals` where given, else t over seeds),
    ci_method, n_seeds, the seeds themselves, `n_seeds_at_chance` and `seeds_at_chance`: the
    seeds whose training never left the chance loss (the `at_chance` flags of the validation
    rows), averaged in like the others but counted and named here, and `tuning_budget`: the
    configurations tried on validation per seed (the `tuning_budget` rows)."""
    bootstrap = {}
    if intervals is not None:
        keys = ["task", "dataset", "model", "metric"]
        bootstrap = intervals.set_index(keys)[["ci_low", "ci_high", "n_bootstrap"]].T.to_dict()
    run_keys = ["task", "dataset", "model"]
    flags = metrics[(metrics["metric"] == "at_chance") & (metrics["value"] > 0)]
    at_chance = flags.groupby(run_keys)["seed"].agg(sorted).to_dict()
    budgets = metrics[metrics["metric"] == "tuning_budget"].groupby(run_keys)["value"].max()
    rows = []
    for keys, group in metrics[metrics["split"] == split].groupby(SUMMARY_KEYS, sort=True):
        mean, sd, low, high = mean_ci(group["value"].to_numpy())
        method = T_METHOD
        found = bootstrap.get((keys[0], keys[1], keys[2], keys[4]))
        if found is not None:
            low, high = found["ci_low"], found["ci_high"]
            method = f"{BOOTSTRAP_METHOD} (B={int(found['n_bootstrap'])})"
        low, high = np.clip([low, high], *metric_range(keys[4]))  # a t-interval can overshoot
        seeds = ",".join(str(s) for s in sorted(group["seed"]))
        run = (keys[0], keys[1], keys[2])
        chance = ",".join(str(s) for s in at_chance.get(run, []))
        budget = int(budgets[run]) if run in budgets.index else 1
        n_chance = len(at_chance.get(run, []))
        rows.append([*keys, mean, sd, low, high, method, len(group), seeds, n_chance, chance,
                     budget])  # fmt: skip
    columns = [*SUMMARY_KEYS, "mean", "sd", "ci_low", "ci_high", "ci_method", "n_seeds", "seeds",
               "n_seeds_at_chance", "seeds_at_chance", "tuning_budget"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
