"""Device claims (concurrent jobs get distinct GPUs) and AMP by device capability."""

import os
import subprocess
import sys
import time

import torch

from gdlbench.training.devices import amp_dtype, autocast, claim_slot, grad_scaler

HOLD = """
import sys, time
from pathlib import Path
from gdlbench.training.devices import claim_slot
print(claim_slot(["gpu-a", "gpu-b"], Path(sys.argv[1])), flush=True)
time.sleep(float(sys.argv[2]))
"""


def _claimers(repo, lock_dir, count, hold):
    env = {**os.environ, "PYTHONPATH": str(repo / "workflow" / "scripts")}
    return [subprocess.Popen([sys.executable, "-c", HOLD, str(lock_dir), str(hold)], env=env,
                             stdout=subprocess.PIPE, text=True) for _ in range(count)]  # fmt: skip


def test_jobs_started_together_claim_distinct_devices_until_they_exit(repo, tmp_path):
    jobs = _claimers(repo, tmp_path, 3, hold=3.0)
    claims = sorted(job.stdout.readline().strip() for job in jobs)
    assert claims == ["0", "1", "None"]  # two devices, three jobs: one finds none free
    for job in jobs:
        job.wait()
    (again,) = _claimers(repo, tmp_path, 1, hold=0.0)
    assert again.stdout.readline().strip() == "0"  # an ended job's claim is released
    again.wait()


def test_a_killed_job_releases_its_device(repo, tmp_path):
    (job,) = _claimers(repo, tmp_path, 1, hold=60.0)
    assert job.stdout.readline().strip() == "0"
    job.kill()
    job.wait()
    started = time.monotonic()
    assert claim_slot(["gpu-a", "gpu-b"], tmp_path) == 0 and time.monotonic() - started < 1


def test_amp_follows_the_device():
    cpu = torch.device("cpu")
    assert amp_dtype(cpu) is None
    with autocast(cpu, True):
        assert torch.ones(2, 2).mm(torch.ones(2, 2)).dtype == torch.float32
    assert not grad_scaler(cpu, True).is_enabled()
    if torch.cuda.is_available():
        expected = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        assert amp_dtype(torch.device("cuda")) == expected
        assert grad_scaler(torch.device("cuda"), True).is_enabled() == (expected == torch.float16)
