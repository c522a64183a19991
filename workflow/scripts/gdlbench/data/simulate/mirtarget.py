"""Simulated CLASH-style miRNA-target pairs with planted seed pairing, written as miRBind's
pair tables: positives are random target fragments carrying a seed-match site of their
miRNA (TargetScan's 8mer, 7mer-m8, 7mer-A1 or 6mer, in `site_mix` proportions) at a random
position, except a `noncanonical` share that carries none (as CLASH finds many
non-seed interactions; for the seed rule they are misses); negatives pair each positive's
fragment with a miRNA of another seed family (the real route's `other_seed` rule)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.mirna_pairs import other_seed_negatives, write_pair_table
from gdlbench.data.seed import SITE_TYPES, site_motifs

BASES = np.array(list("ACGT"))


def random_sequences(n: int, length: int, rng: np.random.Generator) -> list[str]:
    return ["".join(row) for row in BASES[rng.integers(0, 4, (n, length))]]


def simulate_pairs(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Positives and negatives (`id mirna site label`), in random order."""
    n, site_length = params["n_pairs"], params.get("site_length", 50)
    mirnas = random_sequences(params["n_mirnas"], params.get("mirna_length", 20), rng)
    types = list(SITE_TYPES[:-1])
    mix = np.asarray(params.get("site_mix", [0.3, 0.25, 0.25, 0.2]), dtype=float)
    chosen = rng.integers(0, len(mirnas), n)
    sites = random_sequences(n, site_length, rng)
    planted = rng.random(n) >= params.get("noncanonical", 0.1)
    kinds = rng.choice(len(types), n, p=mix / mix.sum())
    for i in np.flatnonzero(planted):
        motif = site_motifs(mirnas[chosen[i]])[types[kinds[i]]]
        start = int(rng.integers(0, site_length - len(motif) + 1))
        sites[i] = sites[i][:start] + motif + sites[i][start + len(motif) :]
    positives = pd.DataFrame({
        "id": [f"sim{i}" for i in range(n)],
        "mirna": [mirnas[c] for c in chosen], "site": sites, "label": "1",
    })  # fmt: skip
    negatives = other_seed_negatives(positives, 1, rng, "simulated pairs")
    pairs = pd.concat([positives, negatives], ignore_index=True)
    return pairs.iloc[rng.permutation(len(pairs))].reset_index(drop=True)


def write_mirtarget(params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]):
    """`train` (and `test`, the last `test_fraction` of pairs, when the dataset has it)."""
    pairs = simulate_pairs(params, rng)
    if "test" not in files:
        write_pair_table(files["train"], pairs)
        return
    n_test = round(len(pairs) * params.get("test_fraction", 0.2))
    write_pair_table(files["test"], pairs.iloc[:n_test])
    write_pair_table(files["train"], pairs.iloc[n_test:])
