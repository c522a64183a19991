"""Ranking metrics without scikit-learn's per-call input validation, which costs about 3 ms a
call and dominated the bootstraps (thousands of calls per comparison). The values are
scikit-learn's exactly (tests/unit/test_ranking.py checks them against it, ties included):
AUROC as the Mann-Whitney U statistic with mid-ranks for ties, average precision as the
step-wise sum over distinct score thresholds."""

from __future__ import annotations

import numpy as np


def _binary(y) -> np.ndarray:
    truth = np.asarray(y) == 1
    if truth.all() or not truth.any():
        raise ValueError("only one class present among the examples: the metric is undefined")
    return truth


def mid_ranks(values) -> np.ndarray:
    """1-based ranks, tied values sharing the mean of their ranks (scipy's `rankdata`, whose
    import alone costs half a second of every job's start-up)."""
    values = np.asarray(values)
    order = np.argsort(values, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(values[order])) + 1]
    ends = np.r_[starts[1:], len(values)]
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends + 1) / 2, ends - starts)
    return ranks


def auroc(y, scores) -> float:
    """Area under the ROC curve of binary labels `y` (1 positive) and `scores`."""
    truth = _binary(y)
    n_pos = int(truth.sum())
    n_neg = len(truth) - n_pos
    ranks = mid_ranks(scores)
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def average_precision(y, scores) -> float:
    """Average precision: precision at each distinct threshold, weighted by the recall it
    adds."""
    truth = _binary(y)
    order = np.argsort(-np.asarray(scores), kind="stable")
    ranked, hits = np.asarray(scores)[order], truth[order]
    last = np.r_[np.flatnonzero(np.diff(ranked)), len(ranked) - 1]  # end of each tie block
    tp = np.cumsum(hits)[last]
    precision = tp / (last + 1)
    recall_gain = np.diff(np.r_[0, tp]) / tp[-1]
    return float((precision * recall_gain).sum())


def auroc_ovr_macro(y, scores: np.ndarray) -> float:
    """Mean over classes of each class's one-vs-rest AUROC (every class must occur)."""
    y = np.asarray(y)
    return float(np.mean([auroc(y == k, scores[:, k]) for k in range(scores.shape[1])]))
