"""Read a prepared dataset by memory map and serve model-ready batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gdlbench.data.encode import one_hot
from gdlbench.data.fold import structure_one_hot
from gdlbench.data.split import SPLITS
from gdlbench.errors import InputError


@dataclass
class PreparedDataset:
    x: np.ndarray  # memory-mapped
    y: np.ndarray
    split: np.ndarray
    meta: dict
    structure: np.ndarray | None = None  # (N, L) dot-bracket codes, when models use it
    mfe: np.ndarray | None = None  # (N,) minimum free energy, likewise

    @classmethod
    def load(cls, folder: str | Path, structure: bool = False) -> PreparedDataset:
        """Memory-map a prepared dataset; `structure` adds the RNA structure channels."""
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text())
        if structure and not meta.get("structure"):
            raise InputError(f"{folder}: a model asks for RNA structure; this dataset has none")
        return cls(
            x=np.load(folder / "x.npy", mmap_mode="r"),
            y=np.load(folder / "y.npy", mmap_mode="r"),
            split=np.load(folder / "split.npy"),
            meta=meta,
            structure=np.load(folder / "structure.npy", mmap_mode="r") if structure else None,
            mfe=np.load(folder / "mfe.npy") if structure else None,
        )

    @property
    def modality(self) -> str:
        return self.meta["modality"]

    @property
    def n_classes(self) -> int:
        return len(self.meta["classes"])

    def indices(self, split: str) -> np.ndarray:
        return np.flatnonzero(self.split == SPLITS.index(split))

    def inputs(self, index: np.ndarray) -> torch.Tensor:
        """Model input for rows `index`: one-hot (N, 4, L) for sequences -- (N, 7, L) with the
        structure channels (unpaired, opening, closing) -- and floats otherwise."""
        rows = np.asarray(self.x[index])
        if self.modality == "sequence" and self.structure is not None:
            structure = structure_one_hot(np.asarray(self.structure[index]))
            return torch.cat([one_hot(rows), structure], dim=1)
        if self.modality == "sequence":
            return one_hot(rows)
        return torch.from_numpy(rows.astype(np.float32, copy=False))

    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.inputs(np.arange(1)).shape[1:])

    def batches(
        self, split: str, batch_size: int, rng: np.random.Generator | None = None
    ) -> Iterator[tuple[np.ndarray, torch.Tensor, torch.Tensor]]:
        """(row indices, inputs, targets) per batch; shuffled when `rng` is given."""
        index = self.indices(split)
        if rng is not None:
            index = rng.permutation(index)
        for start in range(0, len(index), batch_size):
            rows = index[start : start + batch_size]
            yield rows, self.inputs(rows), torch.from_numpy(np.asarray(self.y[rows]))
