"""`attention` family: an encoder (BiLSTM, convolution, or DeepLoc's convolutions of several
widths feeding a BiLSTM) and additive attention pooling over positions (deepMiRGene /
AttentiveChrome / DeepLoc style); padding gets no attention.

With `chunk` > 1 the encoder reads that many consecutive positions per step
(`masking.read_in_chunks`), and attention weighs chunks. The last batch's attention weights
stay on the module as `last_attention` (N, steps) for figures.
"""

from __future__ import annotations

import torch
from torch import nn

from gdlbench.models.masking import padding_mask, read_in_chunks, run_rnn

ENCODERS = ("bilstm", "conv", "conv_bilstm")


class AttentionNet(nn.Module):
    def __init__(
        self,
        in_channels: int,
        n_outputs: int,
        encoder: str,
        hidden: int,
        kernel_size: int,
        attention_dim: int,
        dropout: float,
        dense: int,
        masked: bool,
        kernel_sizes: tuple[int, ...],
        filters: int,
        chunk: int,
    ) -> None:
        super().__init__()
        self.masked, self.chunk = masked, chunk
        in_channels *= chunk
        if encoder not in ENCODERS:
            raise ValueError(f"encoder must be one of {ENCODERS}, got {encoder!r}")
        self.encoder = encoder
        if encoder == "conv_bilstm":  # DeepLoc: convolutions of several widths, concatenated
            self.convs = nn.ModuleList(
                nn.Conv1d(in_channels, filters, size, padding="same") for size in kernel_sizes
            )
            in_channels = filters * len(kernel_sizes)
        if encoder in ("bilstm", "conv_bilstm"):
            self.rnn = nn.LSTM(in_channels, hidden, batch_first=True, bidirectional=True)
            width = 2 * hidden
        else:
            self.conv = nn.Conv1d(in_channels, hidden, kernel_size, padding="same")
            width = hidden
        self.score = nn.Sequential(
            nn.Linear(width, attention_dim), nn.Tanh(), nn.Linear(attention_dim, 1, bias=False)
        )
        self.head = nn.Sequential(
            nn.Dropout(dropout), nn.Linear(width, dense), nn.ReLU(), nn.Linear(dense, n_outputs)
        )
        self.last_attention: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = read_in_chunks(x, self.chunk)
        mask = padding_mask(x, self.masked)
        if self.encoder == "conv_bilstm":
            convolved = torch.relu(torch.cat([conv(x) for conv in self.convs], dim=1))
            states, _ = run_rnn(self.rnn, convolved.transpose(1, 2), mask)
        elif self.encoder == "bilstm":
            states, _ = run_rnn(self.rnn, x.transpose(1, 2), mask)
        else:
            states = torch.relu(self.conv(x)).transpose(1, 2)
        scores = self.score(states).squeeze(2)
        if mask is not None:
            scores = scores.masked_fill(~mask, float("-inf"))
        weights = torch.softmax(scores, dim=1)
        self.last_attention = weights.detach()
        return self.head((weights.unsqueeze(2) * states).sum(dim=1))


def build_attention(
    input_shape: tuple[int, ...],
    n_outputs: int,
    encoder: str = "bilstm",
    hidden: int = 32,
    kernel_size: int = 9,
    attention_dim: int = 32,
    dropout: float = 0.2,
    dense: int = 32,
    masked: bool = True,
    kernel_sizes: tuple[int, ...] | list[int] = (1, 3, 5, 9, 15, 21),
    filters: int = 20,
    chunk: int = 1,
) -> nn.Module:
    """`kernel_sizes` and `filters` (per width) are those of the `conv_bilstm` encoder
    (DeepLoc: widths 1, 3, 5, 9, 15 and 21, 20 filters each); `chunk` positions are read
    per step."""
    return AttentionNet(
        input_shape[0], n_outputs, encoder, hidden, kernel_size, attention_dim, dropout, dense,
        masked, tuple(kernel_sizes), filters, chunk,
    )  # fmt: skip
