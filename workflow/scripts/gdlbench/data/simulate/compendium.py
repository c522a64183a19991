"""A simulated expression compendium with planted gene modules, in ADAGE's PCL layout, and a
matching KEGG-style terms file.

Each of `n_modules` disjoint modules of `module_size` genes follows its own activity across
arrays (genes load on it with weights in [0.5, 1.5]); other genes are noise. The terms file
lists every planted module (`KEGG-Pathway-sim..`) plus as many random decoy gene sets, so a
representation that recovers the modules enriches the planted terms and not the decoys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np


def write_compendium(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> None:
    n_genes, n_arrays = params["n_genes"], params["n_arrays"]
    n_modules, size = params["n_modules"], params["module_size"]
    if n_modules * size > n_genes:
        raise ValueError("modules need n_modules x module_size genes at most n_genes")
    genes = [f"PA{i:04d}" for i in range(1, n_genes + 1)]
    order = rng.permutation(n_genes)
    values = rng.normal(9.0, params["noise"], (n_genes, n_arrays))
    lines = []
    for m in range(n_modules):
        members = order[m * size : (m + 1) * size]
        activity = rng.normal(0, 1, n_arrays)
        values[members] += rng.uniform(0.5, 1.5, (size, 1)) * activity
        names = ";".join(genes[i] for i in members)
        lines.append(f"KEGG-Pathway-sim{m:02d}: planted module {m}\t{size}\t{names}")
    for d in range(n_modules):
        decoy = rng.choice(n_genes, size, replace=False)
        names = ";".join(genes[i] for i in decoy)
        lines.append(f"KEGG-Pathway-decoy{d:02d}: random gene set {d}\t{size}\t{names}")
    Path(files["terms"]).write_text("\n".join(lines) + "\n")
    arrays = [f"sim{j:04d}.CEL" for j in range(n_arrays)]
    rows = ["\t" + "\t".join(arrays)]
    rows += [
        g + "\t" + "\t".join(f"{v:.5f}" for v in row) for g, row in zip(genes, values, strict=True)
    ]
    Path(files["compendium"]).write_text("\n".join(rows) + "\n")
