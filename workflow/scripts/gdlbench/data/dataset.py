"""Read a prepared dataset by memory map and serve model-ready batches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from gdlbench.data.fraction import nested_training_subset
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.split import SPLITS
from gdlbench.errors import InputError
from gdlbench.kinds import KINDS

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch

RESIDENT_SHARE = 0.25  # of a CUDA device's free memory a dataset may take for a whole fit


@dataclass(frozen=True)
class Shard:
    """One process's share of every batch in data-parallel training: rows `rank::world` of
    the batch. A process whose share of a short last batch is empty takes the batch's first
    row with `weight` 0, so every process steps together. `weight(n)` scales the process's
    mean loss so that the average over processes (what DistributedDataParallel takes of the
    gradients) is the mean over the whole batch of `n` rows, as in one process."""

    rank: int = 0
    world: int = 1

    def size(self, n: int) -> int:
        return len(range(self.rank, n, self.world))

    def take(self, rows):
        mine = rows[self.rank :: self.world]
        return mine if len(mine) else rows[:1]

    def weight(self, n: int) -> float:
        return self.world * self.size(n) / n


@dataclass
class PreparedDataset:
    x: np.ndarray  # memory-mapped
    y: np.ndarray
    split: np.ndarray
    meta: dict
    clusters: np.ndarray  # (N,) int64: examples sharing an id are resampled together
    structure: np.ndarray | None = None  # (N, L) dot-bracket codes, when models use it
    mfe: np.ndarray | None = None  # (N,) minimum free energy, likewise
    resident: dict[str, torch.Tensor] = field(default_factory=dict)  # copies on a device

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
            clusters=np.load(folder / "clusters.npy"),
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

    def on_device(self, device: torch.device) -> PreparedDataset:
        """This dataset with copies of its stored arrays (codes, not one-hot) held on
        `device` for a whole fit, when it is a CUDA device with room for them (a quarter of
        its free memory); otherwise itself, and batches are copied there one at a time. A
        dataset already held there is returned as it is."""
        import torch

        if self.resident:
            return self
        arrays = {name: getattr(self, name) for name in ("x", "y", "structure")}
        size = sum(array.nbytes for array in arrays.values() if array is not None)
        if device.type != "cuda" or size > RESIDENT_SHARE * torch.cuda.mem_get_info(device)[0]:
            return self
        resident = {name: torch.from_numpy(np.asarray(array)).to(device)
                    for name, array in arrays.items() if array is not None}  # fmt: skip
        return replace(self, resident=resident)

    def _rows(self, name: str, rows, device: torch.device | None):
        """`rows` of the stored array `name`: indexed on the device that holds a copy, as
        numpy for the CPU, or copied to a CUDA `device` as stored (uint8 codes) from pinned
        memory without blocking the host."""
        import torch

        if name in self.resident:
            return self.resident[name][rows]
        batch = np.asarray(getattr(self, name)[rows])
        if device is None or device.type != "cuda":
            return batch
        return torch.from_numpy(batch).pin_memory().to(device, non_blocking=True)

    def inputs(self, index, device: torch.device | None = None) -> torch.Tensor:
        """Model input for rows `index`: one-hot (N, 4, L) for sequences -- (N, 7, L) with the
        structure channels (unpaired, opening, closing) -- and floats otherwise, made on
        `device` (default: the CPU)."""
        structure = None if self.structure is None else self._rows("structure", index, device)
        return MODALITIES[self.modality].inputs(self._rows("x", index, device), structure)

    def targets(self, index, device: torch.device | None = None) -> torch.Tensor:
        import torch

        return torch.as_tensor(self._rows("y", index, device))

    def input_shape(self) -> tuple[int, ...]:
        return tuple(self.inputs(np.arange(1)).shape[1:])

    def batches(
        self,
        split: str,
        batch_size: int,
        rng: np.random.Generator | None = None,
        device: torch.device | None = None,
        shard: Shard | None = None,
    ) -> Iterator[tuple[np.ndarray, torch.Tensor, torch.Tensor]]:
        """(row indices, inputs, targets) per batch, shuffled when `rng` is given; inputs and
        targets on `device` (default: the CPU), one-hot made there. With a `shard`, inputs
        and targets are this process's share of the batch (the indices stay the batch's)."""
        index = self.indices(split)
        if rng is not None:
            index = rng.permutation(index)
        order = index
        if self.resident:
            import torch

            # the epoch's order copied to the device in one go
            order = torch.from_numpy(index).to(self.resident["x"].device)
        for start in range(0, len(index), batch_size):
            rows = order[start : start + batch_size]
            if shard is not None:
                rows = shard.take(rows)
            inputs, targets = self.inputs(rows, device), self.targets(rows, device)
            yield index[start : start + batch_size], inputs, targets
