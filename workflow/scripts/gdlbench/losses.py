"""Losses that torch does not ship, for the kinds of gdlbench.kinds (imported lazily there)."""

from __future__ import annotations

import torch
from torch import nn


class MaskedBCEWithLogits(nn.Module):
    """Binary cross-entropy over the labelled entries only: NaN targets are missing labels
    and count neither in the sum nor in the mean; `pos_weight` is per target."""

    def __init__(self, pos_weight: torch.Tensor | None = None) -> None:
        super().__init__()
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        mask = ~torch.isnan(targets)
        losses = nn.functional.binary_cross_entropy_with_logits(
            logits, torch.where(mask, targets, 0.0), reduction="none", pos_weight=self.pos_weight
        )
        return (losses * mask).sum() / mask.sum().clamp(min=1)
