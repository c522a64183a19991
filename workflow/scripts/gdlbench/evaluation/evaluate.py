"""Score a trained model or baseline on validation and test: per-example predictions, the
SPEC §6 metric rows and the bootstrap intervals of the test metrics. This is the only place
the test split is scored, after all training and selection are done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from gdlbench.baselines import BASELINES
from gdlbench.baselines.estimators import node_weights
from gdlbench.baselines.fit import blocked_scores, load_baseline
from gdlbench.bootstrap import replicate_intervals, seed_mean_replicates
from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluation.enrichment import enrichment_table, named_genes, pathways_covered
from gdlbench.evaluation.predictions import EVAL_SPLITS, SplitPredictions, write_predictions
from gdlbench.kinds import task_metrics
from gdlbench.models import MODELS
from gdlbench.plan import MANIFEST_COLUMNS, prediction_file
from gdlbench.tasks import TASKS
from gdlbench.training.devices import select_device
from gdlbench.training.train import load_trained, score_split

METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
INTERVAL_COLUMNS = ["task", "dataset", "model", "metric", "ci_low", "ci_high", "n_bootstrap"]
Scorer = Callable[[str], tuple[np.ndarray, np.ndarray]]


class Evaluation(NamedTuple):
    """One model's scoring: its family, per-example predictions of each split, SPEC §6 metric
    rows, and the test targets and scores the metrics were computed from and the test
    examples' clusters (for the bootstrap intervals)."""

    family: str
    predictions: dict[str, SplitPredictions]
    metrics: pd.DataFrame
    test_y: np.ndarray
    test_scores: np.ndarray
    test_clusters: np.ndarray


class Scoring(NamedTuple):
    family: str
    score: Scorer  # split -> (row indices, scores)
    weights: Callable[[], np.ndarray]  # (nodes, inputs) weights of a representation
    # per-run facts reported beside the metrics as validation rows: `tuning_budget`, the
    # configurations tried on validation; `at_chance`, 1.0 when training never left the
    # chance loss (torch models of supervised tasks)
    flags: dict[str, float]


def load_scorer(data: PreparedDataset, path: Path) -> Scoring:
    """Load a saved torch model (`.pt`) or baseline (`.pkl`) once, and score through the
    task kind: its scores from logits (or an estimator), reconstructions for
    representations."""
    kind = data.kind
    if path.suffix == ".pt":
        device = select_device()
        net, saved = load_trained(path, device)
        batch_size = saved["training"]["batch_size"]

        def score_torch(split: str) -> tuple[np.ndarray, np.ndarray]:
            return score_split(net, data, split, batch_size, device)

        flags = {"tuning_budget": float(len(saved.get("tuning", [])) or 1)}
        if kind.supervised:
            flags["at_chance"] = float(saved["at_chance"])
        weights = lambda: net.gene_weights().cpu().numpy()  # noqa: E731
        return Scoring(MODELS[saved["model"]].family, score_torch, weights, flags)
    saved = load_baseline(path)
    spec = BASELINES[saved["name"]]

    def score_baseline(split: str) -> tuple[np.ndarray, np.ndarray]:
        rows = data.indices(split)
        return rows, blocked_scores(data, saved["model"], rows, spec, saved["k"])

    budget = len(saved["tuning"]) if saved.get("tuning") is not None else 1
    flags = {"tuning_budget": float(max(budget, 1))}
    return Scoring(spec.family, score_baseline, lambda: node_weights(saved["model"]), flags)


def evaluate_model(
    data: PreparedDataset, model: str, path: Path, seed: int, test_metrics: bool = True
) -> Evaluation:
    """Score the model saved at `path`, reported under the name `model`: each example's row,
    cluster (examples sharing one are not independent), truth and scores, every metric of
    the task per split (`test_metrics` False: validation only, the caller scores the test
    split with its bootstrap), and for representations the gene sets their nodes cover
    (`n_pathways`, ADAGE's measure)."""
    task, dataset, kind = data.meta["task"], data.meta["dataset"], data.kind
    scoring = load_scorer(data, path)
    predictions, metric_rows = {}, []

    def row(split: str, metric: str, value: float) -> None:
        metric_rows.append([task, dataset, model, scoring.family, seed, split, metric, value])

    for split in EVAL_SPLITS:
        rows, scores = scoring.score(split)
        y = kind.truth(data.x[rows], data.y[rows])
        clusters = data.clusters[rows]
        predictions[split] = SplitPredictions(rows, clusters, y, scores)
        if split == "test":
            test = (y, scores, clusters)
            if not test_metrics:
                continue
        for metric, value in task_metrics(task, y, scores, data.meta.get("target_groups")).items():
            row(split, metric, value)
    for flag, value in scoring.flags.items():
        row("valid", flag, value)
    if "n_pathways" in TASKS[task].metrics:
        table = enrichment_table(scoring.weights(), *named_genes(data.meta))
        row("test", "n_pathways", len(pathways_covered(table)))
    metrics = pd.DataFrame(metric_rows, columns=METRIC_COLUMNS)
    return Evaluation(scoring.family, predictions, metrics, *test)


def interval_table(
    task: str,
    dataset: str,
    model: str,
    intervals: dict[str, tuple[float, float, int]],
) -> pd.DataFrame:
    """INTERVAL_COLUMNS rows of one model's `bootstrap_intervals` (`n_bootstrap`: the
    replicates each interval rests on, those where its metric is defined)."""
    rows = [[task, dataset, model, metric, low, high, used]
            for metric, (low, high, used) in intervals.items()]  # fmt: skip
    return pd.DataFrame(rows, columns=INTERVAL_COLUMNS)


def evaluate_seeds(
    data: PreparedDataset,
    model: str,
    seeds: list[int],
    model_paths: list[Path],
    prediction_paths: list[Path],
    bootstrap: dict[str, int],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One model of an evaluate_dataset job: every seed's predictions (written to the
    folders `prediction_paths`, gdlbench.evaluation.predictions) and metric rows, and the
    two-level bootstrap intervals of the test metrics over examples (whole clusters of
    dependent examples) and seeds. The test metrics come from the bootstrap's pass, so each
    seed's test scores are ranked once."""
    tables, test_scores = [], []
    for seed, model_path, predictions_path in zip(
        seeds, model_paths, prediction_paths, strict=True
    ):
        evaluation = evaluate_model(data, model, Path(model_path), seed, test_metrics=False)
        write_predictions(predictions_path, evaluation.predictions, data.meta)
        tables.append(evaluation.metrics)
        test_scores.append(evaluation.test_scores)
    task, dataset = data.meta["task"], data.meta["dataset"]
    names, point, replicates = seed_mean_replicates(
        task,
        evaluation.test_y,
        test_scores,
        bootstrap["n_bootstrap"],
        np.random.default_rng(bootstrap["seed"]),
        groups=data.meta.get("target_groups"),
        clusters=evaluation.test_clusters,
    )
    tables.append(pd.DataFrame(
        [[task, dataset, model, evaluation.family, seed, "test", metric, float(value)]
         for seed, values in zip(seeds, point, strict=True)
         for metric, value in zip(names, values, strict=True)],
        columns=METRIC_COLUMNS,
    ))  # fmt: skip
    intervals = interval_table(task, dataset, model, replicate_intervals(names, replicates))
    return pd.concat(tables, ignore_index=True), intervals


def evaluate_dataset(
    prepared: str | Path,
    subset: dict | None,
    runs: dict[str, dict],
    seeds: list[int],
    predictions: str | Path,
    bootstrap: dict[str, int],
    log: Callable[[str], None],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One evaluate_dataset job: `evaluate_seeds` of every model of a dataset (`runs`: model
    -> {structure, models: its seeds' saved files}), predictions written under
    `predictions/<model>/<seed>/`; returns the metrics, the intervals and the manifest of
    the prediction folders (MANIFEST_COLUMNS)."""
    tables, intervals, manifest = [], [], []
    loaded = {structure: PreparedDataset.load(prepared, structure, subset)
              for structure in {run["structure"] for run in runs.values()}}  # fmt: skip
    for model, run in runs.items():
        data = loaded[run["structure"]]
        paths = [prediction_file(predictions, model, seed) for seed in seeds]
        manifest += [(data.meta["task"], data.meta["dataset"], model, seed, str(path))
                     for seed, path in zip(seeds, paths, strict=True)]  # fmt: skip
        metrics, found = evaluate_seeds(data, model, seeds, run["models"], paths, bootstrap)
        log(metrics.to_string(index=False))
        tables.append(metrics)
        intervals.append(found)
    return (
        pd.concat(tables, ignore_index=True),
        pd.concat(intervals, ignore_index=True),
        pd.DataFrame(manifest, columns=MANIFEST_COLUMNS),
    )
