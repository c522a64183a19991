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

from gdlbench.data.blocks import row_blocks
from gdlbench.data.encode import INVALID
from gdlbench.data.encode import encode as encode_codes

if TYPE_CHECKING:  # torch is imported where a batch is made
    import torch

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
AMBIGUOUS = {"X": AMINO_ACIDS, "B": "DN", "Z": "EQ", "U": "C"}
PROTEIN_SYMBOLS = AMINO_ACIDS + "".join(AMBIGUOUS)
PROTEIN_PAD = len(PROTEIN_SYMBOLS)  # 24
N_AMINO_ACIDS = len(AMINO_ACIDS)


def _code_bytes() -> bytes:
    table = np.full(256, INVALID, dtype=np.uint8)
    for code, symbol in enumerate(PROTEIN_SYMBOLS):
        table[ord(symbol)] = table[ord(symbol.lower())] = code
    return table.tobytes()


def _one_hot_table() -> np.ndarray:
    table = np.zeros((PROTEIN_PAD + 1, N_AMINO_ACIDS), dtype=np.float32)
    table[np.arange(N_AMINO_ACIDS), np.arange(N_AMINO_ACIDS)] = 1.0
    for offset, meaning in enumerate(AMBIGUOUS.values()):
        for residue in meaning:
            table[N_AMINO_ACIDS + offset, AMINO_ACIDS.index(residue)] = 1.0 / len(meaning)
    return table


PROTEIN_CODE_BYTES = _code_bytes()
PROTEIN_ONE_HOT = _one_hot_table()


def cut_long(sequence: str, max_length: int | None) -> str:
    """The protein, or its first and last residues when longer than `max_length` (module)."""
    if max_length is None or len(sequence) <= max_length:
        return sequence
    head = max_length // 2
    return sequence[:head] + sequence[len(sequence) - (max_length - head) :]


def encode_protein(sequences: list[str], length: int | None = None) -> np.ndarray:
    """(N, L) uint8 amino-acid codes, right-padded with PROTEIN_PAD; a symbol outside the 20
    amino acids and X/B/Z/U is a ValueError naming the sequence index and character."""
    return encode_codes(sequences, length, PROTEIN_CODE_BYTES, PROTEIN_PAD, "amino-acid")


def decode_protein(codes: np.ndarray) -> list[str]:
    """Inverse of `encode_protein` (padding dropped)."""
    symbols = np.frombuffer(PROTEIN_SYMBOLS.encode(), dtype=np.uint8)
    return [symbols[row[row != PROTEIN_PAD]].tobytes().decode() for row in codes]


def protein_one_hot(codes: np.ndarray | torch.Tensor) -> torch.Tensor:
    """(N, L) codes -> (N, 20, L) float32 one-hot, made on the codes' device."""
    import torch

    codes = torch.as_tensor(np.asarray(codes) if isinstance(codes, np.memmap) else codes)
    table = torch.from_numpy(PROTEIN_ONE_HOT).to(codes.device)
    return table[codes.long()].permute(0, 2, 1).contiguous()


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
