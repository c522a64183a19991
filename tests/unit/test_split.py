import numpy as np

from gdlbench.data.leakage import near_duplicate_groups, pair_counts
from gdlbench.data.split import TEST, TRAIN, VALID, stratified_group_split


def _random_codes(n, length, seed=0):
    return np.random.default_rng(seed).integers(0, 4, size=(n, length)).astype(np.uint8)


def test_split_keeps_groups_together_and_stratifies():
    rng = np.random.default_rng(0)
    codes = _random_codes(600, 30)
    codes[300:330] = codes[0]  # 30 copies of one sequence
    labels = np.repeat([0, 1, 2], 200)
    groups = near_duplicate_groups(codes, 0.9)
    split = stratified_group_split(labels, groups, 0.15, 0.15, rng)
    assert pair_counts(groups, split) == (30 * 31 // 2, 0)
    assert len(set(split[groups == groups[0]])) == 1
    for cls in range(3):
        share = np.bincount(split[labels == cls], minlength=3) / (labels == cls).sum()
        if cls == 0:
            continue  # class 0 holds the big duplicate group: proportions are coarser
        assert abs(share[TEST] - 0.15) < 0.03 and abs(share[VALID] - 0.15) < 0.03
        assert share[TRAIN] > 0.6


def test_split_is_deterministic_for_a_seed():
    codes = _random_codes(200, 20)
    labels = np.repeat([0, 1], 100)
    groups = near_duplicate_groups(codes, 0.9)
    a = stratified_group_split(labels, groups, 0.2, 0.2, np.random.default_rng(5))
    b = stratified_group_split(labels, groups, 0.2, 0.2, np.random.default_rng(5))
    c = stratified_group_split(labels, groups, 0.2, 0.2, np.random.default_rng(6))
    assert np.array_equal(a, b) and not np.array_equal(a, c)
