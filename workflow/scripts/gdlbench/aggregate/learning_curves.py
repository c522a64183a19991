"""Learning curves (review §6.1, small samples): models trained at nested fractions of a
dataset's training split -- ordinary runs of the datasets `<dataset>__frac<percent>`
(gdlbench.plan.curve_datasets) -- beside their full runs, with the same bootstrap
CIs as summary.tsv (figure: gdlbench.figures.curves)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from gdlbench.aggregate.stats import summarize
from gdlbench.data.dataset import PreparedDataset

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


def training_sizes(curves: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per learning-curve dataset (`curves`: name -> {parent, subset, prepared: the parent's
    prepared folder}): its fraction and training-set size beside the full split's."""
    sizes = []
    for name, entry in sorted(curves.items()):
        data = PreparedDataset.load(entry["prepared"], subset=entry["subset"])
        full = PreparedDataset.load(entry["prepared"])
        sizes.append({"dataset": name, "parent": entry["parent"],
                      "fraction": entry["subset"]["fraction"],
                      "n_train": len(data.indices("train")),
                      "n_train_full": len(full.indices("train"))})  # fmt: skip
    return sizes


def learning_curve_table(
    metrics: pd.DataFrame, intervals: pd.DataFrame, sizes: list[dict]
) -> pd.DataFrame:
    """Test summaries of the learning-curve runs and of the same models' full runs; `sizes`
    as `training_sizes` gives them. Only (dataset, model) pairs with a fraction run are
    kept."""
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
