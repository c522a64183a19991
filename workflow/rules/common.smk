import re
import sys
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "workflow" / "scripts"))

from gdlbench.aggregate.targets import has_targets
from gdlbench.config import (
    attention_run,
    check_config,
    coerce_command_line,
    dataset_split,
    download_table,
    expand_cell_types,
    is_baseline,
    learning_curve_datasets,
    learning_curve_runs,
    model_runs,
    model_settings,
    model_training,
    raw_files,
    raw_inputs,
    SIMULATED_DIR,
    selected_datasets,
)
from gdlbench.data.prepare import PREPARED_FILES
from gdlbench.evaluation.paths import prediction_file
from gdlbench.kinds import task_kind
from gdlbench.resources import audit_resources, prepare_resources
from gdlbench.tasks import TASKS

coerce_command_line(config)
validate(config, workflow.source_path("../../config/schema/config.schema.yaml"))
expand_cell_types(config)
check_config(config)

DATASETS = selected_datasets(config)
DOWNLOADS = download_table(config)
CACHE = config["download"]["cache"]
SEEDS = config["seeds"]
TORCH_MODELS = [name for name in config["models"] if not is_baseline(config, name)]
BASELINE_MODELS = [name for name in config["models"] if is_baseline(config, name)]
CURVES = learning_curve_datasets(config, DATASETS)  # learning-curve datasets
LEARNING_CURVE_RUNS = learning_curve_runs(config, DATASETS)
RUNS = model_runs(config, DATASETS)  # planned once: input functions look runs up in it


def _alternatives(names):
    return "|".join(re.escape(name) for name in sorted(names)) or "NONE"


wildcard_constraints:
    task=_alternatives(TASKS),
    dataset=_alternatives([*config["datasets"], *CURVES]),
    model=_alternatives(config["models"]),
    seed=r"\d+",


def prepared_folder(task, dataset):
    """Where a dataset's prepared files are (a learning-curve dataset reads its parent's)."""
    parent = CURVES[dataset]["parent"] if dataset in CURVES else dataset
    return f"resources/prepared/{task}/{parent}"


def prepared(task, dataset):
    return [f"{prepared_folder(task, dataset)}/{name}" for name in PREPARED_FILES]


def leakage_audit(task, dataset):
    """The leakage audit a dataset's runs wait for (a learning-curve dataset's parent's)."""
    parent = CURVES[dataset]["parent"] if dataset in CURVES else dataset
    return f"results/leakage/{task}/{parent}.tsv"


def get_training_inputs(wildcards):
    """A run's prepared files and its dataset's leakage audit (training waits for it)."""
    return {
        "prepared": get_prepared(wildcards),
        "audit": leakage_audit(wildcards.task, wildcards.dataset),
    }


def get_leakage_audits(wildcards):
    return [
        leakage_audit(spec["task"], name) for name, spec in sorted(DATASETS.items())
    ]


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


def get_prepare_threads(wildcards):
    """Folding RNA structures runs in parallel; every other preparation is serial, so it
    asks for one core and never waits for a second one to free up."""
    return 4 if TASKS[wildcards.task].structure else 1


def get_max_examples(wildcards):
    return config["scales"][config["scale"]]["max_examples"]


def get_prepared(wildcards):
    return prepared(wildcards.task, wildcards.dataset)


def get_prepared_folder(wildcards):
    return prepared_folder(wildcards.task, wildcards.dataset)


def get_prepare_resource(name):
    """A resource of prepare_dataset (`mem_mb`, `runtime`) from the dataset's expected rows."""
    return lambda wildcards: prepare_resources(config, wildcards.dataset)[name]


def get_audit_resource(name):
    """A resource of audit_leakage from the prepared dataset's rows (gdlbench.resources)."""

    def resource(wildcards):
        x = f"{prepared_folder(wildcards.task, wildcards.dataset)}/x.npy"
        return audit_resources(config, wildcards.dataset, x)[name]

    return resource


def get_subset(wildcards):
    """The training subset of a learning-curve dataset; None for a full dataset."""
    return CURVES[wildcards.dataset]["subset"] if wildcards.dataset in CURVES else None


def get_model_settings(wildcards):
    return model_settings(config, wildcards.model)


def get_training_config(wildcards):
    return model_training(config, wildcards.model)


def get_training_devices(wildcards):
    """Devices (and CPU threads) of a train_model job: one per data-parallel process."""
    return model_training(config, wildcards.model)["devices"]


def per_seed(pattern):
    """`pattern` for every seed, other wildcards kept (a job covers all seeds of a model)."""
    return expand(pattern, seed=SEEDS, allow_missing=True)


def get_trained_models_of(task, dataset, model):
    suffix = "model.pkl" if is_baseline(config, model) else "model.pt"
    return [
        f"results/models/{task}/{dataset}/{model}/{seed}/{suffix}" for seed in SEEDS
    ]


def runs(task=None):
    """(task, dataset, model) of every selected full run (each job covers every seed)."""
    return [run for run in RUNS if task is None or run[0] == task]


def evaluated_datasets(selected_runs):
    """(task, dataset) of each dataset with a run in `selected_runs`, in order."""
    return list(dict.fromkeys((t, d) for t, d, *_ in selected_runs))


def dataset_models(task, dataset):
    """The models a dataset's evaluation scores (a learning-curve dataset: its curve models)."""
    return [
        m for t, d, m in [*runs(), *LEARNING_CURVE_RUNS] if (t, d) == (task, dataset)
    ]


def get_dataset_models(wildcards):
    return [
        path
        for model in dataset_models(wildcards.task, wildcards.dataset)
        for path in get_trained_models_of(wildcards.task, wildcards.dataset, model)
    ]


def get_dataset_evaluations(wildcards):
    """model -> whether it reads RNA structure, and its seeds' saved files."""
    return {
        model: {
            "structure": model_settings(config, model)["structure"],
            "models": get_trained_models_of(wildcards.task, wildcards.dataset, model),
        }
        for model in dataset_models(wildcards.task, wildcards.dataset)
    }


def metrics_path(task, dataset, suffix="tsv"):
    return f"results/metrics/{task}/{dataset}.{suffix}"


def get_run_metrics(wildcards):
    return [metrics_path(t, d) for t, d in evaluated_datasets(runs())]


def get_run_intervals(wildcards):
    return [metrics_path(t, d, "intervals.tsv") for t, d in evaluated_datasets(runs())]


def selected_tasks():
    return sorted({spec["task"] for spec in DATASETS.values()})


def get_cell_types(wildcards):
    """dataset -> collection and cell type, for the datasets of cell-type collections."""
    return {
        name: {"collection": spec["parent"], "cell_type": spec["options"]["cell_type"]}
        for name, spec in DATASETS.items()
        if "parent" in spec
    }


def collection_runs():
    """(task, dataset, model, seed) of every run on a cell-type dataset."""
    collections = get_cell_types(None)
    return [run for run in seed_runs() if run[1] in collections]


def get_collections(wildcards):
    """dataset -> its cell-type collection, for every cell-type dataset."""
    return {
        name: spec["collection"] for name, spec in get_cell_types(wildcards).items()
    }


def get_attention_model(wildcards):
    dataset, model = attention_run(config, DATASETS)
    return f"results/models/histone/{dataset}/{model}/{SEEDS[0]}/model.pt"


def get_attention_prepared(wildcards):
    return prepared("histone", attention_run(config, DATASETS)[0])


def prediction_path(task, dataset, model, seed):
    """A seed's predictions, inside its dataset's evaluation folder."""
    return str(prediction_file(predictions_folder(task, dataset), model, seed))


def predictions_folder(task, dataset):
    """What evaluate_dataset writes every prediction file of a dataset into."""
    return f"results/predictions/{task}/{dataset}"


def prediction_folders(selected_runs):
    """The predictions folders the runs' prediction files are in (evaluate_dataset outputs)."""
    return [predictions_folder(t, d) for t, d in evaluated_datasets(selected_runs)]


def get_collection_predictions(wildcards):
    return prediction_folders(collection_runs())


def get_task_predictions(wildcards):
    return prediction_folders(get_task_seed_runs(wildcards))


def get_task_prediction_paths(wildcards):
    return prediction_paths(get_task_seed_runs(wildcards))


def get_all_predictions(wildcards):
    return prediction_folders(seed_runs())


def get_target_predictions(wildcards):
    return prediction_folders(target_runs())


def prediction_paths(selected_runs):
    """The prediction file of each (task, dataset, model, seed) run, in order."""
    return [prediction_path(*run) for run in selected_runs]


def seed_runs():
    """(task, dataset, model, seed) of every run."""
    return [(t, d, m, seed) for t, d, m in runs() for seed in SEEDS]


def get_task_seed_runs(wildcards):
    return [run for run in seed_runs() if run[0] == wildcards.task]


def get_training_benchmarks(wildcards):
    """The benchmark file of every run's training job (train_model or fit_baseline)."""
    jobs = {
        m: "fit_baseline" if is_baseline(config, m) else "train_model"
        for m in config["models"]
    }
    return [f"results/benchmarks/{jobs[m]}/{t}/{d}/{m}.tsv" for t, d, m in runs()]


def trained_models_by_run():
    """Each run's saved seeds, in the order of runs()."""
    return [get_trained_models_of(*run) for run in runs()]


def get_all_trained_models(wildcards):
    return [path for paths in trained_models_by_run() for path in paths]


def target_runs():
    """(task, dataset, model, seed) of every run on a task with per-target results
    (multi-target regression, multi-label)."""
    return [run for run in seed_runs() if has_targets(run[0])]


def get_target_meta(wildcards):
    """The prepared meta.json (target names and types) of every multi-target dataset."""
    return [
        f"{prepared_folder(t, d)}/meta.json"
        for t, d in evaluated_datasets(target_runs())
    ]


def target_pair_figures():
    """The scatter of each `figures.target_pairs` pair on each dataset of its task where
    both models ran."""
    ran = set(runs())
    return [
        f"results/figures/{t}_{d}_{pair['model']}_vs_{pair['reference']}.png"
        for t, d in evaluated_datasets(target_runs())
        for pair in config["figures"]["target_pairs"]
        if pair["task"] == t
        and {(t, d, pair["model"]), (t, d, pair["reference"])} <= ran
    ]


def get_learning_curve_inputs(wildcards):
    """The metrics and intervals of the learning-curve runs and of the same models' full
    runs."""
    curves = evaluated_datasets(LEARNING_CURVE_RUNS)
    full = evaluated_datasets((t, CURVES[d]["parent"]) for t, d in curves)
    return {
        "metrics": [metrics_path(t, d) for t, d in curves + full],
        "intervals": [metrics_path(t, d, "intervals.tsv") for t, d in curves + full],
        "prepared": sorted(
            {f"{prepared_folder(t, d)}/split.npy" for t, d, _ in LEARNING_CURVE_RUNS}
        ),
    }


def learning_curve_params():
    """Learning-curve dataset -> its parent, subset and the parent's prepared folder."""
    return {
        name: {**entry, "prepared": prepared_folder(entry["task"], name)}
        for name, entry in CURVES.items()
    }


def get_win_rate_targets(wildcards):
    return ["results/tables/targets.tsv"] if target_runs() else []


def ensemble_runs():
    """(task, dataset, model) of torch representation models (ADAGE), when there are seeds
    enough for an eADAGE-style ensemble."""
    if len(SEEDS) < 2:
        return []
    return [
        (t, d, m)
        for t, d, m in runs()
        if not task_kind(t).supervised and not is_baseline(config, m)
    ]


def get_ensemble_models(wildcards):
    return [path for run in ensemble_runs() for path in get_trained_models_of(*run)]


def get_ensemble_prepared(wildcards):
    return [f"resources/prepared/{t}/{d}/meta.json" for t, d, _ in ensemble_runs()]


def get_final_outputs():
    outputs = [
        "results/tables/metrics.tsv",
        "results/tables/summary.tsv",
        "results/tables/published_vs_reproduced.tsv",
        "results/tables/comparisons.tsv",
        "results/tables/win_rates.tsv",
        "results/tables/costs.tsv",
        "results/tables/leakage.tsv",
        "results/figures/published_vs_reproduced.png",
        "results/summary.md",
    ]
    if LEARNING_CURVE_RUNS:
        outputs.append("results/tables/learning_curves.tsv")
        outputs += [
            f"results/figures/{task}_learning_curve.png"
            for task in sorted({run[0] for run in LEARNING_CURVE_RUNS})
        ]
    for task in selected_tasks():
        outputs += [f"results/figures/{task}.png", f"results/figures/{task}_costs.png"]
        if task_kind(task).ranked:
            outputs.append(f"results/figures/{task}_roc_pr.png")
    if get_cell_types(None):
        outputs.append("results/tables/cell_types.tsv")
    histone_models = {m for t, _, m in runs("histone")}
    if set(config["figures"]["histone_pair"]) <= histone_models:
        outputs.append("results/figures/histone_cell_types.png")
    if ensemble_runs():
        outputs.append("results/tables/ensembles.tsv")
    if target_runs():
        outputs += ["results/tables/targets.tsv", "results/tables/target_wins.tsv"]
        outputs += target_pair_figures()
    if attention_run(config, DATASETS):
        outputs.append("results/figures/histone_attention.png")
    return outputs
