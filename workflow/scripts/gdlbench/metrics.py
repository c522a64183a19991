"""Task metrics from true labels and model scores (probabilities or predictions)."""

from __future__ import annotations

import numpy as np
from sklearn import metrics as skm

from gdlbench.tasks import TASKS


def scores_from_logits(kind: str, logits: np.ndarray) -> np.ndarray:
    """Multiclass: softmax (N, C); binary: sigmoid of the single logit (N,); else as is."""
    if kind == "multiclass":
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=1, keepdims=True)
    if kind == "binary":
        return 1.0 / (1.0 + np.exp(-logits.reshape(-1)))
    return logits


def compute_metrics(task: str, y: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """Every metric the task reports (SPEC names), from true `y` and `scores`."""
    kind = TASKS[task].kind
    if kind == "multiclass":
        predicted = scores.argmax(axis=1)
        labels = np.arange(scores.shape[1])
        values = {
            "accuracy": skm.accuracy_score(y, predicted),
            "f1_macro": skm.f1_score(y, predicted, labels=labels, average="macro"),
            "auroc_macro": skm.roc_auc_score(
                y, scores, multi_class="ovr", average="macro", labels=labels
            ),
        }
    elif kind == "binary":
        predicted = (scores >= 0.5).astype(int)
        tn, fp, fn, tp = skm.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
        values = {
            "auroc": skm.roc_auc_score(y, scores),
            "auprc": skm.average_precision_score(y, scores),
            "accuracy": skm.accuracy_score(y, predicted),
            "sensitivity": tp / (tp + fn) if tp + fn else float("nan"),
            "specificity": tn / (tn + fp) if tn + fp else float("nan"),
            "f1": skm.f1_score(y, predicted, zero_division=0.0),
        }
    elif kind == "regression":
        values = {"mae": skm.mean_absolute_error(y, scores)}
    elif kind == "representation":  # y: the inputs, scores: their reconstructions
        mse = float(np.mean((np.asarray(y).reshape(len(y), -1) - scores) ** 2))
        return {"reconstruction_mse": mse}  # n_pathways needs the model: gdlbench.evaluate
    else:
        raise ValueError(f"task {task!r} of kind {kind!r} has no supervised metrics")
    return {name: float(values[name]) for name in TASKS[task].metrics}


def primary_metric(task: str) -> tuple[str, bool]:
    """The metric used for model selection on the validation split, and whether higher is
    better."""
    name = TASKS[task].primary_metric
    return name, name not in {"mae", "reconstruction_mse"}
