"""A train_model job on one device, or data parallel on `training.devices: N` of them: the job
then starts N processes of this module with torchrun (`torch.distributed.run --standalone`,
inside the one job; NCCL between GPUs, gloo on the CPU), each claiming its own device
(`select_device`) and training every seed on its shard of each batch. Rank 0 writes the
checkpoints, models, curves and log lines; a rerun resumes from rank 0's checkpoints, on any
number of devices.

    python -m torch.distributed.run --standalone --nproc-per-node N \\
        -m gdlbench.training.launch JOB.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist

import gdlbench
from gdlbench.data.dataset import PreparedDataset
from gdlbench.training.devices import select_device
from gdlbench.training.loop import Log
from gdlbench.training.parallel import is_writer
from gdlbench.training.train import train_seeds


def train_job(job: dict[str, Any], threads: int, log: Log) -> None:
    """Train `job` (prepared, structure, subset, settings, training, seeds, models, curves,
    checkpoints) with `threads` CPU threads: in this process on one device, or through
    torchrun on `training["devices"]`."""
    devices = job["training"].get("devices", 1)
    if devices == 1:
        torch.set_num_threads(threads)
        _train(job, log)
        return
    log(f"data parallel on {devices} devices (torchrun)")
    package = str(Path(gdlbench.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package, os.environ.get("PYTHONPATH", "")]),
           "OMP_NUM_THREADS": str(max(1, threads // devices))}  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / "job.json"
        spec.write_text(json.dumps(job))
        command = [sys.executable, "-m", "torch.distributed.run", "--standalone",
                   f"--nproc-per-node={devices}", "-m", "gdlbench.training.launch",
                   str(spec)]  # fmt: skip
        sys.stderr.flush()
        done = subprocess.run(command, env=env, stdout=sys.stderr, stderr=sys.stderr)
    if done.returncode != 0:
        raise RuntimeError(
            f"data-parallel training on {devices} devices failed (torchrun exit code "
            f"{done.returncode}); the processes' messages are above in this log"
        )


def _train(job: dict[str, Any], log: Log) -> None:
    data = PreparedDataset.load(job["prepared"], job["settings"]["structure"], job["subset"])
    train_seeds(data, job["settings"], job["training"], job["seeds"], job["models"],
                job["curves"], job["checkpoints"], log)  # fmt: skip


def main(spec: str) -> None:
    """One torchrun process: join the group on this process's device, train, leave."""
    device = select_device()
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    try:
        log = (lambda message: print(message, file=sys.stderr, flush=True)) if is_writer() else (
            lambda message: None)  # fmt: skip
        _train(json.loads(Path(spec).read_text()), log)
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    main(sys.argv[1])
