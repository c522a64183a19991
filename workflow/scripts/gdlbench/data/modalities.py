"""Input modalities (SPEC §4a): how stored inputs become a model batch, and whether a position
can be padding. A new modality is one object here; models declare which they accept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gdlbench.data.encode import one_hot
from gdlbench.data.fold import structure_one_hot

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch


@dataclass(frozen=True)
class Modality:
    name: str
    padded: bool  # an all-zero position is padding (variable-length codes), not data
    coded: bool  # stored as 1-byte codes, one-hot per batch

    def inputs(self, rows, structure=None) -> torch.Tensor:
        """A float batch: one-hot (N, 4, L) of codes, with the three RNA structure channels
        (unpaired, opening, closing) appended when given; stored floats as they are. Stored
        rows as numpy arrays give a CPU batch; as a tensor, a batch on the tensor's device."""
        import torch

        if not self.coded:
            return torch.as_tensor(rows).float()
        encoded = one_hot(rows)
        if structure is not None:
            return torch.cat([encoded, structure_one_hot(structure)], dim=1)
        return encoded


MODALITIES: dict[str, Modality] = {
    "sequence": Modality("sequence", padded=True, coded=True),  # DNA/RNA, (N, L) codes
    "matrix": Modality("matrix", padded=False, coded=False),  # (N, channels, positions)
    "vector": Modality("vector", padded=False, coded=False),  # (N, features)
}
