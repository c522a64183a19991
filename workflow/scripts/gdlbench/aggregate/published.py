"""Published numbers beside reproduced ones: each registry entry (resources/published.yaml)
gets the reproduced seed-mean test value with its 95% CI and a verdict that respects the
interval (`verdict`): `consistent`, `better`, `worse`, `too few targets`, `not comparable`
(the entry says why) or `not run` (its dataset or model was not part of this run)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from gdlbench.aggregate.compare import test_predictions
from gdlbench.bootstrap import percentile_interval, seed_mean_replicates
from gdlbench.kinds import higher_is_better

COLUMNS = ["id", "task", "dataset", "model", "metric", "published", "reproduced", "ci_low",
           "ci_high", "n", "verdict", "reason", "citation"]  # fmt: skip


def load_registry(path: str | Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text())["entries"]


def mean_over_members(
    entry: dict,
    members: list[str],
    predictions: dict[tuple[str, str], list[Path]],
    n_bootstrap: int,
    seed: int,
) -> tuple[float, float]:
    """95% CI of the mean over `members` (cell types) of each one's seed-mean test metric:
    every replicate resamples the test examples (and seeds) within each member, two-level as
    in summary.tsv, then averages over the members; each member has its own test set, so its
    resamples are independent of the others'."""
    per_member = []
    for i, dataset in enumerate(members):
        y, scores = test_predictions(entry["task"], predictions[(dataset, entry["model"])])
        rng = np.random.default_rng([seed, i])
        names, values = seed_mean_replicates(entry["task"], y, scores, n_bootstrap, rng)
        per_member.append(values[:, names.index(entry["metric"])])
    return percentile_interval(np.mean(per_member, axis=0))


def reproduced(
    entry: dict,
    summary: pd.DataFrame,
    collections: dict[str, str],
    predictions: dict[tuple[str, str], list[Path]],
    n_bootstrap: int,
    seed: int,
) -> tuple[float, float, float, int] | None:
    """(mean, ci_low, ci_high, n) of the entry's test metric, or None when not run. For
    `mean_over_cell_types`, the mean over the collection's datasets of their seed means, its
    CI from `mean_over_members` and n the number of cell types; otherwise the dataset's
    summary row (n: seeds)."""
    rows = summary[(summary["model"] == entry["model"]) & (summary["metric"] == entry["metric"])]
    if entry.get("aggregate", "none") == "mean_over_cell_types":
        members = sorted(d for d, collection in collections.items()
                         if collection == entry["dataset"])  # fmt: skip
        values = rows[rows["dataset"].isin(members)].set_index("dataset")["mean"]
        if values.empty:
            return None
        low, high = mean_over_members(entry, list(values.index), predictions, n_bootstrap, seed)
        return float(values.mean()), low, high, len(values)
    row = rows[rows["dataset"] == entry["dataset"]]
    if row.empty:
        return None
    row = row.iloc[0]
    return float(row["mean"]), float(row["ci_low"]), float(row["ci_high"]), int(row["n_seeds"])


def verdict(entry: dict, found: tuple[float, float, float, int] | None) -> tuple[str, str]:
    """`consistent` when the 95% CI meets the published value widened by its tolerance;
    `better` or `worse` (by the metric's direction) only when the CI excludes all of it;
    `too few targets` when an aggregate rests on fewer cell types than the published
    setting's `n_targets`; `not comparable` (the entry says why) or `not run`."""
    if not entry.get("comparable", True):
        return "not comparable", entry.get("reason", "")
    if found is None:
        return "not run", f"{entry['dataset']} / {entry['model']} not in this run"
    mean, low, high, n = found
    if n < entry.get("n_targets", 0):
        return "too few targets", f"{n} of the published {entry['n_targets']}"
    if not (np.isfinite(low) and np.isfinite(high)):
        low = high = mean  # no interval (one seed): the mean alone
    published, tolerance = entry["value"], entry.get("tolerance", 0.01)
    if low <= published + tolerance + 1e-9 and high >= published - tolerance - 1e-9:
        return "consistent", f"95% CI [{low:.4f}, {high:.4f}] meets {published} +- {tolerance}"
    above = low > published
    better = above if higher_is_better(entry["metric"]) else not above
    return ("better" if better else "worse"), (
        f"95% CI [{low:.4f}, {high:.4f}] excludes {published} +- {tolerance}"
    )


def published_vs_reproduced(
    entries: list[dict],
    summary: pd.DataFrame,
    collections: dict[str, str],
    predictions: dict[tuple[str, str], list[Path]] | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """COLUMNS per registry entry; `predictions` ((dataset, model) -> seeds' prediction
    files) must cover the cell-type runs of `mean_over_cell_types` entries."""
    rows = []
    for entry in entries:
        found = reproduced(entry, summary, collections, predictions or {}, n_bootstrap, seed)
        mean, low, high, n = found if found else (np.nan, np.nan, np.nan, 0)
        label, reason = verdict(entry, found)
        rows.append([entry["id"], entry["task"], entry["dataset"], entry["model"],
                     entry["metric"], entry["value"], mean, low, high, n, label, reason,
                     entry["citation"]])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
