"""miRNA seed-match site types as TargetScan defines them (Bartel 2009; Agarwal et al. 2015).

The seed is miRNA nucleotides 2-7. Read 5'->3' on the target, a site is the reverse
complement of the miRNA nucleotides it pairs with, followed (3' side) by what lies opposite
miRNA nucleotide 1:

- `8mer`: pairs with nucleotides 2-8, and an A opposite nucleotide 1;
- `7mer-m8`: pairs with nucleotides 2-8;
- `7mer-A1`: pairs with nucleotides 2-7, and an A opposite nucleotide 1;
- `6mer`: pairs with nucleotides 2-7.

A site has its strongest type (SITE_TYPES is ordered strongest first); sequences are read
in the DNA alphabet (U as T).
"""

from __future__ import annotations

import numpy as np

SITE_TYPES = ("8mer", "7mer-m8", "7mer-A1", "6mer", "none")
_COMPLEMENT = str.maketrans("ACGTU", "TGCAA")


def reverse_complement(sequence: str) -> str:
    """The reverse complement in the DNA alphabet (U read as T; other symbols kept)."""
    return sequence.upper().translate(_COMPLEMENT)[::-1]


def site_motifs(mirna: str) -> dict[str, str]:
    """Site type -> the target sequence (5'->3') of that site for `mirna`."""
    m8, m7 = reverse_complement(mirna[1:8]), reverse_complement(mirna[1:7])
    return {"8mer": m8 + "A", "7mer-m8": m8, "7mer-A1": m7 + "A", "6mer": m7}


def site_type(mirna: str, site: str) -> str:
    """The strongest seed-match type of `mirna` found anywhere in `site`, or `none`."""
    site = site.upper().replace("U", "T")
    motifs = site_motifs(mirna)
    return next((t for t in SITE_TYPES[:-1] if motifs[t] in site), "none")


def site_type_index(mirnas: list[str], sites: list[str]) -> np.ndarray:
    """Per pair, the index of its site type in SITE_TYPES (0 = 8mer ... 4 = none)."""
    return np.array(
        [SITE_TYPES.index(site_type(m, s)) for m, s in zip(mirnas, sites, strict=True)],
        dtype=np.int64,
    )


def seed(mirna: str) -> str:
    """Nucleotides 2-7 (DNA alphabet): miRNAs sharing it belong to one seed family."""
    return mirna[1:7].upper().replace("U", "T")
