import numpy as np
import pandas as pd
import pytest

from gdlbench.metrics import compute_metrics, primary_metric, scores_from_logits
from gdlbench.stats import mean_ci, summarize


def test_multiclass_metrics_on_a_known_case():
    y = np.array([0, 1, 2, 2])
    scores = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.5, 0.45, 0.05]])
    values = compute_metrics("splice", y, scores)
    assert list(values) == ["accuracy", "f1_macro", "auroc_macro"]
    assert values["accuracy"] == 0.75
    assert values["auroc_macro"] == pytest.approx(np.mean([1.0, 1.0, 0.5]))  # class 2: 2 of 4 pairs


def test_softmax_rows_sum_to_one():
    probabilities = scores_from_logits("multiclass", np.array([[1000.0, 0.0, -5.0], [0, 0, 0]]))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert probabilities[0, 0] == pytest.approx(1.0)


def test_primary_metric_direction():
    assert primary_metric("splice") == ("accuracy", True)
    assert primary_metric("dgex") == ("mae", False)


def test_mean_ci_matches_t_interval():
    mean, sd, low, high = mean_ci(np.array([0.8, 0.82, 0.84]))
    assert mean == pytest.approx(0.82) and sd == pytest.approx(0.02)
    half = 4.302652729911275 * 0.02 / np.sqrt(3)  # t(0.975, df=2)
    assert (low, high) == pytest.approx((0.82 - half, 0.82 + half))
    assert np.isnan(mean_ci(np.array([0.5]))[2])


def test_summary_uses_test_rows_only():
    rows = [
        ["splice", "d", "cnn", "cnn", seed, split, "accuracy", value]
        for seed, (split, value) in enumerate([("test", 0.8), ("test", 0.9), ("valid", 0.1)])
    ]
    metrics = pd.DataFrame(
        rows, columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
    )
    summary = summarize(metrics)
    assert len(summary) == 1
    row = summary.iloc[0]
    assert row["mean"] == pytest.approx(0.85) and row["n_seeds"] == 2 and row["seeds"] == "0,1"
