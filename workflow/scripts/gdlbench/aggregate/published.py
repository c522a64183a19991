"""Published numbers beside reproduced ones: each registry entry (resources/published.yaml)
gets the reproduced seed-mean test value with its 95% CI and a verdict -- `reproduced` within
the entry's tolerance, else `better` or `worse` (by the metric's direction), `not comparable`
(the entry says why) or `not run` (its dataset or model was not part of this run)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from gdlbench.aggregate.stats import mean_ci
from gdlbench.kinds import higher_is_better

COLUMNS = ["id", "task", "dataset", "model", "metric", "published", "reproduced", "ci_low",
           "ci_high", "n", "verdict", "reason", "citation"]  # fmt: skip


def load_registry(path: str | Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text())["entries"]


def reproduced(
    entry: dict, summary: pd.DataFrame, collections: dict[str, str]
) -> tuple[float, float, float, int] | None:
    """(mean, ci_low, ci_high, n) of the entry's test metric, or None when not run. For
    `mean_over_cell_types`, the mean over the collection's datasets of their seed means (CI
    and n over cell types); otherwise the dataset's summary row (CI and n over seeds)."""
    rows = summary[(summary["model"] == entry["model"]) & (summary["metric"] == entry["metric"])]
    if entry.get("aggregate", "none") == "mean_over_cell_types":
        members = [d for d, collection in collections.items() if collection == entry["dataset"]]
        values = rows[rows["dataset"].isin(members)]["mean"].to_numpy()
        if not len(values):
            return None
        mean, _, low, high = mean_ci(values)
        return mean, low, high, len(values)
    row = rows[rows["dataset"] == entry["dataset"]]
    if row.empty:
        return None
    row = row.iloc[0]
    return float(row["mean"]), float(row["ci_low"]), float(row["ci_high"]), int(row["n_seeds"])


def verdict(entry: dict, value: float | None) -> tuple[str, str]:
    if not entry.get("comparable", True):
        return "not comparable", entry.get("reason", "")
    if value is None:
        return "not run", f"{entry['dataset']} / {entry['model']} not in this run"
    difference = value - entry["value"]
    if abs(difference) <= entry.get("tolerance", 0.01) + 1e-9:  # inclusive, despite rounding
        return "reproduced", ""
    better = difference > 0 if higher_is_better(entry["metric"]) else difference < 0
    return ("better" if better else "worse"), f"difference {difference:+.4f}"


def published_vs_reproduced(
    entries: list[dict], summary: pd.DataFrame, collections: dict[str, str]
) -> pd.DataFrame:
    rows = []
    for entry in entries:
        found = reproduced(entry, summary, collections)
        mean, low, high, n = found if found else (np.nan, np.nan, np.nan, 0)
        label, reason = verdict(entry, None if found is None else mean)
        rows.append([entry["id"], entry["task"], entry["dataset"], entry["model"],
                     entry["metric"], entry["value"], mean, low, high, n, label, reason,
                     entry["citation"]])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
