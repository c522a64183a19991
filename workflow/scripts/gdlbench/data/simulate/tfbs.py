"""Simulated TF-binding data in the real formats, with real JASPAR motifs planted.

- `simulate_peaks_genome`: a UCSC-like genome FASTA (soft-masked stretches, N runs) and an
  ENCODE-like narrowPeak whose peaks carry a motif at the summit in a `strength` fraction.
- `simulate_grammar`: Zeng-2016-format train/test sets where a site is two motifs in a fixed
  order and spacing; negatives hold either motif alone, both in the wrong order or spacing,
  or are dinucleotide shuffles of positives -- so position-agnostic models fall short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.motifs import motif_counts
from gdlbench.data.shuffle import dinucleotide_shuffle
from gdlbench.data.simulate.planted import planted_site

BASES = np.frombuffer(b"ACGT", dtype=np.uint8)
COMPLEMENT = str.maketrans("ACGT", "TGCA")
LINE = 60


def sample_site(motif: str, rng: np.random.Generator) -> str:
    """A binding site drawn column by column from the motif's frequency matrix, either strand."""
    counts = motif_counts(motif)
    probabilities = counts / counts.sum(axis=0)
    site = "".join("ACGT"[rng.choice(4, p=column)] for column in probabilities.T)
    return site if rng.random() < 0.5 else site[::-1].translate(COMPLEMENT)


def random_dna(length: int, rng: np.random.Generator, gc: float = 0.42) -> str:
    p = [(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2]
    return BASES[rng.choice(4, size=length, p=p)].tobytes().decode()


def random_genome(
    n_chrom: int, length: int, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """UCSC-like chromosomes `chr1..` as writable ASCII byte arrays -- random bases, three
    500 bp N runs (gaps) and soft-masked (lower-case) 300 bp repeats -- and the mask of
    their N positions."""
    chromosomes, gaps = {}, {}
    for k in range(1, n_chrom + 1):
        sequence = np.frombuffer(random_dna(length, rng).encode(), dtype=np.uint8).copy()
        blocked = np.zeros(length, dtype=bool)
        for start in rng.integers(0, length - 2000, size=3):  # N runs (gaps)
            sequence[start : start + 500] = ord("N")
            blocked[start : start + 500] = True
        for start in rng.integers(0, length - 400, size=length // 5000):  # soft-masked repeats
            stretch = sequence[start : start + 300]
            stretch[stretch < ord("a")] += ord("a") - ord("A")  # upper -> lower case
        chromosomes[f"chr{k}"], gaps[f"chr{k}"] = sequence, blocked
    return chromosomes, gaps


def plant(sequence: np.ndarray, at: int, site: str) -> None:
    sequence[at : at + len(site)] = np.frombuffer(site.encode(), dtype=np.uint8)


def narrowpeak_line(chrom: str, start: int, end: int, name: str, summit: int,
                    rng: np.random.Generator) -> str:  # fmt: skip
    """An ENCODE-like narrowPeak row with random gamma-distributed scores."""
    score = float(rng.gamma(4, 5))
    return (
        f"{chrom}\t{start}\t{end}\t{name}\t{min(1000, int(score * 20))}\t.\t"
        f"{score:.4f}\t{score * 1.5:.4f}\t{score * 1.2:.4f}\t{summit}\n"
    )


def write_fasta(path: Path, chromosomes: dict[str, np.ndarray]) -> None:
    """A FASTA of byte-array chromosomes, 60 bases a line (UCSC's layout)."""
    with open(path, "w") as handle:
        for name, sequence in chromosomes.items():
            text = sequence.tobytes().decode()
            handle.write(f">{name}\n")
            for start in range(0, len(text), LINE):
                handle.write(text[start : start + LINE] + "\n")


def simulate_peaks_genome(
    params: dict[str, Any], rng: np.random.Generator, genome_path: Path, peaks_path: Path
) -> list[tuple]:
    """Write the genome and the peaks; return the planted truth (gdlbench.data.simulate.
    planted)."""
    n_chrom, length = params["n_chromosomes"], params["chromosome_length"]
    chromosomes, free = random_genome(n_chrom, length, rng)
    rows, planted = [], []
    for i in range(params["n_peaks"]):
        chrom = f"chr{rng.integers(1, n_chrom + 1)}"
        width = int(rng.integers(150, 300))
        start = int(rng.integers(200, length - width - 200))
        if free[chrom][start - 100 : start + width + 100].any():
            continue
        summit = int(rng.integers(width // 3, 2 * width // 3)) if rng.random() > 0.1 else -1
        centre = start + (summit if summit >= 0 else width // 2)
        if rng.random() < params["strength"]:
            site = sample_site(params["motif"], rng)
            at = centre - len(site) // 2 + int(rng.integers(-5, 6))
            plant(chromosomes[chrom], at, site)
            planted.append(planted_site(chrom, at, params["motif"], site))
        rows.append(narrowpeak_line(chrom, start, start + width, f"peak_{i}", summit, rng))
    write_fasta(genome_path, chromosomes)
    Path(peaks_path).write_text("".join(rows))
    return planted


def _grammar_example(
    kind: str, params: dict[str, Any], rng: np.random.Generator
) -> tuple[str, list[tuple[int, str, str]]]:
    """A sequence of the kind, and its sites: (start, motif, bases)."""
    length, gap = params["length"], params["spacing"]
    first, second = (sample_site(m, rng) for m in params["motifs"])
    parts = {
        "positive": [0, "N" * gap, 1],
        "first_only": [0],
        "second_only": [1],
        "wrong_order": [1, "N" * gap, 0],
        "wrong_spacing": [0, "N" * params["wrong_spacing"], 1],
    }[kind]
    sites = (first, second)
    pieces = [sites[p] if isinstance(p, int) else random_dna(len(p), rng) for p in parts]
    insert = "".join(pieces)
    offset = int(rng.integers(0, length - len(insert) + 1))
    background = random_dna(length, rng)
    planted, at = [], offset
    for part, piece in zip(parts, pieces, strict=True):
        if isinstance(part, int):
            planted.append((at, params["motifs"][part], piece))
        at += len(piece)
    return background[:offset] + insert + background[offset + len(insert) :], planted


NEGATIVE_KINDS = ("first_only", "second_only", "wrong_order", "wrong_spacing", "shuffled")


def _grammar_lines(
    n: int, params: dict[str, Any], rng: np.random.Generator, names: set[str]
) -> tuple[list[str], list[tuple]]:
    """`n` records (names unique among `names`, which gains them) and their planted truth."""
    lines, planted = [], []
    for i in range(n):
        name = ""
        while not name or name in names:
            chrom, start = f"chr{rng.integers(1, 23)}", int(rng.integers(1_000_000, 200_000_000))
            name = f"{chrom}:{start}-{start + params['length'] - 1}"
        names.add(name)
        kind = "positive" if i % 2 == 0 else NEGATIVE_KINDS[(i // 2) % len(NEGATIVE_KINDS)]
        if kind == "shuffled":  # its sites shuffled away: nothing planted
            sequence = dinucleotide_shuffle(_grammar_example("positive", params, rng)[0], rng)
            lines.append(f">{name}_shuf {sequence} 0\n")
            continue
        sequence, sites = _grammar_example(kind, params, rng)
        lines.append(f">{name} {sequence} {int(kind == 'positive')}\n")
        planted += [planted_site(name, at, motif, site) for at, motif, site in sites]
    return lines, planted


def simulate_grammar(
    params: dict[str, Any], rng: np.random.Generator, train_path: Path, test_path: Path
) -> list[tuple]:
    """Write the train and test files; return the planted truth."""
    planted, names = [], set()
    for path, n in ((train_path, params["n_train"]), (test_path, params["n_test"])):
        lines, sites = _grammar_lines(n, params, rng, names)
        Path(path).write_text("".join(lines))
        planted += sites
    return planted
