"""The plan of a run, made once from the validated config: every dataset (cell types and
learning-curve subsets included), every run, and every path the workflow reads or writes.
workflow/rules/common.smk only looks things up here; no other module builds a path of the
workflow. Pure and light: it imports neither Snakemake, nor torch, nor scikit-learn."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from gdlbench.aggregate.targets import has_targets
from gdlbench.baselines import BASELINES
from gdlbench.config import dataset_source, learning_curve_models, model_settings, registry_name
from gdlbench.data.download import cache_path
from gdlbench.data.formats import FORMATS
from gdlbench.data.simulate.planted import PLANTED_FILE, PLANTING_FORMATS, named_motifs
from gdlbench.errors import ConfigError
from gdlbench.kinds import task_kind
from gdlbench.models import MODELS
from gdlbench.tasks import TASKS

# Path patterns: rules declare them, and the plan fills them in.
PUBLISHED_NUMBERS = "resources/published_numbers.yaml"  # schema: published_numbers.schema.yaml
SIMULATED = "resources/simulated/{task}/{dataset}"
PREPARED = "resources/prepared/{task}/{dataset}"
PREPARED_FILES = (
    "x.npy", "y.npy", "split.npy", "clusters.npy", "leakage_groups.npy", "examples.tsv",
    "meta.json",
)  # fmt: skip
STRUCTURE_FILES = ("structure.npy", "mfe.npy")  # fold_structures, beside a task's with RNA
LEAKAGE = "results/leakage/{task}/{dataset}.tsv"
RUN = "results/models/{task}/{dataset}/{model}/{seed}"
CHECKPOINT = "results/checkpoints/{task}/{dataset}/{model}/{seed}/last.pt"
TRAINED = {"train_model": "model.pt", "fit_baseline": "model.pkl"}  # rule -> saved model
METRICS = "results/metrics/{task}/{dataset}.tsv"
INTERVALS = "results/metrics/{task}/{dataset}.intervals.tsv"
PREDICTIONS = "results/predictions/{task}/{dataset}"  # a folder: <model>/<seed>/ (arrays)
MANIFEST = "results/predictions/{task}/{dataset}.tsv"  # the prediction folders: MANIFEST_COLUMNS
MANIFEST_COLUMNS = ("task", "dataset", "model", "seed", "path")
INTERPRETATION = "results/interpretation/{task}/{dataset}/{model}.tsv"  # interpret_model
ATTRIBUTIONS = "results/interpretation/{task}/{dataset}/{model}/{seed}.npz"
INTERPRETATION_FIGURE = "results/figures/interpretation/{task}/{dataset}/{model}.png"
MOTIF_COLLECTION = "resources/motifs/jaspar_core_vertebrates.npz"  # collect_motifs


def prepared_outputs(files: tuple[str, ...] = PREPARED_FILES) -> dict[str, str]:
    """A rule's outputs by name (`x`, `y`, ..., `meta`): prepare_dataset's, or with
    STRUCTURE_FILES fold_structures'."""
    return {name.split(".")[0]: f"{PREPARED}/{name}" for name in files}


def trained_model(rule: str) -> str:
    """The pattern of a seed's saved model, as the rule (`train_model`, `fit_baseline`)
    writes it."""
    return f"{RUN}/{TRAINED[rule]}"


def training_benchmark(rule: str) -> str:
    """The pattern of a training job's benchmark (`train_model`, `fit_baseline`)."""
    return f"results/benchmarks/{rule}/{{task}}/{{dataset}}/{{model}}.tsv"


def prediction_file(folder: str | Path, model: str, seed: int) -> Path:
    """One seed's predictions of `model` in a dataset's predictions folder: a folder of
    arrays (gdlbench.evaluation.predictions)."""
    return Path(folder) / model / str(seed)


@dataclass(frozen=True, eq=False)  # one object per dataset: hashed by identity
class Dataset:
    """A dataset the workflow can name: a configured one, a cell type of a collection
    (`<collection>_<cell>`) or a learning-curve subset (`<parent>__frac<percent>`), which
    reads its parent's prepared files."""

    name: str
    task: str
    spec: dict[str, Any]  # the config entry (a cell type's: with `options.cell_type`)
    parent: str  # the dataset whose prepared files it reads (itself unless a subset)
    subset: dict[str, Any] | None = None  # what PreparedDataset.load cuts training with
    collection: str | None = None  # the cell-type collection it belongs to

    @property
    def prepared(self) -> str:
        return PREPARED.format(task=self.task, dataset=self.parent)

    @property
    def meta(self) -> str:
        """Its prepared meta.json: what the jobs reading the prepared folder wait for (one
        job writes the whole folder at once), so the DAG looks one file up, not seven."""
        return f"{self.prepared}/meta.json"

    @property
    def structure_files(self) -> list[str]:
        """Its RNA structure and MFE (a task with structure only: fold_structures)."""
        return [f"{self.prepared}/{name}" for name in STRUCTURE_FILES]

    @property
    def audit(self) -> str:
        """The leakage audit its runs wait for."""
        return LEAKAGE.format(task=self.task, dataset=self.parent)

    @property
    def metrics(self) -> str:
        return METRICS.format(task=self.task, dataset=self.name)

    @property
    def intervals(self) -> str:
        return INTERVALS.format(task=self.task, dataset=self.name)

    @property
    def manifest(self) -> str:
        return MANIFEST.format(task=self.task, dataset=self.name)

    @property
    def cell_type(self) -> str | None:
        return self.spec.get("options", {}).get("cell_type") if self.collection else None


@dataclass(frozen=True)
class Run:
    """One model on one dataset; a job trains or fits every seed."""

    dataset: Dataset
    model: str
    seeds: tuple[int, ...]
    baseline: bool
    family: str

    @property
    def task(self) -> str:
        return self.dataset.task

    @property
    def key(self) -> tuple[str, str, str]:
        return self.task, self.dataset.name, self.model

    @property
    def rule(self) -> str:
        return "fit_baseline" if self.baseline else "train_model"

    @property
    def models(self) -> list[str]:
        """Each seed's saved model."""
        return [trained_model(self.rule).format(task=self.task, dataset=self.dataset.name,
                                                model=self.model, seed=seed)
                for seed in self.seeds]  # fmt: skip

    @property
    def benchmark(self) -> str:
        return training_benchmark(self.rule).format(task=self.task, dataset=self.dataset.name,
                                                    model=self.model)  # fmt: skip


@dataclass
class Plan:
    config: dict[str, Any]
    datasets: dict[str, Dataset]  # every dataset a wildcard may name (collections included)
    selected: list[str]  # the configured datasets that run, in config order
    runs: list[Run] = field(default_factory=list)  # full runs, then learning-curve runs

    @property
    def seeds(self) -> list[int]:
        return self.config["seeds"]

    def models(self, baseline: bool) -> list[str]:
        """The configured models that are baselines (or torch models)."""
        return [name for name in self.config["models"]
                if is_baseline(self.config, name) == baseline]  # fmt: skip

    @cached_property
    def _by_key(self) -> dict[tuple[str, str, str], Run]:
        return {run.key: run for run in self.runs}

    @cached_property
    def _by_dataset(self) -> dict[str, list[Run]]:
        found: dict[str, list[Run]] = {}
        for run in self.runs:
            found.setdefault(run.dataset.name, []).append(run)
        return found

    def run(self, task: str, dataset: str, model: str) -> Run:
        return self._by_key[task, dataset, model]

    def full_runs(self, task: str | None = None) -> list[Run]:
        return [run for run in self.runs if run.dataset.subset is None
                and task in (None, run.task)]  # fmt: skip

    def curve_runs(self) -> list[Run]:
        return [run for run in self.runs if run.dataset.subset is not None]

    def tasks(self) -> list[str]:
        """The tasks of the selected datasets, sorted: one figure each (`task_figures`)."""
        return sorted({self.datasets[name].task for name in self.selected})

    def ranked_tasks(self) -> list[str]:
        """Selected tasks whose kind ranks examples (ROC and precision-recall curves)."""
        return [task for task in self.tasks() if task_kind(task).ranked]

    def curve_tasks(self) -> list[str]:
        """Tasks with learning-curve runs, sorted."""
        return sorted({run.task for run in self.curve_runs()})

    def dataset_runs(self, dataset: str) -> list[Run]:
        return self._by_dataset.get(dataset, [])

    def target_runs(self) -> list[Run]:
        """Runs on tasks with per-target results (multi-target regression, multi-label)."""
        return [run for run in self.full_runs() if has_targets(run.task)]

    def collection_runs(self) -> list[Run]:
        return [run for run in self.full_runs() if run.dataset.collection]

    def ensemble_runs(self) -> list[Run]:
        """Torch representation models (ADAGE), when there are seeds enough for an
        eADAGE-style ensemble."""
        if len(self.seeds) < 2:
            return []
        return [run for run in self.full_runs()
                if not task_kind(run.task).supervised and not run.baseline]  # fmt: skip

    def interpretation_runs(self) -> list[Run]:
        """Runs of the `interpretation.models` of their task on datasets with a truth to
        score against: simulated ones whose simulator records what it planted
        (gdlbench.data.simulate.planted), and others whose options name their TFs' JASPAR
        motifs."""
        wanted = self.config["interpretation"]["models"]
        return [run for run in self.full_runs() if run.model in wanted.get(run.task, [])
                and (self.planted(run.dataset.name)
                     or named_motifs(run.dataset.spec.get("options", {})))]  # fmt: skip

    def planted(self, dataset: str) -> str | None:
        """The planted truth of a simulated dataset (in its simulator's folder); None where
        its simulator plants nothing, and for real data."""
        spec = self.datasets[dataset].spec
        if dataset_source(spec) != "simulate" or spec["format"] not in PLANTING_FORMATS:
            return None
        return f"{self.simulation(dataset)}/{PLANTED_FILE}"

    def interpretations(self) -> list[str]:
        """Each interpreted run's table (interpret_model outputs)."""
        return [INTERPRETATION.format(task=run.task, dataset=run.dataset.name, model=run.model)
                for run in self.interpretation_runs()]  # fmt: skip

    def interpretation_figures(self) -> dict[str, tuple[str, str]]:
        """Each interpreted run's figure (plot_interpretation_examples) -> (its first seed's
        saved attributions, the figure's title)."""
        return {INTERPRETATION_FIGURE.format(task=run.task, dataset=run.dataset.name,
                                             model=run.model):
                (ATTRIBUTIONS.format(task=run.task, dataset=run.dataset.name, model=run.model,
                                     seed=run.seeds[0]),
                 f"{run.task} / {run.dataset.name} / {run.model} ({run.family}), seed "
                 f"{run.seeds[0]}")
                for run in self.interpretation_runs()}  # fmt: skip

    def attention_runs(self) -> dict[str, Run]:
        """task -> the run whose attention `<task>_attention.png` draws: each
        `figures.attention` model on the first dataset of its task it runs on."""
        found = {}
        for entry in self.config["figures"]["attention"]:
            runs = [run for run in self.full_runs(entry["task"]) if run.model == entry["model"]]
            if runs and entry["task"] not in found:
                found[entry["task"]] = runs[0]
        return found

    def attention_inputs(self, task: str) -> dict[str, Any]:
        """An attention figure's saved model (first seed) and prepared files."""
        run = self.attention_runs()[task]
        return {"model": run.models[0], "prepared": run.dataset.meta}

    def cell_type_pairs(self) -> dict[str, dict[str, str]]:
        """task -> the `figures.cell_type_pairs` entry `<task>_cell_types.png` draws, where
        both models ran on the task's cell-type datasets."""
        ran = {(run.task, run.model) for run in self.collection_runs()}
        return {
            pair["task"]: pair
            for pair in self.config["figures"]["cell_type_pairs"]
            if {(pair["task"], pair["model"]), (pair["task"], pair["reference"])} <= ran
        }

    def collections(self) -> dict[str, str]:
        """dataset -> its collection, for the selected cell-type datasets."""
        return {name: cell["collection"] for name, cell in self.cell_types().items()}

    def cell_types(self) -> dict[str, dict[str, str]]:
        """dataset -> collection and cell type, for the selected cell-type datasets."""
        return {name: {"collection": self.datasets[name].collection,
                       "cell_type": self.datasets[name].cell_type}
                for name in self.selected if self.datasets[name].collection}  # fmt: skip

    def manifests(self, runs: list[Run]) -> list[str]:
        """The prediction manifests of the runs' datasets (evaluate_dataset outputs)."""
        return list(dict.fromkeys(run.dataset.manifest for run in runs))

    def metas(self, runs: list[Run]) -> list[str]:
        """The prepared meta.json of the runs' datasets."""
        return list(dict.fromkeys(run.dataset.meta for run in runs))

    def target_pair_figures(self) -> list[str]:
        """The scatter of each `figures.target_pairs` pair on each dataset of its task where
        both models ran."""
        ran = {run.key for run in self.full_runs()}
        datasets = dict.fromkeys((run.task, run.dataset.name) for run in self.target_runs())
        return [
            f"results/figures/{t}_{d}_{pair['model']}_vs_{pair['reference']}.png"
            for t, d in datasets
            for pair in self.config["figures"]["target_pairs"]
            if pair["task"] == t and {(t, d, pair["model"]), (t, d, pair["reference"])} <= ran
        ]

    def learning_curve_inputs(self) -> dict[str, list[str]]:
        """The metrics and intervals of the learning-curve runs and of their parents' full
        runs, and the parents' splits."""
        subsets = list(dict.fromkeys(run.dataset for run in self.curve_runs()))
        both = subsets + list(dict.fromkeys(self.datasets[d.parent] for d in subsets))
        return {
            "metrics": [data.metrics for data in both],
            "intervals": [data.intervals for data in both],
            "prepared": sorted({f"{data.prepared}/split.npy" for data in subsets}),
        }

    def learning_curves(self) -> dict[str, dict[str, Any]]:
        """Learning-curve dataset -> task, parent, subset and the parent's prepared folder."""
        return {
            run.dataset.name: {"task": run.task, "parent": run.dataset.parent,
                               "subset": run.dataset.subset, "prepared": run.dataset.prepared}
            for run in self.curve_runs()
        }  # fmt: skip

    def final_outputs(self) -> list[str]:
        """What `rule all` asks for."""
        outputs = [
            *(f"results/tables/{name}.tsv" for name in ("metrics", "summary",
              "published_vs_reproduced", "comparisons", "win_rates", "costs", "leakage")),
            "results/figures/published_vs_reproduced.png",
            "results/summary.md",
        ]  # fmt: skip
        curve_tasks, tasks = self.curve_tasks(), self.tasks()
        if curve_tasks:
            outputs.append("results/tables/learning_curves.tsv")
            outputs += task_figures(curve_tasks, "_learning_curve")
        outputs += task_figures(tasks, "") + task_figures(tasks, "_costs")
        outputs += task_figures(self.ranked_tasks(), "_roc_pr")
        if self.cell_types():
            outputs.append("results/tables/cell_types.tsv")
        outputs += [f"results/figures/{task}_cell_types.png" for task in self.cell_type_pairs()]
        if self.ensemble_runs():
            outputs.append("results/tables/ensembles.tsv")
        if self.target_runs():
            outputs += ["results/tables/targets.tsv", "results/tables/target_wins.tsv"]
            outputs += self.target_pair_figures()
        outputs += [f"results/figures/{task}_attention.png" for task in self.attention_runs()]
        if self.interpretation_runs():
            outputs += ["results/tables/interpretation.tsv", "results/figures/interpretation.png"]
            outputs += list(self.interpretation_figures())
        return outputs

    def downloads(self) -> dict[str, dict[str, Any]]:
        """Cache path (relative to the cache folder) -> {url, sha256} of every selected
        download."""
        cache = Path(self.config["download"]["cache"])
        table = {}
        for name in self.selected:
            spec = self.datasets[name].spec
            if dataset_source(spec) == "download":
                for entry in spec["files"].values():
                    path = cache_path(entry["url"], cache).relative_to(cache).as_posix()
                    table[path] = {"url": entry["url"], "sha256": entry.get("sha256")}
        return table

    def raw_files(self, dataset: str) -> dict[str, str]:
        """The dataset's raw files by role: simulated, downloaded (cache path) or local."""
        data = self.datasets[dataset]
        source = dataset_source(data.spec)
        if source == "simulate":
            fmt = FORMATS[data.spec["format"]]
            names = fmt.simulated(data.spec["simulate"]) if fmt.simulated else fmt.files
            folder = self.simulation(dataset)
            return {role: f"{folder}/{filename}" for role, filename in names.items()}
        if source == "download":
            cache = self.config["download"]["cache"]
            return {role: str(cache_path(f["url"], cache))
                    for role, f in data.spec["files"].items()}  # fmt: skip
        return {role: f["path"] for role, f in data.spec["files"].items()}

    def simulation(self, dataset: str) -> str:
        """The simulator's folder (cell types share their collection's)."""
        data = self.datasets[dataset]
        return SIMULATED.format(task=data.task, dataset=data.collection or dataset)

    def raw_inputs(self, dataset: str) -> list[str]:
        """What the prepare step depends on: the simulator's folder or the raw files."""
        if dataset_source(self.datasets[dataset].spec) == "simulate":
            return [self.simulation(dataset)]
        return list(self.raw_files(dataset).values())


def cell_type_datasets(config: dict[str, Any], name: str, spec: dict) -> list[Dataset]:
    """The datasets of a collection (`cell_types`: one archive, many cell types) at the run's
    scale, `<name>_<cell>`, each reading its cell type (`options.cell_type`)."""
    cells = spec["cell_types"]
    if isinstance(cells, dict):
        cells = cells.get(config["scale"])
    if not cells:
        raise ConfigError(
            f"config: datasets.{name}.cell_types lists no cell types for scale {config['scale']!r}"
        )
    found = []
    for cell in cells:
        child = {key: value for key, value in spec.items() if key != "cell_types"}
        child["options"] = {**spec.get("options", {}), "cell_type": cell}
        child_name = f"{name}_{cell}"
        if child_name in config["datasets"]:
            raise ConfigError(f"config: datasets.{name}: {child_name!r} is already a dataset")
        found.append(Dataset(child_name, spec["task"], child, child_name, collection=name))
    return found


def configured_datasets(config: dict[str, Any]) -> dict[str, Dataset]:
    """Every configured dataset, then the cell types of the collections."""
    datasets = {name: Dataset(name, spec["task"], spec, name)
                for name, spec in config["datasets"].items()}  # fmt: skip
    for name, spec in config["datasets"].items():
        if "cell_types" in spec:
            datasets.update((d.name, d) for d in cell_type_datasets(config, name, spec))
    unknown = set(config.get("only_datasets") or []) - set(datasets)
    if unknown:
        raise ConfigError(f"config: only_datasets names unknown datasets {sorted(unknown)}")
    return datasets


def is_selected(config: dict[str, Any], data: Dataset) -> bool:
    """Its task is in `tasks`, its source in `sources` and, when `only_datasets` is set, its
    name (or its collection's) is listed; a collection runs as its cell types only."""
    only = config.get("only_datasets")
    return (
        data.task in config["tasks"]
        and "cell_types" not in data.spec
        and dataset_source(data.spec) in config["sources"]
        and (only is None or data.name in only or data.collection in only)
    )


def models_for(config: dict[str, Any], data: Dataset) -> list[str]:
    """Configured models that accept the task's kind and modality and are not restricted to
    other tasks (`tasks`), kept from this one (`skip_tasks`) or restricted to other datasets
    (`datasets`, matched by name or by collection), and named in `only_models` when that is
    set; models using RNA structure only where the task has it. A new task thus gets every
    family its kind and modality admit."""
    task = TASKS[data.task]
    only = config.get("only_models")
    names = []
    for name, spec in config["models"].items():
        if only is not None and name not in only:
            continue
        entry = MODELS.get(registry_name(config, name)) or BASELINES[registry_name(config, name)]
        if (
            task.modality in entry.modalities
            and task.kind in entry.kinds
            and data.task in spec.get("tasks", [data.task])
            and data.task not in spec.get("skip_tasks", [])
            and ("datasets" not in spec or {data.name, data.collection} & set(spec["datasets"]))
            and (task.structure or not spec.get("structure", False))
        ):
            names.append(name)
    return names


def fraction_name(dataset: str, fraction: float) -> str:
    """The dataset name of a learning-curve subset: `<dataset>__frac<percent>`."""
    return f"{dataset}__frac{fraction * 100:g}"


def curve_datasets(config: dict[str, Any], data: Dataset) -> list[Dataset]:
    """The learning-curve subsets of a selected dataset (each of `learning_curves.fractions`,
    nested, seeded by `learning_curves.seed`), when a learning-curve model runs on it."""
    curves = config["learning_curves"]
    if not set(models_for(config, data)) & set(learning_curve_models(config, data.task)):
        return []
    return [
        Dataset(fraction_name(data.name, fraction), data.task, data.spec, data.name,
                {"dataset": fraction_name(data.name, fraction), "fraction": fraction,
                 "seed": curves["seed"]}, data.collection)
        for fraction in sorted(curves["fractions"])
    ]  # fmt: skip


def is_baseline(config: dict[str, Any], model: str) -> bool:
    return registry_name(config, model) in BASELINES


def build_plan(config: dict[str, Any]) -> Plan:
    """The plan of a validated, cross-checked config (gdlbench.config.check_config)."""
    datasets = configured_datasets(config)
    selected = [name for name, data in datasets.items() if is_selected(config, data)]
    plan = Plan(config, datasets, selected)
    seeds = tuple(config["seeds"])

    def run(data: Dataset, model: str) -> Run:
        baseline = is_baseline(config, model)
        family = (BASELINES if baseline else MODELS)[registry_name(config, model)].family
        return Run(data, model, seeds, baseline, family)

    curves = []
    for name in selected:
        data = datasets[name]
        plan.runs += [run(data, model) for model in models_for(config, data)]
        for subset in curve_datasets(config, data):
            curves += [run(subset, model) for model in models_for(config, data)
                       if model in learning_curve_models(config, data.task)]  # fmt: skip
            datasets[subset.name] = subset
    plan.runs += curves
    return plan


def reads_structure(config: dict[str, Any], run: Run) -> bool:
    """Whether the run's model reads the RNA structure channels."""
    return bool(model_settings(config, run.model)["structure"])


def model_inputs(config: dict[str, Any], run: Run) -> dict[str, Any]:
    """What a dataset's evaluation reads of a run: whether it reads RNA structure, and its
    seeds' saved models."""
    return {"structure": reads_structure(config, run), "models": run.models}


def run_inputs(config: dict[str, Any], runs: list[Run]) -> list[str]:
    """The prepared files the runs wait for: their datasets' (meta.json stands for the
    folder), with the RNA structure where a model reads it."""
    files = [run.dataset.meta for run in runs]
    files += [path for run in runs if reads_structure(config, run)
              for path in run.dataset.structure_files]  # fmt: skip
    return list(dict.fromkeys(files))


def task_figures(tasks: list[str], suffix: str, extension: str = "png") -> list[str]:
    """`results/figures/<task><suffix>.<extension>` of each task: the per-task figures one
    job of a figure rule draws for every task."""
    return [f"results/figures/{task}{suffix}.{extension}" for task in tasks]
