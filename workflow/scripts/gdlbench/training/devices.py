"""Where and how a job computes: the device, seeding and deterministic algorithms, and AMP."""

from __future__ import annotations

import os
import random

import numpy as np
import torch


def select_device(requested: str = "auto") -> torch.device:
    """`auto`: the CUDA device with the most free memory when CUDA is present, else CPU.

    The environment variable GDLBENCH_DEVICE (cpu, cuda, cuda:1, ...) overrides `requested`.
    """
    requested = os.environ.get("GDLBENCH_DEVICE", requested)
    if requested != "auto":
        return torch.device(requested)
    if not torch.cuda.is_available():
        return torch.device("cpu")
    free = [torch.cuda.mem_get_info(i)[0] for i in range(torch.cuda.device_count())]
    return torch.device(f"cuda:{int(np.argmax(free))}")


def seed_everything(seed: int, device: torch.device | None = None) -> None:
    """Seed every generator and ask for deterministic algorithms: strictly on the CPU (an op
    without a deterministic implementation is an error), with a warning on CUDA, where a few
    ops (some scatter/index-add backward kernels, cuDNN LSTM backward) have none."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    cuda = device is not None and device.type == "cuda"
    torch.use_deterministic_algorithms(True, warn_only=cuda)
    torch.backends.cudnn.benchmark = False


def autocast(device: torch.device, amp: bool):
    """bfloat16 autocast on CUDA when `amp`; a no-op context elsewhere."""
    enabled = amp and device.type == "cuda"
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=enabled)


def rng_states() -> dict:
    """The CPU and (where present) every CUDA device's random state, for a checkpoint."""
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    return {"cpu": torch.get_rng_state(), "cuda": cuda}


def restore_rng_states(states: dict) -> None:
    """Inverse of `rng_states`; states loaded on the CPU (`map_location="cpu"`)."""
    torch.set_rng_state(states["cpu"])
    if states.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])
