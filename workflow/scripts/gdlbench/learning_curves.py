"""Learning curves (review §6.1, small samples): a model trained and scored at nested fractions
of a dataset's training split (data/fraction.py; rows name the dataset `<dataset>__frac<percent>`)
beside its full run, with the same bootstrap CIs as summary.tsv (figure: gdlbench.figures)."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.baselines.fit import save_baseline, tune_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.fraction import nested_training_subset
from gdlbench.evaluate import evaluate_model
from gdlbench.stats import bootstrap_intervals, interval_table, summarize
from gdlbench.train import Log, save_trained, train_model

COLUMNS = [
    "task",
    "dataset",
    "model",
    "family",
    "fraction",
    "n_train",
    "metric",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "ci_method",
    "n_seeds",
    "seeds",
]


def fraction_name(dataset: str, fraction: float) -> str:
    return f"{dataset}__frac{fraction * 100:g}"


def fit_and_save(
    data: PreparedDataset,
    settings: dict[str, Any],
    baseline: bool,
    seed: int,
    folder: Path,
    log: Log,
    training: dict[str, Any] | None = None,
    threads: int = 1,
) -> Path:
    """Train a torch model or tune a baseline (`settings`: the model's config entry, with
    `model` naming the registry entry) on `data` for one seed; save it in `folder`."""
    name = settings["model"]
    if baseline:
        k = settings.get("k", 3)
        model, tuning = tune_baseline(
            data, name=name, grid=settings.get("grid", {}), k=k, seed=seed, threads=threads
        )
        path = folder / f"{seed}.pkl"
        save_baseline(path, model, name, k, tuning)
        return path
    checkpoint = folder / f"{seed}.last.pt"
    best, curve = train_model(
        data,
        name=name,
        params=settings.get("params", {}),
        training=training,
        seed=seed,
        checkpoint=checkpoint,
        log=log,
    )
    path = folder / f"{seed}.pt"
    save_trained(best, curve, path, folder / f"{seed}.curve.tsv")
    checkpoint.unlink(missing_ok=True)
    return path


def run_learning_curve(
    data: PreparedDataset,
    model: str,
    settings: dict[str, Any],
    baseline: bool,
    seeds: list[int],
    curves: dict[str, Any],
    bootstrap: dict[str, int],
    log: Log,
    training: dict[str, Any] | None = None,
    threads: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """Every fraction of `curves["fractions"]` (nested subsets seeded by `curves["seed"]`),
    every seed: fit, then score validation and test. Returns the metric rows and bootstrap
    intervals (dataset named by `fraction_name`) and each fraction's training sizes."""
    task, dataset = data.meta["task"], data.meta["dataset"]
    stratify = data.meta["kind"] in ("binary", "multiclass")
    n_train_full = len(data.indices("train"))
    metrics, intervals, sizes = [], [], []
    for fraction in sorted(curves["fractions"]):
        name = fraction_name(dataset, fraction)
        split = nested_training_subset(
            data.split, np.asarray(data.y), fraction, curves["seed"], stratify
        )
        part = dataclasses.replace(data, split=split, meta={**data.meta, "dataset": name})
        n_train = len(part.indices("train"))
        log(f"{name}: {n_train} of {n_train_full} training examples")
        scores = []
        with tempfile.TemporaryDirectory() as folder:
            for seed in seeds:
                path = fit_and_save(
                    part, settings, baseline, seed, Path(folder), log, training, threads
                )
                evaluation = evaluate_model(part, model, path, seed)
                metrics.append(evaluation.metrics)
                scores.append(evaluation.test_scores)
        found = bootstrap_intervals(
            task, evaluation.test_y, scores, bootstrap["n_bootstrap"], bootstrap["seed"]
        )
        intervals.append(interval_table(task, name, model, found, bootstrap["n_bootstrap"]))
        sizes.append(
            {
                "dataset": name,
                "parent": dataset,
                "fraction": fraction,
                "n_train": n_train,
                "n_train_full": n_train_full,
            }
        )
    return (
        pd.concat(metrics, ignore_index=True),
        pd.concat(intervals, ignore_index=True),
        sizes,
    )


def learning_curve_table(
    metrics: pd.DataFrame, intervals: pd.DataFrame, sizes: list[dict]
) -> pd.DataFrame:
    """Test summaries of the learning-curve runs and of the same models' full runs; `sizes`
    holds the `learning_curve` block of each fraction dataset's meta.json plus its name
    (`dataset`). Only (dataset, model) pairs with a fraction run are kept."""
    points = {s["dataset"]: (s["parent"], s["fraction"], s["n_train"]) for s in sizes}
    points |= {s["parent"]: (s["parent"], 1.0, s["n_train_full"]) for s in sizes}
    summary = summarize(metrics, intervals)
    summary = summary[summary["dataset"].isin(points)].copy()
    summary["parent"] = [points[d][0] for d in summary["dataset"]]
    summary["fraction"] = [points[d][1] for d in summary["dataset"]]
    summary["n_train"] = [points[d][2] for d in summary["dataset"]]
    drawn = set(
        zip(
            summary.loc[summary["fraction"] < 1, "parent"],
            summary.loc[summary["fraction"] < 1, "model"],
            strict=True,
        )
    )
    keep = [(p, m) in drawn for p, m in zip(summary["parent"], summary["model"], strict=True)]
    table = summary[keep].assign(dataset=lambda t: t["parent"])
    table = table.sort_values(["task", "dataset", "model", "metric", "fraction"])
    return table[COLUMNS].reset_index(drop=True)
