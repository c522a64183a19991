"""The code style checks the house style asks for, run as part of the test suite."""

import subprocess
import sys
from pathlib import Path

import pytest
from snakemake_runner import copy_workflow

BIN = Path(sys.executable).parent


def _run(repo, *command):
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=600)


def test_snakemake_lint_is_clean(repo, tmp_path):
    workdir = copy_workflow(repo, tmp_path)
    result = _run(workdir, sys.executable, "-m", "snakemake", "--lint")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Lints for" not in output, output


@pytest.mark.parametrize(
    "command",
    [
        ("snakefmt", "--check", "."),
        ("ruff", "check", "."),
        ("ruff", "format", "--check", "."),
    ],
)
def test_formatters_and_linters_are_clean(repo, command):
    result = _run(repo, str(BIN / command[0]), *command[1:])
    assert result.returncode == 0, result.stdout + result.stderr


def test_slurm_profile_sends_training_to_gpus(repo, tmp_path):
    workdir = copy_workflow(repo, tmp_path)
    result = _run(
        workdir,
        sys.executable,
        "-m",
        "snakemake",
        "--dry-run",
        "--workflow-profile",
        "profiles/slurm",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = result.stdout.split("\nrule ")
    training = [job for job in jobs if job.startswith("train_model:")]
    baselines = [job for job in jobs if job.startswith("fit_baseline:")]
    assert training and baselines
    assert all("gpu=1" in job and "slurm_partition=gpu" in job for job in training)
    assert not any("gpu=1" in job for job in baselines)
