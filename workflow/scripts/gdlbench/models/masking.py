"""Padding of variable-length inputs: a padded position is a column whose channels are all
zero (an ambiguous base such as N is 0.25 per base, never all zero). Inputs without padding
(fixed-length windows, matrices) get no mask and run unpacked: packing costs CPU time and, on
a GPU, a wait for the lengths on the host every step."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def padding_mask(x: torch.Tensor, masked: bool = True) -> torch.Tensor | None:
    """(N, C, L) -> (N, L) bool, True at real positions; None when not `masked` (fixed-length
    sequences, or histone counts, where an all-zero column is data, not padding)."""
    return x.abs().sum(dim=1) > 0 if masked else None


def lengths(mask: torch.Tensor) -> torch.Tensor:
    """Real positions per example (at least 1, so an all-padding row cannot break packing)."""
    return mask.sum(dim=1).clamp(min=1)


def run_rnn(
    rnn: nn.RNNBase, x: torch.Tensor, mask: torch.Tensor | None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run a batch-first RNN over (N, L, H) inputs, skipping padding (none without a mask).

    Returns the per-position outputs (N, L, H_out), zero at padding, and the final hidden
    state of the last layer (N, directions * hidden): forward at the last real position,
    backward at the first.
    """
    if mask is None:
        outputs, hidden = rnn(x)
    else:
        lengths_on_host = lengths(mask).cpu()
        packed = pack_padded_sequence(x, lengths_on_host, batch_first=True, enforce_sorted=False)
        outputs, hidden = rnn(packed)
        outputs, _ = pad_packed_sequence(outputs, batch_first=True, total_length=x.shape[1])
    if isinstance(hidden, tuple):  # LSTM: (h, c)
        hidden = hidden[0]
    directions = 2 if rnn.bidirectional else 1
    last_layer = hidden[-directions:]  # (directions, N, H)
    return outputs, last_layer.permute(1, 0, 2).reshape(x.shape[0], -1)
