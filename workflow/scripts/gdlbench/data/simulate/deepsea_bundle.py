"""A simulated DeepSEA training bundle of any size in the real layout (gdlbench.data.formats.
deepsea_bundle): `train.mat` as MATLAB v7.3 (HDF5, (1000, 4, N) one-hot in A G C T order and
(targets, N) labels), `valid.mat` and `test.mat` as MATLAB v5, in a tar.gz. Each split holds
its windows and then their reverse complements with the same labels (row i + N/2 is row i on
the other strand), as the real bundle does. `train.mat` is written a block of windows at a
time, so a million windows x 919 profiles (config/rehearsal.yaml) never sit in memory as
one-hot.

Windows are uniform random sequence; each JASPAR motif of `motifs` is planted once, at a
random offset and strand, in a window with probability `motif_rate`. Profile t follows motif
t mod len(motifs): positive with probability `strength` where its motif is planted, and
`noise` elsewhere.
"""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import scipy.io

from gdlbench.data.motifs import motif_counts

WINDOW = 1000
BASE_ORDER = "AGCT"  # the bundle's one-hot rows; codes are A C G T = 0..3
BLOCK_WINDOWS = 25_000  # windows generated at once: 100 MB of one-hot a strand
COMPLEMENT = np.array([3, 2, 1, 0], dtype=np.uint8)


def _site_sampler(motif: str):
    """A function drawing `n` sites of the motif (n, width) as codes, each on either strand."""
    counts = motif_counts(motif)
    cumulative = np.cumsum(counts / counts.sum(axis=0), axis=0)[:3]  # (3, width): A, C, G

    def draw(n: int, rng: np.random.Generator) -> np.ndarray:
        uniform = rng.random((n, 1, cumulative.shape[1]))
        sites = (uniform > cumulative[None]).sum(axis=1).astype(np.uint8)
        reverse = rng.random(n) < 0.5
        sites[reverse] = COMPLEMENT[sites[reverse, ::-1]]
        return sites

    return draw, cumulative.shape[1]


def simulate_block(
    n: int, params: dict[str, Any], samplers: list, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """(n, WINDOW) codes and (n, targets) uint8 labels of `n` windows."""
    codes = rng.integers(0, 4, (n, WINDOW), dtype=np.uint8)
    planted = np.zeros((n, len(samplers)), dtype=bool)
    for m, (draw, width) in enumerate(samplers):
        chosen = np.flatnonzero(rng.random(n) < params["motif_rate"])
        offsets = rng.integers(0, WINDOW - width + 1, len(chosen))
        codes[chosen[:, None], offsets[:, None] + np.arange(width)] = draw(len(chosen), rng)
        planted[chosen, m] = True
    follows = planted[:, np.arange(params["targets"]) % len(samplers)]
    rate = np.where(follows, params["strength"], params["noise"])
    return codes, (rng.random(rate.shape) < rate).astype(np.uint8)


def one_hot_columns(codes: np.ndarray) -> np.ndarray:
    """(n, WINDOW) codes -> (WINDOW, 4, n) uint8 one-hot, rows in BASE_ORDER (HDF5 layout)."""
    onehot = np.empty((codes.shape[1], 4, len(codes)), dtype=np.uint8)
    for row, base in enumerate(BASE_ORDER):
        onehot[:, row, :] = (codes == "ACGT".index(base)).T
    return onehot


def reverse_complement(codes: np.ndarray) -> np.ndarray:
    return COMPLEMENT[codes[:, ::-1]]


def _write_train(path: Path, windows: int, params: dict[str, Any], samplers, rng) -> None:
    rows, targets = 2 * windows, params["targets"]
    with h5py.File(path, "w", userblock_size=512) as handle:
        x = handle.create_dataset("trainxdata", (WINDOW, 4, rows), dtype=np.uint8,
                                  chunks=(WINDOW, 4, 256))  # fmt: skip
        y = handle.create_dataset("traindata", (targets, rows), dtype=np.uint8,
                                  chunks=(targets, 256))  # fmt: skip
        for start in range(0, windows, BLOCK_WINDOWS):
            n = min(BLOCK_WINDOWS, windows - start)
            codes, labels = simulate_block(n, params, samplers, rng)
            for offset, strand in ((0, codes), (windows, reverse_complement(codes))):
                x[:, :, offset + start : offset + start + n] = one_hot_columns(strand)
                y[:, offset + start : offset + start + n] = labels.T


def _write_v5(path: Path, split: str, windows: int, params: dict[str, Any], samplers, rng):
    codes, labels = simulate_block(windows, params, samplers, rng)
    codes = np.vstack([codes, reverse_complement(codes)])
    x = one_hot_columns(codes).transpose(2, 1, 0)  # MATLAB v5: (N, 4, WINDOW)
    scipy.io.savemat(path, {f"{split}xdata": x, f"{split}data": np.vstack([labels] * 2)})


def write_deepsea_bundle(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> None:
    """The bundle (`files["bundle"]`, a tar.gz) of `params["windows"]` windows per split."""
    samplers = [_site_sampler(motif) for motif in params["motifs"]]
    bundle = Path(files["bundle"])
    work = bundle.with_name(bundle.name + ".mats")
    work.mkdir(parents=True, exist_ok=True)
    for split in ("train", "valid", "test"):
        path, windows = work / f"{split}.mat", params["windows"][split]
        if split == "train":
            _write_train(path, windows, params, samplers, rng)
        else:
            _write_v5(path, split, windows, params, samplers, rng)
    with tarfile.open(bundle, "w:gz", compresslevel=1) as tar:
        for split in ("train", "valid", "test"):
            tar.add(work / f"{split}.mat", arcname=f"deepsea_train/{split}.mat")
    for split in ("train", "valid", "test"):
        (work / f"{split}.mat").unlink()
    work.rmdir()
