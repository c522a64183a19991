"""Nested training subsets for learning curves: the training split cut to a fraction,
validation and test untouched. Subsets are nested: one seeded permutation per class
(classification) or of all training rows (otherwise), cut at ceil(fraction x size), so a
smaller fraction's rows are always among a larger one's. Preprocessing statistics (e.g.
standardisation) stay those fitted on the full training split at preparation."""

from __future__ import annotations

import math

import numpy as np

from gdlbench.data.split import SPLITS

UNUSED = 255  # split code of training rows left out of the subset
TRAIN = SPLITS.index("train")


def nested_training_subset(
    split: np.ndarray, y: np.ndarray, fraction: float, seed: int, stratify: bool
) -> np.ndarray:
    """A copy of `split` with the training rows outside the subset marked UNUSED."""
    train = np.flatnonzero(split == TRAIN)
    rng = np.random.default_rng(seed)
    groups = [train[y[train] == c] for c in np.unique(y[train])] if stratify else [train]
    keep = np.concatenate([rng.permutation(g)[: math.ceil(fraction * len(g))] for g in groups])
    subset = split.copy()
    subset[np.setdiff1d(train, keep)] = UNUSED
    return subset
