"""Group-aware splits: a group (copies found by gdlbench.data.leakage) never straddles
train/validation/test. Split codes: 0 train, 1 valid, 2 test."""

from __future__ import annotations

import numpy as np

SPLITS = ("train", "valid", "test")
TRAIN, VALID, TEST = 0, 1, 2


def stratified_group_split(
    labels: np.ndarray,
    groups: np.ndarray,
    valid: float,
    test: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Split codes per example: whole groups go to one split, stratified by the group's
    majority label so each class is split in the asked proportions (up to group sizes)."""
    split = np.full(len(labels), TRAIN, dtype=np.uint8)
    group_ids, group_index = np.unique(groups, return_inverse=True)
    sizes = np.bincount(group_index)
    _, label_index = np.unique(labels, return_inverse=True)
    votes = np.zeros((len(group_ids), label_index.max() + 1), dtype=np.int64)
    np.add.at(votes, (group_index, label_index), 1)
    group_label = votes.argmax(axis=1)
    assignment = np.full(len(group_ids), TRAIN, dtype=np.uint8)
    for cls in np.unique(group_label):
        members = rng.permutation(np.flatnonzero(group_label == cls))
        total = sizes[members].sum()
        before = np.cumsum(sizes[members]) - sizes[members]  # examples placed before this group
        assignment[members[before < test * total]] = TEST
        assignment[members[(before >= test * total) & (before < (test + valid) * total)]] = VALID
    split[:] = assignment[group_index]
    return split
