"""Simulated CLASH-style miRNA-target pairs with planted seed pairing, written as miRBind's
pair tables: positives are random target fragments carrying a seed-match site of their
miRNA (TargetScan's 8mer, 7mer-m8, 7mer-A1 or 6mer, in `site_mix` proportions) at a random
position, except a `noncanonical` share that carries none (as CLASH finds many
non-seed interactions; for the seed rule they are misses); negatives pair each positive's
fragment with a miRNA of another seed family (the real route's `other_seed` rule). The
planted truth: each positive's seed-match site, its motif the site type, its sequence the
pair's id as the table reader names it (`<file name>:<line>`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.mirna_pairs import other_seed_negatives, write_pair_table
from gdlbench.data.seed import SITE_TYPES, site_motifs
from gdlbench.data.simulate.planted import planted_site

BASES = np.array(list("ACGT"))


def random_sequences(n: int, length: int, rng: np.random.Generator) -> list[str]:
    return ["".join(row) for row in BASES[rng.integers(0, 4, (n, length))]]


def simulate_pairs(params: dict[str, Any], rng: np.random.Generator) -> pd.DataFrame:
    """Positives and negatives (`id mirna site label`, and for a positive with a planted
    site its `site_type` and span `site_start`, `site_end`; empty and -1 otherwise), in
    random order."""
    n, site_length = params["n_pairs"], params.get("site_length", 50)
    mirnas = random_sequences(params["n_mirnas"], params.get("mirna_length", 20), rng)
    types = list(SITE_TYPES[:-1])
    mix = np.asarray(params.get("site_mix", [0.3, 0.25, 0.25, 0.2]), dtype=float)
    chosen = rng.integers(0, len(mirnas), n)
    sites = random_sequences(n, site_length, rng)
    planted = rng.random(n) >= params.get("noncanonical", 0.1)
    kinds = rng.choice(len(types), n, p=mix / mix.sum())
    site_types, starts, ends = [""] * n, [-1] * n, [-1] * n
    for i in np.flatnonzero(planted):
        motif = site_motifs(mirnas[chosen[i]])[types[kinds[i]]]
        start = int(rng.integers(0, site_length - len(motif) + 1))
        sites[i] = sites[i][:start] + motif + sites[i][start + len(motif) :]
        site_types[i], starts[i], ends[i] = types[kinds[i]], start, start + len(motif)
    positives = pd.DataFrame({
        "id": [f"sim{i}" for i in range(n)],
        "mirna": [mirnas[c] for c in chosen], "site": sites, "label": "1",
        "site_type": site_types, "site_start": starts, "site_end": ends,
    })  # fmt: skip
    negatives = other_seed_negatives(positives, 1, rng, "simulated pairs")
    negatives = negatives.assign(site_type="", site_start=-1, site_end=-1)
    pairs = pd.concat([positives, negatives], ignore_index=True)
    return pairs.iloc[rng.permutation(len(pairs))].reset_index(drop=True)


def write_mirtarget(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> list[tuple]:
    """`train` (and `test`, the first `test_fraction` of pairs, when the dataset has it);
    returns the planted truth (module docstring)."""
    pairs = simulate_pairs(params, rng)
    n_test = round(len(pairs) * params.get("test_fraction", 0.2)) if "test" in files else 0
    tables = {"test": pairs.iloc[:n_test], "train": pairs.iloc[n_test:]}
    planted = []
    for role in (role for role in ("test", "train") if role in files):
        table = tables[role]
        write_pair_table(files[role], table)
        spans = zip(table["site"], table["site_type"], table["site_start"], table["site_end"],
                    strict=True)  # fmt: skip
        for line, (site, kind, start, end) in enumerate(spans, start=2):  # line 1: the header
            if kind:
                planted.append(planted_site(f"{files[role].name}:{line}", int(start), kind,
                                            site[start:end]))  # fmt: skip
    return planted
