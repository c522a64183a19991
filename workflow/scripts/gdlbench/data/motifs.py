"""Motif matrices from JASPAR (pyjaspar's bundled release): what simulators plant, what the
PWM-scan baseline scans for, and what motifs learned by models are matched against."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from pyjaspar import jaspardb

from gdlbench.errors import ConfigError


@cache
def motif_counts(motif_id: str) -> np.ndarray:
    """(4, W) counts of a JASPAR matrix (rows A C G T) from pyjaspar's bundled database.

    An ID without a version (`MA0139`) gets JASPAR's latest version.
    """
    motif = jaspardb().fetch_motif_by_id(motif_id)
    if motif is None:
        raise ConfigError(f"JASPAR (pyjaspar's bundled release) has no motif {motif_id!r}")
    counts = _counts(motif)
    counts.flags.writeable = False  # cached: shared by every caller
    return counts


class MotifCollection(NamedTuple):
    """JASPAR matrices: IDs, TF names, and (4, W) base probabilities (rows A C G T)."""

    ids: list[str]
    names: list[str]
    matrices: list[np.ndarray]


@cache
def jaspar_collection(tax_group: str = "vertebrates") -> MotifCollection:
    """The latest version of every CORE matrix of `tax_group` in pyjaspar's bundled release,
    as probabilities: what motifs learned by models are matched against."""
    ids, names, matrices = [], [], []
    for motif in jaspardb().fetch_motifs(collection="CORE", tax_group=[tax_group]):
        counts = _counts(motif)
        ids.append(motif.matrix_id)
        names.append(motif.name)
        matrices.append(counts / counts.sum(axis=0))
    return MotifCollection(ids, names, matrices)


def write_collection(collection: MotifCollection, path: Path) -> None:
    """Save a collection as one .npz: IDs, names, each matrix's width and the matrices side
    by side (4, total width)."""
    np.savez(
        path,
        ids=np.array(collection.ids),
        names=np.array(collection.names),
        widths=np.array([matrix.shape[1] for matrix in collection.matrices]),
        matrices=np.concatenate(collection.matrices, axis=1),
    )


def read_collection(path: Path) -> MotifCollection:
    """A collection saved by write_collection."""
    with np.load(path) as saved:
        ids, names, widths = saved["ids"].tolist(), saved["names"].tolist(), saved["widths"]
        matrices = np.split(saved["matrices"], np.cumsum(widths)[:-1], axis=1)
    return MotifCollection(ids, names, matrices)


def _counts(motif) -> np.ndarray:
    """(4, W) counts of a pyjaspar motif, rows A C G T."""
    return np.array([motif.counts[base] for base in "ACGT"], dtype=np.float64)
