"""Score a trained model or baseline on validation and test: per-example predictions and the
SPEC §6 metric rows. This is the only place the test split is scored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.baselines import BASELINES
from gdlbench.baselines.fit import baseline_features, baseline_scores, load_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.metrics import compute_metrics, scores_from_logits
from gdlbench.models import MODELS
from gdlbench.train import load_trained, predict_logits, select_device

METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]
EVAL_SPLITS = ("valid", "test")
Scorer = Callable[[str], tuple[np.ndarray, np.ndarray]]


def load_scorer(data: PreparedDataset, path: Path) -> tuple[str, Scorer]:
    """Load a saved torch model (`.pt`) or baseline (`.pkl`) once; return its family and a
    function split -> (row indices, scores)."""
    kind = data.meta["kind"]
    if path.suffix == ".pt":
        device = select_device()
        net, saved = load_trained(path, device)

        def score_torch(split: str) -> tuple[np.ndarray, np.ndarray]:
            batch_size = saved["training"]["batch_size"]
            rows, logits = predict_logits(net, data, split, batch_size, device)
            return rows, scores_from_logits(kind, logits)

        return MODELS[saved["model"]].family, score_torch
    saved = load_baseline(path)
    spec = BASELINES[saved["name"]]

    def score_baseline(split: str) -> tuple[np.ndarray, np.ndarray]:
        rows = data.indices(split)
        features = baseline_features(data, rows, spec, saved["k"])
        return rows, baseline_scores(saved["model"], features, kind)

    return spec.family, score_baseline


def evaluate_model(
    data: PreparedDataset, model: str, path: Path, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(predictions, metrics) of the model saved at `path`, reported under the name `model`;
    predictions hold split, row, y and score column(s)."""
    task, dataset = data.meta["task"], data.meta["dataset"]
    family, scorer = load_scorer(data, path)
    predictions, metric_rows = [], []
    for split in EVAL_SPLITS:
        rows, scores = scorer(split)
        y = np.asarray(data.y[rows])
        frame = pd.DataFrame({"split": split, "row": rows, "y": y})
        if scores.ndim == 2:
            for i, cls in enumerate(data.meta["classes"]):
                frame[f"score_{cls}"] = scores[:, i]
        else:
            frame["score"] = scores
        predictions.append(frame)
        for metric, value in compute_metrics(task, y, scores).items():
            metric_rows.append([task, dataset, model, family, seed, split, metric, value])
    predictions = pd.concat(predictions, ignore_index=True)
    return predictions, pd.DataFrame(metric_rows, columns=METRIC_COLUMNS)
