"""What a training process asks about data parallelism: its share of every batch, whether it
writes, sums over processes. Outside a process group (one device) every answer is the
single-process one and nothing is communicated; `gdlbench.training.launch` starts the group.

In a group every process runs the same fit on the same seed: training steps see the process's
`Shard` of each batch through DistributedDataParallel (gradients averaged), validation is
computed whole by each process and rank 0's value decides early stopping for all of them, and
rank 0 alone writes checkpoints and results.
"""

from __future__ import annotations

import torch
import torch.distributed as dist
from torch import nn

from gdlbench.data.dataset import Shard


def current_shard() -> Shard:
    """This process's share of every training batch (the whole batch outside a group)."""
    if not dist.is_initialized():
        return Shard()
    return Shard(dist.get_rank(), dist.get_world_size())


def is_writer() -> bool:
    """True in the one process that writes checkpoints, models and the log."""
    return not dist.is_initialized() or dist.get_rank() == 0


def summed(tensor: torch.Tensor) -> torch.Tensor:
    """`tensor` summed over the processes of the group, in place (itself outside one)."""
    if dist.is_initialized():
        dist.all_reduce(tensor)
    return tensor


def writer_value(value: float, device: torch.device) -> float:
    """Rank 0's `value` in every process, so that all take the same decisions."""
    if not dist.is_initialized():
        return value
    tensor = torch.tensor([value], dtype=torch.float64, device=device)
    dist.broadcast(tensor, 0)
    return float(tensor)


def data_parallel(model: nn.Module, device: torch.device) -> nn.Module:
    """`model` wrapped in DistributedDataParallel inside a group (which copies rank 0's
    weights to every process), the model itself outside one. Autoencoders leave their decoder
    unused in supervised steps, so their unused parameters are looked for."""
    if not dist.is_initialized():
        return model
    return nn.parallel.DistributedDataParallel(
        model,
        device_ids=[device.index] if device.type == "cuda" else None,
        find_unused_parameters=hasattr(model, "pretrain_loss"),
    )
