"""Nested training subsets and the learning-curve table."""

import numpy as np
import pandas as pd
import pytest

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.fraction import UNUSED, nested_training_subset
from gdlbench.figures import plot_learning_curves
from gdlbench.learning_curves import COLUMNS, learning_curve_table, run_learning_curve
from gdlbench.stats import INTERVAL_COLUMNS


def _split_and_labels(n=1000, seed=0):
    rng = np.random.default_rng(seed)
    return rng.choice([0, 1, 2], n, p=[0.7, 0.15, 0.15]).astype(np.uint8), rng.integers(0, 4, n)


def test_subsets_are_nested_stratified_and_leave_held_out_rows_alone():
    split, y = _split_and_labels()
    small = nested_training_subset(split, y, 0.1, seed=0, stratify=True)
    large = nested_training_subset(split, y, 0.3, seed=0, stratify=True)
    train = split == 0
    assert ((small == 0) <= (large == 0)).all()  # nested
    assert ((split != 0) == ((small != 0) & (small != UNUSED))).all()  # valid/test untouched
    for cls in range(4):
        in_class = train & (y == cls)
        assert (small[in_class] == 0).sum() == np.ceil(0.1 * in_class.sum())
    other = nested_training_subset(split, y, 0.1, seed=1, stratify=True)
    assert not np.array_equal(small, other)


@pytest.mark.parametrize(
    ("model", "settings", "baseline"),
    [("logreg_kmer", {"model": "logreg_kmer", "grid": {"C": [0.1, 1.0]}}, True),
     ("mlp", {"model": "mlp", "params": {"hidden": [16]}}, False)],
)  # fmt: skip
def test_learning_curve_trains_on_nested_subsets_and_scores_the_same_test_set(
    splice_prepared, model, settings, baseline
):
    data = PreparedDataset.load(splice_prepared)
    training = {"batch_size": 32, "lr": 0.003, "weight_decay": 0.0, "patience": 2, "amp": False,
                "max_epochs": 3}  # fmt: skip
    metrics, intervals, sizes = run_learning_curve(
        data, model, settings, baseline, [0, 1], {"fractions": [0.5, 0.2], "seed": 0},
        {"n_bootstrap": 100, "seed": 0}, print, training=training,
    )  # fmt: skip
    n_full = len(data.indices("train"))
    assert [(s["dataset"], s["fraction"]) for s in sizes] == [
        ("sim_splice__frac20", 0.2), ("sim_splice__frac50", 0.5)]  # fmt: skip
    assert [s["n_train"] for s in sizes] == [
        sum(np.ceil(f * (data.y[data.indices("train")] == c).sum()) for c in range(3))
        for f in (0.2, 0.5)
    ]
    assert all(s["n_train_full"] == n_full for s in sizes)
    test = metrics[metrics["split"] == "test"]
    assert set(test["dataset"]) == {"sim_splice__frac20", "sim_splice__frac50"}
    assert set(test["seed"]) == {0, 1} and test["value"].between(0, 1).all()
    assert set(intervals["dataset"]) == set(test["dataset"])
    assert (intervals["ci_low"] <= intervals["ci_high"]).all()
    assert np.array_equal(data.split, np.load(splice_prepared / "split.npy"))  # left as it was


def _metrics_and_intervals():
    rows, intervals = [], []
    for dataset, value in (("d__frac10", 0.6), ("d__frac30", 0.7), ("d", 0.8), ("other", 0.5)):
        for model in ("cnn", "rf"):
            for seed in (0, 1):
                rows.append(["tfbs", dataset, model, "cnn" if model == "cnn" else "baseline",
                             seed, "test", "auroc", value + 0.01 * seed])  # fmt: skip
            intervals.append(["tfbs", dataset, model, "auroc", value - 0.05, value + 0.05, 200])
    metrics = pd.DataFrame(
        rows, columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
    )
    return metrics, pd.DataFrame(intervals, columns=INTERVAL_COLUMNS)


SIZES = [
    {"dataset": "d__frac10", "parent": "d", "fraction": 0.1, "n_train": 10, "n_train_full": 100},
    {"dataset": "d__frac30", "parent": "d", "fraction": 0.3, "n_train": 30, "n_train_full": 100},
]


def test_learning_curve_table_joins_fractions_with_the_full_run():
    table = learning_curve_table(*_metrics_and_intervals(), SIZES)
    assert list(table.columns) == COLUMNS
    assert set(table["dataset"]) == {"d"}  # `other` has no fraction runs
    cnn = table[table["model"] == "cnn"]
    assert cnn["n_train"].tolist() == [10, 30, 100]
    assert cnn["fraction"].tolist() == [0.1, 0.3, 1.0]
    assert cnn["mean"].tolist() == pytest.approx([0.605, 0.705, 0.805])


def test_learning_curve_figure_is_drawn(tmp_path):
    table = learning_curve_table(*_metrics_and_intervals(), SIZES)
    paths = [tmp_path / "tfbs.png", tmp_path / "tfbs.pdf"]
    plot_learning_curves(table, "tfbs", paths)
    assert paths[0].stat().st_size > 10_000 and paths[1].exists()
