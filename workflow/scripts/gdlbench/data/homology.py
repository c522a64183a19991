"""Protein homology at a source's identity threshold: the rule validation is carved by when a
source's test partition was homology-reduced (DeepLoc 1.0: no test protein above 30%
identity to a training one), so validation is as far from training as test is.

Two proteins are homologous when their Smith-Waterman local alignment (BLOSUM62, gap open 11
and extension 1, as BLAST's defaults; Opal's SIMD aligner through pyopal)

- is significant against the whole set: E = K * m * N * exp(-lambda * S) <= EVALUE, with m
  the query's length, N the residues of the set and BLAST's gapped Karlin-Altschul values
  for these scores (lambda 0.267, K 0.041) -- about one chance pair per thousand queries;
- covers at least COVERAGE (half) of the shorter protein;
- has identity (identical residues over alignment columns, gaps included) >= the threshold.

Every pair is scored (score mode, the whole set against each protein); only the pairs past
the E-value are aligned in full. That is all-pairs work: DeepLoc's ~11 000 training
proteins (cut to 1000 residues) take about 2 * 10**13 cell updates, some 20 minutes on two
cores at the ~9 GCUPS per core measured here. Random proteins of DeepLoc's lengths and
amino-acid composition are never grouped by it (tested); ambiguity codes X/B/Z are scored by
BLOSUM62's own rows, U as C.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyopal

from gdlbench.data.leakage import components, real_lengths
from gdlbench.data.protein import PROTEIN_PAD, PROTEIN_SYMBOLS

MATRIX, GAP_OPEN, GAP_EXTEND = "BLOSUM62", 11, 1
LAMBDA, K = 0.267, 0.041  # BLAST's gapped statistics for BLOSUM62 11/1
EVALUE = 1e-3
COVERAGE = 0.5
LETTERS = np.frombuffer(PROTEIN_SYMBOLS.replace("U", "C").encode(), dtype=np.uint8)


def protein_strings(codes: np.ndarray) -> list[str]:
    """Each row's residues as letters (padding dropped, U read as C)."""
    return [LETTERS[row[row != PROTEIN_PAD]].tobytes().decode() for row in codes]


def min_score(length: int, residues: int) -> float:
    """The least Smith-Waterman score with an E-value <= EVALUE for a query of `length`
    against a set of `residues` (module)."""
    return (math.log(K * length * residues) - math.log(EVALUE)) / LAMBDA


def homologous_pairs(codes: np.ndarray, identity: float, threads: int = 1) -> np.ndarray:
    """(M, 2) pairs i < j of homologous proteins (module) among the rows of `codes`."""
    proteins = protein_strings(codes)
    if len(proteins) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    lengths = real_lengths(codes, PROTEIN_PAD)
    database = pyopal.Database(proteins)
    aligner = pyopal.Aligner(MATRIX, gap_open=GAP_OPEN, gap_extend=GAP_EXTEND)
    residues = int(lengths.sum())

    def partners(i: int) -> list[tuple[int, int]]:
        scores = aligner.align(proteins[i], database, mode="score", start=i + 1)
        least = min_score(len(proteins[i]), residues)
        passed = [i + 1 + n for n, hit in enumerate(scores) if hit.score >= least]
        found = []
        for j in passed:
            hit = aligner.align(proteins[i], database, mode="full", start=j, end=j + 1)[0]
            covered = (hit.query_end - hit.query_start + 1, hit.target_end - hit.target_start + 1)
            shorter = min(lengths[i], lengths[j])
            if hit.identity() >= identity and min(covered) >= COVERAGE * shorter:
                found.append((i, j))
        return found

    with ThreadPoolExecutor(max(1, threads)) as pool:
        found = [pair for pairs in pool.map(partners, range(len(proteins) - 1)) for pair in pairs]
    return np.array(found, dtype=np.int64).reshape(-1, 2)


def homology_groups(codes: np.ndarray, identity: float, threads: int = 1) -> np.ndarray:
    """Group id per protein: homologous proteins (module) joined transitively."""
    pairs = homologous_pairs(codes, identity, threads)
    return components(len(codes), pairs[:, 0], pairs[:, 1])
