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
        n_classes = scores.shape[1]
        predicted = scores.argmax(axis=1)
        counts = np.bincount(np.asarray(y) * n_classes + predicted, minlength=n_classes**2)
        confusion = counts.reshape(n_classes, n_classes)  # rows: true class
        tp = np.diag(confusion)
        errors = confusion.sum(axis=0) + confusion.sum(axis=1) - 2 * tp  # fp + fn
        f1 = np.divide(2 * tp, 2 * tp + errors, out=np.zeros(n_classes), where=tp > 0)
        values = {
            "accuracy": tp.sum() / len(y),
            "f1_macro": f1.mean(),  # a class never true nor predicted counts 0, as in sklearn
            "auroc_macro": skm.roc_auc_score(
                y, scores, multi_class="ovr", average="macro", labels=np.arange(n_classes)
            ),
        }
    elif kind == "binary":
        predicted = (scores >= 0.5).astype(int)
        tn, fp, fn, tp = skm.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
        values = {  # counts from the confusion matrix: the bootstrap calls this thousands of times
            "auroc": skm.roc_auc_score(y, scores),
            "auprc": skm.average_precision_score(y, scores),
            "accuracy": (tp + tn) / len(y),
            "sensitivity": tp / (tp + fn) if tp + fn else float("nan"),
            "specificity": tn / (tn + fp) if tn + fp else float("nan"),
            "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
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
