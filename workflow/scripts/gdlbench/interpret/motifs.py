"""Motifs learned by a sequence model, matched against JASPAR: each first-layer filter as a
position frequency matrix of the input windows that activate it most (above half its
largest activation, as DanQ's and Basset's papers did), each filter's influence on each
output (silenced one at a time, as Basset's paper measured it), and TOMTOM (memelite)
matches of any such matrices against a collection, with Benjamini-Hochberg q-values over
the collection per query (as MEME's Tomtom reports them)."""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import torch
from torch import nn

from gdlbench.aggregate.stats import bh_adjusted
from gdlbench.data.motifs import MotifCollection

MATCH_COLUMNS = ["query", "target", "name", "p_value", "q_value", "strand"]


def use_threads(threads: int) -> None:
    """Give memelite's numba kernels this job's `threads`, before numba is imported. By default
    numba runs a thread per core, and its OpenMP threads spin while waiting: two one-thread
    jobs side by side on two cores then each run two (an interpretation job took 6.6 s alone
    and 18 s beside another; 6.6 s each with one numba thread)."""
    if "numba" in sys.modules:
        raise RuntimeError("use_threads must run before numba is imported")
    os.environ["NUMBA_NUM_THREADS"] = str(threads)


def first_convolution(model: nn.Module) -> nn.Conv1d:
    """The model's first convolution over the four bases."""
    for module in model.modules():
        if isinstance(module, nn.Conv1d) and module.in_channels == 4:
            return module
    raise ValueError(f"{type(model).__name__} has no convolution over the four bases")


def filter_pfms(
    model: nn.Module, x: torch.Tensor, share: float = 0.5
) -> tuple[list[int], list[np.ndarray], list[int]]:
    """(filter indices, (4, width) base frequencies, sites counted) of each first-layer filter
    that fires on the one-hot sequences `x` (N, 4, L): the windows whose activation exceeds
    `share` of the filter's largest, counted base by base. Filters that never fire are left
    out."""
    conv = first_convolution(model)
    width = conv.kernel_size[0]
    left = (width - 1) // 2 if conv.padding == "same" else conv.padding[0]
    x = x.float().cpu()
    with torch.no_grad():
        activation = conv.float().cpu()(x)
    windows = x.unfold(2, width, 1)  # (N, 4, starts, width)
    activation = activation[:, :, left : left + windows.shape[2]]  # aligned with the starts
    peak = activation.amax(dim=(0, 2))
    fired = (activation > share * peak[None, :, None]) & (peak[None, :, None] > 0)
    counts = torch.einsum("nfs,ncsw->fcw", fired.float(), windows).numpy()
    sites = fired.sum(dim=(0, 2)).numpy()
    kept = [f for f in range(len(sites)) if sites[f] > 0]
    return kept, [counts[f] / sites[f] for f in kept], [int(sites[f]) for f in kept]


def filter_influence(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """(filters, outputs): each output's mean drop over the one-hot sequences `x` when one
    first-layer filter is silenced (its convolution's output set to zero), one filter at a
    time: which filters an output relies on (a multi-label model's, per profile)."""
    conv = first_convolution(model)
    model, x = model.eval().float().cpu(), x.float().cpu()
    silenced: list[int] = []

    def silence(module, inputs, output):
        if silenced:
            output = output.clone()
            output[:, silenced[0]] = 0.0
        return output

    handle = conv.register_forward_hook(silence)
    try:
        with torch.no_grad():
            before, drops = model(x), []
            for f in range(conv.out_channels):
                silenced[:] = [f]
                drops.append((before - model(x)).mean(dim=0))
    finally:
        handle.remove()
    return torch.stack(drops).numpy()


def tomtom_matches(
    queries: list[np.ndarray],
    collection: MotifCollection,
    q_threshold: float,
    names: list[str] | None = None,
) -> pd.DataFrame:
    """MATCH_COLUMNS: every (query, collection motif) pair whose TOMTOM q-value is at most
    `q_threshold`, best first within each query (`names`: the queries', default their
    positions); `strand` "-" where the query matches the motif's reverse complement."""
    from memelite import tomtom

    names = names or [str(i) for i in range(len(queries))]
    if not queries:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    queries = [np.asarray(query, dtype=np.float64) for query in queries]  # numba: one signature
    found = tomtom(queries, collection.matrices)
    p_values, strands = np.asarray(found[0], dtype=float), np.asarray(found[4])
    rows = []
    for query, p, strand in zip(names, p_values, strands, strict=True):
        q = bh_adjusted(p)
        kept = np.flatnonzero(q <= q_threshold)
        for target in kept[np.argsort(p[kept])]:
            rows.append([query, collection.ids[target], collection.names[target], p[target],
                         q[target], "-" if strand[target] else "+"])  # fmt: skip
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def check_matcher(collection: MotifCollection, q_threshold: float) -> None:
    """TOMTOM of every matrix of `collection` against the collection must find that matrix at
    `q_threshold`: raises ValueError naming those it misses. Run once before matching models'
    motifs, it also compiles memelite's numba kernels (tens of seconds) in one process, which
    later processes read from numba's cache."""
    matches = tomtom_matches(collection.matrices, collection, q_threshold, collection.ids)
    found = set(matches.loc[matches["query"] == matches["target"], "query"])
    missed = [motif for motif in collection.ids if motif not in found]
    if missed:
        raise ValueError(f"TOMTOM does not find {len(missed)} of {len(collection.ids)} JASPAR "
                         f"matrices in their own collection at q <= {q_threshold}: "
                         f"{', '.join(missed[:10])}")  # fmt: skip
