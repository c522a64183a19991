"""Input modalities (SPEC §4a): how stored inputs become a model batch, and whether a position
can be padding. A new modality is one object here; models declare which they accept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gdlbench.data.encode import PAD, encode, one_hot
from gdlbench.data.fold import structure_one_hot
from gdlbench.data.protein import PROTEIN_PAD, encode_protein, protein_one_hot

if TYPE_CHECKING:  # torch is imported where a batch is made: jobs without models start faster
    import torch


@dataclass(frozen=True)
class Modality:
    name: str
    padded: bool  # an all-zero position is padding (variable-length codes), not data
    coded: bool  # stored as 1-byte codes, one-hot per batch
    encode: Callable | None = None  # coded: sequences -> (N, L) uint8 codes, padded with `pad`
    one_hot: Callable | None = None  # coded: (N, L) codes -> (N, channels, L) float one-hot
    pad: int | None = None  # coded: the padding code
    columns: tuple[str, ...] = ("sequence",)  # coded: the records' sequence columns it stores
    leakage: str = "profile"  # its leakage checks (gdlbench.data.leakage.CHECKS)

    def stored(self, records) -> np.ndarray:
        """The records' sequences as codes: (N, L) for one column; (N, columns, L) for
        several (a pair), each right-padded to the longest sequence of any column."""
        if len(self.columns) == 1:
            return self.encode(records[self.columns[0]].tolist())
        length = max(int(records[c].str.len().max()) for c in self.columns)
        return np.stack([self.encode(records[c].tolist(), length) for c in self.columns], axis=1)

    def inputs(self, rows, structure=None) -> torch.Tensor:
        """A float batch: one-hot (N, 4, L) of nucleotide codes ((N, 20, L) of amino-acid
        codes; (N, 8, L) of a pair's two sequences, channels 0-3 the first), with the three
        RNA structure channels (unpaired, opening, closing) appended when given; stored
        floats as they are. Stored rows as numpy arrays give a CPU batch; as a tensor, a batch
        on the tensor's device."""
        import torch

        if not self.coded:
            return torch.as_tensor(rows).float()
        if rows.ndim == 3:  # (N, sequences, L) -> one-hot stacked: (N, channels * sequences, L)
            n, k, length = rows.shape
            return self.one_hot(rows.reshape(n * k, length)).reshape(n, -1, length)
        encoded = self.one_hot(rows)
        if structure is not None:
            return torch.cat([encoded, structure_one_hot(structure)], dim=1)
        return encoded


MODALITIES: dict[str, Modality] = {
    "sequence": Modality("sequence", True, True, encode, one_hot, PAD, leakage="nucleotide"),
    "protein": Modality(
        "protein", True, True, encode_protein, protein_one_hot, PROTEIN_PAD, leakage="protein"
    ),  # fmt: skip
    # miRNA and target site, (N, 2, L) codes (row 0 the miRNA, row 1 the site, each
    # right-padded); one-hot (N, 8, L): channels 0-3 the miRNA, 4-7 the site
    "pair": Modality(
        "pair", True, True, encode, one_hot, PAD, columns=("mirna", "site"), leakage="pair"
    ),
    "matrix": Modality("matrix", padded=False, coded=False),  # (N, channels, positions)
    "vector": Modality("vector", padded=False, coded=False),  # (N, features)
}
