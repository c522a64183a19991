"""The task contract: a new task of a known kind is one TASKS entry, one parser, one simulator
and a `datasets:` entry -- nothing else. A toy task of each kind (tests/helpers/toy_tasks.py)
is added to a copy of the workflow that way and run end to end with the quickstart's models;
every family its kind and modality admit runs on it, and it gets its tables and figures."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
import toy_tasks
import yaml
from snakemake_runner import copy_workflow, snakemake

from gdlbench.baselines import BASELINES
from gdlbench.kinds import KINDS
from gdlbench.models import MODELS

pytestmark = pytest.mark.slow


def _append(path: Path, *blocks: str) -> None:
    path.write_text(path.read_text() + "".join(blocks))


@pytest.fixture(scope="module")
def toy_run(repo, tmp_path_factory) -> Path:
    workdir = copy_workflow(repo, tmp_path_factory.mktemp("toys"))
    package = workdir / "workflow" / "scripts" / "gdlbench"
    shutil.copy(Path(toy_tasks.__file__), package / "toy.py")
    _append(package / "tasks.py", toy_tasks.TASK_LINES)
    _append(package / "data" / "formats" / "__init__.py", toy_tasks.FORMAT_LINES)
    _append(package / "data" / "simulate" / "__init__.py", toy_tasks.SIMULATOR_LINES)
    config = yaml.safe_load((repo / "config" / "config.yaml").read_text())
    config.update(datasets=toy_tasks.datasets(), seeds=[0], learning_curves={"models": {}})
    (workdir / "config" / "toys.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    snakemake(workdir, "--configfile", "config/toys.yaml", own_package=True)
    return workdir


def _admitted_families(kind: str, modality: str) -> set[str]:
    return {spec.family for spec in [*MODELS.values(), *BASELINES.values()]
            if kind in spec.kinds and modality in spec.modalities}  # fmt: skip


@pytest.mark.parametrize("task", list(toy_tasks.TOYS))
def test_a_new_task_of_each_kind_runs_every_family_it_admits(toy_run, task):
    kind, modality = toy_tasks.TOYS[task]
    summary = pd.read_csv(toy_run / "results/tables/summary.tsv", sep="\t")
    rows = summary[summary["task"] == task]
    assert set(rows["family"]) == _admitted_families(kind, modality)
    metrics = toy_tasks.KIND_METRICS[kind]
    assert set(metrics) <= set(rows["metric"])
    assert rows.loc[rows["metric"].isin(metrics), "mean"].notna().all()
    for figure in (task, f"{task}_costs"):
        assert (toy_run / f"results/figures/{figure}.png").stat().st_size > 5_000
    if KINDS[kind].ranked:
        assert (toy_run / f"results/figures/{task}_roc_pr.png").exists()


def test_the_planted_signals_are_learned(toy_run):
    """Not a smoke test only: the best model beats chance on each supervised toy task."""
    summary = pd.read_csv(toy_run / "results/tables/summary.tsv", sep="\t")
    best = summary.groupby(["task", "metric"])["mean"]
    assert best.max()["toy_binary", "auroc"] > 0.9
    assert best.max()["toy_multiclass", "accuracy"] > 0.8
    assert best.max()["toy_multilabel", "auroc_median"] > 0.8
    assert best.min()["toy_regression", "mae"] < 0.6  # in training sd's of each target
