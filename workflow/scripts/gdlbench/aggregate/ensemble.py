"""eADAGE-style ensembles (Tan et al. 2017): the nodes of models trained with different seeds,
clustered by the correlation of their gene weights into as many consensus nodes as one model
has; each consensus node's weights are the mean of its members'. Consensus nodes are steadier
than any single model's, so they are read like one model's nodes (gdlbench.evaluation.enrichment).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.cluster import AgglomerativeClustering

from gdlbench.evaluation.enrichment import enrichment_table, named_genes, pathways_covered
from gdlbench.training.train import load_trained


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


def ensemble_table(
    runs: list[tuple[str, str, str]], models: list[list[str]], prepared: dict[str, str]
) -> pd.DataFrame:
    """Per representation run (task, dataset, model): the gene sets its seeds' nodes cover
    one by one (mean and max) and those the consensus of all seeds covers (`models`: each
    run's saved seeds; `prepared`: dataset -> prepared folder, for genes and terms)."""
    rows = []
    for (task, dataset, model), paths in zip(runs, models, strict=True):
        meta = json.loads((Path(prepared[dataset]) / "meta.json").read_text())
        weights = [load_trained(p, torch.device("cpu"))[0].gene_weights().numpy() for p in paths]
        genes, terms = named_genes(meta)
        single = [len(pathways_covered(enrichment_table(w, genes, terms))) for w in weights]
        consensus = consensus_weights(weights)
        covered = pathways_covered(enrichment_table(consensus, genes, terms))
        rows.append({"task": task, "dataset": dataset, "model": model, "n_models": len(weights),
                     "n_nodes": len(consensus), "n_pathways_single_mean": float(np.mean(single)),
                     "n_pathways_single_max": int(max(single)),
                     "n_pathways_ensemble": len(covered)})  # fmt: skip
    return pd.DataFrame(rows)
