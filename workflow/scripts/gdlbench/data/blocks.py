"""Working a large array a block of rows at a time, so that what grows with rows x length
(k-mer indices, hashes, reverse complements) never expands for millions of windows at once."""

from __future__ import annotations

BLOCK_BYTES = 256 << 20  # working memory of one block of rows


def row_blocks(n: int, row_bytes: int) -> list[slice]:
    """Consecutive slices of `n` rows, each about BLOCK_BYTES when a row takes `row_bytes`."""
    step = max(1, BLOCK_BYTES // max(row_bytes, 1))
    return [slice(start, min(n, start + step)) for start in range(0, n, step)]
