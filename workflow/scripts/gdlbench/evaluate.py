"""Score a trained model or baseline on validation and test: per-example predictions and the
SPEC §6 metric rows. This is the only place the test split is scored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from gdlbench.baselines import BASELINES
from gdlbench.baselines.fit import baseline_features, baseline_scores, load_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.enrichment import enrichment_table, pathways_covered
from gdlbench.metrics import compute_metrics, scores_from_logits
from gdlbench.models import MODELS
from gdlbench.train import load_trained, predict_logits, select_device

METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
EVAL_SPLITS = ("valid", "test")
Scorer = Callable[[str], tuple[np.ndarray, np.ndarray]]


class Evaluation(NamedTuple):
    """One model's scoring: per-example predictions, SPEC §6 metric rows, and the test
    targets and scores the metrics were computed from (for the bootstrap intervals)."""

    predictions: pd.DataFrame
    metrics: pd.DataFrame
    test_y: np.ndarray
    test_scores: np.ndarray


def load_scorer(data: PreparedDataset, path: Path) -> tuple[str, Scorer, np.ndarray | None]:
    """Load a saved torch model (`.pt`) or baseline (`.pkl`) once; return its family, a
    function split -> (row indices, scores), and for representations the (nodes, genes)
    weights of its nodes or components."""
    kind = data.meta["kind"]
    if path.suffix == ".pt":
        device = select_device()
        net, saved = load_trained(path, device)
        batch_size = saved["training"]["batch_size"]

        def score_torch(split: str) -> tuple[np.ndarray, np.ndarray]:
            if kind == "representation":
                return predict_logits(net, data, split, batch_size, device, forward=net.reconstruct)
            rows, logits = predict_logits(net, data, split, batch_size, device)
            return rows, scores_from_logits(kind, logits)

        weights = net.gene_weights().cpu().numpy() if kind == "representation" else None
        return MODELS[saved["model"]].family, score_torch, weights
    saved = load_baseline(path)
    spec = BASELINES[saved["name"]]

    def score_baseline(split: str) -> tuple[np.ndarray, np.ndarray]:
        rows = data.indices(split)
        features = baseline_features(data, rows, spec, saved["k"])
        return rows, baseline_scores(saved["model"], features, kind)

    weights = saved["model"].components_ if kind == "representation" else None
    return spec.family, score_baseline, weights


def evaluate_model(data: PreparedDataset, model: str, path: Path, seed: int) -> Evaluation:
    """Score the model saved at `path`, reported under the name `model`. Predictions hold
    split, row, y and score column(s) -- for regression, the mean absolute error over targets
    and one `pred_<target>` column per target."""
    task, dataset = data.meta["task"], data.meta["dataset"]
    family, scorer, weights = load_scorer(data, path)
    kind = data.meta["kind"]
    predictions, metric_rows = [], []
    for split in EVAL_SPLITS:
        rows, scores = scorer(split)
        y = np.asarray(data.y[rows])
        if kind == "representation":  # the target is the input itself
            y = np.asarray(data.x[rows]).reshape(len(rows), -1)
        frame = pd.DataFrame({"split": split, "row": rows})
        if kind == "representation":
            frame["reconstruction_mse"] = ((scores - y) ** 2).mean(axis=1)
        elif kind == "regression":  # targets: y is in the prepared data
            frame["abs_error"] = np.abs(scores - y).reshape(len(rows), -1).mean(axis=1)
            columns = [f"pred_{t}" for t in data.meta["targets"]]
            frame = pd.concat(
                [frame, pd.DataFrame(scores.reshape(len(rows), -1), columns=columns)], axis=1
            )
        elif scores.ndim == 2:
            frame["y"] = y
            for i, cls in enumerate(data.meta["classes"]):
                frame[f"score_{cls}"] = scores[:, i]
        else:
            frame["y"] = y
            frame["score"] = scores
        predictions.append(frame)
        if split == "test":
            test = (y, scores)
        for metric, value in compute_metrics(task, y, scores).items():
            metric_rows.append([task, dataset, model, family, seed, split, metric, value])
    if kind == "representation":  # ADAGE: gene sets enriched in high-weight node genes
        table = enrichment_table(weights, data.meta["genes"], data.meta["terms"])
        n = len(pathways_covered(table))
        metric_rows.append([task, dataset, model, family, seed, "test", "n_pathways", n])
    predictions = pd.concat(predictions, ignore_index=True)
    metrics = pd.DataFrame(metric_rows, columns=METRIC_COLUMNS)
    return Evaluation(predictions, metrics, *test)
