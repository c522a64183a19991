"""One estimator per target for multi-label tasks, on shared features: each target's copy is
fitted on the training examples that carry its label (missing labels masked, as in the deep
models' loss); a target with one class among them predicts its training rate. Fitted at once
(`fit`) or a block of examples at a time (`partial_fit`, streamed baselines)."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone

from gdlbench.kinds import labelled


class PerTarget(BaseEstimator):
    def __init__(self, estimator: BaseEstimator) -> None:
        self.estimator = estimator

    def fit(self, x, y) -> PerTarget:
        self._start(np.asarray(y).shape[1])
        return self._fit_targets(x, y, lambda fit, rows, truth: fit.fit(rows, truth), True)

    def partial_fit(self, x, y, classes=None) -> PerTarget:
        """Fit on one more block of examples (`classes`: ignored, always 0 and 1)."""
        if not hasattr(self, "fits_"):
            self._start(np.asarray(y).shape[1])
        return self._fit_targets(
            x, y, lambda fit, rows, truth: fit.partial_fit(rows, truth, classes=[0, 1]), False
        )

    def _start(self, n_targets: int) -> None:
        self.fits_ = [clone(self.estimator) for _ in range(n_targets)]
        self.counts_ = np.zeros((n_targets, 2), dtype=np.int64)  # labelled negatives, positives

    def _fit_targets(self, x, y, fit_one, both_classes: bool) -> PerTarget:
        """Fit each target's copy on its labelled rows: only where they hold both classes
        (`both_classes`, a whole fit) or wherever there are any (a block: the classes are
        declared)."""
        y = np.asarray(y)
        mask = labelled(y)
        for t, fit in enumerate(self.fits_):
            truth = y[mask[:, t], t].astype(int)
            self.counts_[t] += np.bincount(truth, minlength=2)[:2]
            if (0 < truth.sum() < len(truth)) if both_classes else len(truth):
                # every row labelled (DeepSEA's profiles): the block itself, not a copy of it
                fit_one(fit, x if mask[:, t].all() else x[mask[:, t]], truth)
        return self

    def predict_proba(self, x) -> np.ndarray:
        """(N, targets) probability of each target's positive class; the training rate of a
        target that saw one class."""
        n, columns = x.shape[0], []
        for fit, (negative, positive) in zip(self.fits_, self.counts_, strict=True):
            if negative and positive:
                columns.append(fit.predict_proba(x)[:, 1])
            else:
                columns.append(np.full(n, positive / max(negative + positive, 1)))
        return np.column_stack(columns)
