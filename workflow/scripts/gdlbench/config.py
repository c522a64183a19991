"""Reading the validated workflow config: which datasets and models run, and where each
dataset's raw files come from. Used by workflow/rules/common.smk; never imports Snakemake."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gdlbench.baselines import BASELINES
from gdlbench.data.download import cache_path
from gdlbench.data.formats import FORMATS
from gdlbench.errors import ConfigError
from gdlbench.models import MODELS
from gdlbench.tasks import TASKS

SIMULATED_DIR = "resources/simulated"


def dataset_source(spec: dict[str, Any]) -> str:
    """`simulate`, `download` (files with url) or `local` (files with path)."""
    if "simulate" in spec:
        return "simulate"
    files = spec["files"].values()
    return "download" if all("url" in f for f in files) else "local"


def coerce_command_line(config: dict[str, Any]) -> None:
    """`snakemake --config seeds=[0,1]` parses list items as strings; make seeds ints again."""
    seeds = config.get("seeds")
    if isinstance(seeds, list):
        config["seeds"] = [int(s) if isinstance(s, str) and s.isdigit() else s for s in seeds]


def expand_cell_types(config: dict[str, Any]) -> None:
    """A dataset with `cell_types` (one archive, many cell types) stands for one dataset per
    cell type of the run's scale, `<dataset>_<cell>`, each reading its cell type
    (`options.cell_type`) from the same raw files. The children are added next to the parent,
    which itself never runs (see `selected_datasets`)."""
    for name, spec in list(config["datasets"].items()):
        if "cell_types" not in spec:
            continue
        cells = spec["cell_types"]
        if isinstance(cells, dict):
            cells = cells.get(config["scale"])
        if not cells:
            raise ConfigError(
                f"config: datasets.{name}.cell_types lists no cell types for scale "
                f"{config['scale']!r}"
            )
        for cell in cells:
            child = {key: value for key, value in spec.items() if key != "cell_types"}
            child["options"] = {**spec.get("options", {}), "cell_type": cell}
            child["parent"] = name
            child_name = f"{name}_{cell}"
            if child_name in config["datasets"]:
                raise ConfigError(f"config: datasets.{name}: {child_name!r} is already a dataset")
            config["datasets"][child_name] = child


def _check_tasks(names: list[str], where: str) -> None:
    unknown = sorted(set(names) - set(TASKS))
    if unknown:
        raise ConfigError(f"{where}: unknown tasks {unknown}; the tasks are {sorted(TASKS)}")


def check_config(config: dict[str, Any]) -> None:
    """Cross-field checks the JSON schema cannot express (names of tasks, formats and models
    against their registries, which the schema does not repeat); raises ConfigError. A null
    `tasks` becomes every task."""
    config["tasks"] = config["tasks"] if config.get("tasks") is not None else sorted(TASKS)
    _check_tasks(config["tasks"], "config: tasks")
    curves = config["learning_curves"]["models"]
    if isinstance(curves, dict):
        _check_tasks(list(curves), "config: learning_curves.models")
    for name, spec in config["models"].items():
        _check_tasks(spec.get("tasks", []), f"config: models.{name}.tasks")
    for name, spec in config["datasets"].items():
        where = f"config: datasets.{name}"
        _check_tasks([spec["task"]], f"{where}.task")
        if spec["format"] not in FORMATS:
            raise ConfigError(
                f"{where}.format: unknown format {spec['format']!r}; the formats are "
                f"{sorted(FORMATS)}"
            )
        fmt = FORMATS[spec["format"]]
        if fmt.task != spec["task"]:
            raise ConfigError(
                f"{where}: format {spec['format']!r} holds {fmt.task!r} data, not {spec['task']!r}"
            )
        if ("simulate" in spec) == ("files" in spec):
            raise ConfigError(f"{where}: give exactly one of `simulate` or `files`")
        if "files" in spec:
            given, wanted = set(spec["files"]), set(fmt.files)
            wanted |= {r for r in given for extra in fmt.extra if r.startswith(f"{extra}_")}
            if not set(fmt.files) - set(fmt.optional) <= given <= wanted:
                raise ConfigError(
                    f"{where}.files: format {spec['format']!r} takes the files {sorted(wanted)} "
                    f"(optional: {sorted(fmt.optional)}), got {sorted(given)}"
                )
        split = dataset_split(config, name)
        if split["method"] == "chromosome" and not split.get("test_chroms"):
            raise ConfigError(
                f"{where}.split: method chromosome needs test_chroms (and valid_chroms)"
            )
    unknown = set(config.get("only_datasets") or []) - set(config["datasets"])
    if unknown:
        raise ConfigError(f"config: only_datasets names unknown datasets {sorted(unknown)}")
    unknown = set(learning_curve_models(config)) - set(config["models"])
    if unknown:
        raise ConfigError(f"config: learning_curves.models names unknown models {sorted(unknown)}")
    for name in config["models"]:
        registered = registry_name(config, name)
        if registered not in MODELS and registered not in BASELINES:
            raise ConfigError(
                f"config: models.{name}: {registered!r} is not in the model registry; give "
                f"`model:` one of {sorted(MODELS) + sorted(BASELINES)}"
            )
        if config["models"][name].get("bagging") and registered not in BASELINES:
            raise ConfigError(
                f"config: models.{name}.bagging: only baselines are bagged; {registered!r} is "
                "a torch model (its seeds differ already)"
            )


def selected_datasets(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Datasets whose task is in `tasks`, whose source is in `sources` and, when
    `only_datasets` is set, whose name (or parent's name) is listed there. Datasets with
    `cell_types` run as their cell-type children only."""
    only = config.get("only_datasets")
    tasks = TASKS if config.get("tasks") is None else config["tasks"]
    return {
        name: spec
        for name, spec in config["datasets"].items()
        if spec["task"] in tasks
        and "cell_types" not in spec
        and dataset_source(spec) in config["sources"]
        and (only is None or name in only or spec.get("parent") in only)
    }


def registry_name(config: dict[str, Any], model: str) -> str:
    """The registry entry a configured model instantiates: its `model:` key, else its name."""
    return config["models"][model].get("model", model)


def is_baseline(config: dict[str, Any], model: str) -> bool:
    return registry_name(config, model) in BASELINES


def model_settings(config: dict[str, Any], model: str) -> dict[str, Any]:
    """A configured model's entry with `model` (its registry entry) and `structure` filled
    in: what the training, fitting and evaluation jobs read."""
    spec = config["models"][model]
    return {**spec, "model": registry_name(config, model),
            "structure": spec.get("structure", False)}  # fmt: skip


def model_runs(
    config: dict[str, Any], datasets: dict[str, dict[str, Any]], task: str | None = None
) -> list[tuple[str, str, str]]:
    """(task, dataset, model) of every selected full run (a job covers every seed)."""
    return [
        (spec["task"], dataset, model)
        for dataset, spec in datasets.items()
        if task is None or spec["task"] == task
        for model in models_for(config, spec["task"], dataset)
    ]


def attention_run(
    config: dict[str, Any], datasets: dict[str, dict[str, Any]]
) -> tuple[str, str] | None:
    """(dataset, model) whose attention the histone figure draws: the first histone dataset,
    if `figures.histone_attention` runs on it."""
    model = config["figures"]["histone_attention"]
    for dataset, spec in datasets.items():
        if spec["task"] == "histone" and model in models_for(config, "histone", dataset):
            return dataset, model
    return None


def models_for(config: dict[str, Any], task: str, dataset: str | None = None) -> list[str]:
    """Configured models that accept the task's input and are not restricted to other tasks
    (`tasks`) or datasets (`datasets`; a cell-type dataset also matches by its parent's name);
    models using RNA structure only where the task has it."""
    names_of_dataset = {dataset}
    if dataset is not None:
        names_of_dataset.add(config["datasets"][dataset].get("parent"))
    modality = TASKS[task].modality
    names = []
    for name, spec in config["models"].items():
        registered = registry_name(config, name)
        entry = MODELS.get(registered) or BASELINES[registered]
        wants_structure = spec.get("structure", False)
        if (
            modality in entry.modalities
            and TASKS[task].kind in entry.kinds
            and task in spec.get("tasks", [task])
            and (
                dataset is None
                or "datasets" not in spec
                or names_of_dataset & set(spec["datasets"])
            )
            and (not wants_structure or TASKS[task].structure)
        ):
            names.append(name)
    return names


def fraction_name(dataset: str, fraction: float) -> str:
    """The dataset name of a learning-curve run: `<dataset>__frac<percent>`."""
    return f"{dataset}__frac{fraction * 100:g}"


def learning_curve_datasets(
    config: dict[str, Any], datasets: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Learning-curve dataset name -> {task, parent, subset}: every `learning_curves.fractions`
    of each selected dataset some learning-curve model runs on. `subset` is what
    PreparedDataset.load takes to cut the parent's training split (nested, seeded by
    `learning_curves.seed`)."""
    curves = config["learning_curves"]
    found = {}
    for parent, spec in datasets.items():
        models = models_for(config, spec["task"], parent)
        if not set(models) & set(learning_curve_models(config, spec["task"])):
            continue
        for fraction in sorted(curves["fractions"]):
            name = fraction_name(parent, fraction)
            subset = {"dataset": name, "fraction": fraction, "seed": curves["seed"]}
            found[name] = {"task": spec["task"], "parent": parent, "subset": subset}
    return found


def learning_curve_runs(
    config: dict[str, Any], datasets: dict[str, dict[str, Any]]
) -> list[tuple[str, str, str]]:
    """(task, learning-curve dataset, model) of every learning-curve run: each of the task's
    `learning_curves.models` at each fraction of each selected dataset it applies to."""
    return [
        (entry["task"], name, model)
        for name, entry in learning_curve_datasets(config, datasets).items()
        for model in models_for(config, entry["task"], entry["parent"])
        if model in learning_curve_models(config, entry["task"])
    ]


def learning_curve_models(config: dict[str, Any], task: str | None = None) -> list[str]:
    """`learning_curves.models` for `task` (a list applies to every task; a mapping names
    them per task); every model named anywhere when `task` is None."""
    models = config["learning_curves"]["models"]
    if isinstance(models, list):
        return models
    if task is None:
        return [model for names in models.values() for model in names]
    return models.get(task, [])


def raw_files(config: dict[str, Any], dataset: str) -> dict[str, str]:
    """The dataset's raw files by role: simulated, downloaded (cache path) or local."""
    spec = config["datasets"][dataset]
    source = dataset_source(spec)
    if source == "simulate":
        folder = spec.get("parent", dataset)  # cell types share their parent's simulation
        fmt = FORMATS[spec["format"]]
        names = fmt.simulated(spec["simulate"]) if fmt.simulated else fmt.files
        return {
            role: f"{SIMULATED_DIR}/{spec['task']}/{folder}/{filename}"
            for role, filename in names.items()
        }
    if source == "download":
        cache = config["download"]["cache"]
        return {role: str(cache_path(f["url"], cache)) for role, f in spec["files"].items()}
    return {role: f["path"] for role, f in spec["files"].items()}


def raw_inputs(config: dict[str, Any], dataset: str) -> list[str]:
    """What the prepare step depends on: the simulator's folder or the raw files."""
    spec = config["datasets"][dataset]
    if dataset_source(spec) == "simulate":
        return [f"{SIMULATED_DIR}/{spec['task']}/{spec.get('parent', dataset)}"]
    return list(raw_files(config, dataset).values())


def download_table(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Cache path (relative to the cache folder) -> {url, sha256} for every selected download."""
    cache = Path(config["download"]["cache"])
    table = {}
    for spec in selected_datasets(config).values():
        if dataset_source(spec) != "download":
            continue
        for entry in spec["files"].values():
            relative = cache_path(entry["url"], cache).relative_to(cache).as_posix()
            table[relative] = {"url": entry["url"], "sha256": entry.get("sha256")}
    return table


def dataset_split(config: dict[str, Any], dataset: str) -> dict[str, Any]:
    return {**config["split"], **config["datasets"][dataset].get("split", {})}


def model_training(config: dict[str, Any], model: str) -> dict[str, Any]:
    """Training settings of a torch model: defaults, the scale's epoch cap, model overrides."""
    scale = config["scales"][config["scale"]]
    return {
        **config["training"],
        "max_epochs": scale["max_epochs"],
        **config["models"][model].get("training", {}),
    }
