"""Working a large array a block of rows at a time, so that what grows with rows x length
(k-mer indices, hashes, reverse complements) never expands for millions of windows at once."""

from __future__ import annotations

BLOCK_BYTES = 256 << 20  # working memory of one block of rows


def row_blocks(n: int, row_bytes: int, block_bytes: int = BLOCK_BYTES) -> list[slice]:
    """Consecutive slices of `n` rows, each about `block_bytes` when a row takes `row_bytes`
    (a few MB keep repeated passes over a block in the CPU's cache)."""
    step = max(1, block_bytes // max(row_bytes, 1))
    return [slice(start, min(n, start + step)) for start in range(0, n, step)]
