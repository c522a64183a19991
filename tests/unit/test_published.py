"""Published numbers beside reproduced ones: verdicts on cases with known answers (the registry
itself is checked in test_registry.py)."""

import numpy as np
import pandas as pd
import pytest

from gdlbench.aggregate.published import published_vs_reproduced, verdict
from gdlbench.evaluation.predictions import SplitPredictions, write_predictions


def _summary(rows):
    columns = ["dataset", "model", "metric", "mean", "ci_low", "ci_high", "n_seeds"]
    return pd.DataFrame(rows, columns=columns)


def test_verdicts_respect_the_interval():
    """One hand-made case per verdict."""
    entry = {"id": "x", "task": "dgex", "dataset": "d", "model": "mlp", "metric": "mae",
             "value": 0.32, "tolerance": 0.02, "citation": "c", "comparable": True}  # fmt: skip
    assert verdict(entry, (0.33, 0.32, 0.34, 3))[0] == "consistent"
    assert verdict(entry, (0.36, 0.335, 0.38, 3))[0] == "consistent"  # meets 0.32 + 0.02
    assert verdict(entry, (0.25, 0.24, 0.26, 3))[0] == "better"  # lower error
    assert verdict(entry, (0.40, 0.39, 0.41, 3))[0] == "worse"
    assert verdict(entry, (0.40, 0.10, 0.70, 3))[0] == "inconclusive"  # wider than 4 x 0.02
    assert verdict(entry, (0.32, 0.29, 0.35, 3))[0] == "inconclusive"  # both sides of the band
    assert verdict(entry, (0.40, np.nan, np.nan, 1))[0] == "inconclusive"  # no interval
    auroc = {**entry, "metric": "auroc", "value": 0.80}
    assert verdict(auroc, (0.70, 0.55, 0.79, 3))[0] == "inconclusive"  # the case
    assert verdict(auroc, (0.92, 0.36, 1.49, 2))[0] == "inconclusive"
    assert verdict(auroc, (0.92, 0.90, 0.94, 3))[0] == "better"
    assert verdict({**auroc, "n_targets": 56}, (0.92, 0.90, 0.94, 2))[0] == "too few targets"
    assert verdict(auroc, (np.nan, np.nan, np.nan, 3)) == (
        "error", "the reproduced value is undefined (NaN)")  # fmt: skip
    assert verdict(entry, None)[0] == "not run"
    assert verdict({**entry, "comparable": False, "reason": "why"}, None) == (
        "not comparable", "why")  # fmt: skip
    full = {**auroc, "setting": {"scale": "full"}}
    assert verdict(full, (0.80, 0.79, 0.81, 3), {"scale": "tiny"}) == (
        "not comparable", "published at scale full, this run at scale tiny")  # fmt: skip
    assert verdict(full, (0.80, 0.79, 0.81, 3), {"scale": "full"})[0] == "consistent"


def _write_predictions(folder, name, y, scores):
    rows = np.arange(len(y))
    test = SplitPredictions(rows, rows, y, scores)
    write_predictions(folder / name, {"test": test}, {"task": "histone"})
    return folder / name


def test_means_over_cell_types_resample_within_each_and_stay_in_range(tmp_path):
    rng = np.random.default_rng(0)
    entries = [
        {"id": "a", "task": "histone", "dataset": "roadmap", "model": "deepchrome",
         "metric": "auroc", "aggregate": "mean_over_cell_types", "value": 0.8,
         "tolerance": 0.02, "citation": "c", "n_targets": 2, "comparable": True},
        {"id": "b", "task": "histone", "dataset": "other", "model": "deepchrome",
         "metric": "auroc", "value": 0.8, "citation": "c", "comparable": True},
    ]  # fmt: skip
    predictions = {}
    for cell, strength in (("roadmap_E003", 0.3), ("roadmap_E004", 0.9)):
        y = rng.integers(0, 2, 300)
        predictions[(cell, "deepchrome")] = {
            seed: _write_predictions(tmp_path, f"{cell}_{seed}", y, y * strength + rng.random(300))
            for seed in range(3)
        }
    summary = _summary([["roadmap_E003", "deepchrome", "auroc", 0.78, 0.7, 0.8, 3],
                        ["roadmap_E004", "deepchrome", "auroc", 0.84, 0.8, 0.9, 3]])  # fmt: skip
    collections = {"roadmap_E003": "roadmap", "roadmap_E004": "roadmap"}
    table = published_vs_reproduced(entries, summary, collections, predictions, 200, 0)
    table = table.set_index("id")
    assert table.loc["a", "reproduced"] == pytest.approx(0.81)
    low, high = table.loc["a", ["ci_low", "ci_high"]]
    assert 0 <= low < high <= 1 and high - low < 0.2  # within AUROC's range, not a t over 2
    assert table.loc["a", "n"] == 2
    assert table.loc["b", "verdict"] == "not run"
