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
