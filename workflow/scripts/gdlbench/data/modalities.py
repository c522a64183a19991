"""Input modalities (SPEC §4a): how stored inputs become a model batch, and whether a position
can be padding. A new modality is one object here; models declare which they accept."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from gdlbench.data.encode import one_hot
from gdlbench.data.fold import structure_one_hot


@dataclass(frozen=True)
class Modality:
    name: str
    padded: bool  # an all-zero position is padding (variable-length codes), not data
    coded: bool  # stored as 1-byte codes, one-hot per batch

    def inputs(self, rows: np.ndarray, structure: np.ndarray | None = None) -> torch.Tensor:
        """A float batch: one-hot (N, 4, L) of codes, with the three RNA structure channels
        (unpaired, opening, closing) appended when given; stored floats as they are."""
        if not self.coded:
            return torch.from_numpy(np.asarray(rows).astype(np.float32, copy=False))
        encoded = one_hot(rows)
        if structure is not None:
            return torch.cat([encoded, structure_one_hot(structure)], dim=1)
        return encoded


MODALITIES: dict[str, Modality] = {
    "sequence": Modality("sequence", padded=True, coded=True),  # DNA/RNA, (N, L) codes
    "matrix": Modality("matrix", padded=False, coded=False),  # (N, channels, positions)
    "vector": Modality("vector", padded=False, coded=False),  # (N, features)
}
