import re
import sys
from functools import partial
from pathlib import Path

import yaml
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from gdlbench.config import (
    check_config,
    coerce_command_line,
    dataset_split,
    model_settings,
    model_training,
)
from gdlbench import plan as paths
from gdlbench.plan import build_plan, model_inputs, run_inputs
from gdlbench.resources import audit_resources, fold_threads, prepare_resources
from gdlbench.tasks import TASKS

coerce_command_line(config)
validate(config, workflow.source_path("../../config/schema/config.schema.yaml"))
check_config(config)
try:  # the registry of published numbers, checked at parse time like the config
    validate(
        yaml.safe_load(Path(paths.PUBLISHED_NUMBERS).read_text()),
        workflow.source_path("../../config/schema/published_numbers.schema.yaml"),
    )
except WorkflowError as error:
    raise WorkflowError(f"{paths.PUBLISHED_NUMBERS}: {error}") from None
PLAN = build_plan(config)  # every dataset, run and path: the lookups below read it
SEEDS = config["seeds"]


def _alternatives(names):
    return "|".join(re.escape(name) for name in sorted(names)) or "NONE"


wildcard_constraints:
    task=_alternatives(TASKS),
    dataset=r"[^/]+",
    model=r"[^/]+",


def dataset(wildcards):
    """The wildcards' dataset in the plan (gdlbench.plan.Dataset)."""
    return PLAN.datasets[wildcards.dataset]


def dataset_field(name):
    """An input function: the named attribute of the wildcards' dataset."""
    return lambda wildcards: getattr(dataset(wildcards), name)


def model_field(read):
    """An input function: `read(config, model)` of the wildcards' model."""
    return lambda wildcards: read(config, wildcards.model)


def per_seed(pattern):
    """`pattern` for every seed, other wildcards kept (a job covers all seeds of a model)."""
    return expand(pattern, seed=SEEDS, allow_missing=True)


def get_raw_files(wildcards):
    return PLAN.raw_files(wildcards.dataset)


def get_raw_inputs(wildcards):
    return PLAN.raw_inputs(wildcards.dataset)


def get_split_config(wildcards):
    return dataset_split(config, dataset(wildcards).spec)


def get_prepare_resource(name):
    """A resource of prepare_dataset (`mem_mb`, `runtime`) from the dataset's expected rows."""
    return lambda wildcards: prepare_resources(config, dataset(wildcards).spec)[name]


# Jobs that make data run before training of datasets already made: every dataset's runs
# become ready early, so that two cores stay busy to the end (the scheduler otherwise
# prefers jobs with larger inputs, and the last dataset was simulated near the end).
DATA_PRIORITY = 10


def get_fold_threads(wildcards):
    return fold_threads(config, dataset(wildcards).spec)


def get_audit_resource(name):
    """A resource of audit_leakage from the prepared dataset's rows (gdlbench.resources)."""

    def resource(wildcards):
        data = dataset(wildcards)
        return audit_resources(config, data.spec, f"{data.prepared}/x.npy")[name]

    return resource


def get_training_inputs(wildcards):
    """A run's prepared files (with RNA structure where its model reads it) and its
    dataset's leakage audit (training waits for it)."""
    run = PLAN.run(wildcards.task, wildcards.dataset, wildcards.model)
    return {"prepared": run_inputs(config, [run]), "audit": run.dataset.audit}


def get_interpretation_inputs(wildcards):
    """An interpreted run's saved models, prepared files, simulator's folder (its planted
    truth, where there is one) and the JASPAR collection its filters are matched against.
    """
    run = PLAN.run(wildcards.task, wildcards.dataset, wildcards.model)
    inputs = {
        "models": run.models,
        "prepared": run.dataset.meta,
        "motifs": paths.MOTIF_COLLECTION,
    }
    if PLAN.planted(wildcards.dataset):
        inputs["simulated"] = PLAN.simulation(wildcards.dataset)
    return inputs


def get_evaluation_inputs(wildcards):
    return run_inputs(config, PLAN.dataset_runs(wildcards.dataset))


def get_dataset_models(wildcards):
    return [path for run in PLAN.dataset_runs(wildcards.dataset) for path in run.models]


def get_dataset_evaluations(wildcards):
    """model -> whether it reads RNA structure, and its seeds' saved files."""
    runs = PLAN.dataset_runs(wildcards.dataset)
    return {run.model: model_inputs(config, run) for run in runs}


def keys(runs):
    """(task, dataset, model) of each run."""
    return [run.key for run in runs]


def datasets_of(runs):
    return list(dict.fromkeys(run.dataset for run in runs))


def get_training_devices(wildcards):
    """Devices (and CPU threads) of a train_model job: one per data-parallel process."""
    return model_training(config, wildcards.model)["devices"]


def task_figure_outputs(tasks, suffix, caption):
    """A per-task figure of every task, drawn by one job: PNGs (in the report, each under
    its task) and PDFs."""
    pngs = paths.task_figures(tasks, suffix)
    shown = partial(report, caption=caption, category="Figures")
    return {
        "png": [
            shown(png, subcategory=task) for task, png in zip(tasks, pngs, strict=True)
        ],
        "pdf": paths.task_figures(tasks, suffix, "pdf"),
    }
