"""What each model costs: training wall time and peak memory (Snakemake `benchmark:` files of
the training job, which fits every seed) and the number of fitted parameters, beside its test
value of the task's primary metric; and which models are on the Pareto front (no other model
on the dataset is at least as cheap on all three costs and at least as good)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.base import BaseEstimator

from gdlbench.baselines.fit import load_baseline
from gdlbench.kinds import primary_metric

COSTS = ["train_s_per_seed", "peak_rss_mb", "n_parameters"]
COLUMNS = [
    "task",
    "dataset",
    "model",
    "family",
    "n_seeds",
    "train_s",
    *COSTS,
    "metric",
    "value",
    "ci_low",
    "ci_high",
    "pareto",
]
SKIPPED = {"classes_", "feature_names_in_"}


def fitted_size(obj: Any) -> int:
    """Fitted floating-point numbers of a scikit-learn model: arrays and floats among its
    public fitted attributes (`name_`), through pipelines, calibrated and tree ensembles; a
    tree counts a threshold per node and its leaf values; kNN its stored training set."""
    if isinstance(obj, np.ndarray):
        return int(obj.size) if obj.dtype.kind == "f" else 0
    if isinstance(obj, float | np.floating):
        return 1
    if isinstance(obj, list | tuple):
        return sum(fitted_size(item) for item in obj)
    if hasattr(obj, "steps"):  # Pipeline
        return sum(fitted_size(step) for _, step in obj.steps)
    if hasattr(obj, "calibrators"):  # one member of CalibratedClassifierCV
        return fitted_size(obj.estimator) + fitted_size(obj.calibrators)
    if hasattr(obj, "_fit_X"):  # nearest neighbours keep the training set
        return int(obj._fit_X.size + np.asarray(obj._y).size)
    if hasattr(obj, "tree_"):
        return int(obj.tree_.node_count + obj.tree_.value.size)
    if isinstance(obj, BaseEstimator):
        public = {name: v for name, v in vars(obj).items() if not name.startswith("_")}
        return fitted_size(
            [
                v
                for name, v in public.items()  # n_*: counts, not parameters
                if name.endswith("_") and not name.startswith("n_") and name not in SKIPPED
            ]
        )
    return 0


def parameter_count(path: Path) -> int:
    """Parameters of a saved torch model (`.pt`: its state dict) or baseline (`.pkl`)."""
    if path.suffix == ".pt":
        state = torch.load(path, map_location="cpu", weights_only=True)["state_dict"]
        return int(sum(t.numel() for t in state.values() if t.is_floating_point()))
    return fitted_size(load_baseline(path)["model"])


def read_benchmark(path: Path) -> tuple[float, float]:
    """(wall seconds, peak resident memory in MB) of a Snakemake benchmark file."""
    row = pd.read_csv(path, sep="\t").iloc[-1]
    return float(row["s"]), float(row["max_rss"])


def pareto_front(costs: np.ndarray, values: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Boolean mask of the rows no other row dominates (costs: lower is better, all columns;
    values: by `higher_is_better`)."""
    goodness = values if higher_is_better else -values
    front = np.ones(len(values), dtype=bool)
    for i in range(len(values)):
        as_good = (costs <= costs[i]).all(axis=1) & (goodness >= goodness[i])
        strictly = (costs < costs[i]).any(axis=1) | (goodness > goodness[i])
        front[i] = not (as_good & strictly).any()
    return front


def cost_table(
    runs: list[tuple[str, str, str]],
    benchmarks: list[Path],
    models: list[list[Path]],
    summary: pd.DataFrame,
) -> pd.DataFrame:
    """COLUMNS per run (task, dataset, model): its training job's benchmark, its seeds' mean
    parameter count and its summary row of the task's primary metric; `pareto` per dataset."""
    primary = summary.set_index(["dataset", "model", "metric"])
    rows = []
    for (task, dataset, model), benchmark, paths in zip(runs, benchmarks, models, strict=True):
        seconds, rss = read_benchmark(Path(benchmark))
        n_parameters = round(np.mean([parameter_count(Path(p)) for p in paths]))
        metric = primary_metric(task)[0]
        found = primary.loc[(dataset, model, metric)]
        rows.append(
            [
                task,
                dataset,
                model,
                found["family"],
                len(paths),
                seconds,
                seconds / len(paths),
                rss,
                n_parameters,
                metric,
                found["mean"],
                found["ci_low"],
                found["ci_high"],
                False,
            ]
        )
    table = pd.DataFrame(rows, columns=COLUMNS)
    for (task, _), part in table.groupby(["task", "dataset"], sort=False):
        higher = primary_metric(task)[1]
        mask = pareto_front(part[COSTS].to_numpy(float), part["value"].to_numpy(float), higher)
        table.loc[part.index, "pareto"] = mask
    return table
