"""Every task kind's contract on small known cases, against scikit-learn: outputs, loss (with
class weights), scores, metrics (fast counting paths included), chance-level predictor and the
prediction columns read back."""

import numpy as np
import pytest
import torch
from sklearn import metrics as skm

from gdlbench.kinds import KINDS, MISSING, higher_is_better, primary_metric, task_kind
from gdlbench.tasks import TASKS

RNG = np.random.default_rng(0)


def _loss(kind, train_y, logits, targets, class_weight="none") -> float:
    loss = KINDS[kind].loss(train_y, class_weight)
    return float(
        loss(torch.as_tensor(logits).float(), KINDS[kind].loss_targets(torch.as_tensor(targets)))
    )


def test_every_task_has_a_kind_that_computes_its_metrics():
    for name, task in TASKS.items():
        kind = task_kind(name)
        assert all(kind.knows(m) for m in set(task.metrics) - {"n_pathways"}), name
        assert task.primary_metric in task.metrics
    assert primary_metric("splice") == ("accuracy", True)
    assert primary_metric("dgex") == ("mae", False) and not higher_is_better("reconstruction_mse")


def test_binary_loss_scores_and_metrics_match_scikit_learn():
    kind = KINDS["binary"]
    y = RNG.integers(0, 2, 200)
    logits = RNG.normal(0, 2, (200, 1))
    scores = kind.scores(logits)
    assert kind.n_outputs({"classes": ["0", "1"]}) == 1 and scores.shape == (200,)
    assert _loss("binary", y, logits, y) == pytest.approx(skm.log_loss(y, scores), rel=1e-5)
    weights = np.where(y == 1, (y == 0).sum() / (y == 1).sum(), 1.0)
    per_example = -(weights * y * np.log(scores) + (1 - y) * np.log(1 - scores))
    assert _loss("binary", y, logits, y, "balanced") == pytest.approx(per_example.mean(), rel=1e-5)
    values = kind.compute(y, scores)
    predicted = (scores >= 0.5).astype(int)
    assert values["auroc"] == pytest.approx(skm.roc_auc_score(y, scores))
    assert values["auprc"] == pytest.approx(skm.average_precision_score(y, scores))
    assert values["accuracy"] == pytest.approx(skm.accuracy_score(y, predicted))
    assert values["f1"] == pytest.approx(skm.f1_score(y, predicted))
    assert values["sensitivity"] == pytest.approx(skm.recall_score(y, predicted))
    assert values["specificity"] == pytest.approx(skm.recall_score(1 - y, 1 - predicted))
    assert kind.compute(y, np.zeros(200), ["f1"]) == {"f1": 0.0}


def test_multiclass_loss_scores_and_metrics_match_scikit_learn():
    kind = KINDS["multiclass"]
    y = RNG.integers(0, 4, 300)
    logits = RNG.normal(0, 2, (300, 4))
    scores = kind.scores(logits)
    np.testing.assert_allclose(scores.sum(axis=1), 1.0)
    assert kind.n_outputs({"classes": list("abcd")}) == 4
    assert _loss("multiclass", y, logits, y) == pytest.approx(skm.log_loss(y, scores), rel=1e-5)
    balanced = skm.log_loss(y, scores, sample_weight=(300 / (4 * np.bincount(y)))[y])
    assert _loss("multiclass", y, logits, y, "balanced") == pytest.approx(balanced, rel=1e-5)
    scores[:, 3] = 0.0  # class 3 never predicted: F1 0 for it, as scikit-learn counts it
    scores /= scores.sum(axis=1, keepdims=True)
    predicted = scores.argmax(axis=1)
    values = kind.compute(y, scores)
    assert values["accuracy"] == pytest.approx(skm.accuracy_score(y, predicted))
    assert values["f1_macro"] == pytest.approx(
        skm.f1_score(y, predicted, labels=np.arange(4), average="macro", zero_division=0.0)
    )
    assert values["auroc_macro"] == pytest.approx(skm.roc_auc_score(y, scores, multi_class="ovr"))


def test_multilabel_masks_missing_labels_in_loss_and_metrics():
    kind = KINDS["multilabel"]
    y = RNG.integers(0, 2, (150, 3)).astype(np.uint8)
    y[RNG.random((150, 3)) < 0.2] = MISSING
    y[:, 2] = np.where(y[:, 2] == MISSING, MISSING, 1)  # target 2: one class only
    logits = RNG.normal(0, 1, (150, 3))
    scores = kind.scores(logits)
    assert kind.n_outputs({"targets": ["a", "b", "c"]}) == 3
    labelled = y != MISSING
    expected = np.mean([skm.log_loss(y[labelled[:, t], t], scores[labelled[:, t], t],
                                     labels=[0, 1]) * labelled[:, t].sum()
                        for t in range(3)]) * 3 / labelled.sum()  # fmt: skip
    assert _loss("multilabel", y, logits, y) == pytest.approx(expected, rel=1e-5)
    auroc = [skm.roc_auc_score(y[labelled[:, t], t], scores[labelled[:, t], t]) for t in (0, 1)]
    values = kind.compute(y, scores)
    assert values["auroc_median"] == pytest.approx(np.median(auroc))  # target 2 left out
    assert values["auroc_macro"] == pytest.approx(np.mean(auroc))
    frame = kind.prediction_frame("test", np.arange(150), y, scores, {"targets": list("abc")})
    exported = frame[["y_a", "y_b", "y_c"]].to_numpy()  # the TSV export: NaN where unlabelled
    assert np.isnan(exported[~labelled]).all() and (exported[labelled] == y[labelled]).all()
    assert kind.compute(exported, scores) == values
    labels, ranked = kind.ranking_pairs(y, scores)
    assert len(labels) == labelled.sum() and set(labels) == {0, 1}


def test_regression_and_representation_metrics():
    y, predicted = RNG.normal(0, 1, (50, 4)), RNG.normal(0, 1, (50, 4))
    regression = KINDS["regression"]
    assert regression.compute(y, predicted)["mae"] == pytest.approx(
        skm.mean_absolute_error(y, predicted)
    )
    assert _loss("regression", y, predicted, y) == pytest.approx(
        skm.mean_squared_error(y, predicted), rel=1e-5
    )
    frame = regression.prediction_frame(
        "test", np.arange(50), y, predicted, {"targets": list("abcd")}
    )
    np.testing.assert_allclose(frame["abs_error"], np.abs(predicted - y).mean(axis=1))
    np.testing.assert_array_equal(frame[[f"pred_{t}" for t in "abcd"]].to_numpy(), predicted)
    representation = KINDS["representation"]
    x = RNG.random((50, 2, 3))
    truth = representation.truth(x, np.zeros(50))
    assert truth.shape == (50, 6) and not representation.supervised
    reconstruction = truth + 0.1
    assert representation.compute(truth, reconstruction)["reconstruction_mse"] == pytest.approx(
        0.01
    )


@pytest.mark.parametrize("kind", ["binary", "multiclass", "multilabel", "regression"])
def test_the_chance_predictor_is_the_best_constant(kind):
    """No constant does better than the kind's chance logits on the training labels."""
    n_outputs = {"binary": 1, "multiclass": 3, "multilabel": 2, "regression": 2}[kind]
    if kind == "multiclass":
        y = RNG.choice(3, 400, p=[0.6, 0.3, 0.1])
    elif kind == "regression":
        y = RNG.normal(2, 1, (400, 2))
    else:
        y = (RNG.random((400, n_outputs)) < 0.2).astype(np.uint8)
        y = y[:, 0] if kind == "binary" else y
    chance = KINDS[kind].chance_logits(y)
    assert chance.shape == (1, n_outputs)
    best = _loss(kind, y, np.repeat(chance, 400, axis=0), y)
    for shift in (-0.3, 0.3):
        assert best < _loss(kind, y, np.repeat(chance + shift, 400, axis=0), y)
    if kind in ("binary", "multiclass"):  # balanced classes weigh alike: uniform is best
        assert (KINDS[kind].chance_logits(y, "balanced") == 0).all()


def test_multilabel_medians_per_target_group_and_nan_for_an_absent_group():
    kind = KINDS["multilabel"]
    y = RNG.integers(0, 2, (300, 4)).astype(np.uint8)
    scores = np.column_stack([y[:, 0], 1 - y[:, 1], RNG.random(300), y[:, 3] * 0.5 + 0.25])
    groups = {"tf": [0, 1], "dnase": [2, 3]}
    names = ["auroc_median", "auroc_median_tf", "auroc_median_dnase", "auroc_median_histone"]
    values = kind.compute(y, scores, names, groups)
    per_target, _ = kind.per_target(y, scores)
    assert values["auroc_median_tf"] == pytest.approx(0.5)  # 1.0 and 0.0
    assert values["auroc_median_dnase"] == pytest.approx(np.median(per_target[2:]))
    assert np.isnan(values["auroc_median_histone"])
    assert values["auroc_median"] == pytest.approx(np.median(per_target))


def test_multilabel_split_counts_skip_missing_labels_stored_either_way():
    """uint8 labels mark a missing one with MISSING, float labels with NaN: both uncounted."""
    stored = np.array([[1, 0, MISSING], [MISSING, 1, 1]], dtype=np.uint8)
    floats = np.where(stored == MISSING, np.nan, stored.astype(float))
    expected = {"examples": 2, "labelled_pairs": 4, "positive_pairs": 3}
    for y in (stored, floats):
        assert KINDS["multilabel"].split_count(y) == expected


def test_multilabel_resamples_scored_at_once_equal_each_resample_scored_alone(monkeypatch):
    """Every target sorted once for all resamples (in blocks of targets) gives what scoring
    each resampled copy of the examples does: groups, unlabelled entries, ties, a target
    of one class and a block narrower than the targets included."""
    kind = KINDS["multilabel"]
    y = RNG.integers(0, 2, (120, 5)).astype(np.uint8)
    y[RNG.random((120, 5)) < 0.15] = MISSING
    y[:, 4] = np.where(y[:, 4] == MISSING, MISSING, 0)  # one class: NaN, left out of medians
    scores = np.round(RNG.random((120, 5)) + 0.4 * (y == 1), 1)  # ties
    counts = np.stack([np.bincount(RNG.integers(0, 120, 120), minlength=120) for _ in range(6)])
    groups = {"tf": [0, 1], "dnase": [2, 3, 4], "histone": []}
    names = [*kind.metrics, "auroc_median_tf", "auprc_median_dnase", "auroc_median_histone"]
    monkeypatch.setattr(kind, "block_entries", 120 * 2)  # two targets a block
    vectorised = kind.resampled(y, scores, names, counts, groups)
    one_by_one = super(type(kind), kind).resampled(y, scores, names, counts, groups)
    assert vectorised.shape == (6, len(names))
    np.testing.assert_allclose(vectorised, one_by_one, rtol=0, atol=1e-12)
    assert np.isnan(vectorised[:, -1]).all() and not np.isnan(vectorised[:, :-1]).any()
