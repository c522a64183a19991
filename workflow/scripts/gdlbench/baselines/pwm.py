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


PWM_BLOCK_ROWS = 256  # sequences scanned at once: 256 x 40 filters x 1000 bp, 40 MB


def motif_hit_scores(codes: np.ndarray, log_odds: list[np.ndarray]) -> np.ndarray:
    """(N, motifs) float32 best log-odds hit of each motif (`log_odds`, each (4, W)) in each
    sequence, over both strands and every window that fits in the sequence (a sequence
    shorter than a motif is scored as if padded). One convolution of the one-hot sequences
    with every motif and its reverse complement, zero-padded to the widest, a block of
    sequences at a time; ambiguity codes and padding are all-zero columns, i.e. the
    background, 0."""
    import torch  # a convolution runs the scan at matrix-product speed

    codes = np.asarray(codes)
    if codes.ndim != 2 or not np.issubdtype(codes.dtype, np.integer):
        raise ValueError(f"codes must be a 2-D integer array, got {codes.dtype} {codes.shape}")
    for matrix in log_odds:
        if matrix.ndim != 2 or matrix.shape[0] != 4:
            raise ValueError(f"log_odds must have shape (4, W), got {matrix.shape}")
    widths = np.array([matrix.shape[1] for matrix in log_odds])
    widest = int(widths.max(initial=1))
    filters = np.zeros((2 * len(log_odds), 4, widest), dtype=np.float32)
    for i, matrix in enumerate(log_odds):  # reversed rows complement A<->T and C<->G
        filters[2 * i, :, : matrix.shape[1]] = matrix
        filters[2 * i + 1, :, : matrix.shape[1]] = matrix[::-1, ::-1]
    n, length = codes.shape
    span = max(length, widest)
    last = np.maximum(length - np.repeat(widths, 2), 0)  # each filter's last window start
    starts = np.arange(span)[None, :] <= last[:, None]
    outside = torch.from_numpy(np.where(starts, 0.0, -np.inf).astype(np.float32))
    weight = torch.from_numpy(filters)
    bases = np.arange(4, dtype=codes.dtype)[None, :, None]
    best = np.empty((n, len(log_odds)), dtype=np.float32)
    for start in range(0, n, PWM_BLOCK_ROWS):
        block = codes[start : start + PWM_BLOCK_ROWS]
        onehot = np.zeros((len(block), 4, span + widest - 1), dtype=np.float32)
        onehot[:, :, :length] = block[:, None, :] == bases  # codes >= 4: no base
        scores = torch.nn.functional.conv1d(torch.from_numpy(onehot), weight) + outside
        strands = scores.amax(dim=2).reshape(len(block), len(log_odds), 2)
        best[start : start + len(block)] = strands.amax(dim=2).numpy()
    return best


def best_hit_scores(codes: np.ndarray, log_odds: np.ndarray) -> np.ndarray:
    """(N,) float32 best window score of each sequence over both strands (one motif)."""
    return motif_hit_scores(codes, [log_odds])[:, 0]
