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


class RankedColumns:
    """AUROC and average precision of every column of a score matrix under any integer
    example weights, each column sorted once. A bootstrap resample is such a weighting (how
    often each example was drawn), so a resample costs one cumulative sum instead of sorts;
    weights of one give the plain metrics. The values equal `auroc` and `average_precision`
    of the resampled examples, ties included.

    Columns are sorted ascending; a positive example whose tie block spans sorted positions
    [start, end) counts the negative weight below its block and half of that within it
    (AUROC), and the precision of the examples scoring at least as high as its block (average
    precision). Both read cumulative weights at `start` and `end` of positive entries only:
    of all labelled entries from one cumulative sum per column, of positive ones from a
    cumulative sum over the (sparse) positive entries. Unlabelled entries sort last and point
    at a weightless example."""

    def __init__(self, positive: np.ndarray, labelled: np.ndarray, scores: np.ndarray):
        n, self.width = scores.shape
        # one row per column (targets x examples), so that sorting and summing run along
        # contiguous memory
        keyed = np.where(labelled, np.asarray(scores, dtype=float), np.nan).T  # NaN last
        order = np.argsort(keyed, axis=1)  # ties in any order: only their blocks count
        ranked = np.take_along_axis(keyed, order, axis=1)
        new_block = np.ones(ranked.shape, dtype=bool)
        new_block[:, 1:] = ranked[:, 1:] != ranked[:, :-1]
        block_end = np.ones(ranked.shape, dtype=bool)
        block_end[:, :-1] = new_block[:, 1:]
        position = np.arange(n)
        start = np.maximum.accumulate(np.where(new_block, position, 0), axis=1)
        end = np.minimum.accumulate(np.where(block_end, position + 1, n)[:, ::-1], axis=1)
        end = end[:, ::-1]
        is_positive = np.take_along_axis((positive & labelled).T, order, axis=1)
        columns, rows = np.nonzero(is_positive)  # positive entries by column, then position
        self.example = order[columns, rows]
        self.order = np.where(np.isnan(ranked), n, order)  # n: a weightless example
        self.columns, self.start, self.end = columns, start[columns, rows], end[columns, rows]
        key = columns * (n + 1) + rows  # ascending: positives before a position of a column
        self.first = np.searchsorted(columns, np.arange(self.width + 1))
        self.before_start = np.searchsorted(key, columns * (n + 1) + self.start)
        self.before_end = np.searchsorted(key, columns * (n + 1) + self.end)
        self.at_start = columns * (n + 1) + self.start  # into the flattened cumulative sums
        self.at_end = columns * (n + 1) + self.end
        # reused buffers; int32 holds any resample's weights (they sum to at most n)
        self._ranked_weights = np.empty(self.order.shape, dtype=np.int32)
        self._total = np.zeros((self.width, n + 1), dtype=np.int32)

    def metrics(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(AUROC, average precision) per column under example `weights` (n,); NaN for a
        column whose weighted labelled examples are all of one class."""
        weights = np.append(np.asarray(weights, dtype=np.int32), 0)
        np.take(weights, self.order, out=self._ranked_weights)
        total = self._total  # labelled weight before each sorted position of each column
        np.cumsum(self._ranked_weights, axis=1, out=total[:, 1:])
        weight = weights[self.example].astype(np.int64)
        hits = np.r_[0, np.cumsum(weight)]  # over the positive entries
        column_hits = hits[self.first[self.columns]]
        hits_start = hits[self.before_start] - column_hits
        hits_end = hits[self.before_end] - column_hits
        n_pos = (hits[self.first[1:]] - hits[self.first[:-1]]).astype(float)
        n_all = total[:, -1].astype(float)
        n_neg = n_all - n_pos
        flat = total.reshape(-1)
        at_start = flat[self.at_start]
        below = (at_start - hits_start + flat[self.at_end] - hits_end) / 2
        auc_sum = np.bincount(self.columns, weight * below, minlength=self.width)
        above = np.maximum(n_all[self.columns] - at_start, 1)  # 0 only with weight 0 here
        precision = (n_pos[self.columns] - hits_start) / above
        ap_sum = np.bincount(self.columns, weight * precision, minlength=self.width)
        with np.errstate(invalid="ignore", divide="ignore"):
            defined = (n_pos > 0) & (n_neg > 0)
            auroc = np.where(defined, auc_sum / (n_pos * n_neg), np.nan)
            average_precision = np.where(defined, ap_sum / n_pos, np.nan)
        return auroc, average_precision
