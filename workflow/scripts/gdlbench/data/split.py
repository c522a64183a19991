"""Leakage-aware splits: duplicates and near-duplicates are grouped, and a group never
straddles train/validation/test. Split codes: 0 train, 1 valid, 2 test."""

from __future__ import annotations

import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components

SPLITS = ("train", "valid", "test")
TRAIN, VALID, TEST = 0, 1, 2


def near_duplicate_pairs(
    codes: np.ndarray, identity: float, chunk: int = 256
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of equal-length sequences sharing >= `identity` of their positions."""
    n, length = codes.shape
    min_equal = int(np.ceil(identity * length))
    left, right = [], []
    for start in range(0, n, chunk):
        block = codes[start : start + chunk]
        equal = (block[:, None, :] == codes[None, :, :]).sum(axis=2, dtype=np.int32)
        i, j = np.nonzero(equal >= min_equal)
        i = i + start
        keep = i < j
        left.append(i[keep])
        right.append(j[keep])
    return np.concatenate(left), np.concatenate(right)


def duplicate_groups(codes: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Group id per sequence: identical sequences and the near-duplicate pairs (i, j),
    joined transitively."""
    n = len(codes)
    _, exact = np.unique(codes, axis=0, return_inverse=True)
    # nodes 0..n-1 are sequences, n..2n-1 exact-sequence classes
    rows = np.concatenate([np.arange(n), i])
    cols = np.concatenate([exact.ravel() + n, j])
    graph = scipy.sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * n, 2 * n))
    _, labels = connected_components(graph, directed=False)
    return np.unique(labels[:n], return_inverse=True)[1]


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


def cross_split_pairs(split: np.ndarray, i: np.ndarray, j: np.ndarray) -> int:
    """How many of the pairs (i, j) lie in different splits (leakage; 0 after grouping)."""
    return int((split[i] != split[j]).sum())
