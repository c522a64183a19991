"""Workflow fixtures: the quickstart suite run once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from snakemake_runner import copy_workflow, snakemake


@pytest.fixture(scope="session")
def quickstart(repo, tmp_path_factory) -> Path:
    """The quickstart suite run once, as a new user runs it, in a fresh copy."""
    workdir = copy_workflow(repo, tmp_path_factory.mktemp("quickstart"))
    snakemake(workdir)
    return workdir
