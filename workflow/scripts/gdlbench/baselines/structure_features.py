"""Hand-made RNA structure features, so the baselines get structure as the deep models do.

Per sequence: length; GC content; MFE; MFE per nucleotide; MFE per nucleotide over GC
content (the normalised MFE of miRNA predictors); paired fraction; number of stems (runs of
'('); longest stem; terminal loop length (unpaired bases between the last '(' and the first
')'); number of unpaired runs inside the outermost pair (loops and bulges); and the 32
triplet features of triplet-SVM (Xue et al. 2004): for each middle nucleotide and each
paired/unpaired pattern of three consecutive positions, its frequency in the sequence.
"""

from __future__ import annotations

import re

import numpy as np

from gdlbench.data.fold import STRUCTURE_PAD, dot_brackets

NAMES = [
    "length",
    "gc",
    "mfe",
    "mfe_per_nt",
    "mfe_per_nt_over_gc",
    "paired_fraction",
    "stems",
    "longest_stem",
    "terminal_loop",
    "inner_unpaired_runs",
] + [f"triplet_{base}_{pattern:03b}" for base in "ACGT" for pattern in range(8)]


def _shape_features(structure: str) -> list[float]:
    stems = re.findall(r"\(+", structure)
    first_close, last_open = structure.find(")"), structure.rfind("(")
    loop = first_close - last_open - 1 if 0 <= last_open < first_close else 0
    inner = structure[structure.find("(") : structure.rfind(")") + 1]
    return [len(stems), max(map(len, stems), default=0), loop, len(re.findall(r"\.+", inner))]


def triplet_features(codes: np.ndarray, structure: np.ndarray) -> np.ndarray:
    """(N, 32) frequencies of (middle base, paired pattern of 3 positions)."""
    paired = ((structure == 1) | (structure == 2)).astype(np.int64)
    real = structure != STRUCTURE_PAD
    valid = real[:, :-2] & real[:, 1:-1] & real[:, 2:] & (codes[:, 1:-1] < 4)
    index = (
        codes[:, 1:-1].astype(np.int64) * 8
        + paired[:, :-2] * 4
        + paired[:, 1:-1] * 2
        + paired[:, 2:]
    )
    rows = np.broadcast_to(np.arange(len(codes))[:, None], index.shape)
    counts = np.bincount(rows[valid] * 32 + index[valid], minlength=len(codes) * 32)
    counts = counts.reshape(len(codes), 32).astype(np.float32)
    return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)


def structure_features(codes: np.ndarray, structure: np.ndarray, mfe: np.ndarray) -> np.ndarray:
    """(N, len(NAMES)) float32 features from sequence codes, structure codes and MFE."""
    lengths = (structure != STRUCTURE_PAD).sum(axis=1).astype(np.float32)
    gc = ((codes == 1) | (codes == 2)).sum(axis=1) / np.maximum(lengths, 1)
    per_nt = mfe / np.maximum(lengths, 1)
    paired = ((structure == 1) | (structure == 2)).sum(axis=1) / np.maximum(lengths, 1)
    shapes = np.array([_shape_features(s) for s in dot_brackets(structure)], dtype=np.float32)
    scalars = np.column_stack(
        [lengths, gc, mfe, per_nt, per_nt / np.maximum(gc, 0.05), paired, shapes.reshape(-1, 4)]
    )
    return np.hstack([scalars, triplet_features(codes, structure)]).astype(np.float32)
