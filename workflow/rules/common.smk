import re
import sys
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from gdlbench.config import (
    check_config,
    coerce_command_line,
    dataset_split,
    download_table,
    is_baseline,
    model_training,
    models_for,
    raw_files,
    raw_inputs,
    SIMULATED_DIR,
    selected_datasets,
)
from gdlbench.data.prepare import PREPARED_FILES
from gdlbench.tasks import TASKS

coerce_command_line(config)
validate(config, workflow.source_path("../../config/schema/config.schema.yaml"))
check_config(config)

DATASETS = selected_datasets(config)
DOWNLOADS = download_table(config)
CACHE = config["download"]["cache"]
SEEDS = config["seeds"]
TORCH_MODELS = [name for name in config["models"] if not is_baseline(config, name)]
BASELINE_MODELS = [name for name in config["models"] if is_baseline(config, name)]


def _alternatives(names):
    return "|".join(sorted(names)) or "NONE"


wildcard_constraints:
    task=_alternatives(TASKS),
    dataset=_alternatives(config["datasets"]),
    model=_alternatives(config["models"]),
    seed=r"\d+",


def prepared(task, dataset):
    return [f"resources/prepared/{task}/{dataset}/{name}" for name in PREPARED_FILES]


def get_raw_files(wildcards):
    return raw_files(config, wildcards.dataset)


def get_raw_inputs(wildcards):
    return raw_inputs(config, wildcards.dataset)


def get_download(wildcards):
    return DOWNLOADS[wildcards.path]


def get_dataset_config(wildcards):
    return config["datasets"][wildcards.dataset]


def get_split_config(wildcards):
    return dataset_split(config, wildcards.dataset)


def get_max_examples(wildcards):
    return config["scales"][config["scale"]]["max_examples"]


def get_prepared(wildcards):
    return prepared(wildcards.task, wildcards.dataset)


def get_model_config(wildcards):
    return config["models"][wildcards.model]


def get_training_config(wildcards):
    return model_training(config, wildcards.model)


def get_trained_model(wildcards):
    suffix = "model.pkl" if is_baseline(config, wildcards.model) else "model.pt"
    return f"results/models/{wildcards.task}/{wildcards.dataset}/{wildcards.model}/{wildcards.seed}/{suffix}"


def runs(task=None):
    """(task, dataset, model, seed) of every selected run, optionally of one task."""
    return [
        (spec["task"], dataset, model, seed)
        for dataset, spec in DATASETS.items()
        if task is None or spec["task"] == task
        for model in models_for(config, spec["task"])
        for seed in SEEDS
    ]


def get_run_metrics(wildcards):
    return [f"results/metrics/{t}/{d}/{m}/{s}.tsv" for t, d, m, s in runs()]


def selected_tasks():
    return sorted({spec["task"] for spec in DATASETS.values()})


def get_final_outputs():
    outputs = ["results/tables/metrics.tsv", "results/tables/summary.tsv"]
    outputs += [f"results/figures/{task}.png" for task in selected_tasks()]
    return outputs
