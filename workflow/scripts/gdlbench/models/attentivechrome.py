"""AttentiveChrome (Singh et al. 2017), `attention` family, for (N, marks, bins) inputs.

Each mark has its own BiLSTM over bins; bin-level attention pools each into a mark embedding;
a BiLSTM over the marks and mark-level attention pool those into one vector for the output
layer. The published model used 32 hidden units at both levels and bin-attention size 2 x 32.
The last batch's weights stay on the module for figures: `bin_attention` (N, marks, bins) and
`mark_attention` (N, marks).
"""

from __future__ import annotations

import torch
from torch import nn


class AdditiveAttention(nn.Module):
    """Softmax over positions of a learned score of each state; returns (pooled, weights)."""

    def __init__(self, width: int, attention_dim: int) -> None:
        super().__init__()
        self.score = nn.Sequential(
            nn.Linear(width, attention_dim), nn.Tanh(), nn.Linear(attention_dim, 1, bias=False)
        )

    def forward(self, states: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        weights = torch.softmax(self.score(states).squeeze(2), dim=1)
        return (weights.unsqueeze(2) * states).sum(dim=1), weights


class AttentiveChrome(nn.Module):
    def __init__(
        self, n_marks: int, n_outputs: int, bin_hidden: int, mark_hidden: int, dropout: float
    ) -> None:
        super().__init__()
        self.bin_rnns = nn.ModuleList(
            nn.LSTM(1, bin_hidden, batch_first=True, bidirectional=True) for _ in range(n_marks)
        )
        self.bin_attention = nn.ModuleList(
            AdditiveAttention(2 * bin_hidden, 2 * bin_hidden) for _ in range(n_marks)
        )
        self.mark_rnn = nn.LSTM(2 * bin_hidden, mark_hidden, batch_first=True, bidirectional=True)
        self.mark_attention = AdditiveAttention(2 * mark_hidden, 2 * mark_hidden)
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(2 * mark_hidden, n_outputs))
        self.last_bin_attention: torch.Tensor | None = None
        self.last_mark_attention: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        embeddings, bin_weights = [], []
        for m, (rnn, attention) in enumerate(zip(self.bin_rnns, self.bin_attention, strict=True)):
            states, _ = rnn(x[:, m, :, None])  # (N, bins, 2 * bin_hidden)
            pooled, weights = attention(states)
            embeddings.append(pooled)
            bin_weights.append(weights)
        marks, _ = self.mark_rnn(torch.stack(embeddings, dim=1))  # (N, marks, 2 * mark_hidden)
        pooled, mark_weights = self.mark_attention(marks)
        self.last_bin_attention = torch.stack(bin_weights, dim=1).detach()
        self.last_mark_attention = mark_weights.detach()
        return self.head(pooled)


def build_attentivechrome(
    input_shape: tuple[int, ...],
    n_outputs: int,
    bin_hidden: int = 32,
    mark_hidden: int = 16,
    dropout: float = 0.5,
) -> nn.Module:
    return AttentiveChrome(input_shape[0], n_outputs, bin_hidden, mark_hidden, dropout)
