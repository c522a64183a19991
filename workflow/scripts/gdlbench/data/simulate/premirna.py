"""Simulated pre-miRNA hairpins and pseudo hairpins, written as deepMiRGene-style FASTA (U
alphabet, running-number names, 60-column lines).

Positives: a 5' arm, a terminal loop and a 3' arm that pairs with it (Watson-Crick or G-U)
but for a few mismatches and bulges. Negatives: pseudo hairpins with short, poorly paired
stems, and dinucleotide shuffles of positives (same composition, no hairpin).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.shuffle import dinucleotide_shuffle

PAIR = {"A": "U", "U": "A", "G": "C", "C": "G"}
WOBBLE = {"G": "U", "U": "G"}
LINE = 60


def _random_rna(length: int, rng: np.random.Generator) -> str:
    return "".join(rng.choice(list("ACGU"), size=length))


def hairpin(rng: np.random.Generator, stem: int, loop: int, mismatch: float, bulges: int) -> str:
    """5' flank + arm + loop + paired arm + 3' flank."""
    arm = _random_rna(stem, rng)
    partner = []
    for base in reversed(arm):
        roll = rng.random()
        if roll < mismatch:
            partner.append(rng.choice([b for b in "ACGU" if b != PAIR[base]]))
        elif roll < mismatch + 0.1 and base in WOBBLE:
            partner.append(WOBBLE[base])
        else:
            partner.append(PAIR[base])
    partner = "".join(partner)
    for _ in range(bulges):
        at = int(rng.integers(2, len(partner) - 2))
        partner = partner[:at] + _random_rna(int(rng.integers(1, 3)), rng) + partner[at:]
    flank = int(rng.integers(2, 8))
    return (
        _random_rna(flank, rng) + arm + _random_rna(loop, rng) + partner + _random_rna(flank, rng)
    )


def simulate_premirna(
    params: dict[str, Any], rng: np.random.Generator
) -> tuple[list[str], list[str]]:
    """(positives, negatives) sequences in U alphabet."""
    positives = [
        hairpin(
            rng,
            int(rng.integers(22, 36)),
            int(rng.integers(5, 14)),
            params["mismatch"],
            int(rng.integers(0, 3)),
        )
        for _ in range(params["n_pos"])
    ]
    negatives = []
    for i in range(params["n_neg"]):
        if i % 2 == 0:
            negatives.append(
                hairpin(
                    rng,
                    int(rng.integers(12, 24)),
                    int(rng.integers(8, 25)),
                    0.3,
                    int(rng.integers(1, 4)),
                )
            )
        else:
            source = positives[int(rng.integers(len(positives)))].replace("U", "T")
            negatives.append(dinucleotide_shuffle(source, rng).replace("T", "U"))
    return positives, negatives


def write_rna_fasta(path: Path, sequences: list[str], first_name: int = 1) -> None:
    with open(path, "w") as handle:
        for number, sequence in enumerate(sequences, start=first_name):
            handle.write(f">{number}\n")
            for start in range(0, len(sequence), LINE):
                handle.write(sequence[start : start + LINE] + "\n")


def write_premirna(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> None:
    """Pools `pos`/`neg`, and `test_pos`/`test_neg` when the dataset asks for those files."""
    positives, negatives = simulate_premirna(params, rng)
    if "test_pos" not in files:
        write_rna_fasta(files["pos"], positives)
        write_rna_fasta(files["neg"], negatives, first_name=len(positives) + 1)
        return
    n_pos, n_neg = (round(len(s) * params["test_fraction"]) for s in (positives, negatives))
    write_rna_fasta(files["test_pos"], positives[:n_pos])
    write_rna_fasta(files["test_neg"], negatives[:n_neg], first_name=n_pos + 1)
    write_rna_fasta(files["pos"], positives[n_pos:])
    write_rna_fasta(files["neg"], negatives[n_neg:], first_name=len(positives) + 1)
