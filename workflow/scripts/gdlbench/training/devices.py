"""Where and how a job computes: the device, seeding and deterministic algorithms, and AMP."""

from __future__ import annotations

import fcntl
import functools
import os
import random
import tempfile
from pathlib import Path

import numpy as np
import torch

_CLAIMED: dict[str, object] = {}  # the device this process holds, and its lock file


def claim_slot(names: list[str], lock_dir: Path) -> int | None:
    """Take the first of `names` (one per device) whose lock file in `lock_dir` no other
    process holds, exclusively until this process ends (the kernel drops the lock with the
    process, however it ends); None when every one is taken."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        handle = open(lock_dir / f"gdlbench-{name}.lock", "w")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _CLAIMED["lock"] = handle
        return index
    return None


def select_device(requested: str = "auto") -> torch.device:
    """`auto`: a CUDA device of this job's own when CUDA is present, else the CPU.

    Jobs started at once on a multi-GPU machine each claim a different device (a lock per
    device, named by its UUID so that the scheduler's CUDA_VISIBLE_DEVICES, which renumbers
    devices, is honoured); a process keeps its claim for every later call. With more jobs
    than devices, a job finding none free shares the one with the most free memory (cap GPU
    jobs with `--resources gpu=N` to avoid that). GDLBENCH_DEVICE (cpu, cuda, cuda:1, ...)
    overrides `requested`; GDLBENCH_LOCK_DIR moves the lock files (default: the temporary
    folder, which jobs on one machine share).
    """
    requested = os.environ.get("GDLBENCH_DEVICE", requested)
    if requested != "auto":
        return torch.device(requested)
    if not torch.cuda.is_available():
        return torch.device("cpu")
    if "device" not in _CLAIMED:
        count = torch.cuda.device_count()
        names = [str(torch.cuda.get_device_properties(i).uuid) for i in range(count)]
        lock_dir = Path(os.environ.get("GDLBENCH_LOCK_DIR", tempfile.gettempdir()))
        index = claim_slot(names, lock_dir)
        if index is None:
            index = int(np.argmax([torch.cuda.mem_get_info(i)[0] for i in range(count)]))
        _CLAIMED["device"] = torch.device(f"cuda:{index}")
    return _CLAIMED["device"]


@functools.cache  # asked every training step
def amp_dtype(device: torch.device) -> torch.dtype | None:
    """The autocast dtype a device supports: bfloat16 (Ampere and later), else float16
    (with loss scaling), none on the CPU."""
    if device.type != "cuda":
        return None
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


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
    """Autocast to the device's `amp_dtype` when `amp`; a no-op context on the CPU."""
    dtype = amp_dtype(device)
    enabled = amp and dtype is not None
    return torch.autocast(device_type=device.type, dtype=dtype or torch.bfloat16, enabled=enabled)


def grad_scaler(device: torch.device, amp: bool) -> torch.amp.GradScaler:
    """Loss scaling for float16 autocast (a pass-through otherwise): float16 gradients
    underflow without it; bfloat16 has float32's range."""
    enabled = amp and amp_dtype(device) == torch.float16
    return torch.amp.GradScaler("cuda", enabled=enabled)


def rng_states() -> dict:
    """The CPU and (where present) every CUDA device's random state, for a checkpoint."""
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    return {"cpu": torch.get_rng_state(), "cuda": cuda}


def restore_rng_states(states: dict) -> None:
    """Inverse of `rng_states`; states loaded on the CPU (`map_location="cpu"`)."""
    torch.set_rng_state(states["cpu"])
    if states.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(states["cuda"])
