"""eADAGE-style consensus nodes: models that learned the same nodes in another order give
those nodes back; noisy copies average towards them."""

import numpy as np

from gdlbench.aggregate.ensemble import consensus_weights


def _matched(consensus, truth):
    """For each true node, the best correlation of a consensus node with it."""
    corr = np.corrcoef(np.vstack([truth, consensus]))[: len(truth), len(truth) :]
    return corr.max(axis=1)


def test_permuted_copies_give_the_nodes_back():
    rng = np.random.default_rng(0)
    truth = rng.normal(0, 1, (5, 80))
    models = [truth[rng.permutation(5)] for _ in range(3)]
    consensus = consensus_weights(models)
    assert consensus.shape == (5, 80)
    assert np.allclose(_matched(consensus, truth), 1.0)


def test_consensus_of_noisy_models_beats_one_model():
    rng = np.random.default_rng(1)
    truth = rng.normal(0, 1, (4, 200))
    models = [truth[rng.permutation(4)] + rng.normal(0, 1.0, (4, 200)) for _ in range(8)]
    single = _matched(models[0], truth).mean()
    assert _matched(consensus_weights(models), truth).mean() > single
