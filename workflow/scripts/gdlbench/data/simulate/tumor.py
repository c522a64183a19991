"""Simulated tumour transcriptomes in the layout of UCI's TCGA PANCAN HiSeq tarball.

Genes have normal baseline log levels; the least expressed fifth are 0 in half the samples
(`dropout`), as low counts are in RNA-seq; each class switches on its own program of
`program_size` genes (shifted up by `effect` log2 units, with sample-to-sample noise), so
classes are separable but overlap when the effect is small. Values are log2(count + 1)-like,
as in the real file. Class sizes follow `n_per_class` (the real set is imbalanced: BRCA 300,
KIRC 146, LUAD 141, PRAD 136, COAD 78).
"""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path
from typing import Any

import numpy as np

FOLDER = "TCGA-PANCAN-HiSeq-801x20531"


def simulate_expression(
    n_per_class: dict[str, int],
    n_genes: int,
    program_size: int,
    effect: float,
    rng: np.random.Generator,
    dropout: float = 0.5,
) -> tuple[np.ndarray, list[str]]:
    """(samples, genes) expression and each sample's class."""
    classes = list(n_per_class)
    baseline = rng.normal(6.0, 2.0, n_genes).clip(0)
    programs = {c: rng.choice(n_genes, program_size, replace=False) for c in classes}
    labels = [c for c in classes for _ in range(n_per_class[c])]
    x = baseline + rng.normal(0, 1.0, (len(labels), n_genes))
    for i, label in enumerate(labels):
        x[i, programs[label]] += effect * rng.uniform(0.5, 1.5, program_size)
    low = baseline < np.quantile(baseline, 0.2)
    x[:, low] *= rng.random((len(labels), int(low.sum()))) >= dropout
    order = rng.permutation(len(labels))
    return x[order].clip(0), [labels[i] for i in order]


def _add(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode("ascii")
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), 0
    tar.addfile(info, io.BytesIO(data))


def write_tumor_archive(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> None:
    x, labels = simulate_expression(
        params["n_per_class"], params["n_genes"], params["program_size"], params["effect"], rng,
        params.get("dropout", 0.5),
    )  # fmt: skip
    samples = [f"sample_{i}" for i in range(len(labels))]
    header = "," + ",".join(f"gene_{j}" for j in range(x.shape[1]))
    rows = (f"{s}," + ",".join(f"{v:.6g}" for v in row) for s, row in zip(samples, x, strict=True))
    data = header + "\n" + "\n".join(rows) + "\n"
    label_text = ",Class\n" + "".join(f"{s},{c}\n" for s, c in zip(samples, labels, strict=True))
    target = Path(files["archive"])
    tmp = target.with_name(f".{target.name}.tmp")
    with tarfile.open(tmp, "w:gz") as tar:
        _add(tar, f"{FOLDER}/data.csv", data)
        _add(tar, f"{FOLDER}/labels.csv", label_text)
    os.replace(tmp, target)
