"""Per-target results of multi-target regression (D-GEX: one target per gene): test MAE per
target, and on what fraction of targets each model beats a reference model, as D-GEX reported
against linear regression."""

from __future__ import annotations

import numpy as np
import pandas as pd


def target_mae(predictions: pd.DataFrame, y: np.ndarray, targets: list[str]) -> np.ndarray:
    """(targets,) mean absolute error over the test rows of one run's predictions."""
    test = predictions[predictions["split"] == "test"]
    predicted = test[[f"pred_{t}" for t in targets]].to_numpy()
    return np.abs(predicted - y[test["row"].to_numpy()]).mean(axis=0)


def target_table(errors: pd.DataFrame) -> pd.DataFrame:
    """Mean over seeds of each (task, dataset, model, target)'s test MAE; `errors` has one
    row per run and target (columns task, dataset, model, seed, target, mae)."""
    keys = ["task", "dataset", "model", "target"]
    return errors.groupby(keys, sort=True)["mae"].agg(mae="mean", n_seeds="count").reset_index()


def win_rates(table: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Per dataset and model: the fraction of targets with a lower MAE than `reference`."""
    rows = []
    for (task, dataset), part in table.groupby(["task", "dataset"], sort=True):
        wide = part.pivot(index="target", columns="model", values="mae")
        if reference not in wide:
            continue
        for model in wide.columns.drop(reference):
            better = wide[model] < wide[reference]
            rows.append(
                {"task": task, "dataset": dataset, "model": model, "reference": reference,
                 "n_targets": len(wide), "fraction_better": float(better.mean())}
            )  # fmt: skip
    columns = ["task", "dataset", "model", "reference", "n_targets", "fraction_better"]
    return pd.DataFrame(rows, columns=columns)
