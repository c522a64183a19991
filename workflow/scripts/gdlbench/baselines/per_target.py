"""One estimator per target for multi-label tasks, on shared features: each target's copy is
fitted on the training examples that carry its label (missing labels masked, as in the deep
models' loss); a target with one class among them predicts its training rate."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone

from gdlbench.kinds import labelled


class PerTarget(BaseEstimator):
    def __init__(self, estimator: BaseEstimator) -> None:
        self.estimator = estimator

    def fit(self, x, y) -> PerTarget:
        y = np.asarray(y)
        mask = labelled(y)
        self.fits_ = []
        for t in range(y.shape[1]):
            truth = y[mask[:, t], t].astype(int)
            if 0 < truth.sum() < len(truth):
                self.fits_.append(clone(self.estimator).fit(x[mask[:, t]], truth))
            else:
                self.fits_.append(float(truth.mean()) if len(truth) else 0.0)
        return self

    def predict_proba(self, x) -> np.ndarray:
        """(N, targets) probability of each target's positive class."""
        columns = [
            fit.predict_proba(x)[:, 1] if hasattr(fit, "predict_proba")
            else np.full(x.shape[0], fit)
            for fit in self.fits_
        ]  # fmt: skip
        return np.column_stack(columns)
