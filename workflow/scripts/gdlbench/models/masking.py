"""Padding of variable-length inputs: a padded position is a column whose channels are all
zero (an ambiguous base such as N is 0.25 per base, never all zero). Inputs without padding
(fixed-length windows, matrices) get no mask and run unpacked. Padded inputs to a one-layer RNN
run unpacked too, aligned so that padding comes after every real position a direction reads
(`run_rnn`): packing costs 5-8 times the CPU time of an unpacked BiLSTM and, on a GPU, a wait
for the lengths on the host every step. Deeper RNNs are packed."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def padding_mask(x: torch.Tensor, masked: bool = True) -> torch.Tensor | None:
    """(N, C, L) -> (N, L) bool, True at real positions; None when not `masked` (fixed-length
    sequences, or histone counts, where an all-zero column is data, not padding)."""
    return x.abs().sum(dim=1) > 0 if masked else None


def read_in_chunks(x: torch.Tensor, chunk: int) -> torch.Tensor:
    """(N, C, L) -> (N, C * chunk, ceil(L / chunk)): an RNN step reads `chunk` consecutive
    positions (a 1000 bp window in 100 steps of 10 bp), the last chunk right-padded with
    zero columns. A chunk of right padding stays all zero, so it is padding to the mask."""
    if chunk == 1:
        return x
    n, channels, length = x.shape
    steps = -(-length // chunk)
    x = nn.functional.pad(x, (0, steps * chunk - length))
    by_step = x.reshape(n, channels, steps, chunk).transpose(2, 3)
    return by_step.reshape(n, channels * chunk, steps)


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
    elif rnn.num_layers == 1:
        return _run_one_layer(rnn, x, mask)
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


def _run_one_layer(
    rnn: nn.RNNBase, x: torch.Tensor, mask: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """`run_rnn` of a one-layer RNN over right-padded inputs, unpacked: the forward direction
    reads every real position before the padding as given; the backward direction does when
    each row is shifted right by its padding (padding first), and its outputs are shifted
    back. A bidirectional RNN so runs twice and keeps one direction of each run: the same
    function as packing, at a fraction of its CPU time, with no host synchronisation."""
    n, length = mask.shape
    hidden = rnn.hidden_size
    real = lengths(mask)
    rows = torch.arange(n, device=x.device)
    forward = rnn(x)[0][..., :hidden]
    last = forward[rows, real - 1]
    if not rnn.bidirectional:
        return forward * mask.unsqueeze(2), last
    positions = torch.arange(length, device=x.device)
    shift = (length - real).unsqueeze(1)  # padding of each row
    shifted = (positions - shift) % length  # shifted row j holds position j - shift
    right_aligned = torch.gather(x, 1, shifted.unsqueeze(2).expand(-1, -1, x.shape[2]))
    backward_shifted = rnn(right_aligned)[0][..., hidden:]
    back = (positions + shift) % length  # position p sits at shifted row p + shift
    backward = torch.gather(backward_shifted, 1, back.unsqueeze(2).expand(-1, -1, hidden))
    outputs = torch.cat([forward, backward], dim=2) * mask.unsqueeze(2)
    return outputs, torch.cat([last, backward[:, 0]], dim=1)
