"""Per-target results of multi-target regression (D-GEX: one target per gene): test MAE per
target, and on what fraction of targets each model beats a reference model, as D-GEX reported
against linear regression."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.kinds import KINDS


def target_mae(predictions: pd.DataFrame) -> pd.Series:
    """Mean absolute error per target (index: target names) over the test rows of one run's
    predictions (columns `y_<target>` and `pred_<target>`)."""
    test = predictions[predictions["split"] == "test"]
    targets = [c.removeprefix("y_") for c in test.columns if c.startswith("y_")]
    regression = KINDS["regression"]
    return pd.Series(regression.per_target(*regression.read_predictions(test)), index=targets)


def run_errors(runs: list[tuple[str, str, str, int]], paths: list[Path]) -> pd.DataFrame:
    """One row per run (task, dataset, model, seed) and target: its test MAE."""
    frames = []
    for (task, dataset, model, seed), path in zip(runs, paths, strict=True):
        mae = target_mae(pd.read_csv(path, sep="\t"))
        run = {"task": task, "dataset": dataset, "model": model, "seed": seed}
        frames.append(pd.DataFrame({**run, "target": mae.index, "mae": mae.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


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
