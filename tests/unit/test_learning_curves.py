"""Nested training subsets and the learning-curve table."""

import numpy as np
import pandas as pd
import pytest

from gdlbench.aggregate.learning_curves import COLUMNS, learning_curve_table, training_sizes
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.fraction import UNUSED, nested_training_subset
from gdlbench.evaluation.evaluate import INTERVAL_COLUMNS
from gdlbench.figures.curves import plot_learning_curves


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


def test_a_learning_curve_dataset_is_the_parent_with_a_nested_training_subset(splice_prepared):
    full = PreparedDataset.load(splice_prepared)
    parts = {
        fraction: PreparedDataset.load(
            splice_prepared,
            subset={
                "dataset": f"sim_splice__frac{fraction * 100:g}",
                "fraction": fraction,
                "seed": 0,
            },
        )  # fmt: skip
        for fraction in (0.2, 0.5)
    }
    train_y = np.asarray(full.y[full.indices("train")])
    for fraction, part in parts.items():
        assert part.meta["dataset"] == f"sim_splice__frac{fraction * 100:g}"
        expected = sum(np.ceil(fraction * (train_y == c).sum()) for c in range(3))
        assert len(part.indices("train")) == expected
        for split in ("valid", "test"):
            assert np.array_equal(part.indices(split), full.indices(split))
    assert set(parts[0.2].indices("train")) <= set(parts[0.5].indices("train"))
    curves = {name: {"parent": "sim_splice", "subset": part.meta["subset"],
                     "prepared": str(splice_prepared)}
              for name, part in ((p.meta["dataset"], p) for p in parts.values())}  # fmt: skip
    sizes = training_sizes(curves)
    assert [(s["fraction"], s["n_train"]) for s in sizes] == [
        (f, len(parts[f].indices("train"))) for f in (0.2, 0.5)]  # fmt: skip
    assert all(s["n_train_full"] == len(train_y) for s in sizes)


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
