"""Read a prepared dataset by memory map and serve model-ready batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from gdlbench.data.fraction import nested_training_subset
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.split import SPLITS
from gdlbench.errors import InputError
from gdlbench.kinds import KINDS


@dataclass
class PreparedDataset:
    x: np.ndarray  # memory-mapped
    y: np.ndarray
    split: np.ndarray
    meta: dict
    structure: np.ndarray | None = None  # (N, L) dot-bracket codes, when models use it
    mfe: np.ndarray | None = None  # (N,) minimum free energy, likewise

    @classmethod
    def load(
        cls, folder: str | Path, structure: bool = False, subset: dict | None = None
    ) -> PreparedDataset:
        """Memory-map a prepared dataset; `structure` adds the RNA structure channels.
        `subset` ({dataset, fraction, seed}) keeps a nested share of the training split (a
        learning-curve run, named `subset["dataset"]`); validation and test stay whole."""
        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text())
        if structure and not meta.get("structure"):
            raise InputError(f"{folder}: a model asks for RNA structure; this dataset has none")
        data = cls(
            x=np.load(folder / "x.npy", mmap_mode="r"),
            y=np.load(folder / "y.npy", mmap_mode="r"),
            split=np.load(folder / "split.npy"),
            meta=meta,
            structure=np.load(folder / "structure.npy", mmap_mode="r") if structure else None,
            mfe=np.load(folder / "mfe.npy") if structure else None,
        )
        if subset:
            stratify = KINDS[meta["kind"]].stratified
            data.split = nested_training_subset(
                data.split, np.asarray(data.y), subset["fraction"], subset["seed"], stratify
            )
            data.meta = {**meta, "dataset": subset["dataset"], "subset": dict(subset)}
        return data

    @property
    def modality(self) -> str:
        return self.meta["modality"]

    @property
    def kind(self):
        """The task kind's object (gdlbench.kinds)."""
        return KINDS[self.meta["kind"]]

    @property
    def n_classes(self) -> int:
        return len(self.meta["classes"])

    def indices(self, split: str) -> np.ndarray:
        return np.flatnonzero(self.split == SPLITS.index(split))

    def inputs(self, index: np.ndarray) -> torch.Tensor:
        """Model input for rows `index`: one-hot (N, 4, L) for sequences -- (N, 7, L) with the
        structure channels (unpaired, opening, closing) -- and floats otherwise."""
        structure = None if self.structure is None else np.asarray(self.structure[index])
        return MODALITIES[self.modality].inputs(np.asarray(self.x[index]), structure)

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
