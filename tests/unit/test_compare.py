"""Paired bootstrap comparisons on cases with known answers, and best-model choice on the
validation split."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from gdlbench.aggregate.compare import (
    best_models,
    compare_families,
    delong_test,
    paired_difference,
)


def _binary(n=300, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    good = np.clip(y * 0.6 + rng.uniform(0, 0.4, n), 0, 1)  # separates the classes
    noise = rng.uniform(0, 1, n)  # does not
    return y, good, noise


def test_identical_models_have_a_ci_covering_zero():
    y, good, _ = _binary()
    difference, low, high, p = paired_difference("tfbs", y, good, good.copy(), 300, [0])
    assert difference == 0 and low <= 0 <= high and p == 1.0


def test_a_clearly_better_model_is_significant():
    y, good, noise = _binary()
    difference, low, high, p = paired_difference("tfbs", y, good, noise, 300, [0])
    assert difference > 0.3 and low > 0 and p < 0.05


def test_errors_count_lower_as_better():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, (200, 3))
    close, far = y + rng.uniform(-0.5, 0.5, y.shape), y + rng.uniform(-1.5, 1.5, y.shape)
    difference, low, _, p = paired_difference("dgex", y, close, far, 200, [1])
    assert difference > 0 and low > 0 and p < 0.05


def test_best_models_are_chosen_on_validation_and_compared_on_test(tmp_path):
    y, good, noise = _binary()
    paths = {}
    for model, scores in (("cnn_a", good), ("rf", noise), ("cnn_b", noise)):
        path = tmp_path / f"{model}.tsv.gz"
        pd.DataFrame({"split": "test", "row": np.arange(len(y)), "y": y, "score": scores}).to_csv(
            path, sep="\t", index=False
        )
        paths[("d", model)] = [path]
    metrics = pd.DataFrame(
        [["tfbs", "d", m, f, 0, split, "auroc", v]
         for m, f, valid, test in (("cnn_a", "cnn", 0.9, 0.1), ("cnn_b", "cnn", 0.5, 0.99),
                                   ("rf", "baseline", 0.6, 0.6))
         for split, v in (("valid", valid), ("test", test))],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    assert best_models(metrics, "tfbs", "d") == {"baseline": "rf", "cnn": "cnn_a"}
    (row,) = compare_families(metrics, paths, "tfbs", "d", 200, 0)
    assert row[4:6] == ["cnn_a", "rf"] and row[9] > 0 and row[12] < 0.05


def test_delong_auroc_difference_matches_sklearn_and_flags_a_clearly_better_model():
    y, good, noise = _binary()
    difference, se, p = delong_test(y, good, noise)
    assert difference == pytest.approx(roc_auc_score(y, good) - roc_auc_score(y, noise))
    assert se > 0 and p < 0.05
    assert delong_test(y, good, good.copy()) == (0.0, 0.0, 1.0)


def test_delong_standard_error_agrees_with_the_paired_bootstrap():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 400)
    a, b = y + rng.normal(0, 1.0, 400), y + rng.normal(0, 1.2, 400)
    _, se, _ = delong_test(y, a, b)
    differences = []
    for _ in range(1000):
        i = rng.integers(0, 400, 400)
        differences.append(roc_auc_score(y[i], a[i]) - roc_auc_score(y[i], b[i]))
    assert se == pytest.approx(np.std(differences), rel=0.1)


def test_delong_with_one_class_is_an_error():
    with pytest.raises(ValueError, match="both classes"):
        delong_test(np.zeros(10), np.arange(10.0), np.arange(10.0))


def test_permuting_test_numbers_changes_no_choice():
    """Best models come from validation rows alone: any shuffle of the test rows' values
    leaves every choice as it was."""
    rng = np.random.default_rng(4)
    metrics = pd.DataFrame(
        [["tfbs", "d", m, f, s, split, "auroc", rng.random()]
         for m, f in (("cnn_a", "cnn"), ("cnn_b", "cnn"), ("rf", "baseline"), ("lr", "baseline"))
         for s in range(3) for split in ("valid", "test")],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    chosen = best_models(metrics, "tfbs", "d")
    test = metrics["split"] == "test"
    for _ in range(5):
        shuffled = metrics.copy()
        shuffled.loc[test, "value"] = rng.permutation(shuffled.loc[test, "value"].to_numpy())
        assert best_models(shuffled, "tfbs", "d") == chosen
