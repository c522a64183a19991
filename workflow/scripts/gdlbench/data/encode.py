"""Sequences as 1-byte IUPAC codes on disk, one-hot per batch.

Codes: A C G T = 0 1 2 3, then the IUPAC ambiguity symbols N R Y S W K M B D H V = 4..14,
and PAD = 15 for positions past the end of a shorter sequence. U is read as T.
One-hot spreads an ambiguity symbol uniformly over the bases it stands for
(R = A/G -> 0.5, 0.5; D = A/G/T -> 1/3 each; N -> 0.25 each); PAD is all zeros.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from gdlbench.data.alphabet import Alphabet
from gdlbench.data.blocks import row_blocks

DNA = Alphabet(
    "IUPAC",
    "ACGT",
    {"N": "ACGT", "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC",
     "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG"},
    aliases={"U": "T"},
)  # fmt: skip
BASES = DNA.letters
SYMBOLS = DNA.symbols
PAD = DNA.pad  # 15
IUPAC = {**{base: base for base in BASES}, **DNA.ambiguous, **DNA.aliases}  # symbol -> bases
ONE_HOT_TABLE = DNA.one_hot_table
encode = DNA.encode  # (N, L) codes
decode = DNA.decode
one_hot = DNA.one_hot  # (N, 4, L), the model input contract for sequences

if TYPE_CHECKING:
    import scipy.sparse  # imported on use: a torch training job never needs its 0.2 s


def kmer_counts(codes: np.ndarray, k: int) -> scipy.sparse.csr_matrix:
    """(N, 4**k) sparse float32 counts of the unambiguous k-mers of each sequence (sparse so
    that k up to 6 and beyond stays tractable: a sequence holds at most L - k + 1 of them).
    Rows are counted a block at a time (the k-mer index of a block is 8 bytes per base).

    A k-mer touching an ambiguity symbol or PAD is not counted.
    """
    import scipy.sparse

    n, length = codes.shape
    if k < 1 or k > length:
        raise ValueError(f"k must be in 1..{length}, got {k}")
    blocks = [_block_kmer_counts(np.asarray(codes[rows]), k) for rows in row_blocks(n, 9 * length)]
    return scipy.sparse.vstack(blocks, format="csr") if blocks else _block_kmer_counts(codes, k)


def _block_kmer_counts(codes: np.ndarray, k: int) -> scipy.sparse.csr_matrix:
    import scipy.sparse

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
