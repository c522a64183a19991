"""`ann` family on composition: an MLP on a protein's amino-acid composition (k = 1) and,
with k = 2, its dipeptide composition, computed from the one-hot batch
(gdlbench.data.protein.peptide_composition, the composition baselines' features too)."""

from __future__ import annotations

import torch
from torch import nn

from gdlbench.data.protein import N_AMINO_ACIDS, peptide_composition
from gdlbench.models.mlp import build_mlp


class CompositionNet(nn.Module):
    def __init__(self, n_outputs: int, k: int, hidden: tuple[int, ...], dropout: float) -> None:
        super().__init__()
        self.k = k
        width = N_AMINO_ACIDS + (N_AMINO_ACIDS**2 if k == 2 else 0)
        self.mlp = build_mlp((width,), n_outputs, hidden, dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # scaled so that features are near unit size (fractions of 1/20 and 1/400)
        features = peptide_composition(x, self.k)
        scale = torch.full_like(features[0], float(N_AMINO_ACIDS))
        scale[N_AMINO_ACIDS:] = N_AMINO_ACIDS**2
        return self.mlp(features * scale)


def build_composition_mlp(
    input_shape: tuple[int, ...],
    n_outputs: int,
    k: int = 2,
    hidden: tuple[int, ...] | list[int] = (64,),
    dropout: float = 0.2,
) -> nn.Module:
    """Composition of `k` = 1 (20 features) or 2 (420 features) -> MLP of `hidden` layers."""
    if input_shape[0] != N_AMINO_ACIDS:
        raise ValueError(
            f"the composition MLP reads one-hot proteins (20 channels), not {input_shape}"
        )
    if k not in (1, 2):
        raise ValueError(f"k must be 1 or 2, got {k}")
    return CompositionNet(n_outputs, k, tuple(hidden), dropout)
