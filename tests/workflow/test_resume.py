"""Kill and resume at workflow level: a small run SIGTERMed, then SIGKILLed, in the middle of
training completes on a rerun that runs only the unfinished jobs and gives a metrics.tsv
byte-identical to an uninterrupted run's (one seed, CPU)."""

import os
import re
import signal
import subprocess
import sys
import time

import pytest
import yaml
from snakemake_runner import copy_workflow, snakemake

pytestmark = pytest.mark.slow

CONFIG = {  # one dataset, one seed, three models: a run of a minute or so
    "sources": ["simulate"],
    "scale": "tiny",
    "seeds": [0],
    "learning_curves": {"fractions": [0.5], "models": []},
    "datasets": {
        "sim_splice": {
            "task": "splice",
            "format": "uci_splice",
            "simulate": {
                "seed": 7,
                "n_per_class": {"EI": 300, "IE": 300, "N": 600},
                "strength": 0.8,
                "ambiguous_rate": 0.002,
            },
        }  # fmt: skip
    },
    "models": {
        "cnn": {
            "params": {"filters": [32], "kernel_size": 9, "dense": 16},
            "training": {"max_epochs": 25, "patience": 25},
        },
        "rnn": {
            "params": {"hidden": 16, "pool": "max"},
            "training": {"max_epochs": 12, "patience": 12, "clip_grad_norm": 1.0},
        },
        "logreg_onehot": {"grid": {"C": [0.01, 0.1]}},
    },  # fmt: skip
}
TARGET = "results/tables/metrics.tsv"


def _workdir(repo, tmp_path, name):
    workdir = copy_workflow(repo, tmp_path / name)
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(CONFIG))
    return workdir


def _jobs_run(output: str) -> int:
    """Jobs a Snakemake run executed (its job-stats total, the `all`-less target counted)."""
    return int(re.search(r"^total\s+(\d+)", output, re.MULTILINE).group(1))


def _one_saved_one_training(workdir) -> bool:
    """A model saved, and another with a checkpoint but no saved model: mid-training (a
    finished job's checkpoint outlives its saved model for a moment)."""
    checkpoints, models = workdir / "results/checkpoints", workdir / "results/models"
    training = [
        path
        for path in checkpoints.rglob("last.pt")
        if not (models / path.parent.relative_to(checkpoints) / "model.pt").exists()
    ]
    return bool(training) and any(models.rglob("model.pt"))


def test_a_killed_run_resumes_only_unfinished_jobs_to_identical_metrics(repo, tmp_path):
    whole = _workdir(repo, tmp_path, "whole")
    first = snakemake(whole, TARGET)
    total = _jobs_run(first.stdout + first.stderr)

    killed = _workdir(repo, tmp_path, "killed")
    command = [sys.executable, "-m", "snakemake", "--cores", "2", TARGET]
    process = subprocess.Popen(
        command, cwd=killed, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if _one_saved_one_training(killed):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGTERM)
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGKILL)
    output = process.communicate()[0]
    finished = len(re.findall(r"Finished jobid: \d+", output))
    assert 0 < finished < total and not (killed / TARGET).exists()

    rerun = snakemake(killed, TARGET)
    rerun_jobs = _jobs_run(rerun.stdout + rerun.stderr)
    assert rerun_jobs == total - finished, (total, finished, rerun_jobs)  # unfinished ones only
    assert "resuming from" in "".join(
        p.read_text() for p in (killed / "results/logs/train_model").rglob("*.log")
    )
    assert (killed / TARGET).read_bytes() == (whole / TARGET).read_bytes()
