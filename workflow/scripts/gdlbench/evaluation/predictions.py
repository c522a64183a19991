"""One run's per-example predictions for one seed: a folder of `.npy` arrays per split --
`<split>.rows.npy` (row indices, ascending), `<split>.cluster.npy` (each example's leakage
cluster: examples sharing one are not independent), `<split>.y.npy` (the truth as the task
kind gives it, labels as stored) and `<split>.scores.npy` (float32) -- read back by memory
map, so that aggregation over a DeepSEA-sized test set (455 000 windows x 919 profiles)
parses no text and holds no copy it does not need. `meta.json` holds the task and the output
columns' names (classes or targets).

`python -m gdlbench.evaluation.predictions FOLDER` prints both splits as the kind's TSV
columns, for reading a small dataset's predictions by eye."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from gdlbench.kinds import task_kind

EVAL_SPLITS = ("valid", "test")
NAMES = ("classes", "targets")  # the prepared meta.json keys that name output columns


class SplitPredictions(NamedTuple):
    rows: np.ndarray
    cluster: np.ndarray
    y: np.ndarray
    scores: np.ndarray


def write_predictions(folder: str | Path, splits: dict[str, SplitPredictions], meta: dict) -> None:
    """Save each split's arrays (in row order) and the task and column names of the
    prepared dataset's `meta`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for split, arrays in splits.items():
        order = np.argsort(arrays.rows, kind="stable")
        for field, values in zip(SplitPredictions._fields, arrays, strict=True):
            values = np.asarray(values)[order]
            if field == "scores":
                values = values.astype(np.float32)
            np.save(folder / f"{split}.{field}.npy", values)
    about = {"task": meta["task"], **{key: meta[key] for key in NAMES if key in meta}}
    (folder / "meta.json").write_text(json.dumps(about))


def read_predictions(folder: str | Path, split: str = "test") -> SplitPredictions:
    """One split's arrays, memory-mapped."""
    folder = Path(folder)
    return SplitPredictions(*(np.load(folder / f"{split}.{field}.npy", mmap_mode="r")
                              for field in SplitPredictions._fields))  # fmt: skip


def prediction_meta(folder: str | Path) -> dict:
    """The task and output column names (`classes`, `targets`) the predictions were saved with."""
    return json.loads((Path(folder) / "meta.json").read_text())


def to_frame(folder: str | Path) -> pd.DataFrame:
    """Both splits as the task kind's prediction columns (split, row, cluster, ...)."""
    meta = prediction_meta(folder)
    kind, frames = task_kind(meta["task"]), []
    for split in EVAL_SPLITS:
        rows, cluster, y, scores = (np.asarray(a) for a in read_predictions(folder, split))
        frame = kind.prediction_frame(split, rows, y, scores, meta)
        frame.insert(frame.columns.get_loc("row") + 1, "cluster", cluster)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


if __name__ == "__main__":
    to_frame(sys.argv[1]).to_csv(sys.stdout, sep="\t", index=False)
