"""Sequences as 1-byte IUPAC codes on disk, one-hot per batch.

Codes: A C G T = 0 1 2 3, then the IUPAC ambiguity symbols N R Y S W K M B D H V = 4..14,
and PAD = 15 for positions past the end of a shorter sequence. U is read as T.
One-hot spreads an ambiguity symbol uniformly over the bases it stands for
(R = A/G -> 0.5, 0.5; D = A/G/T -> 1/3 each; N -> 0.25 each); PAD is all zeros.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse

from gdlbench.data.blocks import row_blocks

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch

BASES = "ACGT"
IUPAC = {
    "A": "A", "C": "C", "G": "G", "T": "T", "U": "T",
    "N": "ACGT", "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC",
    "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG",
}  # fmt: skip
SYMBOLS = "ACGTNRYSWKMBDHV"
PAD = 15
N_CODES = 16
INVALID = 255


def _code_table() -> np.ndarray:
    table = np.full(256, INVALID, dtype=np.uint8)
    for code, symbol in enumerate(SYMBOLS):
        table[ord(symbol)] = code
        table[ord(symbol.lower())] = code
    table[ord("U")] = table[ord("u")] = 3
    return table


def _one_hot_table() -> np.ndarray:
    table = np.zeros((N_CODES, 4), dtype=np.float32)
    for code, symbol in enumerate(SYMBOLS):
        for base in IUPAC[symbol]:
            table[code, BASES.index(base)] = 1.0 / len(IUPAC[symbol])
    return table


CODE_TABLE = _code_table()
_CODE_BYTES = CODE_TABLE.tobytes()  # the same table for bytes.translate (one C pass)
ONE_HOT_TABLE = _one_hot_table()


def encode(
    sequences: list[str],
    length: int | None = None,
    table: bytes = _CODE_BYTES,
    pad: int = PAD,
    alphabet: str = "IUPAC",
) -> np.ndarray:
    """(N, L) uint8 codes; shorter sequences are right-padded with `pad` up to `length`.

    All sequences go through one table lookup (joined, translated as bytes, then scattered
    into their rows); `table` maps each byte to its code or INVALID (default: the IUPAC
    nucleotide codes; gdlbench.data.protein passes the amino-acid table).
    Raises ValueError naming the first offending sequence index and character.
    """
    lengths = np.fromiter(map(len, sequences), dtype=np.int64, count=len(sequences))
    length = length if length is not None else int(lengths.max(initial=0))
    if (lengths > length).any():
        i = int(np.argmax(lengths > length))
        raise ValueError(f"sequence {i} has length {lengths[i]} > {length}")
    joined = "".join(sequences)
    translated = joined.encode("ascii", errors="replace").translate(table)
    flat = np.frombuffer(translated, dtype=np.uint8)
    if INVALID in translated:
        position = translated.index(INVALID)
        i = int(np.searchsorted(np.cumsum(lengths), position, side="right"))
        raise ValueError(
            f"sequence {i} has a character {joined[position]!r} that is no {alphabet} code"
        )
    out = np.full((len(sequences), length), pad, dtype=np.uint8)
    out[np.arange(length) < lengths[:, None]] = flat
    return out


def decode(codes: np.ndarray) -> list[str]:
    """Inverse of `encode` (PAD dropped)."""
    symbols = np.frombuffer((SYMBOLS + "?").encode(), dtype=np.uint8)
    return [symbols[np.minimum(row[row != PAD], len(SYMBOLS))].tobytes().decode() for row in codes]


def one_hot(codes: np.ndarray | torch.Tensor) -> torch.Tensor:
    """(N, L) codes -> (N, 4, L) float32 one-hot, the model input contract for sequences.

    Codes on a torch device are encoded there. Numpy codes: each base plane is one vectorised
    comparison written straight into its contiguous (N, L) slice as float32 (no index
    arrays, no transpose copy); the rare ambiguity codes are then filled in from the table."""
    import torch

    if isinstance(codes, torch.Tensor):
        table = torch.from_numpy(ONE_HOT_TABLE).to(codes.device)
        return table[codes.long()].permute(0, 2, 1).contiguous()
    codes = np.asarray(codes)
    out = np.empty((codes.shape[0], 4, codes.shape[1]), dtype=np.float32)
    for base in range(4):
        np.equal(codes, base, out=out[:, base, :], casting="unsafe")
    rows, columns = np.nonzero((codes >= 4) & (codes < PAD))  # PAD stays all zeros
    if len(rows):
        out[rows, :, columns] = ONE_HOT_TABLE[codes[rows, columns]]
    return torch.from_numpy(out)


def kmer_counts(codes: np.ndarray, k: int) -> scipy.sparse.csr_matrix:
    """(N, 4**k) sparse float32 counts of the unambiguous k-mers of each sequence (sparse so
    that k up to 6 and beyond stays tractable: a sequence holds at most L - k + 1 of them).
    Rows are counted a block at a time (the k-mer index of a block is 8 bytes per base).

    A k-mer touching an ambiguity symbol or PAD is not counted.
    """
    n, length = codes.shape
    if k < 1 or k > length:
        raise ValueError(f"k must be in 1..{length}, got {k}")
    blocks = [_block_kmer_counts(np.asarray(codes[rows]), k) for rows in row_blocks(n, 9 * length)]
    return scipy.sparse.vstack(blocks, format="csr") if blocks else _block_kmer_counts(codes, k)


def _block_kmer_counts(codes: np.ndarray, k: int) -> scipy.sparse.csr_matrix:
    n, length = codes.shape
    index = np.zeros((n, length - k + 1), dtype=np.int64)
    valid = np.ones(index.shape, dtype=bool)
    for offset in range(k):  # one pass per k-mer position keeps memory at N x L
        column = codes[:, offset : offset + index.shape[1]]
        index = index * 4 + np.minimum(column, 3)
        valid &= column < 4
    rows = np.broadcast_to(np.arange(n)[:, None], index.shape)
    counts = scipy.sparse.coo_matrix(
        (np.ones(int(valid.sum()), dtype=np.float32), (rows[valid], index[valid])),
        shape=(n, 4**k),
    )
    return counts.tocsr()  # duplicates summed
