"""Task kinds (SPEC §4a): one object per kind owns what differs between them -- the number of
outputs, the loss (with `class_weight`), logits -> scores, the metrics and their fast paths,
the chance-level predictor, the columns of a prediction file and how to read them back.
Stages look the kind up once (`task_kind`) and call through it; none branches on a kind name.

Metrics are computed here and nowhere else. Counting metrics (accuracy, F1, sensitivity,
specificity) come from confusion counts, which the bootstrap calls thousands of times; ranking
metrics from gdlbench.ranking (scikit-learn's values without its per-call validation), MAE
from numpy. Torch is imported only where a loss is built, so that
figure and table jobs start without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from gdlbench import ranking
from gdlbench.tasks import TASKS

LOWER_IS_BETTER = {"mae", "reconstruction_mse"}
UNBOUNDED = {"mae", "reconstruction_mse", "n_pathways"}  # in [0, inf); every other in [0, 1]
MISSING = 255  # a multi-label target without a label (uint8 labels); NaN in float labels


def higher_is_better(metric: str) -> bool:
    return metric not in LOWER_IS_BETTER


def metric_range(metric: str) -> tuple[float, float]:
    """The values a metric can take: intervals are clipped to it."""
    return (0.0, float("inf")) if metric in UNBOUNDED else (0.0, 1.0)


def primary_metric(task: str) -> tuple[str, bool]:
    """The metric models are selected and compared on, and whether higher is better."""
    name = TASKS[task].primary_metric
    return name, higher_is_better(name)


def _pick(values: dict[str, Any], names: Iterable[str] | None) -> dict[str, float]:
    return {name: float(values[name]) for name in (names if names is not None else values)}


class Kind:
    """The contract; subclasses fill it in. `metrics` lists every metric the kind can compute
    (a task reports a subset, SPEC names)."""

    name = ""
    metrics: tuple[str, ...] = ()
    stratified = False  # subsets (learning curves) keep class proportions
    supervised = True
    ranked = False  # scores rank examples: ROC and precision-recall curves apply
    labels = "classes"  # what a record carries: "classes", "targets" (a vector) or "none"
    pooling = ""  # how `ranking_pairs` pools several outputs, for figure titles
    per_target_metrics: tuple[str, ...] = ()  # per-target results, in `per_target`'s order

    def n_outputs(self, meta: dict) -> int:
        raise NotImplementedError

    def truth(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """What scores are compared with: the labels (the inputs, for representations)."""
        return np.asarray(y)

    def loss(self, train_y: np.ndarray, class_weight: str = "none"):
        raise NotImplementedError

    def loss_targets(self, y):
        """A batch of stored labels as the loss wants them (a torch tensor)."""
        return y.float().reshape(len(y), -1)

    def chance_logits(self, train_y: np.ndarray, class_weight: str = "none") -> np.ndarray:
        """(1, outputs) logits of the best constant predictor given the training labels (with
        balanced class weights every class weighs the same, so the best constant is uniform):
        a model whose validation loss stays at this one's has learnt nothing."""
        raise NotImplementedError

    def scores(self, logits: np.ndarray) -> np.ndarray:
        return logits

    def split_count(self, y: np.ndarray) -> int | dict[str, int]:
        """What meta's split_counts records of one split's labels `y` (unlabelled kinds and
        regression: its examples)."""
        return int(len(y))

    def wrap_estimator(self, estimator: Any) -> Any:
        """The estimator a baseline fits for this kind (one per target where there are
        several)."""
        return estimator

    def estimator_scores(self, model: Any, features: np.ndarray) -> np.ndarray:
        """Scores of a fitted scikit-learn estimator."""
        return model.predict(features)

    def compute(
        self,
        y: np.ndarray,
        scores: np.ndarray,
        names: Iterable[str] | None = None,
        groups: dict[str, list[int]] | None = None,
    ) -> dict[str, float]:
        """The metrics `names` (default: all of the kind's) of `scores` against `y`; `groups`
        (target groups, multi-label kinds only) add per-group summaries."""
        raise NotImplementedError

    def knows(self, metric: str) -> bool:
        """Whether `compute` gives `metric` (from predictions)."""
        return metric in self.metrics

    def defined_metrics(
        self,
        y: np.ndarray,
        scores: np.ndarray,
        names: list[str],
        groups: dict[str, list[int]] | None = None,
    ) -> list[float]:
        """The metrics `names` of `scores`, NaN for each one undefined on these examples (the
        others are kept)."""
        try:
            values = self.compute(y, scores, names, groups)
            return [values[m] for m in names]
        except ValueError:
            found = []
            for name in names:
                try:
                    found.append(self.compute(y, scores, [name], groups)[name])
                except ValueError:
                    found.append(float("nan"))
            return found

    def resampled(
        self,
        y: np.ndarray,
        scores: np.ndarray,
        names: list[str],
        counts: np.ndarray,
        groups: dict[str, list[int]] | None = None,
    ) -> np.ndarray:
        """(resamples, metrics) values of `names` on resamples of the examples, each given by
        `counts` (resamples, examples): how often it drew each example. NaN where a metric is
        undefined on a resample."""
        examples = np.arange(len(y))
        values = []
        for drawn in counts:
            index = np.repeat(examples, drawn)
            values.append(self.defined_metrics(y[index], scores[index], names, groups))
        return np.asarray(values, dtype=float).reshape(len(counts), len(names))

    def prediction_frame(
        self, split: str, rows: np.ndarray, y: np.ndarray, scores: np.ndarray, meta: dict
    ) -> pd.DataFrame:
        """One split's per-example predictions: split, row, then the kind's columns."""
        raise NotImplementedError

    def ranking_pairs(self, y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(0/1 labels, scores) as one flat ranking problem, for pooled ROC/PR curves."""
        raise NotImplementedError(f"{self.name} predictions are not rankings")


class Binary(Kind):
    name = "binary"
    metrics = ("auroc", "auprc", "accuracy", "sensitivity", "specificity", "f1")
    stratified = True
    ranked = True

    def n_outputs(self, meta: dict) -> int:
        return 1

    def loss(self, train_y, class_weight="none"):
        """BCE; balanced: pos_weight = n_neg / n_pos (scikit-learn's "balanced" rule)."""
        import torch

        counts = np.bincount(np.asarray(train_y), minlength=2)
        pos_weight = torch.tensor([counts[0] / counts[1]], dtype=torch.float32)
        return torch.nn.BCEWithLogitsLoss(
            pos_weight=pos_weight if class_weight == "balanced" else None
        )

    def chance_logits(self, train_y, class_weight="none"):
        if class_weight == "balanced":
            return np.zeros((1, 1))
        p = float(np.mean(np.asarray(train_y)))
        return np.array([[np.log(p / (1 - p))]])

    def scores(self, logits):
        return 1.0 / (1.0 + np.exp(-logits.reshape(-1)))

    def estimator_scores(self, model, features):
        return model.predict_proba(features)[:, 1]

    def compute(self, y, scores, names=None, groups=None):
        names = list(names) if names is not None else self.metrics
        values: dict[str, float] = {}
        if "auroc" in names:
            values["auroc"] = ranking.auroc(y, scores)
        if "auprc" in names:
            values["auprc"] = ranking.average_precision(y, scores)
        if set(names) - {"auroc", "auprc"}:
            y = np.asarray(y)
            predicted = scores >= 0.5
            tp = int(np.count_nonzero(predicted & (y == 1)))
            fp = int(np.count_nonzero(predicted)) - tp
            fn = int(np.count_nonzero(y == 1)) - tp
            tn = len(y) - tp - fp - fn
            values.update(
                accuracy=(tp + tn) / len(y),
                sensitivity=tp / (tp + fn) if tp + fn else float("nan"),
                specificity=tn / (tn + fp) if tn + fp else float("nan"),
                f1=2 * tp / (2 * tp + fp + fn) if tp else 0.0,
            )
        return _pick(values, names)

    def prediction_frame(self, split, rows, y, scores, meta):
        return pd.DataFrame({"split": split, "row": rows, "y": y, "score": scores})

    def ranking_pairs(self, y, scores):
        return np.asarray(y), np.asarray(scores)


class Multiclass(Kind):
    name = "multiclass"
    metrics = ("accuracy", "f1_macro", "auroc_macro")
    stratified = True
    ranked = True
    pooling = "micro-averaged one-vs-rest"

    def n_outputs(self, meta):
        return len(meta["classes"])

    def loss(self, train_y, class_weight="none"):
        """Cross-entropy; balanced: class weights n / (classes x n_class)."""
        import torch

        counts = np.bincount(np.asarray(train_y))
        weight = torch.tensor(counts.sum() / (len(counts) * counts), dtype=torch.float32)
        return torch.nn.CrossEntropyLoss(weight=weight if class_weight == "balanced" else None)

    def loss_targets(self, y):
        return y.long()

    def chance_logits(self, train_y, class_weight="none"):
        counts = np.bincount(np.asarray(train_y)).astype(float)
        if class_weight == "balanced":
            return np.zeros((1, len(counts)))
        return np.log(counts / counts.sum())[None, :]

    def scores(self, logits):
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=1, keepdims=True)

    def estimator_scores(self, model, features):
        return model.predict_proba(features)

    def compute(self, y, scores, names=None, groups=None):
        names = list(names) if names is not None else self.metrics
        y = np.asarray(y)
        n_classes = scores.shape[1]
        values: dict[str, float] = {}
        if "auroc_macro" in names:
            values["auroc_macro"] = ranking.auroc_ovr_macro(y, scores)
        if set(names) - {"auroc_macro"}:
            predicted = scores.argmax(axis=1)
            counts = np.bincount(y * n_classes + predicted, minlength=n_classes**2)
            confusion = counts.reshape(n_classes, n_classes)  # rows: true class
            tp = np.diag(confusion)
            errors = confusion.sum(axis=0) + confusion.sum(axis=1) - 2 * tp  # fp + fn
            f1 = np.divide(2 * tp, 2 * tp + errors, out=np.zeros(n_classes), where=tp > 0)
            values["accuracy"] = tp.sum() / len(y)
            values["f1_macro"] = f1.mean()  # a class never true nor predicted counts 0 (sklearn)
        return _pick(values, names)

    def prediction_frame(self, split, rows, y, scores, meta):
        frame = pd.DataFrame({"split": split, "row": rows, "y": y})
        for i, cls in enumerate(meta["classes"]):
            frame[f"score_{cls}"] = scores[:, i]
        return frame

    def ranking_pairs(self, y, scores):
        one_hot = np.asarray(y)[:, None] == np.arange(scores.shape[1])[None, :]
        return one_hot.astype(int).ravel(), scores.ravel()


def labelled(y: np.ndarray) -> np.ndarray:
    """Boolean mask of multi-label entries that carry a label (not NaN, not MISSING)."""
    y = np.asarray(y)
    return ~np.isnan(y) if y.dtype.kind == "f" else y != MISSING


class Multilabel(Kind):
    """One sigmoid output per target (chromatin profiles, drugs); labels are (N, targets),
    0/1 with missing entries masked in the loss and in every metric. Metrics summarise the
    per-target AUROC and AUPRC (targets with both classes among the labelled examples) by
    their median and their mean (`_macro`); with target `groups` (name -> target columns,
    e.g. chromatin profile types) also the median within each group (`auroc_median_<group>`,
    NaN for a group without targets)."""

    name = "multilabel"
    labels = "targets"
    metrics = ("auroc_median", "auroc_macro", "auprc_median", "auprc_macro")
    grouped = ("auroc_median_", "auprc_median_")  # prefixes of the per-group medians
    ranked = True
    pooling = "labelled entries of every target pooled (micro-averaged)"
    per_target_metrics = ("auroc", "auprc")
    block_entries = 2**22  # (example, target) entries sorted at once: about 100 MB of work

    def split_count(self, y):
        """Examples, labelled (example, target) entries and positive ones."""
        return {"examples": int(len(y)), "labelled_pairs": int(labelled(y).sum()),
                "positive_pairs": int((y == 1).sum())}  # fmt: skip

    def wrap_estimator(self, estimator):
        from gdlbench.baselines.per_target import PerTarget  # scikit-learn, imported on use

        return PerTarget(estimator)

    def n_outputs(self, meta):
        return len(meta["targets"])

    def loss(self, train_y, class_weight="none"):
        import torch

        from gdlbench.losses import MaskedBCEWithLogits

        pos_weight = None
        if class_weight == "balanced":
            positive, negative = self._counts(train_y)
            pos_weight = torch.tensor(negative / np.maximum(positive, 1), dtype=torch.float32)
        return MaskedBCEWithLogits(pos_weight)

    @staticmethod
    def _counts(train_y) -> tuple[np.ndarray, np.ndarray]:
        y = np.asarray(train_y)
        mask = labelled(y)
        positive = ((y == 1) & mask).sum(axis=0).astype(float)
        return positive, mask.sum(axis=0) - positive

    def loss_targets(self, y):
        import torch

        targets = y.float()
        if not torch.is_floating_point(y):
            targets[y == MISSING] = float("nan")
        return targets

    def chance_logits(self, train_y, class_weight="none"):
        positive, negative = self._counts(train_y)
        if class_weight == "balanced":
            return np.zeros((1, len(positive)))
        p = np.clip(positive / np.maximum(positive + negative, 1), 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))[None, :]

    def scores(self, logits):
        return 1.0 / (1.0 + np.exp(-logits))

    def estimator_scores(self, model, features):
        return np.asarray(model.predict_proba(features))

    def knows(self, metric):
        return metric in self.metrics or metric.startswith(self.grouped)

    def per_target(self, y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(auroc, auprc) per target over its labelled examples; NaN where a target has one
        class only."""
        auroc, auprc = self.resampled_per_target(y, scores, np.ones((1, len(y)), dtype=int))
        return auroc[0], auprc[0]

    def resampled_per_target(
        self, y: np.ndarray, scores: np.ndarray, counts: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(auroc, auprc), each (resamples, targets), on the resamples `counts` (see
        `resampled`): every target sorted once, in blocks of targets that bound the memory
        (gdlbench.ranking.RankedColumns)."""
        y, scores = np.asarray(y), np.asarray(scores)
        mask = labelled(y)
        auroc = np.full((len(counts), y.shape[1]), np.nan)
        auprc = auroc.copy()
        width = max(1, self.block_entries // max(len(y), 1))
        for first in range(0, y.shape[1], width):
            block = slice(first, first + width)
            ranked = ranking.RankedColumns(y[:, block] == 1, mask[:, block], scores[:, block])
            auroc[:, block], auprc[:, block] = ranked.metrics(counts)
        return auroc, auprc

    def resampled(self, y, scores, names, counts, groups=None):
        auroc, auprc = self.resampled_per_target(y, scores, counts)
        values = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a resample without any target
            for metric, per_target in (("auroc", auroc), ("auprc", auprc)):
                values[f"{metric}_median"] = np.nanmedian(per_target, axis=1)
                values[f"{metric}_macro"] = np.nanmean(per_target, axis=1)
                for group, columns in (groups or {}).items():
                    chosen = per_target[:, list(columns)]
                    values[f"{metric}_median_{group}"] = np.nanmedian(chosen, axis=1)
        missing = np.full(len(counts), np.nan)  # a group the dataset lacks
        return np.column_stack([values.get(name, missing) for name in names])

    def compute(self, y, scores, names=None, groups=None):
        names = list(names) if names is not None else list(self.metrics)
        values = self.resampled(y, scores, names, np.ones((1, len(y)), dtype=int), groups)
        return dict(zip(names, map(float, values[0]), strict=True))

    def prediction_frame(self, split, rows, y, scores, meta):
        columns = {"split": split, "row": rows}
        for i, target in enumerate(meta["targets"]):
            truth = np.asarray(y[:, i], dtype=float)
            truth[~labelled(y[:, i])] = np.nan
            columns[f"y_{target}"] = truth
            columns[f"score_{target}"] = scores[:, i]
        return pd.DataFrame(columns)

    def ranking_pairs(self, y, scores):
        mask = labelled(y)
        return np.asarray(y)[mask].astype(int), np.asarray(scores)[mask]


class Regression(Kind):
    """One output per target (D-GEX: a gene each); predictions keep every target's truth and
    prediction, and each example's mean absolute error over targets."""

    name = "regression"
    metrics = ("mae",)
    labels = "targets"
    per_target_metrics = ("mae",)

    def n_outputs(self, meta):
        return len(meta["targets"])

    def loss(self, train_y, class_weight="none"):
        import torch

        return torch.nn.MSELoss()

    def chance_logits(self, train_y, class_weight="none"):
        return np.asarray(train_y, dtype=float).reshape(len(train_y), -1).mean(axis=0)[None, :]

    def per_target(self, y: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Mean absolute error of each target, in float64 whatever the inputs' precision (so
        float32 predictions in memory and their copies read back from a prediction file give
        the same value)."""
        y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        return np.abs(y - np.asarray(scores, dtype=np.float64).reshape(len(y), -1)).mean(axis=0)

    def compute(self, y, scores, names=None, groups=None):
        values = {"mae": float(self.per_target(y, scores).mean())}
        return _pick(values, names if names is not None else self.metrics)

    def prediction_frame(self, split, rows, y, scores, meta):
        y, scores = np.asarray(y).reshape(len(rows), -1), scores.reshape(len(rows), -1)
        frame = pd.DataFrame({"split": split, "row": rows,
                              "abs_error": np.abs(scores - y).mean(axis=1)})  # fmt: skip
        targets = meta["targets"]
        truth = pd.DataFrame(y, columns=[f"y_{t}" for t in targets])
        predicted = pd.DataFrame(scores, columns=[f"pred_{t}" for t in targets])
        return pd.concat([frame, truth, predicted], axis=1)


class Representation(Kind):
    """Unsupervised: the model reconstructs its inputs, which are therefore the truth; scores
    are reconstructions. `n_pathways` is a property of the fitted model's weights, computed in
    evaluation, not from predictions."""

    name = "representation"
    metrics = ("reconstruction_mse",)
    supervised = False
    labels = "none"

    def n_outputs(self, meta):
        return 1  # the unused prediction head of an autoencoder

    def truth(self, x, y):
        x = np.asarray(x)
        return x.reshape(len(x), -1)

    def loss(self, train_y, class_weight="none"):
        import torch

        return torch.nn.MSELoss()

    def estimator_scores(self, model, features):
        return model.inverse_transform(model.transform(features))

    def compute(self, y, scores, names=None, groups=None):
        mse = float(np.mean((np.asarray(y).reshape(len(y), -1) - scores) ** 2))
        return _pick({"reconstruction_mse": mse}, names if names is not None else self.metrics)

    def prediction_frame(self, split, rows, y, scores, meta):
        errors = ((scores - y) ** 2).mean(axis=1)
        return pd.DataFrame({"split": split, "row": rows, "reconstruction_mse": errors})


KINDS: dict[str, Kind] = {
    kind.name: kind for kind in (Binary(), Multiclass(), Multilabel(), Regression(),
                                 Representation())
}  # fmt: skip


def task_kind(task: str) -> Kind:
    return KINDS[TASKS[task].kind]


def task_metrics(
    task: str, y: np.ndarray, scores: np.ndarray, groups: dict[str, list[int]] | None = None
) -> dict[str, float]:
    """Every metric the task reports (SPEC names, the task's order) that its kind computes
    from predictions (`groups`: the dataset's target groups, multi-label tasks)."""
    return task_kind(task).compute(y, scores, task_metric_names(task), groups)


def task_metric_names(task: str) -> list[str]:
    """The metrics `task_metrics` gives, in the task's order."""
    kind = task_kind(task)
    return [m for m in TASKS[task].metrics if kind.knows(m)]
