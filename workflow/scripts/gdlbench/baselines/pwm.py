"""PWM scan: score each sequence by its best log-odds hit of a JASPAR motif, on both strands.

Sequences come as the uint8 codes of gdlbench.data.encode (A C G T = 0..3); ambiguity
symbols and padding (codes >= 4) score as the background, i.e. 0, so neither helps nor hurts.
"""

from __future__ import annotations

import numpy as np

from gdlbench.data.motifs import motif_counts
from gdlbench.errors import ConfigError


def log_odds_matrix(
    motif_id: str, pseudocount: float = 0.8, background: float = 0.25
) -> np.ndarray:
    """(4, W) log2 odds against a uniform background.

    The pseudocount is the total added per column, spread by the background (JASPAR's
    convention), so columns with few observations are not -inf for unseen bases.
    """
    if pseudocount < 0 or not 0 < background < 1:
        raise ConfigError(
            f"pseudocount must be >= 0 and background in (0, 1), got {pseudocount}, {background}"
        )
    counts = motif_counts(motif_id)
    probabilities = (counts + pseudocount * background) / (counts.sum(axis=0) + pseudocount)
    return np.log2(probabilities / background)


def window_scores(codes: np.ndarray, log_odds: np.ndarray) -> np.ndarray:
    """(N, P) float64 score of every window on the given strand, P = max(L - W + 1, 1).

    Sequences shorter than the motif are scored as if padded (padding scores 0). One gather
    per motif column over all sequences and windows keeps memory at N x P.
    """
    codes = np.asarray(codes)
    if codes.ndim != 2 or not np.issubdtype(codes.dtype, np.integer):
        raise ValueError(f"codes must be a 2-D integer array, got {codes.dtype} {codes.shape}")
    if log_odds.ndim != 2 or log_odds.shape[0] != 4:
        raise ValueError(f"log_odds must have shape (4, W), got {log_odds.shape}")
    width = log_odds.shape[1]
    n, length = codes.shape
    if length < width:
        codes = np.pad(codes, ((0, 0), (0, width - length)), constant_values=255)
        length = width
    table = np.zeros((256, width), dtype=np.float64)  # codes >= 4 score the background: 0
    table[:4] = log_odds
    if codes.dtype != np.uint8:  # anything outside 0..255 is no base: score it as background
        codes = np.where((codes < 0) | (codes > 255), 255, codes).astype(np.uint8)
    positions = length - width + 1
    scores = np.zeros((n, positions), dtype=np.float64)
    for j in range(width):
        scores += table[codes[:, j : j + positions], j]
    return scores


def best_hit_scores(codes: np.ndarray, log_odds: np.ndarray) -> np.ndarray:
    """(N,) float32 best window score of each sequence over both strands."""
    reverse = log_odds[::-1, ::-1]  # reversed rows complement A<->T, C<->G; columns reversed
    if len(codes) == 0:
        return np.zeros(0, dtype=np.float32)
    best = np.maximum(
        window_scores(codes, log_odds).max(axis=1), window_scores(codes, reverse).max(axis=1)
    )
    return best.astype(np.float32)
