"""`hybrid` family: DanQ-style convolution -> max-pool -> BiLSTM -> dense.

DanQ (Quang & Xie 2016) used 320 filters of width 26, pool 13, a 320-unit BiLSTM, dropout
0.2 after the pooling and 0.5 after the BiLSTM (`conv_dropout`, `dropout`) and a 925-unit
dense layer on 1000 bp; the defaults here are small for 60-101 bp inputs, and the published
sizes are reachable through the parameters.
"""

from __future__ import annotations

import math

import torch
from torch import nn


class ConvRecurrentNet(nn.Module):
    def __init__(
        self,
        input_shape: tuple[int, ...],
        n_outputs: int,
        filters: int,
        kernel_size: int,
        pool_size: int,
        hidden: int,
        dropout: float,
        dense: int,
        conv_dropout: float,
    ) -> None:
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv1d(input_shape[0], filters, kernel_size, padding="same"),
            nn.ReLU(),
            nn.MaxPool1d(pool_size, ceil_mode=True),
            nn.Dropout(conv_dropout),
        )
        self.rnn = nn.LSTM(filters, hidden, batch_first=True, bidirectional=True)
        steps = math.ceil(input_shape[1] / pool_size)
        self.head = nn.Sequential(
            nn.Dropout(dropout), nn.Flatten(), nn.Linear(steps * 2 * hidden, dense), nn.ReLU(),
            nn.Linear(dense, n_outputs),
        )  # fmt: skip

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        outputs, _ = self.rnn(self.conv(x).transpose(1, 2))
        return self.head(outputs)


def build_hybrid(
    input_shape: tuple[int, ...],
    n_outputs: int,
    filters: int = 64,
    kernel_size: int = 11,
    pool_size: int = 4,
    hidden: int = 32,
    dropout: float = 0.2,
    dense: int = 64,
    conv_dropout: float | None = None,
) -> nn.Module:
    """`conv_dropout` (after the pooling) defaults to `dropout` (after the BiLSTM)."""
    return ConvRecurrentNet(
        tuple(input_shape), n_outputs, filters, kernel_size, pool_size, hidden, dropout, dense,
        dropout if conv_dropout is None else conv_dropout,
    )  # fmt: skip
