"""ADAGE-style interpretation of a representation: for every node (or component), its
high-weight genes -- beyond `n_sd` standard deviations of the node's weights, the positive and
the negative side as two gene signatures -- tested for over-representation of each gene set
(hypergeometric), Benjamini-Hochberg FDR over all tests of the model."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control, hypergeom


def signatures(weights: np.ndarray, n_sd: float = 2.5) -> list[tuple[int, str, np.ndarray]]:
    """(node, side, gene indices) of every non-empty high-weight signature of (nodes, genes)."""
    found = []
    for node, row in enumerate(np.asarray(weights, dtype=np.float64)):
        mean, sd = row.mean(), row.std()
        for side, members in (("+", row > mean + n_sd * sd), ("-", row < mean - n_sd * sd)):
            if members.any():
                found.append((node, side, np.flatnonzero(members)))
    return found


def enrichment_table(
    weights: np.ndarray, genes: list[str], terms: dict[str, list[str]], n_sd: float = 2.5
) -> pd.DataFrame:
    """Every (signature, term) test: node, side, term, overlap, p and BH q-value."""
    index = {gene: i for i, gene in enumerate(genes)}
    term_sets = {term: {index[g] for g in members if g in index} for term, members in terms.items()}
    rows = []
    for node, side, members in signatures(weights, n_sd):
        chosen = set(members.tolist())
        for term, term_genes in term_sets.items():
            overlap = len(chosen & term_genes)
            p = (
                hypergeom.sf(overlap - 1, len(genes), len(term_genes), len(chosen))
                if overlap
                else 1.0
            )
            rows.append((node, side, term, overlap, float(p)))
    table = pd.DataFrame(rows, columns=["node", "side", "term", "overlap", "p"])
    table["q"] = false_discovery_control(table["p"].to_numpy()) if len(table) else []
    return table


def named_genes(meta: dict) -> tuple[list[str], dict[str, list[str]]]:
    """A prepared dataset's input genes (the reader's names, else `input_<i>`) and gene sets
    (none unless the reader gave them)."""
    genes = meta.get("genes") or [f"input_{i}" for i in range(meta["shape"][-1])]
    return genes, meta.get("terms", {})


def pathways_covered(table: pd.DataFrame, fdr: float = 0.05) -> list[str]:
    """Distinct terms significant (q < fdr) in at least one signature."""
    return sorted(set(table.loc[table["q"] < fdr, "term"]))
