"""Simulated histone-mark profiles in the layout of the DeepChrome release (Zenodo 2652278).

Per gene a latent expression level z ~ N(0, 1) sets count rates over 100 bins around the TSS
(bin 50): H3K4me3 at the promoter and H3K36me3 over the gene body rise with z, H3K27me3 and
H3K9me3 fall with it, H3K4me1 carries no signal. Counts are negative binomial (gamma-Poisson),
so bins are noisy and often zero. The label is 1 when z plus noise exceeds the median, so no
model can be perfect. Each cell type gets its own mark strengths (`strength` scaled by a draw
in [0.6, 1.4]) so their AUROCs differ. The planted truth (gdlbench.data.simulate.planted) is
each mark's signal region: a row per mark whose rate moves with z (`sequence` the mark,
`start`/`end` its bins, `motif` whether it rises or falls with expression). Files:
`data/<cell>/classification/{train,valid,test}.csv` inside one `data.tar.gz`, split by gene.
"""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.formats.deepchrome import MARKS

N_BINS = 100
# per mark: (baseline log rate, effect of z, first bin, last bin) of the signal region
PROGRAM = {
    "H3K27me3": (0.6, -0.6, 0, 100),
    "H3K36me3": (0.3, 0.7, 50, 100),
    "H3K4me1": (0.5, 0.0, 0, 100),
    "H3K4me3": (0.4, 1.0, 40, 60),
    "H3K9me3": (0.3, -0.4, 0, 100),
}


def simulate_marks(
    n_genes: int, strength: float, label_noise: float, dispersion: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(genes, marks, bins) integer counts and (genes,) 0/1 labels."""
    z = rng.standard_normal(n_genes)
    rates = np.empty((n_genes, len(MARKS), N_BINS))
    for m, mark in enumerate(MARKS):
        base, effect, first, last = PROGRAM[mark]
        log_rate = np.full((n_genes, N_BINS), base - 0.5)
        log_rate[:, first:last] = base + strength * effect * z[:, None]
        rates[:, m] = np.exp(log_rate)
    gamma = rng.gamma(dispersion, rates / dispersion)
    counts = rng.poisson(gamma)
    noisy = z + label_noise * rng.standard_normal(n_genes)
    return counts, (noisy > np.median(noisy)).astype(int)


def marks_csv(genes: list[str], counts: np.ndarray, labels: np.ndarray) -> bytes:
    """The release's CSV rows: gene, bin (1-based), five mark counts, label."""
    lines = []
    for gene, gene_counts, label in zip(genes, counts, labels, strict=True):
        for b in range(N_BINS):
            marks = ",".join(str(int(c)) for c in gene_counts[:, b])
            lines.append(f"{gene},{b + 1},{marks},{label}\n")
    return "".join(lines).encode("ascii")


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def causal_regions() -> list[tuple]:
    """The planted truth (PLANTED_COLUMNS rows): each mark's signal region, the bins where
    its rate moves with expression; no bases, so `site` is empty."""
    return [(mark, first, last, "rises" if effect > 0 else "falls", "")
            for mark, (_, effect, first, last) in PROGRAM.items() if effect]  # fmt: skip


def write_histone_archive(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> list[tuple]:
    """Write `files["archive"]`: per cell type in `params["cell_types"]`, `n_genes` genes
    split train/valid/test by `fractions` (default 0.6/0.2/0.2)."""
    n_genes = params["n_genes"]
    fractions = params.get("fractions", [0.6, 0.2, 0.2])
    bounds = np.cumsum(np.round(np.array(fractions) * n_genes).astype(int))[:2]
    genes = [f"{i:06d}" for i in range(1, n_genes + 1)]  # zero-padded like the release
    target = Path(files["archive"])
    tmp = target.with_name(f".{target.name}.tmp")
    with tarfile.open(tmp, "w:gz") as tar:
        for cell in params["cell_types"]:
            strength = params["strength"] * rng.uniform(0.6, 1.4)
            counts, labels = simulate_marks(
                n_genes, strength, params["label_noise"], params.get("dispersion", 2.0), rng
            )
            order = rng.permutation(n_genes)
            for split, rows in zip(
                ("train", "valid", "test"), np.split(order, bounds), strict=True
            ):
                rows = np.sort(rows)
                data = marks_csv([genes[i] for i in rows], counts[rows], labels[rows])
                _add(tar, f"data/{cell}/classification/{split}.csv", data)
    os.replace(tmp, target)
    return causal_regions()
