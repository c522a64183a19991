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


def check_config(config: dict[str, Any]) -> None:
    """Cross-field checks the JSON schema cannot express; raises ConfigError."""
    for name, spec in config["datasets"].items():
        where = f"config: datasets.{name}"
        if spec["format"] not in FORMATS:
            raise ConfigError(f"{where}.format: unknown format {spec['format']!r}")
        fmt = FORMATS[spec["format"]]
        if fmt.task != spec["task"]:
            raise ConfigError(
                f"{where}: format {spec['format']!r} holds {fmt.task!r} data, not {spec['task']!r}"
            )
        if ("simulate" in spec) == ("files" in spec):
            raise ConfigError(f"{where}: give exactly one of `simulate` or `files`")
        if "files" in spec:
            given, wanted = set(spec["files"]), set(fmt.files)
            if not set(fmt.files) - set(fmt.optional) <= given <= wanted:
                raise ConfigError(
                    f"{where}.files: format {spec['format']!r} takes the files {sorted(wanted)} "
                    f"(optional: {sorted(fmt.optional)}), got {sorted(given)}"
                )
    for name in config["models"]:
        registered = registry_name(config, name)
        if registered not in MODELS and registered not in BASELINES:
            raise ConfigError(
                f"config: models.{name}: {registered!r} is not in the model registry; give "
                f"`model:` one of {sorted(MODELS) + sorted(BASELINES)}"
            )


def selected_datasets(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Datasets whose task is in `tasks` and whose source is in `sources`, by name."""
    return {
        name: spec
        for name, spec in config["datasets"].items()
        if spec["task"] in config["tasks"] and dataset_source(spec) in config["sources"]
    }


def registry_name(config: dict[str, Any], model: str) -> str:
    """The registry entry a configured model instantiates: its `model:` key, else its name."""
    return config["models"][model].get("model", model)


def is_baseline(config: dict[str, Any], model: str) -> bool:
    return registry_name(config, model) in BASELINES


def models_for(config: dict[str, Any], task: str) -> list[str]:
    """Configured models that accept the task's input and are not restricted to other tasks;
    models using RNA structure only where the task has it."""
    modality = TASKS[task].modality
    names = []
    for name, spec in config["models"].items():
        registered = registry_name(config, name)
        entry = MODELS.get(registered) or BASELINES[registered]
        wants_structure = spec.get("structure", False)
        if (
            modality in entry.modalities
            and task in spec.get("tasks", [task])
            and (not wants_structure or TASKS[task].structure)
        ):
            names.append(name)
    return names


def raw_files(config: dict[str, Any], dataset: str) -> dict[str, str]:
    """The dataset's raw files by role: simulated, downloaded (cache path) or local."""
    spec = config["datasets"][dataset]
    source = dataset_source(spec)
    if source == "simulate":
        return {
            role: f"{SIMULATED_DIR}/{spec['task']}/{dataset}/{filename}"
            for role, filename in FORMATS[spec["format"]].files.items()
        }
    if source == "download":
        cache = config["download"]["cache"]
        return {role: str(cache_path(f["url"], cache)) for role, f in spec["files"].items()}
    return {role: f["path"] for role, f in spec["files"].items()}


def raw_inputs(config: dict[str, Any], dataset: str) -> list[str]:
    """What the prepare step depends on: the simulator's folder or the raw files."""
    spec = config["datasets"][dataset]
    if dataset_source(spec) == "simulate":
        return [f"{SIMULATED_DIR}/{spec['task']}/{dataset}"]
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
