"""Checking the workflow config beyond its JSON schema, and reading a model's or dataset's
settings from it (what runs, and where, is gdlbench.plan). Never imports Snakemake."""

from __future__ import annotations

from typing import Any

from gdlbench.baselines import BASELINES
from gdlbench.data.formats import FORMATS
from gdlbench.errors import ConfigError
from gdlbench.models import MODELS
from gdlbench.tasks import TASKS


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
        for key in ("tasks", "skip_tasks"):
            _check_tasks(spec.get(key, []), f"config: models.{name}.{key}")
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
        split = dataset_split(config, spec)
        if split["method"] == "chromosome" and not split.get("test_chroms"):
            raise ConfigError(
                f"{where}.split: method chromosome needs test_chroms (and valid_chroms)"
            )
    unknown = set(config.get("only_models") or []) - set(config["models"])
    if unknown:
        raise ConfigError(f"config: only_models names unknown models {sorted(unknown)}")
    unknown = set(learning_curve_models(config)) - set(config["models"])
    if unknown:
        raise ConfigError(f"config: learning_curves.models names unknown models {sorted(unknown)}")
    check_interpretation(config)
    for name in config["models"]:
        registered = registry_name(config, name)
        if registered not in MODELS and registered not in BASELINES:
            raise ConfigError(
                f"config: models.{name}: {registered!r} is not in the model registry; give "
                f"`model:` one of {sorted(MODELS) + sorted(BASELINES)}"
            )
        check_model_keys(config, name)
        if config["models"][name].get("bagging") and registered not in BASELINES:
            raise ConfigError(
                f"config: models.{name}.bagging: only baselines are bagged; {registered!r} is "
                "a torch model (its seeds differ already)"
            )


FILTER_FAMILIES = ("cnn", "hybrid")  # a convolution over the bases: filters to match
INTERPRETED_MODALITIES = ("sequence", "pair", "protein", "matrix")  # matrix: histone marks


def check_interpretation(config: dict[str, Any]) -> None:
    """`interpretation.models`: known DNA sequence, miRNA-target, protein or histone-mark
    tasks, each naming configured torch models; on a multi-label task (one output per
    profile, none attributed) only the first-layer filters are interpreted, so its models
    need them."""
    for task, names in config["interpretation"]["models"].items():
        where = f"config: interpretation.models.{task}"
        _check_tasks([task], where)
        if TASKS[task].modality not in INTERPRETED_MODALITIES or TASKS[task].structure:
            raise ConfigError(
                f"{where}: only DNA sequence tasks, miRNA-target pairs, proteins and histone-"
                "mark profiles are interpreted (tfbs, splice, chromatin, mirtarget, "
                "localization, histone)"
            )
        for name in names:
            if name not in config["models"]:
                raise ConfigError(f"{where}: {name!r} is not a configured model")
            if registry_name(config, name) not in MODELS:
                raise ConfigError(f"{where}: {name!r} is a baseline; only torch models are")
            family = MODELS[registry_name(config, name)].family
            if TASKS[task].kind == "multilabel" and family not in FILTER_FAMILIES:
                raise ConfigError(
                    f"{where}: {name!r} ({family}) has no first-layer filters, and on a "
                    "multi-label task only filters are interpreted"
                )


def registry_name(config: dict[str, Any], model: str) -> str:
    """The registry entry a configured model instantiates: its `model:` key, else its name."""
    return config["models"][model].get("model", model)


def model_settings(config: dict[str, Any], model: str) -> dict[str, Any]:
    """A configured model's entry with `model` (its registry entry) and `structure` filled
    in: what the training, fitting and evaluation jobs read."""
    spec = config["models"][model]
    return {**spec, "model": registry_name(config, model),
            "structure": spec.get("structure", False)}  # fmt: skip


def learning_curve_models(config: dict[str, Any], task: str | None = None) -> list[str]:
    """`learning_curves.models` for `task` (a list applies to every task; a mapping names
    them per task); every model named anywhere when `task` is None."""
    models = config["learning_curves"]["models"]
    if isinstance(models, list):
        return models
    if task is None:
        return [model for names in models.values() for model in names]
    return models.get(task, [])


def dataset_split(config: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """The split settings of a dataset (its config entry `spec`): defaults, then its own."""
    return {**config["split"], **spec.get("split", {})}


def model_training(config: dict[str, Any], model: str) -> dict[str, Any]:
    """Training settings of a torch model: defaults, the scale's epoch cap, model overrides."""
    scale = config["scales"][config["scale"]]
    return {
        **config["training"],
        "max_epochs": scale["max_epochs"],
        **config["models"][model].get("training", {}),
    }


def check_model_keys(config: dict[str, Any], name: str) -> None:
    """A model's `params` and `grid` name parameters its builder takes (a torch model's grid
    may also set training keys; a baseline is set by its grid alone), so that a typo fails
    here, not inside a training job after prepare and audit ran."""
    spec, registered = config["models"][name], registry_name(config, name)
    baseline = registered in BASELINES
    entry = BASELINES[registered] if baseline else MODELS[registered]
    where = f"config: models.{name}"
    if baseline and spec.get("params"):
        raise ConfigError(
            f"{where}.params: a baseline ({registered!r}) is set by its `grid` (a one-value list "
            "fixes a parameter)"
        )
    tunable = entry.parameters | (set() if baseline else set(config["training"]))
    for key, allowed in (("params", entry.parameters), ("grid", tunable)):
        unknown = sorted(set(spec.get(key) or {}) - allowed)
        if unknown:
            raise ConfigError(
                f"{where}.{key}: {unknown} not parameters of {registered!r}; it takes "
                f"{sorted(allowed)}"
            )
