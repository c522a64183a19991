"""PWM scan: score each sequence by the best log-odds hit of a JASPAR motif, both strands."""

from __future__ import annotations

from functools import cache

import numpy as np
from pyjaspar import jaspardb

from gdlbench.errors import ConfigError


@cache
def motif_counts(motif_id: str) -> np.ndarray:
    """(4, W) counts of a JASPAR matrix (A C G T rows), from pyjaspar's bundled database."""
    motif = jaspardb().fetch_motif_by_id(motif_id)
    if motif is None:
        raise ConfigError(f"JASPAR has no motif {motif_id!r}")
    return np.array([motif.counts[base] for base in "ACGT"], dtype=np.float64)


def log_odds_matrix(
    motif_id: str, pseudocount: float = 0.8, background: float = 0.25
) -> np.ndarray:
    """(4, W) log2 odds of each base at each motif position against a uniform background."""
    counts = motif_counts(motif_id) + pseudocount / 4
    return np.log2(counts / counts.sum(axis=0) / background)


def best_hit_scores(codes: np.ndarray, log_odds: np.ndarray) -> np.ndarray:
    """(N,) best window score on either strand; codes >= 4 (ambiguous, padding) score 0."""
    width = log_odds.shape[1]
    reverse = log_odds[::-1, ::-1]  # complement rows (A<->T, C<->G) and reverse positions
    windows = np.lib.stride_tricks.sliding_window_view(codes, width, axis=1)  # (N, P, W)
    best = np.full(len(codes), -np.inf, dtype=np.float64)
    for matrix in (log_odds, reverse):
        padded = np.vstack([matrix, np.zeros((252, width))])  # rows for codes 4..255 score 0
        scores = padded[windows, np.arange(width)].sum(axis=2)
        best = np.maximum(best, scores.max(axis=1))
    return best.astype(np.float32)
