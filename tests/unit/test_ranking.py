"""The ranking metrics equal scikit-learn's, ties and imbalance included."""

import numpy as np
import pytest
from scipy.stats import rankdata
from sklearn import metrics as skm

from gdlbench import ranking


@pytest.mark.parametrize("seed", range(5))
def test_auroc_and_average_precision_equal_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 400))
    y = (rng.random(n) < rng.uniform(0.05, 0.8)).astype(int)
    y[:2] = [0, 1]
    scores = np.round(rng.random(n) + 0.5 * y, int(rng.integers(1, 4)))  # ties at low precision
    assert ranking.auroc(y, scores) == pytest.approx(skm.roc_auc_score(y, scores), abs=1e-12)
    assert ranking.average_precision(y, scores) == pytest.approx(
        skm.average_precision_score(y, scores), abs=1e-12
    )
    k = 4
    classes = rng.integers(0, k, n)
    classes[:k] = np.arange(k)
    probabilities = rng.dirichlet(np.ones(k), n)
    expected = skm.roc_auc_score(classes, probabilities, multi_class="ovr", average="macro")
    assert ranking.auroc_ovr_macro(classes, probabilities) == pytest.approx(expected, abs=1e-12)


def test_mid_ranks_equal_scipy():
    values = np.random.default_rng(0).integers(0, 20, 300).astype(float)
    assert np.array_equal(ranking.mid_ranks(values), rankdata(values))


def test_one_class_is_an_undefined_metric_as_in_scikit_learn():
    with pytest.raises(ValueError, match="one class"):
        ranking.auroc(np.ones(5), np.arange(5))
    with pytest.raises(ValueError, match="one class"):
        ranking.average_precision(np.zeros(5), np.arange(5))


@pytest.mark.parametrize("seed", range(3))
def test_ranked_columns_under_resample_weights_equal_the_resampled_metrics(seed):
    """Sorted once, each column's AUROC and average precision under a resample's counts equal
    those of the resampled examples (ties, unlabelled entries, undrawn positives); a column
    whose drawn labelled examples are of one class is NaN."""
    rng = np.random.default_rng(seed)
    n, width = int(rng.integers(20, 300)), 6
    positive = rng.random((n, width)) < rng.uniform(0.05, 0.6)
    labelled = rng.random((n, width)) > 0.2
    positive[:, 5] = False  # one class
    scores = np.round(rng.random((n, width)) + 0.3 * positive, int(rng.integers(1, 3)))
    columns = ranking.RankedColumns(positive, labelled, scores)
    index = rng.integers(0, n, (4, n))
    weights = [np.bincount(drawn, minlength=n) for drawn in index]
    auroc, precision = columns.metrics(weights)  # all four weightings at once
    columns.chunk_entries = 1  # one weighting at a time, joined in order: the same
    assert np.array_equal(np.c_[auroc, precision], np.c_[columns.metrics(weights)], equal_nan=True)
    for drawn, auroc_b, precision_b in zip(index, auroc, precision, strict=True):
        for t in range(width - 1):
            kept = labelled[drawn, t]
            truth, ranked = positive[drawn, t][kept], scores[drawn, t][kept]
            assert auroc_b[t] == pytest.approx(ranking.auroc(truth, ranked), abs=1e-12)
            assert precision_b[t] == pytest.approx(
                ranking.average_precision(truth, ranked), abs=1e-12
            )
        assert np.isnan(auroc_b[5]) and np.isnan(precision_b[5])
