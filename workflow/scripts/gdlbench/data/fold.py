"""RNA secondary structure with ViennaRNA, folded once per dataset in the prepare step.

Structure codes: '.' = 0 (unpaired), '(' = 1, ')' = 2, padding = 3; one-hot gives three
channels (unpaired, opening, closing) and all zeros at padding, like sequence one-hot.
"""

from __future__ import annotations

from multiprocessing import Pool
from typing import TYPE_CHECKING

import numpy as np
import RNA

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch

STRUCTURE_PAD = 3
_CODES = np.full(256, 255, dtype=np.uint8)
for _code, _symbol in enumerate(".()"):
    _CODES[ord(_symbol)] = _code
_ONE_HOT = np.vstack([np.eye(3), np.zeros((1, 3))]).astype(np.float32)  # per code


def _fold(sequence: str) -> tuple[str, float]:
    structure, mfe = RNA.fold(sequence)
    return structure, float(mfe)


def fold_sequences(sequences: list[str], threads: int = 1) -> tuple[list[str], np.ndarray]:
    """Minimum-free-energy dot-bracket structures and MFEs (kcal/mol), in input order."""
    if threads > 1 and len(sequences) > 100:
        with Pool(threads) as pool:
            folded = pool.map(_fold, sequences, chunksize=64)
    else:
        folded = [_fold(sequence) for sequence in sequences]
    return [s for s, _ in folded], np.array([m for _, m in folded], dtype=np.float32)


def structure_codes(structures: list[str], length: int) -> np.ndarray:
    """(N, length) uint8 codes, right-padded with STRUCTURE_PAD."""
    out = np.full((len(structures), length), STRUCTURE_PAD, dtype=np.uint8)
    for i, structure in enumerate(structures):
        out[i, : len(structure)] = _CODES[np.frombuffer(structure.encode(), dtype=np.uint8)]
    return out


def structure_one_hot(codes: np.ndarray | torch.Tensor) -> torch.Tensor:
    """(N, L) structure codes -> (N, 3, L) float32 on the codes' device; padding is all
    zeros."""
    import torch

    codes = torch.as_tensor(codes)
    return torch.from_numpy(_ONE_HOT).to(codes.device)[codes.long()].permute(0, 2, 1)


def dot_brackets(codes: np.ndarray) -> list[str]:
    """Inverse of `structure_codes` (padding dropped)."""
    symbols = np.frombuffer(b".()", dtype=np.uint8)
    return [symbols[row[row != STRUCTURE_PAD]].tobytes().decode() for row in codes]
