"""Seqlets: short spans of high attribution, called by TF-MoDISco's procedure (tangermeme's
`tfmodisco_seqlets`: windowed attribution sums against a Laplace null, at its false
discovery rate of 0.2), scored against the planted sites, and the bases under each as a
query for TOMTOM. Every model has them, recurrent ones included, where only convolutions
have filters."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

# Bases summed per candidate seqlet: about one TF site. TF-MoDISco's default (21, plus 10 of
# flank on each side) is made for 1 kb windows; on 101 bp it would span 40% of a sequence.
WINDOW = 15


def call_seqlets(attributions: np.ndarray) -> pd.DataFrame:
    """(example_idx, start, end) of each seqlet of the per-position attributions (N, L),
    the span clipped to the sequence."""
    import torch
    from tangermeme.seqlet import tfmodisco_seqlets

    values = torch.from_numpy(np.ascontiguousarray(attributions, dtype=np.float32))
    with warnings.catch_warnings():  # numpy 2's notice about tensors it is handed, per call
        warnings.filterwarnings("ignore", "__array_wrap__", DeprecationWarning)
        found = tfmodisco_seqlets(values, window_size=WINDOW, flank=0)
    found = found[["example_idx", "start", "end"]].astype(int)
    found["start"] = found["start"].clip(lower=0)
    found["end"] = found["end"].clip(upper=values.shape[1])
    return found.reset_index(drop=True)


def seqlet_matrices(x: np.ndarray, seqlets: pd.DataFrame) -> list[np.ndarray]:
    """The bases under each seqlet of the one-hot sequences `x` (N, 4, L), as (4, width)
    matrices: TOMTOM queries."""
    return [np.asarray(x[row, :, start:end], dtype=np.float64)
            for row, start, end in seqlets.itertuples(index=False)]  # fmt: skip


def seqlet_scores(seqlets: pd.DataFrame, planted: np.ndarray) -> dict[str, float]:
    """Seqlets against the planted positions (N, L, bool): `seqlets` per sequence,
    `seqlet_precision` (share of seqlets overlapping a planted position; NaN without
    seqlets) and `seqlet_recall` (share of planted sites -- runs of planted positions --
    that a seqlet overlaps; NaN without sites)."""
    covered = np.zeros_like(planted, dtype=bool)
    hits = []
    for row, start, end in seqlets.itertuples(index=False):
        covered[row, start:end] = True
        hits.append(bool(planted[row, start:end].any()))
    sites = recalled = 0
    for row in range(planted.shape[0]):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], planted[row].astype(int), [0]])))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            sites += 1
            recalled += bool(covered[row, start:end].any())
    return {"seqlets": len(seqlets) / planted.shape[0],
            "seqlet_precision": float(np.mean(hits)) if hits else float("nan"),
            "seqlet_recall": recalled / sites if sites else float("nan")}  # fmt: skip
