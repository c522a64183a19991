"""`cnn` family: 1-D convolution over (N, channels, L) inputs.

Conv blocks (conv -> ReLU -> max-pool of `pool_size`), then either a global max-pool
(`global_pool=True`: position-agnostic, DeepBind-like) or a flatten that keeps where each
feature fired (position-aware, what splice sites need), then a dense head of one or more
layers (`dense: [625, 125]` is DeepChrome's). A vector input `(N, F)` (genes in genome order,
as drug-response CNNs read expression) is one channel of length F.
"""

from __future__ import annotations

import math

import torch
from torch import nn


class ConvNet(nn.Module):
    def __init__(
        self,
        input_shape: tuple[int, ...],
        n_outputs: int,
        filters: tuple[int, ...],
        kernel_size: int,
        pool_size: int,
        global_pool: bool,
        dense: tuple[int, ...],
        dropout: float,
    ) -> None:
        super().__init__()
        blocks: list[nn.Module] = []
        self.vector = len(input_shape) == 1
        channels, length = (1, input_shape[0]) if self.vector else input_shape[:2]
        for width in filters:
            blocks += [
                nn.Conv1d(channels, width, kernel_size, padding="same"),
                nn.ReLU(),
                nn.MaxPool1d(pool_size, ceil_mode=True),
            ]
            channels, length = width, math.ceil(length / pool_size)
        self.features = nn.Sequential(*blocks)
        self.global_pool = global_pool
        width = channels if global_pool else channels * length
        head: list[nn.Module] = [nn.Flatten(), nn.Dropout(dropout)]
        for units in dense:
            head += [nn.Linear(width, units), nn.ReLU(), nn.Dropout(dropout)]
            width = units
        self.head = nn.Sequential(*head, nn.Linear(width, n_outputs))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.features(x.unsqueeze(1) if self.vector else x)
        if self.global_pool:
            features = features.amax(dim=2)
        return self.head(features)


def build_cnn(
    input_shape: tuple[int, ...],
    n_outputs: int,
    filters: tuple[int, ...] | list[int] = (64,),
    kernel_size: int = 9,
    pool_size: int = 4,
    global_pool: bool = False,
    dense: int | tuple[int, ...] | list[int] = 32,
    dropout: float = 0.2,
) -> nn.Module:
    return ConvNet(
        tuple(input_shape),
        n_outputs,
        tuple(filters),
        kernel_size,
        pool_size,
        global_pool,
        (dense,) if isinstance(dense, int) else tuple(dense),
        dropout,
    )
