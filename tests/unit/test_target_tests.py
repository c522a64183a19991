"""Per-target paired tests (normal approximation of the two-level bootstrap) on cases with
known answers."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from gdlbench.aggregate.compare import SeedScores
from gdlbench.aggregate.target_tests import auroc_difference, placement_values, target_tests
from gdlbench.bootstrap import paired_seed_replicates


def _labels(n=400, targets=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, (n, targets)).astype(float)
    good = {s: y + rng.normal(0, 0.8, y.shape) for s in range(3)}
    poor = y + rng.normal(0, 2.0, y.shape)
    return y, good, poor


def test_placement_values_are_delongs_pairwise_shares():
    rng = np.random.default_rng(3)
    truth = rng.random(80) < 0.3
    scores = np.round(rng.random(80), 1)  # ties, within and across the classes
    outranks = scores[truth][:, None] - scores[~truth][None, :]
    pairs = (outranks > 0) + 0.5 * (outranks == 0)  # positive i against negative j
    v10, v01 = placement_values(truth, scores)
    assert np.allclose(v10, pairs.mean(axis=1)) and np.allclose(v01, pairs.mean(axis=0))


def test_the_difference_is_that_of_seed_mean_aurocs():
    y, good, poor = _labels()
    difference, se = auroc_difference(y[:, 0], np.arange(len(y)),
                                      [good[s][:, 0] for s in good], [poor[:, 0]])  # fmt: skip
    expected = np.mean([roc_auc_score(y[:, 0], good[s][:, 0]) for s in good])
    assert difference == pytest.approx(expected - roc_auc_score(y[:, 0], poor[:, 0]), abs=1e-12)
    assert se > 0


def test_the_standard_error_agrees_with_the_two_level_bootstrap():
    y, good, poor = _labels(n=600)
    _, se = auroc_difference(y[:, 0], np.arange(len(y)), [good[s][:, 0] for s in good],
                             [poor[:, 0]])  # fmt: skip
    _, values = paired_seed_replicates("tfbs", "auroc", y[:, 0], [good[s][:, 0] for s in good],
                                       [poor[:, 0]], 1000, np.random.default_rng(0))  # fmt: skip
    assert se == pytest.approx(np.std(values), rel=0.15)


def test_clusters_of_copies_keep_the_standard_error_of_the_examples_once():
    y, good, poor = _labels()
    once = target_tests("chromatin", ["a", "b", "c"], SeedScores(y, good, np.arange(len(y))),
                        SeedScores(y, {0: poor}, np.arange(len(y))))  # fmt: skip
    twice = {k: np.repeat(v, 2, axis=0) for k, v in good.items()}
    pairs = np.repeat(np.arange(len(y)), 2)
    clustered = target_tests("chromatin", ["a", "b", "c"],
                             SeedScores(np.repeat(y, 2, axis=0), twice, pairs),
                             SeedScores(np.repeat(y, 2, axis=0), {0: np.repeat(poor, 2, axis=0)},
                                     pairs))  # fmt: skip
    naive = target_tests("chromatin", ["a", "b", "c"],
                         SeedScores(np.repeat(y, 2, axis=0), twice, np.arange(2 * len(y))),
                         SeedScores(np.repeat(y, 2, axis=0), {0: np.repeat(poor, 2, axis=0)},
                                 np.arange(2 * len(y))))  # fmt: skip
    assert clustered["se"].to_numpy() == pytest.approx(once["se"].to_numpy(), rel=1e-9)
    assert (naive["se"] < 0.85 * clustered["se"]).all()  # the test-sampling part shrinks
    assert list(once.columns) == ["target", "difference", "se", "p_value", "p_bh"]
    assert (once["p_bh"] >= once["p_value"]).all() and (once["p_bh"] < 0.05).all()


def test_targets_with_one_class_or_missing_labels_are_skipped():
    y, good, poor = _labels()
    y[:, 1] = 0.0
    y[:10, 2] = np.nan
    table = target_tests("chromatin", ["a", "b", "c"], SeedScores(y, good, np.arange(len(y))),
                         SeedScores(y, {0: poor}, np.arange(len(y))))  # fmt: skip
    assert table["target"].tolist() == ["a", "c"]


def test_regression_targets_compare_mean_absolute_errors():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, (300, 2))
    close = {0: y + rng.uniform(-0.5, 0.5, y.shape)}
    far = {0: y + rng.uniform(-1.5, 1.5, y.shape)}
    table = target_tests("dgex", ["g1", "g2"], SeedScores(y, close, np.arange(300)),
                         SeedScores(y, far, np.arange(300)))  # fmt: skip
    gain = np.abs(far[0] - y).mean(axis=0) - np.abs(close[0] - y).mean(axis=0)
    assert table["difference"].to_numpy() == pytest.approx(gain)
    assert (table["p_bh"] < 0.05).all()
