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


def family_of(model: str) -> str:
    return MODELS[model].family if model in MODELS else BASELINES[model].family


def split_scorer(
    data: PreparedDataset, model: str, path: Path
) -> Callable[[str], tuple[np.ndarray, np.ndarray]]:
    """Load a saved torch model or baseline once; return split -> (row indices, scores)."""
    kind = data.meta["kind"]
    if model in MODELS:
        device = select_device()
        net, saved = load_trained(path, device)

        def score_torch(split: str) -> tuple[np.ndarray, np.ndarray]:
            batch_size = saved["training"]["batch_size"]
            rows, logits = predict_logits(net, data, split, batch_size, device)
            return rows, scores_from_logits(kind, logits)

        return score_torch
    saved = load_baseline(path)

    def score_baseline(split: str) -> tuple[np.ndarray, np.ndarray]:
        rows = data.indices(split)
        features = baseline_features(data, rows, BASELINES[model], saved["k"])
        return rows, baseline_scores(saved["model"], features, kind)

    return score_baseline


def evaluate_model(
    data: PreparedDataset, model: str, path: Path, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(predictions, metrics): predictions hold split, row, y and score column(s)."""
    task, dataset = data.meta["task"], data.meta["dataset"]
    predictions, metric_rows = [], []
    scorer = split_scorer(data, model, path)
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
            metric_rows.append([task, dataset, model, family_of(model), seed, split, metric, value])
    return pd.concat(predictions, ignore_index=True), pd.DataFrame(
        metric_rows, columns=METRIC_COLUMNS
    )
