"""Features and the fixed rule of the miRNA-target pair baselines (modality `pair`, codes
(N, 2, L): row 0 the miRNA, row 1 the site).

- `seed_types`: the site's strongest seed-match type (gdlbench.data.seed), one-hot over
  8mer, 7mer-m8, 7mer-A1, 6mer, none;
- `seed_energy`: those, the number of 6mer seed matches in the site and the miRNA-site
  duplex (ViennaRNA `duplexfold`): its free energy and its number of base pairs;
- `pair_kmers`: k-mer counts of the miRNA and of the site side by side, and the number of
  site k-mers that are the reverse complement of a miRNA k-mer (the only term relating the
  two: k-mer counts alone cannot see pairing).

`SeedMatchRule` scores a pair by its site type alone, as TargetScan ranks site types
(8mer > 7mer-m8 > 7mer-A1 > 6mer > none); nothing is fitted, and the three canonical types
(score above 0.5) are called targets.
"""

from __future__ import annotations

import numpy as np
import RNA
import scipy.sparse

from gdlbench.data.encode import decode, kmer_counts
from gdlbench.data.leakage import reverse_complement
from gdlbench.data.seed import SITE_TYPES, site_motifs, site_type_index

RULE_SCORES = np.array([0.9, 0.8, 0.7, 0.4, 0.1])  # per SITE_TYPES, strongest first


def seed_types(codes: np.ndarray) -> np.ndarray:
    """(N, 5) one-hot of each pair's site type."""
    index = site_type_index(decode(codes[:, 0]), decode(codes[:, 1]))
    return np.eye(len(SITE_TYPES), dtype=np.float32)[index]


def seed_energy(codes: np.ndarray) -> np.ndarray:
    """(N, 8): site type one-hot, 6mer matches, duplex energy (kcal/mol) and base pairs."""
    mirnas, sites = decode(codes[:, 0]), decode(codes[:, 1])
    rows = []
    for mirna, site in zip(mirnas, sites, strict=True):
        duplex = RNA.duplexfold(mirna.replace("T", "U"), site.replace("T", "U"))
        sixmer = site_motifs(mirna)["6mer"]
        rows.append((site.count(sixmer), duplex.energy, duplex.structure.count("(")))
    return np.hstack([seed_types(codes), np.array(rows, dtype=np.float32)])


def pair_kmers(codes: np.ndarray, k: int) -> scipy.sparse.csr_matrix:
    """(N, 2 * 4**k + 1) sparse: miRNA k-mer counts, site k-mer counts, complementary k-mers."""
    mirna, site = kmer_counts(codes[:, 0], k), kmer_counts(codes[:, 1], k)
    complement = kmer_counts(reverse_complement(np.asarray(codes[:, 0])), k)
    shared = np.asarray(site.multiply(complement > 0).sum(axis=1))
    return scipy.sparse.hstack([mirna, site, shared], format="csr", dtype=np.float32)


class SeedMatchRule:
    """The seed-match rule as an estimator: `fit` records the classes only."""

    def __init__(self) -> None:
        self.classes_ = np.array([0, 1])

    def fit(self, features: np.ndarray, y: np.ndarray) -> SeedMatchRule:
        return self

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        score = np.asarray(features) @ RULE_SCORES
        return np.column_stack([1 - score, score])
