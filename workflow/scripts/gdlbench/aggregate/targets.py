"""Per-target results of multi-target tasks, as the papers reported them target by target:
test MAE per gene of multi-target regression (D-GEX against linear regression), test AUROC
and AUPRC per profile of multi-label tasks (DanQ against DeepSEA over 919 chromatin
profiles). One long table (TARGET_COLUMNS) serves both; each target's seed-mean value, its type
(chromatin profile type) and, per model, the fraction of targets on which it beats a
reference model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.evaluation.predictions import prediction_meta, read_predictions
from gdlbench.kinds import higher_is_better, task_kind

# What each kind's `per_target` returns, in order; targets are compared on the first
TARGET_COLUMNS = ["task", "dataset", "model", "target", "target_type", "metric", "value",
                  "n_seeds"]  # fmt: skip
WIN_COLUMNS = ["task", "dataset", "model", "reference", "metric", "n_targets", "fraction_better"]


def has_targets(task: str) -> bool:
    """Whether the task's runs have per-target results."""
    return bool(task_kind(task).per_target_metrics)


def compared_metric(task: str) -> str:
    """The per-target metric models are compared on (MAE, AUROC)."""
    return task_kind(task).per_target_metrics[0]


def target_values(task: str, predictions: str | Path) -> pd.DataFrame:
    """Each target's metrics over the test rows of one run's predictions (a folder,
    gdlbench.evaluation.predictions): columns target, metric, value; a multi-label target
    counts its labelled examples only and is NaN with one class among them."""
    test = read_predictions(predictions, "test")
    kind = task_kind(task)
    values = np.atleast_2d(kind.per_target(test.y, test.scores))
    targets = prediction_meta(predictions)["targets"]
    return pd.concat(
        [pd.DataFrame({"target": targets, "metric": metric, "value": row})
         for metric, row in zip(kind.per_target_metrics, values, strict=True)],
        ignore_index=True,
    )  # fmt: skip


def run_values(manifest: pd.DataFrame) -> pd.DataFrame:
    """One row per run (task, dataset, model, seed) of a prediction manifest
    (gdlbench.aggregate.compare.read_manifests), target and metric: its test value."""
    frames = []
    for task, dataset, model, seed, path in manifest.itertuples(index=False):
        values = target_values(task, path)
        frames.append(values.assign(task=task, dataset=dataset, model=model, seed=seed))
    return pd.concat(frames, ignore_index=True)


def target_types(meta: dict) -> pd.DataFrame:
    """Columns dataset, target, target_type of a prepared dataset's typed targets (its
    meta.json `target_types`, else its `target_groups`: type -> target columns); none for
    untyped targets (genes)."""
    targets = meta["targets"]
    types = meta.get("target_types")
    if types is None:
        types = [None] * len(targets)
        for group, columns in meta.get("target_groups", {}).items():
            for column in columns:
                types[column] = group
    frame = pd.DataFrame({"dataset": meta["dataset"], "target": targets, "target_type": types})
    return frame.dropna(subset=["target_type"])


def target_table(values: pd.DataFrame, types: pd.DataFrame) -> pd.DataFrame:
    """TARGET_COLUMNS: the mean over seeds of each (task, dataset, model, target, metric)'s
    test value, with the target's type (`types`: dataset, target, target_type) and the number
    of seeds with a value (a target with one class in the test split has none)."""
    keys = ["task", "dataset", "model", "target", "metric"]
    table = values.groupby(keys, sort=True)["value"].agg(value="mean", n_seeds="count")
    table = table.reset_index().merge(types, on=["dataset", "target"], how="left")
    return table[TARGET_COLUMNS]


def paired_targets(
    table: pd.DataFrame, task: str, dataset: str, model: str, reference: str
) -> pd.DataFrame:
    """The targets of `dataset` with a value for both models, on the task's compared metric:
    columns target, target_type, value_model, value_reference and difference (positive =
    `model` is better, errors sign-flipped). Empty where either model did not run."""
    metric = compared_metric(task)
    rows = table[(table["dataset"] == dataset) & (table["metric"] == metric)]

    def values(name: str) -> pd.DataFrame:
        return rows.loc[rows["model"] == name, ["target", "target_type", "value"]]

    pairs = values(model).merge(values(reference).drop(columns="target_type"), on="target",
                                suffixes=("_model", "_reference"))  # fmt: skip
    pairs = pairs.dropna(subset=["value_model", "value_reference"])
    sign = 1.0 if higher_is_better(metric) else -1.0
    return pairs.assign(difference=sign * (pairs["value_model"] - pairs["value_reference"]))


def win_rates(table: pd.DataFrame, reference: str) -> pd.DataFrame:
    """WIN_COLUMNS: per dataset and model, the fraction of targets on which its seed-mean
    test value of the compared metric beats that of `reference`."""
    rows = []
    for (task, dataset), part in table.groupby(["task", "dataset"], sort=True):
        if reference not in set(part["model"]):
            continue
        for model in sorted(set(part["model"]) - {reference}):
            pairs = paired_targets(part, task, dataset, model, reference)
            better = float((pairs["difference"] > 0).mean()) if len(pairs) else np.nan
            rows.append([task, dataset, model, reference, compared_metric(task), len(pairs),
                         better])  # fmt: skip
    return pd.DataFrame(rows, columns=WIN_COLUMNS)
