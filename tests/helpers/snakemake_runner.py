"""Run the real workflow with Snakemake in a temporary copy of the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# a hung run fails instead of holding CI; the quickstart alone took 1 286 s on a slow 2-core
# machine (GEMM 65 GFLOP/s), so the bound leaves room for CI's machines
TIMEOUT_S = 3600
COPIED = ("Snakefile", "config", "envs", "profiles", "workflow", "resources/published_numbers.yaml")


def copy_workflow(repo: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = repo / name
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def snakemake(
    workdir: Path, *args: str, check: bool = True, own_package: bool = False
) -> subprocess.CompletedProcess:
    """`snakemake --cores 2 ARGS` in `workdir`; on failure the output is in the assertion.
    With `own_package`, the jobs import the copy's gdlbench (a changed copy), not the
    installed one."""
    command = [sys.executable, "-m", "snakemake", "--cores", "2", *args]
    env = dict(os.environ)
    if own_package:
        env["PYTHONPATH"] = os.pathsep.join(
            [str(workdir / "workflow" / "scripts"), env.get("PYTHONPATH", "")]
        )
    result = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, timeout=TIMEOUT_S, env=env
    )
    if check and result.returncode != 0:
        logs = "".join(
            f"--- {log}\n{log.read_text()[-3000:]}\n"
            for log in sorted((workdir / "results" / "logs").rglob("*.log"))
        )
        output = f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}\n{logs[-6000:]}"
        pytest.fail(f"{' '.join(command)} failed:\n{output}")
    return result
