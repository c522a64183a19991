"""Leakage checks: which examples are copies of each other, by modality, as group ids.

Every check returns one group id per example (examples sharing an id are copies by that
check); `combined_groups` joins the checks transitively, and the split keeps each combined
group in one split. A check's pairs are the pairs of examples sharing one of its groups, so
a check's counts include those of the stricter checks it contains (a reverse-complement
group contains the exact copies).

Sequences (uint8 codes, PAD right-padding, see encode.py) are compared over real bases only:
padding never matches, and neither do ambiguity codes in the near-duplicate identity.

- `exact`: identical real bases (lengths equal);
- `reverse_complement`: identical up to reverse complement;
- `near_duplicate`: copies differing by substitutions, insertions and deletions, shifted
  along their source, or reverse-complemented: the identity of their overlap alignment is
  >= `identity` and its aligned base pairs cover at least MIN_COVERAGE (half) of the
  longer sequence's real length. The overlap alignment: edit distance (edlib, mode HW) of
  the shorter sequence against the longer one flanked by wildcards (half the shorter's
  length each side), so either may overhang the other at either end for free; wildcard
  columns are dropped, the rest trimmed to its first and last identical base. Identity =
  identical bases / (aligned base pairs + gaps), a gap being a run of insertions or of
  deletions counted once (gap-compressed identity, as minimap2 reports it), where an
  overlap shorter than MIN_OVERLAP_BASES (30, at most the longer length) counts as that
  long: the missing bases as mismatches, since a chance match of fewer bases is no longer
  rare. So a window shifted by up to half its length (the overlap alone is compared) or
  carrying a few indels is a copy, a short sequence inside one more than twice its length
  is not. (Identical bases over the longer length lost a shift's length; over the shorter
  aligned stretch, it let random 60-mers reach 0.9 through gaps in the longer one.)
  Candidates come from k-mer MinHash over canonical k-mers (a k-mer and its reverse
  complement hash alike; k from `kmer_size`) banded for LSH: pairs sharing one of 64 bands
  of 2 values, found by sorting each band's keys (`lsh_candidates`; datasketch's in-memory
  index held 22 KB per sequence, some 100 GB at DeepSEA's size), kept when their estimated
  Jaccard is at least half the one expected at `identity` (`candidate_jaccard`); sequences
  without a valid k-mer (shorter than k, or ambiguous throughout) are left to `exact` and
  `reverse_complement`. No size cap: the index is alignment-free, only candidates are
  aligned, and every step works a block of rows at a time (memory: `working_memory_mb`,
  bounded by `split.memory_mb`).
- `interval`: genomic windows (records with chrom/start/end) overlapping or within `slack`
  bp of each other (pyranges `cluster`).

Sequence pairs (uint8 codes (N, 2, L): a miRNA and a target site) repeat when the pair does,
and share a part that the split keeps together (`split.pair_groups`):

- `exact`: the same miRNA and the same site;
- `near_duplicate`: the same miRNA and near-duplicate sites (as above: shifted or nearly
  identical fragments of one target, as overlapping CLASH reads give);
- `shared_site` (default): the same, a near-identical or a shifted site, whatever the miRNA:
  one binding event, and the site a negative reuses from a positive, never on both sides
  of a split (else looking the site up in training predicts its test label);
- `shared_mirna` (on request): the same miRNA, for tests on unseen miRNAs.

Proteins (amino-acid codes, gdlbench.data.protein) have one strand and 20 letters:

- `exact`: identical residues;
- `near_duplicate`: the same index over plain amino-acid k-mers (k with 20**k at least the
  squared longest length, in 3..6) and the same overlap alignment and identity on the one
  strand (MIN_OVERLAP_RESIDUES, 14), so a protein and its isoform (an exon skipped is one
  gap), a copy with a deleted residue or a fragment-shifted copy are found; X/B/Z/U and
  padding never match.

Arrays (float matrices or vectors):

- `sample_id`: records carrying an `id` column with repeated values;
- `exact`: identical values;
- `correlated_profile`: Pearson correlation >= `correlation` over the flattened profile,
  from blocked products of centred, normalised rows (constant rows are left to `exact`).

Profiles with little or no signal (absolute values summing to at most `split.min_signal`: a
gene without reads, or one read) are exempt from `exact` and `correlated_profile` -- two
empty profiles are not copies -- and counted as `low_signal` instead, never removed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import edlib
import numpy as np
import pandas as pd
import pyranges as pr
import scipy.sparse
from scipy.sparse.csgraph import connected_components

from gdlbench.data.blocks import BLOCK_BYTES, row_blocks
from gdlbench.data.encode import PAD, SYMBOLS
from gdlbench.data.protein import N_AMINO_ACIDS, PROTEIN_PAD
from gdlbench.errors import InputError

POLICIES = ("dedupe", "warn", "fail")
COMPLEMENT = dict(zip("ACGTNRYSWKMBDHV", "TGCANYRSWMKVHDB", strict=True))
COMPLEMENT_CODES = np.array([SYMBOLS.index(COMPLEMENT[s]) for s in SYMBOLS] + [PAD], dtype=np.uint8)
NUM_PERM = 128
LSH_ROWS = 2  # MinHash values per LSH band: NUM_PERM // LSH_ROWS = 64 bands
EMPTY = np.uint32(2**32 - 1)  # the signature of a sequence without a valid k-mer
# Measured at 1 M windows of 1000 bp (bench leakage_split_s): 0.9 KB per row beyond the codes
SEQUENCE_ROW_BYTES = 1024
DEFAULT_MEMORY_MB = 8000  # split.memory_mb: DeepSEA's 4.86 M windows need about 6 300 MB
CACHE_BYTES = 2 << 20  # working memory of one block of hashing (kmer_signatures, digests)
BUCKET_LINKS = 32  # pairs per row in an LSH bucket larger than this (band_pairs)
MIN_COVERAGE = 0.5  # share of the longer sequence a near-duplicate's overlap must align
# The least overlap whose letters count alone (module): 60 bits, where a chance alignment at
# 90% identity has a probability of about 1e-13 per placement in DNA and 1e-17 in proteins.
MIN_OVERLAP_BASES = 30
MIN_OVERLAP_RESIDUES = 14
CIGAR = re.compile(r"(\d+)([=XID])")
AMBIGUOUS = ("#", "$")  # an ambiguity code on either side of an alignment: never equal
FLANK = b"*"  # a wildcard equal to every letter (chr(65 + code)) and ambiguity code
WILDCARD_EQUALITIES = [("*", chr(65 + c)) for c in range(N_AMINO_ACIDS)] + [
    ("*", symbol) for symbol in AMBIGUOUS
]


def real_lengths(codes: np.ndarray, pad: int = PAD) -> np.ndarray:
    """Real (non-`pad`) length of each right-padded sequence, a block of rows at a time."""
    lengths = np.empty(len(codes), dtype=np.int64)
    for block in row_blocks(len(codes), codes.shape[-1]):
        lengths[block] = (np.asarray(codes[block]) != pad).sum(axis=-1)
    return lengths


def reverse_complement(codes: np.ndarray) -> np.ndarray:
    """Reverse complement of each sequence's real bases, right-padded again."""
    n, width = codes.shape
    lengths = real_lengths(codes)
    source = lengths[:, None] - 1 - np.arange(width)[None, :]
    flipped = np.take_along_axis(codes, np.clip(source, 0, max(width - 1, 0)), axis=1)
    return np.where(source >= 0, COMPLEMENT_CODES[flipped], PAD).astype(np.uint8)


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Group id (0..) per node of the undirected graph with edges (left, right)."""
    graph = scipy.sparse.coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def row_digests(rows: np.ndarray) -> np.ndarray:
    """(N, 2) uint64 digest of each row's bytes: two multiply-add hashes with random 64-bit
    weights (wrapping), so distinct rows collide with probability below 2**-100."""
    flat = np.ascontiguousarray(rows).reshape(len(rows), -1).view(np.uint8)
    weights = np.random.default_rng(0).integers(1, 2**63, (2, flat.shape[1]), dtype=np.uint64)
    weights |= np.uint64(1)  # odd weights
    digests = np.empty((len(flat), 2), dtype=np.uint64)
    for block in row_blocks(len(flat), 8 * flat.shape[1], CACHE_BYTES):
        values = flat[block].astype(np.uint64)
        digests[block] = np.stack([(values * w).sum(axis=1, dtype=np.uint64) for w in weights], 1)
    return digests


def exact_groups(rows: np.ndarray) -> np.ndarray:
    """Group id per row: identical rows share one (padded codes: identical real bases)."""
    return np.unique(row_digests(rows), axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)


def reverse_complement_groups(codes: np.ndarray) -> np.ndarray:
    """Group id per sequence: identical up to reverse complement."""
    n = len(codes)
    flipped = np.empty((n, 2), dtype=np.uint64)
    for block in row_blocks(n, 8 * codes.shape[1], CACHE_BYTES):
        flipped[block] = row_digests(reverse_complement(np.asarray(codes[block])))
    both = np.unique(np.vstack([row_digests(codes), flipped]), axis=0, return_inverse=True)[1]
    both = both.reshape(-1).astype(np.int64)
    nodes = np.arange(n)
    return components(n + both.max() + 1, np.r_[nodes, nodes], np.r_[both[:n], both[n:]] + n)[:n]


def kmer_size(codes: np.ndarray, n: int) -> int:
    """k for the near-duplicate index of `n` sequences: the least with 4**k at least 4**4
    times the longest length L (two random sequences rarely share a k-mer) and at least
    L * sqrt(32 n): random pairs have a k-mer Jaccard of about L / 4**k and meet in one of
    the 64 bands of 2 values with a probability of about 64 * (L / 4**k)**2, so the n**2 / 2
    random pairs give at most about n candidates (1 000 bp windows: k 12 from 1 M windows,
    where k 9 gave some 7 M candidates per band). Kept in 5..15."""
    longest = max(int(real_lengths(codes).max(initial=1)), 1)
    by_length = np.ceil(np.log(longest) / np.log(4)) + 4
    by_count = np.ceil(np.log(longest * np.sqrt(32 * max(n, 1))) / np.log(4))
    return int(np.clip(max(by_length, by_count), 5, 15))


def canonical_kmers(codes: np.ndarray, k: int) -> np.ndarray:
    """(N, W) strand-independent k-mer codes (min of a k-mer and its reverse complement);
    -1 where a k-mer holds an ambiguity code or padding."""
    n, width = codes.shape
    windows = max(width - k + 1, 0)
    forward = np.zeros((n, windows), dtype=np.int64)
    backward = np.zeros((n, windows), dtype=np.int64)
    valid = np.ones((n, windows), dtype=bool)
    for offset in range(k):
        base = codes[:, offset : offset + windows].astype(np.int64)
        valid &= base < 4
        base = np.minimum(base, 3)
        forward = forward * 4 + base
        backward = backward + (3 - base) * 4**offset
    return np.where(valid, np.minimum(forward, backward), -1)


def minhash_signatures(kmers: np.ndarray, seed: int = 0) -> np.ndarray:
    """(N, NUM_PERM) uint32 MinHash signatures of each row's k-mer set: NUM_PERM
    multiply-add-shift hashes ((a * x + b) mod 2**64, top 31 bits; a odd); a row without a
    valid k-mer gets EMPTY everywhere. Invalid k-mers (-1) are replaced by one of the row's
    valid ones, which leaves its set as it is."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
    signatures = np.full((len(kmers), NUM_PERM), EMPTY, dtype=np.uint32)
    if kmers.shape[1] == 0:  # sequences shorter than k
        return signatures
    valid = kmers >= 0
    some = np.take_along_axis(kmers, valid.argmax(axis=1)[:, None], axis=1)
    values = np.where(valid, kmers, some).astype(np.uint64)
    hashed = np.empty_like(values)
    for p in range(NUM_PERM):
        np.multiply(values, a[p], out=hashed)
        np.add(hashed, b[p], out=hashed)
        np.right_shift(hashed, np.uint64(33), out=hashed)
        signatures[:, p] = hashed.min(axis=1)
    signatures[~valid.any(axis=1)] = EMPTY
    return signatures


def expected_jaccard(identity: float, k: int) -> float:
    """k-mer Jaccard of two sequences at `identity` with independent mismatches: a k-mer
    survives with identity**k."""
    survive = identity**k
    return survive / (2 - survive)


def candidate_jaccard(identity: float, k: int) -> float:
    """The least estimated k-mer Jaccard of a candidate pair: half the expected one at
    `identity`. Below it fall about 0.2% of the copies just above the cut-off (9% of the
    letters substituted, measured at 60-180 nt), no indel, shifted or reverse-complement
    copy, and most pairs that merely share a short substring by chance (30 000 random
    30-mers: 12 000 candidate pairs left of 300 000 at a quarter)."""
    return expected_jaccard(identity, k) / 2


def shared_values(signatures: np.ndarray, pairs: np.ndarray, block: int = 1 << 16) -> np.ndarray:
    """How many of the NUM_PERM MinHash values each pair of rows shares."""
    return np.concatenate([
        (signatures[p[:, 0]] == signatures[p[:, 1]]).sum(axis=1)
        for p in (pairs[s : s + block] for s in range(0, len(pairs), block))
    ] or [np.zeros(0, np.int64)])  # fmt: skip


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique's hash path took 0.2 s per call on a handful)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def band_pairs(key: np.ndarray) -> np.ndarray:
    """(M, 2) pairs of rows with equal `key` (one band's values): all pairs of a bucket of up
    to BUCKET_LINKS + 1 rows; in a larger bucket (a repeat family), each row and the
    BUCKET_LINKS rows after it in a random order, which keeps the buckets' rows connected
    at O(rows) pairs."""
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    pairs = []
    for step in range(1, BUCKET_LINKS + 1):
        same = np.flatnonzero(sorted_key[step:] == sorted_key[:-step])
        if not len(same):
            break
        pairs.append(np.stack([order[same], order[same + step]], axis=1))
    return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)


def lsh_candidates(signatures: np.ndarray, min_jaccard: float) -> np.ndarray:
    """(M, 2) candidate pairs i < j: rows sharing a band (LSH_ROWS consecutive values) of
    their MinHash signatures, kept where at least `min_jaccard` of all NUM_PERM values agree
    (the estimated Jaccard). One band at a time, as sorted keys (memory: a few arrays of
    rows); a pair is compared once, whichever band finds it first. Rows without a valid
    k-mer (all values EMPTY) are left out."""
    indexed = np.flatnonzero((signatures != EMPTY).any(axis=1))
    values = signatures if len(indexed) == len(signatures) else signatures[indexed]
    n = len(indexed)
    seen = np.zeros(0, dtype=np.int64)  # pair codes i * n + j already compared
    kept = []
    for band in range(NUM_PERM // LSH_ROWS):
        columns = values[:, band * LSH_ROWS : (band + 1) * LSH_ROWS].astype(np.uint64)
        key = (columns[:, 0] << np.uint64(32)) | columns[:, 1]
        pairs = np.sort(band_pairs(key), axis=1)
        codes = sorted_unique(pairs[:, 0] * n + pairs[:, 1])
        new = codes[~np.isin(codes, seen, assume_unique=True)]
        seen = sorted_unique(np.concatenate([seen, new]))
        pairs = np.stack([new // n, new % n], axis=1)
        kept.append(pairs[shared_values(values, pairs) >= math.ceil(min_jaccard * NUM_PERM)])
    found = np.concatenate(kept) if kept else np.zeros((0, 2), dtype=np.int64)
    return indexed[found].reshape(-1, 2).astype(np.int64)


def letter_bytes(codes: np.ndarray, letters: int, pad: int, ambiguous: str) -> list[bytes]:
    """Each row's real letters as ASCII for edlib (code c as chr(65 + c)), every code from
    `letters` on (an ambiguity code) as `ambiguous`: the two sides of an alignment get
    different ones (AMBIGUOUS), so an ambiguity code matches nothing."""
    out = []
    for row in codes:
        real = row[row != pad]
        out.append(np.where(real < letters, real + 65, ord(ambiguous)).astype(np.uint8).tobytes())
    return out


def overlap_cigar(a: bytes, b: bytes) -> tuple[list[tuple[str, int]], int]:
    """The overlap alignment of two letter strings as (op, count) runs over the real letters
    (edlib's extended CIGAR ops `=XID`, I a letter of the shorter alone), and the longer
    length: the shorter aligned into the longer flanked by FLANK wildcards that match
    anything, half the shorter's length each side, so either end may overhang the other
    string for free (edlib HW leaves the longer string's ends free); the wildcard columns
    are dropped."""
    query, target = (a, b) if len(a) <= len(b) else (b, a)
    flank = (len(query) + 1) // 2
    found = edlib.align(query, FLANK * flank + target + FLANK * flank, mode="HW", task="path",
                        additionalEqualities=WILDCARD_EQUALITIES)  # fmt: skip
    position, runs = found["locations"][0][0], []
    for count, op in CIGAR.findall(found["cigar"] or ""):
        count = int(count)
        if op == "I":
            runs.append((op, count))
            continue
        real = min(position + count, flank + len(target)) - max(position, flank)
        if real > 0:
            runs.append((op, real))
        position += count
    return runs, len(target)


def overlap_identity(a: bytes, b: bytes, min_overlap: int) -> float:
    """Identity of two letter strings (module docstring): their overlap alignment
    (`overlap_cigar`) trimmed to its first and last identical letter; identical letters /
    (gaps, a run of insertions or of deletions counting once, + aligned letter pairs, or
    `min_overlap` -- at most the longer length -- where fewer), or 0 when the aligned
    letter pairs cover less than MIN_COVERAGE of the longer string."""
    if not a or not b:
        return 0.0
    runs, longer = overlap_cigar(a, b)
    identical = [n for n, (op, _) in enumerate(runs) if op == "="]
    if not identical:
        return 0.0
    trimmed = runs[identical[0] : identical[-1] + 1]
    counts = dict.fromkeys("=XID", 0)
    for op, count in trimmed:
        counts[op] += count
    aligned = counts["="] + counts["X"]
    if aligned < MIN_COVERAGE * longer:
        return 0.0
    gaps = sum(op in "ID" for op, _ in trimmed)
    return counts["="] / (gaps + max(aligned, min(min_overlap, longer)))


def pair_chunks(pairs: np.ndarray, size: int = 20_000) -> list[np.ndarray]:
    """`pairs` in consecutive chunks, so letters are made for one chunk's rows at a time."""
    return [pairs[start : start + size] for start in range(0, len(pairs), size)]


def near_duplicate_identity(codes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Identity of each pair of DNA sequences (rows of `codes`): `overlap_identity` on the
    better strand."""
    out = []
    for chunk in pair_chunks(pairs):
        rows = np.unique(chunk)
        forward = np.asarray(codes[rows])
        left = letter_bytes(forward, 4, PAD, AMBIGUOUS[0])
        right = letter_bytes(forward, 4, PAD, AMBIGUOUS[1])
        flipped = letter_bytes(reverse_complement(forward), 4, PAD, AMBIGUOUS[1])
        out.append([max(overlap_identity(left[p], right[q], MIN_OVERLAP_BASES),
                        overlap_identity(left[p], flipped[q], MIN_OVERLAP_BASES))
                    for p, q in np.searchsorted(rows, chunk)])  # fmt: skip
    return np.array([x for chunk in out for x in chunk], dtype=np.float64)


def kmer_signatures(
    codes: np.ndarray, rows: np.ndarray, kmers: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """MinHash signatures of the `kmers` of `codes[rows]`, CACHE_BYTES of k-mers at a time
    (the 128 hash passes then stay in the CPU's cache: twice as fast as 256 MB blocks)."""
    signatures = np.empty((len(rows), NUM_PERM), dtype=np.uint32)
    for block in row_blocks(len(rows), 8 * codes.shape[-1], CACHE_BYTES):
        signatures[block] = minhash_signatures(kmers(np.asarray(codes[rows[block]])))
    return signatures


def near_duplicate_pairs(
    codes: np.ndarray, identity: float, rows: np.ndarray | None = None
) -> np.ndarray:
    """(M, 2) confirmed near-duplicate pairs i < j (positions in `rows`, all rows by
    default) among distinct sequences (see module)."""
    rows = np.arange(len(codes)) if rows is None else rows
    if len(rows) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    k = kmer_size(codes, len(rows))
    signatures = kmer_signatures(codes, rows, lambda block: canonical_kmers(block, k))
    candidates = lsh_candidates(signatures, candidate_jaccard(identity, k))
    del signatures
    return candidates[near_duplicate_identity(codes, rows[candidates]) >= identity]


def near_duplicate_groups(codes: np.ndarray, identity: float) -> np.ndarray:
    """Group id per sequence: near-duplicates joined transitively; the index holds one
    sequence per reverse-complement class, so identical copies cost nothing."""
    classes = reverse_complement_groups(codes)
    _, first = np.unique(classes, return_index=True)
    pairs = near_duplicate_pairs(codes, identity, first)
    rep_groups = components(len(first), pairs[:, 0], pairs[:, 1])
    return rep_groups[classes]


def protein_kmer_size(codes: np.ndarray) -> int:
    """k for the protein index: 20**k at least the squared longest protein (random proteins
    rarely share a k-mer), kept in 3..6."""
    longest = max(int(real_lengths(codes, PROTEIN_PAD).max(initial=1)), 1)
    return int(np.clip(np.ceil(np.log(longest) / np.log(N_AMINO_ACIDS)) + 2, 3, 6))


def protein_kmers(codes: np.ndarray, k: int) -> np.ndarray:
    """(N, W) amino-acid k-mer codes (base 20); -1 where a k-mer holds X/B/Z/U or padding."""
    n, width = codes.shape
    windows = max(width - k + 1, 0)
    index = np.zeros((n, windows), dtype=np.int64)
    valid = np.ones((n, windows), dtype=bool)
    for offset in range(k):
        residue = codes[:, offset : offset + windows].astype(np.int64)
        valid &= residue < N_AMINO_ACIDS
        index = index * N_AMINO_ACIDS + np.minimum(residue, N_AMINO_ACIDS - 1)
    return np.where(valid, index, -1)


def protein_identity(codes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Identity of each protein pair (rows of `codes`): `overlap_identity` (one strand)."""
    out = []
    for chunk in pair_chunks(pairs):
        rows = np.unique(chunk)
        unique = np.asarray(codes[rows])
        left = letter_bytes(unique, N_AMINO_ACIDS, PROTEIN_PAD, AMBIGUOUS[0])
        right = letter_bytes(unique, N_AMINO_ACIDS, PROTEIN_PAD, AMBIGUOUS[1])
        out += [overlap_identity(left[p], right[q], MIN_OVERLAP_RESIDUES)
                for p, q in np.searchsorted(rows, chunk)]  # fmt: skip
    return np.array(out, dtype=np.float64)


def protein_near_duplicate_groups(codes: np.ndarray, identity: float) -> np.ndarray:
    """Group id per protein: near-identical proteins (module) joined transitively; the index
    holds one protein per exact class."""
    classes = exact_groups(codes)
    _, first = np.unique(classes, return_index=True)
    pairs = np.zeros((0, 2), dtype=np.int64)
    if len(first) > 1:
        k = protein_kmer_size(codes)  # copies have their original's length
        signatures = kmer_signatures(codes, first, lambda block: protein_kmers(block, k))
        candidates = lsh_candidates(signatures, candidate_jaccard(identity, k))
        pairs = candidates[protein_identity(codes, first[candidates]) >= identity]
    return components(len(first), pairs[:, 0], pairs[:, 1])[classes]


def interval_groups(records: pd.DataFrame, slack: int) -> np.ndarray:
    """Group id per record: windows overlapping or within `slack` bp on one chromosome."""
    frame = pd.DataFrame(
        {
            "Chromosome": records["chrom"].astype(str).to_numpy(),
            "Start": records["start"].to_numpy(np.int64),
            "End": records["end"].to_numpy(np.int64),
            "Row": np.arange(len(records)),
        }
    )
    clustered = pr.PyRanges(frame).cluster(slack=slack).df
    groups = np.empty(len(records), dtype=np.int64)
    groups[clustered["Row"].to_numpy()] = clustered["Cluster"].to_numpy()
    return np.unique(groups, return_inverse=True)[1]


def sample_id_groups(records: pd.DataFrame) -> np.ndarray:
    """Group id per record: records sharing an `id`."""
    return pd.factorize(records["id"].astype(str))[0].astype(np.int64)


def correlated_pairs(x: np.ndarray, correlation: float) -> np.ndarray:
    """(M, 2) pairs i < j whose flattened profiles correlate >= `correlation` (Pearson), a
    block of rows (at most 2048, at most BLOCK_BYTES of correlations) at a time."""
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    centred = flat - flat.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    unit = np.where(norm > 0, centred / np.where(norm > 0, norm, 1), 0.0).astype(np.float32)
    found = []
    block = max(1, min(2048, BLOCK_BYTES // (4 * max(len(unit), 1))))
    for start in range(0, len(unit), block):
        r = unit[start : start + block] @ unit.T
        i, j = np.nonzero(r >= correlation)
        i = i + start
        found.append(np.stack([i[i < j], j[i < j]], axis=1))
    return np.concatenate(found).astype(np.int64) if found else np.zeros((0, 2), np.int64)


def correlated_groups(x: np.ndarray, correlation: float) -> np.ndarray:
    """Group id per profile: near-identical profiles joined transitively."""
    pairs = correlated_pairs(x, correlation)
    return components(len(x), pairs[:, 0], pairs[:, 1])


PAIR_PARTS = {"mirna": 0, "site": 1}  # the part of a stored pair (N, 2, L) each names


def pair_checks(
    codes: np.ndarray, identity: float, parts: list[str] | tuple[str, ...] = ("site",)
) -> dict[str, np.ndarray]:
    """The checks of sequence pairs (N, 2, L): repeated miRNA-site pairs, exact or with
    near-duplicate sites, and for each of `parts` (`site`, `mirna`) the pairs sharing that
    part -- for sites, an identical, near-identical or shifted one (module docstring)."""
    mirna = exact_groups(np.asarray(codes[:, 0]))
    sites = near_duplicate_groups(np.asarray(codes[:, 1]), identity)
    pairs = np.unique(np.column_stack([mirna, sites]), axis=0, return_inverse=True)[1]
    checks = {"exact": exact_groups(codes), "near_duplicate": pairs.reshape(-1).astype(np.int64)}
    shared = {"mirna": mirna, "site": sites}
    for part in parts:
        checks[f"shared_{part}"] = shared[part]
    return checks


def low_signal_rows(x: np.ndarray, min_signal: float) -> np.ndarray:
    """Boolean mask of array profiles whose absolute values sum to at most `min_signal`: a
    gene without reads is no copy of another gene without reads."""
    flat = np.abs(np.asarray(x, dtype=np.float64).reshape(len(x), -1))
    return flat.sum(axis=1) <= min_signal


def exempt(groups: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`groups` with each of `rows` (a mask) in a group of its own."""
    groups = np.asarray(groups, dtype=np.int64).copy()
    groups[rows] = groups.max(initial=-1) + 1 + np.arange(int(rows.sum()))
    return np.unique(groups, return_inverse=True)[1].reshape(-1)


def working_memory_mb(x: np.ndarray, coded: bool) -> float:
    """Memory the checks take beyond the inputs (module): for sequences SEQUENCE_ROW_BYTES per
    row (MinHash signatures, digests, groups, sort buffers), for arrays a float64 and a
    float32 copy of the profiles; plus 6 blocks of working memory."""
    per_row = SEQUENCE_ROW_BYTES if coded else 12 * int(np.prod(x.shape[1:]))
    return (len(x) * per_row + 6 * BLOCK_BYTES) / 2**20


def check_memory(x: np.ndarray, coded: bool, settings: dict[str, Any], source: str) -> None:
    """An InputError naming `source` when the checks would take more than
    `split.memory_mb`, before they start."""
    needed, bound = working_memory_mb(x, coded), settings.get("memory_mb", DEFAULT_MEMORY_MB)
    if needed > bound:
        raise InputError(
            f"{source}: the leakage checks of {len(x)} examples need about {needed:.0f} MB, "
            f"above split.memory_mb ({bound}); raise it (and the job's memory) or cap the "
            "examples with a smaller scale"
        )


def has_intervals(records: pd.DataFrame | None) -> bool:
    return records is not None and {"chrom", "start", "end"} <= set(records.columns)


def nucleotide_checks(x: np.ndarray, records: pd.DataFrame | None, settings: dict[str, Any]):
    """DNA/RNA codes: exact, reverse-complement and near-duplicate copies, and overlapping
    windows where the records carry chrom/start/end."""
    checks = {
        "exact": exact_groups(x),
        "reverse_complement": reverse_complement_groups(x),
        "near_duplicate": near_duplicate_groups(x, settings["near_duplicate_identity"]),
    }
    if has_intervals(records):
        checks["interval"] = interval_groups(records, settings["interval_slack"])
    return checks


def protein_checks(x: np.ndarray, records: pd.DataFrame | None, settings: dict[str, Any]):
    """Amino-acid codes: exact and near-duplicate (indel-aware) copies."""
    identity = settings["near_duplicate_identity"]
    return {"exact": exact_groups(x), "near_duplicate": protein_near_duplicate_groups(x, identity)}


def sequence_pair_checks(x: np.ndarray, records: pd.DataFrame | None, settings: dict[str, Any]):
    """(N, 2, L) pairs: pair_checks over the parts `split.pair_groups` names."""
    parts = settings.get("pair_groups", ["site"])
    return pair_checks(x, settings["near_duplicate_identity"], parts)


def profile_checks(x: np.ndarray, records: pd.DataFrame | None, settings: dict[str, Any]):
    """Float profiles (matrices, vectors): repeated sample ids, exact and correlated copies,
    low-signal profiles exempt."""
    checks = {}
    if records is not None and "id" in records:
        checks["sample_id"] = sample_id_groups(records)
    quiet = low_signal_rows(x, settings.get("min_signal", 1.0))
    checks["exact"] = exempt(exact_groups(x), quiet)
    checks["correlated_profile"] = exempt(
        correlated_groups(x, settings["profile_correlation"]), quiet
    )
    return checks


CHECKS = {  # a modality's `leakage` family -> its checks (gdlbench.data.modalities)
    "nucleotide": nucleotide_checks,
    "protein": protein_checks,
    "pair": sequence_pair_checks,
    "profile": profile_checks,
}


def leakage_checks(
    x: np.ndarray, records: pd.DataFrame | None, family: str, settings: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Check name -> group id per example, for the checks of the inputs' modality (its
    `leakage` family: CHECKS). `settings` are the split config (`near_duplicate_identity`,
    `interval_slack`, `profile_correlation`, `pair_groups`, `min_signal`)."""
    return CHECKS[family](x, records, settings)


def combined_groups(checks: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Group id per example joining every check's groups transitively."""
    left, right, offset = [], [], n
    for groups in checks.values():
        left.append(np.arange(n))
        right.append(groups + offset)
        offset += int(groups.max(initial=-1)) + 1
    if not left:
        return np.arange(n, dtype=np.int64)
    labels = components(offset, np.concatenate(left), np.concatenate(right))[:n]
    return np.unique(labels, return_inverse=True)[1]


def pair_counts(groups: np.ndarray, split: np.ndarray) -> tuple[int, int]:
    """Pairs of examples sharing a group: (inside one split, across splits)."""
    table = np.zeros((int(groups.max(initial=-1)) + 1, 3), dtype=np.int64)
    np.add.at(table, (groups, split.astype(np.int64)), 1)
    total = table.sum(axis=1)
    within = int((table * (table - 1) // 2).sum())
    return within, int((total * (total - 1) // 2).sum()) - within


def strictest_split(split: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per example, the most held-out split (test > valid > train) of its group."""
    strictest = np.zeros(int(groups.max(initial=-1)) + 1, dtype=np.uint8)
    np.maximum.at(strictest, groups, split)
    return strictest[groups]


def apply_policy(
    split: np.ndarray,
    checks: dict[str, np.ndarray],
    policy: str,
    dataset: str,
) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
    """Keep mask and per-check counts before the policy (n_within, n_across_splits) and
    examples removed (n_removed): `dedupe` drops train/valid members of a group that reaches
    test and train members of one that reaches valid; `warn` keeps all; `fail` raises an
    InputError naming the dataset, the check and the count when a check crosses splits."""
    if policy not in POLICIES:
        raise InputError(f"{dataset}: split.leakage must be one of {POLICIES}, not {policy!r}")
    groups = combined_groups(checks, len(split))
    keep = (
        split == strictest_split(split, groups) if policy == "dedupe" else np.ones_like(split, bool)
    )
    report = {}
    for name, check in checks.items():
        within, across = pair_counts(check, split)
        crosses = strictest_split(split, check) != split
        report[name] = {
            "n_within": within,
            "n_across_splits": across,
            "n_removed": int((crosses & ~keep).sum()),
        }
    if policy == "fail":
        leaking = {name: r["n_across_splits"] for name, r in report.items() if r["n_across_splits"]}
        if leaking:
            detail = ", ".join(f"{name}: {count} pairs" for name, count in leaking.items())
            raise InputError(
                f"{dataset}: leakage across train/valid/test ({detail}) and split.leakage is 'fail'"
            )
    return keep, report
