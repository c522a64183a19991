"""`cnn` family: DeepSEA (Zhou & Troyanskaya 2015), the multi-task chromatin CNN.

Three unpadded convolutions (320, 480, 960 filters of width 8) with ReLU, max-pooling of 4
after the first two, dropout 0.2, 0.2 and 0.5 after each block, a 925-unit dense ReLU layer
and one output per chromatin profile (sigmoid in the loss). On 1000 bp the last convolution
leaves 53 positions (960 x 53 features into the dense layer). The defaults are the published
sizes; the quickstart passes smaller ones.
"""

from __future__ import annotations

import torch
from torch import nn


class DeepSEA(nn.Module):
    def __init__(
        self,
        input_shape: tuple[int, ...],
        n_outputs: int,
        filters: tuple[int, ...],
        kernel_size: int,
        pool_size: int,
        dropout: tuple[float, ...],
        dense: int,
    ) -> None:
        super().__init__()
        if len(dropout) != len(filters):
            raise ValueError(f"one dropout per convolution: {len(filters)} filters, {dropout}")
        blocks: list[nn.Module] = []
        channels, length = input_shape[0], input_shape[1]
        for i, (width, rate) in enumerate(zip(filters, dropout, strict=True)):
            blocks += [nn.Conv1d(channels, width, kernel_size), nn.ReLU()]
            length -= kernel_size - 1
            if i < len(filters) - 1:  # no pooling after the last convolution
                blocks.append(nn.MaxPool1d(pool_size))
                length //= pool_size
            blocks.append(nn.Dropout(rate))
            channels = width
        if length < 1:
            raise ValueError(f"inputs of {input_shape[1]} bp are too short for DeepSEA's layers")
        self.features = nn.Sequential(*blocks)
        self.head = nn.Sequential(
            nn.Flatten(), nn.Linear(channels * length, dense), nn.ReLU(),
            nn.Linear(dense, n_outputs),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


def build_deepsea(
    input_shape: tuple[int, ...],
    n_outputs: int,
    filters: tuple[int, ...] | list[int] = (320, 480, 960),
    kernel_size: int = 8,
    pool_size: int = 4,
    dropout: tuple[float, ...] | list[float] = (0.2, 0.2, 0.5),
    dense: int = 925,
) -> nn.Module:
    return DeepSEA(
        tuple(input_shape), n_outputs, tuple(filters), kernel_size, pool_size, tuple(dropout),
        dense,
    )  # fmt: skip
