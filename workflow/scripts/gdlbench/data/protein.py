"""Proteins as 1-byte amino-acid codes on disk, one-hot per batch (modality `protein`).

Codes: the 20 amino acids `ACDEFGHIKLMNPQRSTVWY` = 0..19, then the ambiguity symbols
X (any) = 20, B (D or N) = 21, Z (E or Q) = 22, U (selenocysteine) = 23, and PROTEIN_PAD = 24
past the end of a shorter protein. One-hot has 20 channels: X is 1/20 on every amino acid,
B and Z 0.5 on each of theirs, U is read as C (its sulphur analogue); padding is all zeros,
so models that skip padding (gdlbench.models.masking) skip it here too.

Long proteins are cut as DeepLoc (Almagro Armenteros et al. 2017) did: a protein longer than
`max_length` keeps its first `max_length // 2` and its last `max_length - max_length // 2`
residues, where the N-terminal sorting signals (signal and transit peptides) and the
C-terminal ones (KDEL, PTS1) lie.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gdlbench.data.alphabet import Alphabet
from gdlbench.data.blocks import row_blocks

if TYPE_CHECKING:  # torch is imported where a batch is made
    import torch

PROTEIN = Alphabet("amino-acid", "ACDEFGHIKLMNPQRSTVWY", {"X": "ACDEFGHIKLMNPQRSTVWY",
                   "B": "DN", "Z": "EQ", "U": "C"})  # fmt: skip
AMINO_ACIDS = PROTEIN.letters
PROTEIN_SYMBOLS = PROTEIN.symbols
PROTEIN_PAD = PROTEIN.pad  # 24
N_AMINO_ACIDS = len(AMINO_ACIDS)
encode_protein = PROTEIN.encode  # (N, L) codes
decode_protein = PROTEIN.decode
protein_one_hot = PROTEIN.one_hot  # (N, 20, L)


def cut_long(sequence: str, max_length: int | None) -> str:
    """The protein, or its first and last residues when longer than `max_length` (module)."""
    start, end = cut_stretch(len(sequence), max_length)
    return sequence[:start] + sequence[end:]


def cut_stretch(length: int, max_length: int | None) -> tuple[int, int]:
    """The (start, end) of the middle stretch cut_long leaves out of a protein of `length`
    residues; (length, length) where nothing is."""
    if max_length is None or length <= max_length:
        return length, length
    return max_length // 2, length - (max_length - max_length // 2)


def peptide_composition(one_hot: torch.Tensor, k: int) -> torch.Tensor:
    """(N, 20, L) one-hot -> (N, 20) amino-acid composition (k = 1), with the (N, 400)
    dipeptide composition appended for k = 2: the fraction of each residue (each adjacent
    pair) among the real positions (pairs); padding counts for nothing and an ambiguous
    residue counts fractionally. The one composition of the composition MLP and the
    composition baselines."""
    import torch

    if k not in (1, 2):
        raise ValueError(
            f"peptide composition has k = 1 (amino acids) or 2 (+ dipeptides), not {k}"
        )
    real = one_hot.sum(dim=1)  # (N, L): 1 at real positions, 0 at padding
    n_real = real.sum(dim=1, keepdim=True).clamp(min=1)
    features = [one_hot.sum(dim=2) / n_real]
    if k == 2:
        pairs = torch.einsum("nal,nbl->nab", one_hot[:, :, :-1], one_hot[:, :, 1:])
        n_pairs = (real[:, :-1] * real[:, 1:]).sum(dim=1).clamp(min=1)
        features.append(pairs.reshape(len(one_hot), -1) / n_pairs[:, None])
    return torch.cat(features, dim=1)


def composition_features(codes: np.ndarray, k: int) -> np.ndarray:
    """(N, 20 or 420) float32 composition of stored codes, a block of rows at a time."""
    blocks = row_blocks(len(codes), 4 * N_AMINO_ACIDS * codes.shape[1] * 3)
    parts = [peptide_composition(protein_one_hot(codes[rows]), k).numpy() for rows in blocks]
    return np.concatenate(parts) if parts else np.zeros((0, 20 if k == 1 else 420), np.float32)
