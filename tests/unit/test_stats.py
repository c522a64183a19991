import numpy as np
import pandas as pd
import pytest

from gdlbench.aggregate.stats import mean_ci, summarize
from gdlbench.bootstrap import bootstrap_intervals, seed_mean_replicates
from gdlbench.evaluation.evaluate import INTERVAL_COLUMNS
from gdlbench.kinds import KINDS, primary_metric
from gdlbench.kinds import task_metrics as compute_metrics


def test_multiclass_metrics_on_a_known_case():
    y = np.array([0, 1, 2, 2])
    scores = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.5, 0.45, 0.05]])
    values = compute_metrics("splice", y, scores)
    assert list(values) == ["accuracy", "f1_macro", "auroc_macro"]
    assert values["accuracy"] == 0.75
    assert values["auroc_macro"] == pytest.approx(np.mean([1.0, 1.0, 0.5]))  # class 2: 2 of 4 pairs


def test_softmax_rows_sum_to_one():
    probabilities = KINDS["multiclass"].scores(np.array([[1000.0, 0.0, -5.0], [0, 0, 0]]))
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


def _fixed_accuracy(n=400, accuracy=0.8, seed=0):
    """Three-class labels and scores right on exactly `accuracy` of the examples."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    predicted = np.where(np.arange(n) < accuracy * n, y, (y + 1) % 3)
    return y, np.eye(3)[predicted] * 0.7 + 0.1  # rows sum to 1


def test_bootstrap_interval_of_identical_seeds_is_the_binomial_interval():
    y, scores = _fixed_accuracy()
    low, high, used = bootstrap_intervals("splice", y, [scores] * 3, 1000, seed=0)["accuracy"]
    half = 1.96 * np.sqrt(0.8 * 0.2 / 400)  # normal approximation: 0.039
    assert (low, high) == pytest.approx((0.8 - half, 0.8 + half), abs=0.01) and used == 1000


def test_seed_variance_widens_the_bootstrap_interval():
    y, same = _fixed_accuracy(accuracy=0.8)
    spread = [_fixed_accuracy(accuracy=a)[1] for a in (0.6, 0.8, 1.0)]
    narrow = bootstrap_intervals("splice", y, [same] * 3, 500, seed=0)["accuracy"]
    wide = bootstrap_intervals("splice", y, spread, 500, seed=0)["accuracy"]
    assert wide[1] - wide[0] > 2 * (narrow[1] - narrow[0])
    assert wide[0] < 0.8 < wide[1]


def test_bootstrap_intervals_cover_every_metric_and_skip_one_class_resamples():
    y = np.array([1] + [0] * 19)  # resamples often miss the one positive: no AUROC
    scores = np.linspace(1, 0, 20)
    intervals = bootstrap_intervals("tfbs", y, [scores], 200, seed=0)
    assert set(intervals) == {"auroc", "auprc", "accuracy"}
    low, high, used = intervals["auroc"]
    assert (low, high) == (1.0, 1.0)
    assert used < 200 and intervals["accuracy"][2] == 200  # only AUROC's undefined ones go


@pytest.mark.parametrize("task", ["splice", "tfbs", "chromatin"])
def test_replicates_come_with_each_seeds_metrics_on_all_examples(task):
    """The bootstrap's pass also scores every seed on the unresampled examples (so each
    target is ranked once): equal to the task's metrics, a repeated seed repeated."""
    rng = np.random.default_rng(4)
    if task == "chromatin":
        y = rng.integers(0, 2, (60, 5))
        y[rng.random(y.shape) < 0.1] = -1  # missing labels
        scores = [rng.random((60, 5)) for _ in range(2)]
        groups = {"tf": [0, 1], "dnase": [2, 3, 4]}
    else:
        y = rng.integers(0, 3 if task == "splice" else 2, 60)
        shape = (60, 3) if task == "splice" else 60
        scores = [rng.random(shape) for _ in range(2)]
        groups = None
    for by_seed in (scores, [scores[0]] * 3):
        names, point, replicates = seed_mean_replicates(task, y, by_seed, 20, rng, groups)
        assert point.shape == (len(by_seed), len(names)) and replicates.shape == (20, len(names))
        for seed_scores, values in zip(by_seed, point, strict=True):
            expected = compute_metrics(task, y, seed_scores, groups)
            assert list(expected) == names
            np.testing.assert_allclose(values, list(expected.values()), rtol=1e-12)


def test_summary_takes_bootstrap_intervals_where_given():
    rows = [
        ["tfbs", "d", "cnn", "cnn", seed, "test", metric, value]
        for seed, value in enumerate([0.8, 0.9])
        for metric in ("auroc", "n_pathways")
    ]
    metrics = pd.DataFrame(
        rows, columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
    )
    intervals = pd.DataFrame([["tfbs", "d", "cnn", "auroc", 0.7, 0.95, 200]],
                             columns=INTERVAL_COLUMNS)  # fmt: skip
    summary = summarize(metrics, intervals).set_index("metric")
    assert tuple(summary.loc["auroc", ["ci_low", "ci_high"]]) == (0.7, 0.95)
    assert summary.loc["auroc", "ci_method"] == "bootstrap: test examples x seeds (B=200)"
    assert summary.loc["n_pathways", "ci_method"] == "t over seeds"
    assert summary.loc["n_pathways", "ci_low"] == pytest.approx(mean_ci(np.array([0.8, 0.9]))[2])


def test_binary_counts_match_scikit_learn():
    from sklearn import metrics as skm

    rng = np.random.default_rng(5)
    y, scores = rng.integers(0, 2, 300), rng.random(300)
    predicted = (scores >= 0.5).astype(int)
    values = compute_metrics("premirna", y, scores)
    assert values["f1"] == pytest.approx(skm.f1_score(y, predicted))
    assert values["sensitivity"] == pytest.approx(skm.recall_score(y, predicted))
    no_positive_calls = compute_metrics("tfbs", y, np.zeros(300))
    assert no_positive_calls["accuracy"] == pytest.approx(1 - y.mean())
    assert compute_metrics("premirna", y, np.zeros(300))["f1"] == 0.0


def test_multiclass_counts_match_scikit_learn():
    from sklearn import metrics as skm

    rng = np.random.default_rng(6)
    y = rng.integers(0, 4, 300)
    scores = rng.dirichlet(np.ones(4), 300)
    scores[:, 3] = 0.0  # class 3 is never predicted
    scores /= scores.sum(axis=1, keepdims=True)
    predicted = scores.argmax(axis=1)
    values = compute_metrics("tumor", y, scores)
    assert values["accuracy"] == pytest.approx(skm.accuracy_score(y, predicted))
    assert values["f1_macro"] == pytest.approx(
        skm.f1_score(y, predicted, labels=np.arange(4), average="macro", zero_division=0.0)
    )


def test_every_interval_lies_inside_its_metric_range():
    rows = [["d", "m", "fam", seed, "test", metric, value]
            for metric, values in (("n_pathways", [0, 0, 3]), ("accuracy", [0.98, 1.0, 1.0]))
            for seed, value in enumerate(values)]  # fmt: skip
    metrics = pd.DataFrame(rows, columns=["dataset", "model", "family", "seed", "split",
                                          "metric", "value"]).assign(task="tumor")  # fmt: skip
    summary = summarize(metrics).set_index("metric")
    assert summary.loc["n_pathways", "ci_low"] == 0.0  # the t-interval went below 0
    assert summary.loc["accuracy", "ci_high"] == 1.0  # and above 1
    assert summary.loc["accuracy", "ci_low"] < 0.99


def test_a_resample_where_a_metric_is_undefined_gives_nan_for_that_metric_only():
    """A resample without positives leaves AUROC undefined (NaN) and keeps accuracy, whichever
    resample comes first."""
    import numpy as np

    from gdlbench.kinds import KINDS

    y = np.array([0, 0, 1, 1])
    scores = np.array([0.1, 0.8, 0.7, 0.4])
    counts = np.array([[2, 2, 0, 0], [1, 1, 1, 1], [4, 0, 0, 0]])
    values = KINDS["binary"].resampled(y, scores, ["auroc", "accuracy"], counts)
    assert values.shape == (3, 2)
    assert np.isnan(values[[0, 2], 0]).all() and values[1, 0] == 0.5
    assert list(values[:, 1]) == [0.5, 0.5, 1.0]
