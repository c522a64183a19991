"""Models of miRNA-target site pairs (modality `pair`). Input contract: one-hot (N, 8, L),
channels 0-3 the miRNA and 4-7 the candidate site (both 5'->3', A C G T), each right-padded
with all-zero columns; output (N, n_outputs).

- `deeptarget` (family rnn; Lee et al. 2016): one LSTM encoder per sequence, their states
  joined end to end (miRNA, then site; padding skipped) and read by an interaction LSTM;
- `pair_rnn` (rnn): one LSTM or GRU reads every alignment of the miRNA against the site base pair
  by base pair along the miRNA (the pairing map's anti-diagonals), max-pooled over steps and
  alignments: a seed match is a run of pairs at miRNA positions 2-8 of one alignment;
- `pair_cnn` (cnn): 2-D convolutions over the pairing map, miRNA position x site position,
  1 for a Watson-Crick pair and 0.5 for G:U (miRBind-style), max-pooled over the site;
- `pair_hybrid` (hybrid): the pairing map's convolutions pooled over the site, then a BiLSTM
  along the miRNA;
- `pair_attention` (attention): BiLSTM encoders; the site's positions attended with the
  miRNA's summary as query (the last batch's weights stay on `last_attention`, (N, L)).

The pair models that read the pairing map (pair_rnn, pair_cnn, pair_hybrid) read its first
`mirna_length` miRNA positions (every position when None).
"""

from __future__ import annotations

import torch
from torch import nn

from gdlbench.models.masking import padding_mask, run_rnn
from gdlbench.models.rnn import CELLS

# miRNA base (row) x site base (column), A C G T: Watson-Crick 1, G:U wobble 0.5
PAIRING = torch.tensor([[0, 0, 0, 1], [0, 0, 1, 0], [0, 1, 0, 0.5], [1, 0, 0.5, 0]])


def split_pair(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, 8, L) -> the miRNA and the site one-hot, (N, 4, L) each."""
    if x.shape[1] != 8:
        raise ValueError(f"a pair model reads (N, 8, L) inputs, got {tuple(x.shape)}")
    return x[:, :4], x[:, 4:]


def pairing_map(x: torch.Tensor, mirna_length: int | None = None) -> torch.Tensor:
    """(N, 1, M, L): how well miRNA position i pairs with site position j (0 at padding),
    for the first `mirna_length` miRNA positions (M; all L when None)."""
    mirna, site = split_pair(x)
    mirna = mirna[:, :, :mirna_length]
    return torch.einsum("nbi,bc,ncj->nij", mirna, PAIRING.to(x), site).unsqueeze(1)


def map_mask(x: torch.Tensor, mirna_length: int | None = None) -> torch.Tensor:
    """(N, 1, M, L) bool: True where both the miRNA and the site position are real."""
    mirna, site = (padding_mask(part) for part in split_pair(x))
    mirna = mirna[:, :mirna_length]
    return (mirna.unsqueeze(2) & site.unsqueeze(1)).unsqueeze(1)


def mirna_positions(input_shape: tuple[int, ...], mirna_length: int | None) -> int:
    """The miRNA positions a pair model reads (mature miRNAs are 18-25 nt): `mirna_length`,
    at most the input's length; every position when None."""
    return input_shape[1] if mirna_length is None else min(mirna_length, input_shape[1])


def head(width: int, dense: int, n_outputs: int, dropout: float) -> nn.Sequential:
    return nn.Sequential(
        nn.Dropout(dropout), nn.Linear(width, dense), nn.ReLU(), nn.Linear(dense, n_outputs)
    )


def masked_max(states: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """(N, L, H) -> (N, H), the maximum over real positions."""
    return states.masked_fill(~mask.unsqueeze(2), float("-inf")).amax(dim=1)


def joined(states: list[torch.Tensor], masks: list[torch.Tensor]):
    """Sequences of states laid end to end, real positions first (in order), then padding;
    returns the joined states (N, sum L, H) and their mask."""
    cat, mask = torch.cat(states, dim=1), torch.cat(masks, dim=1)
    order = torch.argsort((~mask).to(torch.uint8), dim=1, stable=True)
    gathered = torch.gather(cat, 1, order.unsqueeze(2).expand(-1, -1, cat.shape[2]))
    return gathered, torch.gather(mask, 1, order)


class DeepTargetNet(nn.Module):
    def __init__(self, n_outputs: int, hidden: int, dense: int, dropout: float) -> None:
        super().__init__()
        self.mirna = nn.LSTM(4, hidden, batch_first=True, bidirectional=True)
        self.site = nn.LSTM(4, hidden, batch_first=True, bidirectional=True)
        self.interaction = nn.LSTM(2 * hidden, hidden, batch_first=True)
        self.head = head(hidden, dense, n_outputs, dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        parts = split_pair(x)
        masks = [padding_mask(p) for p in parts]
        encoders = (self.mirna, self.site)
        states = [run_rnn(rnn, p.transpose(1, 2), m)[0]
                  for rnn, p, m in zip(encoders, parts, masks, strict=True)]  # fmt: skip
        sequence, mask = joined(states, masks)
        return self.head(run_rnn(self.interaction, sequence, mask)[1])


class PairRNN(nn.Module):
    """Every alignment of the miRNA against the site (offset o: miRNA position i pairs with
    site position o - i, antiparallel) read along the miRNA, 5' to 3', by one LSTM or GRU
    shared by all offsets; each step's input is the base pair's score and whether both bases
    are real. The maximum over steps and offsets feeds the head: a seed match is a run of
    pairs at miRNA positions 2-8 of one offset."""

    def __init__(self, n_outputs, mirna_length, cell, hidden, dense, dropout) -> None:
        super().__init__()
        self.mirna_length = mirna_length
        if cell not in CELLS:
            raise ValueError(f"cell must be one of {sorted(CELLS)}, got {cell!r}")
        self.rnn = CELLS[cell](2, hidden, batch_first=True)
        self.head = head(hidden, dense, n_outputs, dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pairs = pairing_map(x, self.mirna_length)  # (N, 1, L miRNA, L site)
        real = map_mask(x, self.mirna_length).to(x.dtype)
        cells = torch.cat([pairs, real], dim=1)
        n, _, length, sites = cells.shape
        mirna = torch.arange(length, device=x.device).unsqueeze(1)
        offsets = torch.arange(length + sites - 1, device=x.device).unsqueeze(0)
        site = offsets - mirna  # (L miRNA, offsets): the site position paired at each step
        inside = ((site >= 0) & (site < sites)).to(x.dtype)
        index = site.clamp(0, sites - 1).expand(n, 2, -1, -1)
        duplexes = cells.gather(3, index) * inside  # (N, 2, L miRNA, offsets)
        steps = duplexes.permute(0, 3, 2, 1).reshape(-1, length, 2)
        states = self.rnn(steps)[0].reshape(n, -1, self.rnn.hidden_size)
        return self.head(states.amax(dim=1))


class MaskedConv2d(nn.Module):
    """2-D convolutions ('same' size, ReLU) over the pairing map; every layer's output is
    zeroed where the miRNA or the site is padding, so padding never reaches a real cell.
    Only the first `mirna_length` miRNA rows are computed (past the longest miRNA, rows are
    padding, zeroed anyway: the same features at a fraction of the cost)."""

    def __init__(self, filters: list[int], kernel_size: int, mirna_length: int) -> None:
        super().__init__()
        self.mirna_length = mirna_length
        widths = [1, *filters]
        self.layers = nn.ModuleList(
            nn.Conv2d(a, b, kernel_size, padding="same")
            for a, b in zip(widths[:-1], widths[1:], strict=True)
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(features (N, filters, M, L), real cells (N, 1, M, L)) of a pair batch."""
        mask = map_mask(x, self.mirna_length)
        features = pairing_map(x, self.mirna_length)
        for layer in self.layers:
            features = torch.relu(layer(features)) * mask
        return features, mask


class PairCNN(nn.Module):
    """Max over site positions keeps the miRNA axis, so the head knows where on the miRNA
    (seed or 3' end) a pairing pattern sits."""

    def __init__(self, n_outputs, length, filters, kernel_size, dense, dropout) -> None:
        super().__init__()
        self.conv = MaskedConv2d(list(filters), kernel_size, length)
        self.head = head(filters[-1] * length, dense, n_outputs, dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features, _ = self.conv(x)
        return self.head(features.amax(dim=3).flatten(1))


class PairHybrid(nn.Module):
    """Convolutions over the pairing map, max over site positions, then a BiLSTM along the
    miRNA (5' to 3'), max-pooled over its real positions."""

    def __init__(self, n_outputs, length, filters, kernel_size, hidden, dense, dropout):
        super().__init__()
        self.conv = MaskedConv2d(list(filters), kernel_size, length)
        self.rnn = nn.LSTM(filters[-1], hidden, batch_first=True, bidirectional=True)
        self.head = head(2 * hidden, dense, n_outputs, dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mirna_mask = padding_mask(split_pair(x)[0])[:, : self.conv.mirna_length]
        features, _ = self.conv(x)
        along_mirna = features.amax(dim=3).transpose(1, 2)  # (N, L, filters)
        states, _ = run_rnn(self.rnn, along_mirna, mirna_mask)
        return self.head(masked_max(states, mirna_mask))


class PairAttention(nn.Module):
    def __init__(self, n_outputs, hidden, attention_dim, dense, dropout) -> None:
        super().__init__()
        self.mirna = nn.LSTM(4, hidden, batch_first=True, bidirectional=True)
        self.site = nn.LSTM(4, hidden, batch_first=True, bidirectional=True)
        self.keys = nn.Linear(2 * hidden, attention_dim)
        self.query = nn.Linear(2 * hidden, attention_dim, bias=False)
        self.score = nn.Linear(attention_dim, 1, bias=False)
        self.head = head(4 * hidden, dense, n_outputs, dropout)
        self.last_attention: torch.Tensor | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        mirna, site = split_pair(x)
        mirna_mask, site_mask = padding_mask(mirna), padding_mask(site)
        mirna_states, _ = run_rnn(self.mirna, mirna.transpose(1, 2), mirna_mask)
        site_states, _ = run_rnn(self.site, site.transpose(1, 2), site_mask)
        query = masked_max(mirna_states, mirna_mask)
        scores = self.score(torch.tanh(self.keys(site_states) + self.query(query).unsqueeze(1)))
        weights = torch.softmax(scores.squeeze(2).masked_fill(~site_mask, float("-inf")), dim=1)
        self.last_attention = weights.detach()
        context = (weights.unsqueeze(2) * site_states).sum(dim=1)
        return self.head(torch.cat([context, query], dim=1))


def _check(input_shape: tuple[int, ...]) -> None:
    if len(input_shape) != 2 or input_shape[0] != 8:
        raise ValueError(f"a pair model reads (8, L) inputs (modality `pair`), got {input_shape}")


def build_deeptarget(input_shape, n_outputs, hidden: int = 32, dense: int = 32,
                     dropout: float = 0.2) -> nn.Module:  # fmt: skip
    _check(input_shape)
    return DeepTargetNet(n_outputs, hidden, dense, dropout)


def build_pair_rnn(input_shape, n_outputs, cell: str = "lstm", hidden: int = 32,
                   dense: int = 32, dropout: float = 0.2,
                   mirna_length: int | None = None) -> nn.Module:  # fmt: skip
    _check(input_shape)
    length = mirna_positions(input_shape, mirna_length)
    return PairRNN(n_outputs, length, cell, hidden, dense, dropout)


def build_pair_cnn(input_shape, n_outputs, filters: tuple[int, ...] = (16, 32),
                   kernel_size: int = 3, dense: int = 32, dropout: float = 0.2,
                   mirna_length: int | None = None) -> nn.Module:  # fmt: skip
    _check(input_shape)
    length = mirna_positions(input_shape, mirna_length)
    return PairCNN(n_outputs, length, filters, kernel_size, dense, dropout)


def build_pair_hybrid(input_shape, n_outputs, filters: tuple[int, ...] = (16,),
                      kernel_size: int = 3, hidden: int = 32, dense: int = 32,
                      dropout: float = 0.2,
                      mirna_length: int | None = None) -> nn.Module:  # fmt: skip
    _check(input_shape)
    length = mirna_positions(input_shape, mirna_length)
    return PairHybrid(n_outputs, length, filters, kernel_size, hidden, dense, dropout)


def build_pair_attention(input_shape, n_outputs, hidden: int = 32, attention_dim: int = 32,
                         dense: int = 32, dropout: float = 0.2) -> nn.Module:  # fmt: skip
    _check(input_shape)
    return PairAttention(n_outputs, hidden, attention_dim, dense, dropout)
