"""`rnn` family: LSTM, BiLSTM or GRU over positions; padding is skipped (`masking.run_rnn`).

The sequence summary fed to the dense head is the final hidden state (`pool="final"`, the
classic reading), the maximum of every position's output (`pool="max"`), which learns much
faster when the signal sits mid-sequence, as at splice junctions, or their mean over the
real positions (`pool="mean"`). With `chunk` > 1 each step
reads that many consecutive positions (`masking.read_in_chunks`): a BiLSTM over a 1000 bp
window in 100 steps instead of 1000.
"""

from __future__ import annotations

import torch
from torch import nn

from gdlbench.models.masking import padding_mask, read_in_chunks, run_rnn

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU}
POOLS = ("final", "max", "mean")


class RecurrentNet(nn.Module):
    def __init__(
        self,
        in_channels: int,
        n_outputs: int,
        cell: str,
        hidden: int,
        layers: int,
        bidirectional: bool,
        dropout: float,
        dense: int,
        masked: bool,
        pool: str,
        chunk: int,
    ) -> None:
        super().__init__()
        self.masked, self.pool, self.chunk = masked, pool, chunk
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        if pool not in POOLS:
            raise ValueError(f"pool must be one of {POOLS}, got {pool!r}")
        self.rnn = CELLS[cell](
            in_channels * chunk, hidden, num_layers=layers, batch_first=True,
            bidirectional=bidirectional, dropout=dropout if layers > 1 else 0.0,
        )  # fmt: skip
        width = hidden * (2 if bidirectional else 1)
        self.head = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(width, dense), nn.ReLU(), nn.Linear(dense, n_outputs)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = read_in_chunks(x, self.chunk)
        mask = padding_mask(x, self.masked)
        outputs, final = run_rnn(self.rnn, x.transpose(1, 2), mask)
        if self.pool == "max":
            if mask is not None:
                outputs = outputs.masked_fill(~mask.unsqueeze(2), float("-inf"))
            final = outputs.amax(dim=1)
        elif self.pool == "mean":  # outputs are zero at padding
            real = x.shape[2] if mask is None else mask.sum(dim=1, keepdim=True).clamp(min=1)
            final = outputs.sum(dim=1) / real
        return self.head(final)


def build_rnn(
    input_shape: tuple[int, ...],
    n_outputs: int,
    cell: str = "lstm",
    hidden: int = 32,
    layers: int = 1,
    bidirectional: bool = True,
    dropout: float = 0.2,
    dense: int = 32,
    masked: bool = True,
    pool: str = "final",
    chunk: int = 1,
) -> nn.Module:
    """The final hidden states (both directions for a BiLSTM/BiGRU) or the max- or
    mean-pooled outputs (`pool`) feed a dense head; `masked` skips all-zero (padding)
    positions; `chunk` positions are read per step."""
    return RecurrentNet(
        input_shape[0], n_outputs, cell, hidden, layers, bidirectional, dropout, dense, masked,
        pool, chunk,
    )  # fmt: skip
