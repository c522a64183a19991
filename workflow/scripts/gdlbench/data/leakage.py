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
  complement hash alike) in datasketch's LSH index: pairs sharing one of 64 bands of 2 values, kept
  when their estimated Jaccard is at least half the one expected at `identity`
  (`candidate_jaccard`); sequences without a valid k-mer (shorter than k, or ambiguous
  throughout) are left to `exact` and `reverse_complement`. No size cap: the index is
  alignment-free and only candidates are aligned.
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

import json
import math
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import edlib
import numpy as np
import pandas as pd
import pyranges as pr
import scipy.sparse
from datasketch import LeanMinHash, MinHashLSH
from scipy.sparse.csgraph import connected_components

from gdlbench.data.blocks import row_blocks
from gdlbench.data.encode import PAD, SYMBOLS
from gdlbench.data.protein import N_AMINO_ACIDS, PROTEIN_PAD
from gdlbench.errors import InputError

POLICIES = ("dedupe", "warn", "fail")
COMPLEMENT = dict(zip("ACGTNRYSWKMBDHV", "TGCANYRSWMKVHDB", strict=True))
COMPLEMENT_CODES = np.array([SYMBOLS.index(COMPLEMENT[s]) for s in SYMBOLS] + [PAD], dtype=np.uint8)
MERSENNE = (1 << 31) - 1  # hash modulus; k-mer codes stay below it (k <= 15)
NUM_PERM = 128
LSH_ROWS = 2  # MinHash values per LSH band: NUM_PERM // LSH_ROWS = 64 bands
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
    """Real (non-`pad`) length of each right-padded sequence."""
    return (codes != pad).sum(axis=1)


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
    for block in row_blocks(len(flat), 8 * flat.shape[1]):
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
    for block in row_blocks(n, 8 * codes.shape[1]):
        flipped[block] = row_digests(reverse_complement(np.asarray(codes[block])))
    both = np.unique(np.vstack([row_digests(codes), flipped]), axis=0, return_inverse=True)[1]
    both = both.reshape(-1).astype(np.int64)
    nodes = np.arange(n)
    return components(n + both.max() + 1, np.r_[nodes, nodes], np.r_[both[:n], both[n:]] + n)[:n]


def kmer_size(codes: np.ndarray) -> int:
    """k for the near-duplicate index: random sequences of the longest length rarely share a
    k-mer (4**k well above the length), kept in 5..15."""
    longest = max(int(real_lengths(codes).max(initial=1)), 1)
    return int(np.clip(np.ceil(np.log(longest) / np.log(4)) + 4, 5, 15))


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


def minhash_signatures(kmers: np.ndarray, seed: int = 0, chunk: int = 4_000_000) -> np.ndarray:
    """(N, NUM_PERM) MinHash signatures of each row's k-mer set (universal hashing mod a
    Mersenne prime); a row without a valid k-mer gets the maximum everywhere."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, MERSENNE, NUM_PERM, dtype=np.int64)
    b = rng.integers(0, MERSENNE, NUM_PERM, dtype=np.int64)
    n, width = kmers.shape
    signatures = np.full((n, NUM_PERM), MERSENNE, dtype=np.int64)
    step = max(1, chunk // max(width, 1))
    for start in range(0, n, step):
        block = kmers[start : start + step]
        invalid = block < 0
        for p in range(NUM_PERM):
            hashed = (a[p] * block + b[p]) % MERSENNE
            hashed[invalid] = MERSENNE
            signatures[start : start + step, p] = hashed.min(axis=1, initial=MERSENNE)
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


def lsh_candidates(signatures: np.ndarray, min_jaccard: float, block: int = 1 << 15) -> np.ndarray:
    """(M, 2) candidate pairs i < j: rows sharing a band (LSH_ROWS consecutive values) of
    their MinHash signatures in datasketch's LSH index, kept where at least `min_jaccard` of
    all NUM_PERM values agree (the estimated Jaccard). Rows without a valid k-mer (all values
    MERSENNE) are left out."""
    indexed = np.flatnonzero((signatures < MERSENNE).any(axis=1))
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(NUM_PERM // LSH_ROWS, LSH_ROWS))
    hashes = [LeanMinHash(seed=0, hashvalues=signatures[i], scheme="legacy") for i in indexed]
    with lsh.insertion_session() as session:
        for i, minhash in enumerate(hashes):
            session.insert(i, minhash, check_duplication=False)
    found = [(i, j) for i, minhash in enumerate(hashes) for j in lsh.query(minhash) if i < j]
    pairs = np.array(found, dtype=np.int64).reshape(-1, 2)
    values = signatures[indexed]
    shared = np.concatenate([
        (values[p[:, 0]] == values[p[:, 1]]).sum(axis=1)
        for p in (pairs[s : s + block] for s in range(0, len(pairs), block))
    ] or [np.zeros(0, np.int64)])  # fmt: skip
    kept = pairs[shared >= math.ceil(min_jaccard * NUM_PERM)]
    return indexed[kept].reshape(-1, 2).astype(np.int64)


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


def near_duplicate_identity(codes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Identity of each pair of DNA sequences: `overlap_identity` on the better strand."""
    rows = np.unique(pairs)
    forward = np.asarray(codes[rows])
    left = letter_bytes(forward, 4, PAD, AMBIGUOUS[0])
    right = letter_bytes(forward, 4, PAD, AMBIGUOUS[1])
    flipped = []
    for block in row_blocks(len(rows), 24 * codes.shape[1]):
        flipped += letter_bytes(reverse_complement(forward[block]), 4, PAD, AMBIGUOUS[1])
    return np.array([max(overlap_identity(left[p], right[q], MIN_OVERLAP_BASES),
                         overlap_identity(left[p], flipped[q], MIN_OVERLAP_BASES))
                     for p, q in np.searchsorted(rows, pairs)], dtype=np.float64)  # fmt: skip


def near_duplicate_pairs(codes: np.ndarray, identity: float, seed: int = 0) -> np.ndarray:
    """(M, 2) confirmed near-duplicate pairs i < j among distinct sequences (see module)."""
    if len(codes) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    k = kmer_size(codes)
    signatures = np.vstack([minhash_signatures(canonical_kmers(codes[block], k), seed)
                            for block in row_blocks(len(codes), 24 * codes.shape[1])])  # fmt: skip
    candidates = lsh_candidates(signatures, candidate_jaccard(identity, k))
    return candidates[near_duplicate_identity(codes, candidates) >= identity]


def near_duplicate_groups(codes: np.ndarray, identity: float) -> np.ndarray:
    """Group id per sequence: near-duplicates joined transitively; the index holds one
    sequence per reverse-complement class, so identical copies cost nothing."""
    classes = reverse_complement_groups(codes)
    _, first = np.unique(classes, return_index=True)
    pairs = near_duplicate_pairs(codes[first], identity)
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
    """Identity of each protein pair: `overlap_identity` (one strand)."""
    rows = np.unique(pairs)
    unique = np.asarray(codes[rows])
    left = letter_bytes(unique, N_AMINO_ACIDS, PROTEIN_PAD, AMBIGUOUS[0])
    right = letter_bytes(unique, N_AMINO_ACIDS, PROTEIN_PAD, AMBIGUOUS[1])
    positions = np.searchsorted(rows, pairs)
    return np.array(
        [overlap_identity(left[p], right[q], MIN_OVERLAP_RESIDUES) for p, q in positions],
        dtype=np.float64,
    )


def protein_near_duplicate_groups(codes: np.ndarray, identity: float) -> np.ndarray:
    """Group id per protein: near-identical proteins (module) joined transitively; the index
    holds one protein per exact class."""
    classes = exact_groups(codes)
    _, first = np.unique(classes, return_index=True)
    unique = codes[first]
    pairs = np.zeros((0, 2), dtype=np.int64)
    if len(unique) > 1:
        k = protein_kmer_size(unique)
        blocks = row_blocks(len(unique), 24 * unique.shape[1])
        signatures = np.vstack([minhash_signatures(protein_kmers(unique[b], k)) for b in blocks])
        candidates = lsh_candidates(signatures, candidate_jaccard(identity, k))
        pairs = candidates[protein_identity(unique, candidates) >= identity]
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


def correlated_pairs(x: np.ndarray, correlation: float, block: int = 2048) -> np.ndarray:
    """(M, 2) pairs i < j whose flattened profiles correlate >= `correlation` (Pearson)."""
    flat = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    centred = flat - flat.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    unit = np.where(norm > 0, centred / np.where(norm > 0, norm, 1), 0.0).astype(np.float32)
    found = []
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


def has_intervals(records: pd.DataFrame | None) -> bool:
    return records is not None and {"chrom", "start", "end"} <= set(records.columns)


def leakage_checks(
    x: np.ndarray,
    records: pd.DataFrame | None,
    coded: bool,
    settings: dict[str, Any],
    modality: str = "sequence",
) -> dict[str, np.ndarray]:
    """Check name -> group id per example, for the checks that apply to the inputs: codes
    (`coded`) get the sequence checks (the protein checks for `modality` protein, the pair
    checks for (N, 2, L) pairs), floats the array checks; records with chrom/start/end add
    `interval`, array records with an `id` add `sample_id`. `settings` are the split config
    (`near_duplicate_identity`, `interval_slack`, `profile_correlation`)."""
    if coded and x.ndim == 3:
        parts = settings.get("pair_groups", ["site"])
        return pair_checks(x, settings["near_duplicate_identity"], parts)
    if coded and modality == "protein":
        identity = settings["near_duplicate_identity"]
        return {
            "exact": exact_groups(x),
            "near_duplicate": protein_near_duplicate_groups(x, identity),
        }
    if coded:
        checks = {
            "exact": exact_groups(x),
            "reverse_complement": reverse_complement_groups(x),
            "near_duplicate": near_duplicate_groups(x, settings["near_duplicate_identity"]),
        }
        if has_intervals(records):
            checks["interval"] = interval_groups(records, settings["interval_slack"])
        return checks
    checks = {}
    if records is not None and "id" in records:
        checks["sample_id"] = sample_id_groups(records)
    quiet = low_signal_rows(x, settings.get("min_signal", 1.0))
    checks["exact"] = exempt(exact_groups(x), quiet)
    checks["correlated_profile"] = exempt(
        correlated_groups(x, settings["profile_correlation"]), quiet
    )
    return checks


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


def audit_split(
    x: np.ndarray,
    records: pd.DataFrame | None,
    split: np.ndarray,
    coded: bool,
    settings: dict[str, Any],
    modality: str = "sequence",
) -> tuple[dict[str, tuple[int, int]], float]:
    """Independent re-check of a final split: check -> (n_within, n_across_splits), and the
    wall seconds it took."""
    began = time.perf_counter()
    checks = leakage_checks(x, records, coded, settings, modality)
    counts = {name: pair_counts(groups, split) for name, groups in checks.items()}
    return counts, time.perf_counter() - began


def verdict(n_across: int, policy: str) -> str:
    """`pass` without pairs across splits; else `warn` under the warn policy, `fail` under
    the others (dedupe should have left none)."""
    if n_across == 0:
        return "pass"
    return "warn" if policy == "warn" else "fail"


AUDIT_COLUMNS = (
    "task", "dataset", "check", "n_within", "n_across_splits", "n_removed", "policy", "verdict",
)  # fmt: skip


def audit_prepared(
    folder: str | Path, settings: dict[str, Any], log: Callable[[str], None]
) -> pd.DataFrame:
    """Re-check a prepared dataset's final split independently (the checks of its modality
    on the stored inputs and examples.tsv); one row per check (AUDIT_COLUMNS), `n_removed`
    from meta.json, and for arrays a `low_signal` row whose `n_within` counts the profiles
    exempt from the copy checks (verdict `exempt`). Logs the wall time; raises InputError
    when a verdict is `fail`."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text())
    x = np.load(folder / "x.npy", mmap_mode="r")
    split = np.load(folder / "split.npy")
    records = pd.read_csv(folder / "examples.tsv", sep="\t")
    coded = x.dtype == np.uint8
    modality = meta.get("modality", "sequence")
    counts, seconds = audit_split(np.asarray(x), records, split, coded, settings, modality)
    log(f"audited {len(x)} examples of {meta['dataset']} in {seconds:.2f} s")
    policy = settings.get("leakage", "dedupe")
    removed = meta.get("leakage_audit", {}).get("checks", {})
    rows = [
        (meta["task"], meta["dataset"], name, within, across,
         removed.get(name, {}).get("n_removed", 0), policy, verdict(across, policy))
        for name, (within, across) in counts.items()
    ]  # fmt: skip
    if not coded:  # exempt from the copy checks: counted, never removed
        quiet = int(low_signal_rows(x, settings.get("min_signal", 1.0)).sum())
        rows.append((meta["task"], meta["dataset"], "low_signal", quiet, 0, 0, policy, "exempt"))
    table = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    log(table.to_string(index=False))
    failed = table[table["verdict"] == "fail"]
    if len(failed):
        detail = ", ".join(f"{r.check}: {r.n_across_splits} pairs" for r in failed.itertuples())
        raise InputError(
            f"{folder}: dataset {meta['dataset']} leaks across train/valid/test ({detail}) "
            f"under split.leakage {policy!r}"
        )
    return table
