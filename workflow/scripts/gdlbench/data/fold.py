"""RNA secondary structure with ViennaRNA, folded once per prepared dataset of a task with
structure (rule fold_structures: `structure.npy` and `mfe.npy` beside the prepared files).

Structure codes: '.' = 0 (unpaired), '(' = 1, ')' = 2, padding = 3; one-hot gives three
channels (unpaired, opening, closing) and all zeros at padding, like sequence one-hot.
"""

from __future__ import annotations

import os
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import RNA

from gdlbench.data.alphabet import Alphabet
from gdlbench.data.encode import decode

STRUCTURE = Alphabet("dot-bracket", ".()")
STRUCTURE_PAD = STRUCTURE.pad  # 3
structure_one_hot = STRUCTURE.one_hot  # (N, 3, L): unpaired, opening, closing
dot_brackets = STRUCTURE.decode


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
    return STRUCTURE.encode(structures, length)


def fold_prepared(folder: str | Path, threads: int) -> tuple[np.ndarray, np.ndarray]:
    """The structure codes (N, L) and MFEs (N,) of a prepared dataset's sequences (its
    x.npy), written beside it as structure.npy and mfe.npy, each whole or not at all."""
    folder = Path(folder)
    x = np.load(folder / "x.npy", mmap_mode="r")
    structures, mfe = fold_sequences(decode(np.asarray(x)), threads)
    arrays = {"structure": structure_codes(structures, x.shape[1]), "mfe": mfe}
    for name, array in arrays.items():
        partial = folder / f".{name}.{os.getpid()}.npy"
        with open(partial, "wb") as handle:
            np.save(handle, array)
        os.replace(partial, folder / f"{name}.npy")
    return arrays["structure"], mfe
