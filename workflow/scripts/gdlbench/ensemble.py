"""eADAGE-style ensembles (Tan et al. 2017): the nodes of models trained with different seeds,
clustered by the correlation of their gene weights into as many consensus nodes as one model
has; each consensus node's weights are the mean of its members'. Consensus nodes are steadier
than any single model's, so they are interpreted like one model's nodes (gdlbench.enrichment).
"""

from __future__ import annotations

import numpy as np
from sklearn.cluster import AgglomerativeClustering


def consensus_weights(weights: list[np.ndarray], n_nodes: int | None = None) -> np.ndarray:
    """(n_nodes, genes) consensus of several (nodes, genes) weight matrices: average-linkage
    clustering on 1 - Pearson correlation of all their nodes, then cluster means. `n_nodes`
    defaults to the nodes of one model."""
    stacked = np.vstack([np.asarray(w, dtype=np.float64) for w in weights])
    n_nodes = n_nodes or weights[0].shape[0]
    if n_nodes >= len(stacked):
        return stacked
    distance = np.clip(1.0 - np.corrcoef(stacked), 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=n_nodes, metric="precomputed", linkage="average"
    ).fit_predict(distance)
    return np.vstack([stacked[labels == k].mean(axis=0) for k in range(n_nodes)])
