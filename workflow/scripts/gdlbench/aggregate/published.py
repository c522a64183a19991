"""Published numbers beside reproduced ones: each registry entry (resources/published_numbers.yaml)
gets the reproduced seed-mean test value with its 95% CI and a verdict (`verdict`) that
respects the interval: `consistent`, `better`, `worse`, `inconclusive` (the interval cannot
decide), `too few targets`, `not comparable` (the entry says why, or its `setting` is not this
run's), `not run` (its dataset or model was not part of this run) or `error` (no number)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from gdlbench.aggregate.compare import Predictions, read_test_scores
from gdlbench.bootstrap import percentile_interval, seed_mean_replicates
from gdlbench.kinds import higher_is_better

COLUMNS = ["id", "task", "dataset", "model", "metric", "published", "reproduced", "ci_low",
           "ci_high", "n", "verdict", "reason", "citation"]  # fmt: skip


def load_registry(path: str | Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text())["entries"]


def mean_over_members(
    entry: dict,
    members: list[str],
    predictions: Predictions,
    n_bootstrap: int,
    seed: int,
) -> tuple[float, float]:
    """95% CI of the mean over `members` (cell types) of each one's seed-mean test metric:
    every replicate resamples the test examples (and seeds) within each member, two-level as
    in summary.tsv, then averages over the members; each member has its own test set, so its
    resamples are independent of the others'."""
    per_member = []
    for i, dataset in enumerate(members):
        test = read_test_scores(predictions[(dataset, entry["model"])])
        rng = np.random.default_rng([seed, i])
        names, _, values = seed_mean_replicates(entry["task"], test.y,
                                                list(test.scores.values()), n_bootstrap, rng,
                                                clusters=test.clusters)  # fmt: skip
        per_member.append(values[:, names.index(entry["metric"])])
    return percentile_interval(np.mean(per_member, axis=0))


def reproduced(
    entry: dict,
    summary: pd.DataFrame,
    collections: dict[str, str],
    predictions: Predictions,
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


INCONCLUSIVE_WIDTH = 4  # an interval wider than this many tolerances cannot decide


def setting_mismatch(entry: dict, facts: dict) -> str:
    """Why this run is not in the entry's `setting` (e.g. `scale: full`), or ''."""
    wanted = entry.get("setting", {})
    return "; ".join(f"published at {key} {value}, this run at {key} {facts.get(key)}"
                     for key, value in wanted.items() if facts.get(key) != value)  # fmt: skip


def verdict(
    entry: dict, found: tuple[float, float, float, int] | None, facts: dict | None = None
) -> tuple[str, str]:
    """The verdict on one published number; `facts`: this run's setting (`scale`).

    In order: `not comparable` when the entry says so; `not run`; `not comparable` when its
    `setting` is not this run's; `error` when the reproduced value is NaN; `too few targets`
    when an aggregate rests on fewer cell types than published; `inconclusive` when the 95%
    CI is missing, wider than INCONCLUSIVE_WIDTH tolerances, or reaches both above and below
    the published value widened by its tolerance; `consistent` when it meets that band; else
    `better` or `worse`, by the metric's direction."""
    if not entry["comparable"]:
        return "not comparable", entry.get("reason", "")
    if found is None:
        return "not run", f"{entry['dataset']} / {entry['model']} not in this run"
    mismatch = setting_mismatch(entry, facts or {})
    if mismatch:
        return "not comparable", mismatch
    mean, low, high, n = found
    if not np.isfinite(mean):
        return "error", "the reproduced value is undefined (NaN)"
    if n < entry.get("n_targets", 0):
        return "too few targets", f"{n} of the published {entry['n_targets']}"
    published, tolerance = entry["value"], entry.get("tolerance", 0.01)
    band_low, band_high = published - tolerance - 1e-9, published + tolerance + 1e-9
    interval = f"95% CI [{low:.4f}, {high:.4f}]"
    if not (np.isfinite(low) and np.isfinite(high)):
        return "inconclusive", "no interval (a single value)"
    if high - low > INCONCLUSIVE_WIDTH * tolerance:
        return "inconclusive", f"{interval} is wider than {INCONCLUSIVE_WIDTH} x {tolerance}"
    if low < band_low and high > band_high:
        return "inconclusive", f"{interval} reaches both sides of {published} +- {tolerance}"
    if low <= band_high and high >= band_low:
        return "consistent", f"{interval} meets {published} +- {tolerance}"
    better = (low > band_high) == higher_is_better(entry["metric"])
    return ("better" if better else "worse"), f"{interval} excludes {published} +- {tolerance}"


def published_vs_reproduced(
    entries: list[dict],
    summary: pd.DataFrame,
    collections: dict[str, str],
    predictions: Predictions | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
    facts: dict | None = None,
) -> pd.DataFrame:
    """COLUMNS per registry entry; `predictions` ((dataset, model) -> seed -> prediction
    file) must cover the cell-type runs of `mean_over_cell_types` entries; `facts`: this
    run's setting (`scale`)."""
    rows = []
    for entry in entries:
        found = reproduced(entry, summary, collections, predictions or {}, n_bootstrap, seed)
        mean, low, high, n = found if found else (np.nan, np.nan, np.nan, 0)
        label, reason = verdict(entry, found, facts)
        rows.append([entry["id"], entry["task"], entry["dataset"], entry["model"],
                     entry["metric"], entry["value"], mean, low, high, n, label, reason,
                     entry["citation"]])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
