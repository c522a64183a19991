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
    """AUROC and average precision of every column of a score matrix under integer example
    weights, for many weightings at once, each column sorted once. A bootstrap resample is
    such a weighting (how often each example was drawn); weights of one give the plain
    metrics. The values equal `auroc` and `average_precision` of the resampled examples, ties
    included.

    Columns are sorted ascending; a positive example whose tie block spans sorted positions
    [start, end) counts the negative weight below its block and half of that within it
    (AUROC), and the precision of the examples scoring at least as high as its block (average
    precision). Both read the labelled weight below `start` and `end` of positive entries
    only: the sorted positions are cut there, and the weight of each piece, for every
    weighting at once, is one sparse matrix product (a piece is the set of examples it holds)
    -- the cost of a weighting is then a multiply-add per entry, not a gather and a
    cumulative sum. Unlabelled entries sort last and point at a weightless example."""

    chunk_entries = 2**23  # (cut or positive entry, weighting) values at once: ~64 MB an array

    def __init__(self, positive: np.ndarray, labelled: np.ndarray, scores: np.ndarray):
        from scipy import sparse  # imported by the jobs that score resamples only

        n, self.width = scores.shape
        self.n = n
        # one row per column (targets x examples), so that sorting runs along contiguous memory
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
        self.n_positive = len(columns)
        key = columns * (n + 1) + rows  # ascending: positives before a position of a column
        self.first = np.searchsorted(columns, np.arange(self.width + 1))
        starts, ends = start[columns, rows], end[columns, rows]
        self.before_start = np.searchsorted(key, columns * (n + 1) + starts)
        self.before_end = np.searchsorted(key, columns * (n + 1) + ends)
        # cuts of the flattened sorted positions: each column's first position, the start and
        # end of every positive block, and the end of all
        column_starts, flat_starts, flat_ends = (
            np.arange(self.width + 1) * n,
            columns * n + starts,
            columns * n + ends,
        )
        cuts = np.unique(np.r_[column_starts, flat_starts, flat_ends])
        self.at_start = np.searchsorted(cuts, flat_starts)
        self.at_end = np.searchsorted(cuts, flat_ends)
        self.column_cuts = np.searchsorted(cuts, column_starts)
        self.column_end_cut = self.column_cuts[columns + 1]
        self.column_end_hit = self.first[columns + 1]
        pieces = np.where(np.isnan(ranked), n, order).reshape(-1)  # n: a weightless example
        self._pieces = sparse.csr_matrix(
            (np.ones(len(pieces), dtype=np.float32), pieces, cuts), shape=(len(cuts) - 1, n + 1)
        )
        # sums over each column's positive entries
        self._by_column = sparse.csr_matrix(
            (np.ones(len(columns)), np.arange(len(columns)), self.first),
            shape=(self.width, len(columns)),
        )

    def metrics(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(AUROC, average precision), each (weightings, columns), under example `weights`
        (weightings, n); NaN for a column whose weighted labelled examples are all of one
        class. Weightings are scored `chunk_entries` values of work at a time."""
        weights = np.asarray(weights)
        if weights.sum(axis=1).max(initial=0) >= 2**24:
            raise ValueError("weights sum past 2**24: their float32 sums would round")
        size = max(1, self.chunk_entries // (self._pieces.shape[0] + self.n_positive))
        found = [self._metrics(weights[i : i + size]) for i in range(0, len(weights), size)]
        return tuple(np.concatenate(part) for part in zip(*found, strict=True))

    def _metrics(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Sums below run over all columns at once (global prefix sums); a column's share is
        # taken out where it enters. Weights are integers and every sum stays far below 2**53,
        # so the float64 arithmetic is exact up to the final divisions.
        table = np.zeros((self.n + 1, len(weights)), dtype=np.float32)
        table[:-1] = weights.T
        pieces = (self._pieces @ table).T  # (weightings, cuts): labelled weight of each piece
        labelled = np.zeros((len(weights), pieces.shape[1] + 1))
        np.cumsum(pieces, axis=1, out=labelled[:, 1:])  # labelled weight before each cut
        weight = np.asarray(weights[:, self.example], dtype=float)  # of each positive entry
        hits = np.zeros((len(weights), weight.shape[1] + 1))
        np.cumsum(weight, axis=1, out=hits[:, 1:])  # positive weight before each positive entry
        column_labelled = labelled[:, self.column_cuts]
        column_hits = hits[:, self.first]
        n_pos = np.diff(column_hits, axis=1)
        n_all = np.diff(column_labelled, axis=1)
        labelled_start, hits_start = labelled[:, self.at_start], hits[:, self.before_start]
        # negative weight before the block's start plus that before its end, counted from the
        # first column on (each column's offset is taken out of its sum)
        below = labelled_start + labelled[:, self.at_end] - hits_start - hits[:, self.before_end]
        auc_sum = self._column_sums(weight * below) / 2 - n_pos * (
            column_labelled[:, :-1] - column_hits[:, :-1]
        )
        # positive over labelled weight scoring at least as high as the block
        above = np.maximum(labelled[:, self.column_end_cut] - labelled_start, 1)
        precision = (hits[:, self.column_end_hit] - hits_start) / above
        ap_sum = self._column_sums(weight * precision)
        with np.errstate(invalid="ignore", divide="ignore"):
            defined = (n_pos > 0) & (n_all > n_pos)
            auroc = np.where(defined, auc_sum / (n_pos * (n_all - n_pos)), np.nan)
            average_precision = np.where(defined, ap_sum / n_pos, np.nan)
        return auroc, average_precision

    def _column_sums(self, values: np.ndarray) -> np.ndarray:
        """(weightings, columns) sums of `values` (weightings, positive entries)."""
        return np.asarray(self._by_column @ values.T).T
