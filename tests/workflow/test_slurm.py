"""The SLURM profile against a real SLURM: a one-node cluster on this machine (tests/
slurm_cluster.py, a declared `gpu` generic resource, no accounting) runs a small DAG through
`--workflow-profile profiles/slurm`. Every job must have gone through sbatch (slurmctld's own
job records), GPU-tagged rules on the `gpu` partition with one GPU each, grouped rules in
fewer submissions than jobs, and the results must equal a local run's. Where SLURM cannot be
started the test fails with the reason; it is never skipped."""

import os
import re
import subprocess
import sys

import pytest
import yaml
from slurm_cluster import ClusterUnavailable, start_cluster
from snakemake_runner import copy_workflow, snakemake

pytestmark = pytest.mark.slow

CONFIG = {  # one dataset, one seed, a torch model and a baseline
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
                "n_per_class": {"EI": 150, "IE": 150, "N": 300},
                "strength": 0.8,
                "ambiguous_rate": 0.002,
            },
        }  # fmt: skip
    },
    "models": {
        "cnn": {
            "params": {"filters": [16], "kernel_size": 9, "dense": 16},
            "training": {"max_epochs": 5},
        },
        "logreg_onehot": {},
    },  # fmt: skip
}
TARGETS = ["results/tables/metrics.tsv", "results/tables/leakage.tsv"]
GPU_RULES = {"train_model", "evaluate_dataset"}
NO_ACCOUNTING = [  # the plugin's default status query is sacct, which needs accounting
    "--slurm-status-command", "squeue", "--slurm-init-seconds-before-status-checks", "5",
    "--slurm-keep-successful-logs",
]  # fmt: skip


def _workdir(repo, path):
    workdir = copy_workflow(repo, path)
    (workdir / "config" / "config.yaml").write_text(yaml.safe_dump(CONFIG))
    return workdir


def _rules_run(output: str) -> dict[str, int]:
    """Jobs per rule from Snakemake's job-stats table."""
    table = output.split("Job stats:", 1)[1].split("\n\n", 1)[0]
    rows = re.findall(r"^(\w+)\s+(\d+)$", table, re.MULTILINE)
    return {rule: int(count) for rule, count in rows if rule != "total"}


def _submissions(workdir, rules) -> dict[str, set[str]]:
    """SLURM job id -> the rules it ran, from the plugin's kept logs: `.snakemake/slurm_logs/
    rule_<rule>/<wildcards>/<id>.log`, or `group_<group>_<rules>/<id>.log` for group jobs."""
    logs = workdir / ".snakemake" / "slurm_logs"
    submissions = {}
    for log in logs.rglob("*.log"):
        folder = log.relative_to(logs).parts[0]
        submissions[log.stem] = {rule for rule in rules if rule in folder}
    return submissions


def _slurm_jobs(env) -> list[dict[str, str]]:
    """Every job slurmctld holds (finished ones stay for MinJobAge), as key=value fields."""
    listing = subprocess.run(["scontrol", "show", "job", "-o"], env=env, capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    return [dict(re.findall(r"(\w+)=(\S*)", line)) for line in listing.splitlines() if line]


def test_the_slurm_profile_runs_the_dag_through_sbatch_like_a_local_run(repo, tmp_path):
    local = _workdir(repo, tmp_path / "local")
    snakemake(local, *TARGETS)

    cluster = _workdir(repo, tmp_path / "cluster")
    try:
        with start_cluster(tmp_path / "slurm") as slurm_env:
            env = {**os.environ, **slurm_env}
            command = [sys.executable, "-m", "snakemake", "--workflow-profile", "profiles/slurm",
                       *NO_ACCOUNTING, *TARGETS]  # fmt: skip
            run = subprocess.run(command, cwd=cluster, env=env, capture_output=True, text=True,
                                 timeout=900)  # fmt: skip
            jobs = _slurm_jobs(env)
    except ClusterUnavailable as error:
        pytest.fail(f"a one-node SLURM could not be started: {error}")
    output = run.stdout + run.stderr
    kept = sorted((cluster / ".snakemake" / "slurm_logs").rglob("*.log"))
    job_logs = "".join(f"--- {log}\n{log.read_text()[-2500:]}\n" for log in kept)
    assert run.returncode == 0, f"{output[-4000:]}\n{job_logs[-8000:]}"

    rules = _rules_run(output)
    assert set(rules) >= GPU_RULES and "audit_leakage" in rules
    assert jobs and all(job["JobState"] == "COMPLETED" for job in jobs), jobs
    ran = _submissions(cluster, rules)
    assert set(ran) == {job["JobId"] for job in jobs}  # each submission is a SLURM job
    assert set().union(*ran.values()) == set(rules)  # and every rule went through one
    for job in jobs:
        on_gpu = bool(GPU_RULES & ran[job["JobId"]])
        assert ("gpu" in job.get("TresPerJob", "")) == on_gpu, job
        assert (job["Partition"] == "gpu") == on_gpu, job
    assert sum(bool(GPU_RULES & names) for names in ran.values()) == sum(
        rules[rule] for rule in GPU_RULES
    )  # GPU rules stay single jobs
    assert len(jobs) < sum(rules.values())  # grouped rules went in shared submissions

    for target in TARGETS:
        assert (cluster / target).read_bytes() == (local / target).read_bytes(), target
