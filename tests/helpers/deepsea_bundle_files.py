"""Small DeepSEA training bundles in the real layout (tests/fixtures/formats README `deepsea`):
`deepsea_train/train.mat` as MATLAB v7.3 (HDF5 with a 512-byte user block, `trainxdata`
(1000, 4, N), `traindata` (targets, N)), `valid.mat` and `test.mat` as MATLAB v5 (scipy,
`<split>xdata` (N, 4, 1000), `<split>data` (N, targets)), in a tar.gz; each split holds
both strands of its windows, the reverse complement of row i at row i + N/2."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable
from pathlib import Path

import h5py
import numpy as np
import scipy.io

BASES = "ACGT"
SIZES = {"train": 12, "valid": 4, "test": 6}


def one_hot(codes: np.ndarray, base_order: str = "AGCT") -> np.ndarray:
    """(N, L) codes (A C G T = 0..3, N = 4) -> (N, 4, L) uint8 one-hot, rows in `base_order`,
    N as an all-zero column."""
    rows = [codes == BASES.index(base) for base in base_order]
    return np.stack(rows, axis=1).astype(np.uint8)


def reverse_complement(codes: np.ndarray) -> np.ndarray:
    """(N, L) codes (A C G T = 0..3, N = 4) read on the other strand."""
    return np.array([3, 2, 1, 0, 4], dtype=np.uint8)[codes[:, ::-1]]


def bundle_data(
    rng: np.random.Generator,
    sizes: dict[str, int] | None = None,
    n_targets: int = 5,
    strands: bool = True,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Random (codes with some N, 0/1 labels) per split. With `strands`, as in the real
    bundle, a split of N rows (N even) holds N/2 windows and then their reverse complements
    with the same labels (row i + N/2 is row i on the other strand); otherwise, and for an
    odd N, every row is drawn on its own."""
    data = {}
    for split, n in (sizes or SIZES).items():
        drawn = n // 2 if strands and n % 2 == 0 else n
        codes = rng.choice(5, size=(drawn, 1000), p=[0.24, 0.24, 0.24, 0.24, 0.04])
        codes = codes.astype(np.uint8)
        labels = (rng.random((drawn, n_targets)) < 0.3).astype(np.uint8)
        if drawn < n:
            codes, labels = np.vstack([codes, reverse_complement(codes)]), np.vstack([labels] * 2)
        data[split] = codes, labels
    return data


def write_train_mat(path: Path, x: np.ndarray, y: np.ndarray, names=("trainxdata", "traindata")):
    """MATLAB v7.3 layout: (N, 4, L) and (N, T) stored with their axes reversed."""
    with h5py.File(path, "w", userblock_size=512) as handle:
        handle.create_dataset(names[0], data=np.ascontiguousarray(x.transpose(2, 1, 0)))
        handle.create_dataset(names[1], data=np.ascontiguousarray(y.T))


def write_mat(path: Path, split: str, x: np.ndarray, y: np.ndarray) -> None:
    scipy.io.savemat(path, {f"{split}xdata": x, f"{split}data": y})


def write_deepsea_bundle(
    folder: Path,
    data: dict[str, tuple[np.ndarray, np.ndarray]],
    base_order: str = "AGCT",
    change: Callable[[str, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
    members: dict[str, bytes] | None = None,
    name: str = "deepsea_train_bundle.v0.9.tar.gz",
) -> Path:
    """The bundle of `data` under `folder`; `change(split, x, y)` may alter a split's arrays
    before writing, and `members` (arc name -> bytes) replace or add members (None bytes:
    leave the member out)."""
    folder.mkdir(parents=True, exist_ok=True)
    work = folder / "mats"
    work.mkdir(exist_ok=True)
    content: dict[str, bytes] = {}
    for split, (codes, labels) in data.items():
        x, y = one_hot(codes, base_order), labels
        if change is not None:
            x, y = change(split, x, y)
        path = work / f"{split}.mat"
        if split == "train":
            write_train_mat(path, x, y)
        else:
            write_mat(path, split, x, y)
        content[f"deepsea_train/{split}.mat"] = path.read_bytes()
    content.update(members or {})
    bundle = folder / name
    with tarfile.open(bundle, "w:gz", compresslevel=1) as tar:  # level 9 takes seconds
        for arcname, payload in content.items():
            if payload is None:
                continue
            info = tarfile.TarInfo(arcname)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return bundle
