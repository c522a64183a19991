"""Planted near-duplicates among unrelated random sequences: the ground truth for the recall
of the leakage check `near_duplicate` (tests and `python -m gdlbench.bench`).

Each case makes `n` originals and one copy of each, edited as the case says, then `background`
unrelated sequences; recall is the share of planted pairs the groups join, false groups the
share of background sequences grouped with anything.

- `sub5`, `sub9` (`sub<percent>`): exactly round(5% / 9% of the length) letters substituted;
- `indel1`, `indel3`: one / three single-letter insertions or deletions;
- `indel1_sub5`: one indel and 5% substitutions;
- `shift10`, `shift20`, `shift30`: the window moved along its source by 10/20/30% of the length;
- `revcomp_sub5`: the reverse complement of a 5%-substituted copy (DNA only);
- `exon20`: 20 consecutive residues deleted inside the protein (an isoform with an exon
  skipped);
- `deletion1`: a single letter deleted.
"""

from __future__ import annotations

import numpy as np

from gdlbench.data.encode import encode
from gdlbench.data.protein import AMINO_ACIDS, encode_protein

DNA_CASES = ("sub5", "sub9", "indel1", "indel3", "indel1_sub5", "shift10", "shift20", "shift30",
             "revcomp_sub5")  # fmt: skip
PROTEIN_CASES = ("sub5", "sub9", "indel1", "indel3", "exon20", "deletion1", "shift10")
COMPLEMENTS = str.maketrans("ACGT", "TGCA")


def random_sequence(rng: np.random.Generator, length: int, letters: str) -> str:
    return "".join(np.array(list(letters))[rng.integers(0, len(letters), length)])


def substituted(rng: np.random.Generator, sequence: str, fraction: float, letters: str) -> str:
    """`sequence` with exactly round(fraction * length) letters changed to another letter."""
    out = list(sequence)
    for p in rng.choice(len(out), int(round(fraction * len(out))), replace=False):
        out[p] = rng.choice([c for c in letters if c != out[p]])
    return "".join(out)


def with_indels(rng: np.random.Generator, sequence: str, count: int, letters: str) -> str:
    """`sequence` with `count` single-letter insertions or deletions away from its ends."""
    out = list(sequence)
    for _ in range(count):
        p = int(rng.integers(5, len(out) - 5))
        if rng.random() < 0.5:
            del out[p]
        else:
            out.insert(p, letters[rng.integers(0, len(letters))])
    return "".join(out)


def planted_copy(rng: np.random.Generator, case: str, length: int, letters: str) -> tuple[str, str]:
    """One original of `length` and its copy edited as `case` says (module)."""
    if case.startswith("shift"):
        step = int(round(int(case[5:]) / 100 * length))
        source = random_sequence(rng, length + step, letters)
        return source[:length], source[step:]
    original = random_sequence(rng, length, letters)
    if case.startswith("sub"):
        return original, substituted(rng, original, int(case[3:]) / 100, letters)
    if case in ("indel1", "indel3"):
        return original, with_indels(rng, original, int(case[5:]), letters)
    if case == "indel1_sub5":
        return original, with_indels(rng, substituted(rng, original, 0.05, letters), 1, letters)
    if case == "revcomp_sub5":
        return original, substituted(rng, original, 0.05, letters).translate(COMPLEMENTS)[::-1]
    if case == "exon20":
        start = int(rng.integers(length // 10, length - length // 10 - 20))
        return original, original[:start] + original[start + 20 :]
    if case == "deletion1":
        p = int(rng.integers(1, length - 1))
        return original, original[:p] + original[p + 1 :]
    raise ValueError(f"unknown planted case {case!r}")


def planted_copies(
    case: str,
    n: int,
    background: int,
    length: int,
    rng: np.random.Generator,
    protein: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Codes of `n` originals, their `n` copies (rows n..2n-1, in order) and `background`
    unrelated sequences of `length` (DNA, or amino acids when `protein`); and the (n, 2)
    planted pairs."""
    letters = AMINO_ACIDS if protein else "ACGT"
    pairs = [planted_copy(rng, case, length, letters) for _ in range(n)]
    others = [random_sequence(rng, length, letters) for _ in range(background)]
    sequences = [p[0] for p in pairs] + [p[1] for p in pairs] + others
    codes = encode_protein(sequences) if protein else encode(sequences)
    return codes, np.column_stack([np.arange(n), np.arange(n, 2 * n)])


def planted_recall(groups: np.ndarray, pairs: np.ndarray) -> float:
    """Share of planted pairs whose two members share a group."""
    return float(np.mean(groups[pairs[:, 0]] == groups[pairs[:, 1]]))


def false_group_rate(groups: np.ndarray, background: np.ndarray) -> float:
    """Share of the `background` rows (indices) grouped with any other row."""
    sizes = np.bincount(groups)
    return float(np.mean(sizes[groups[background]] > 1))
