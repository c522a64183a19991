"""Transforms of float inputs and targets that a format declares (gdlbench.data.formats:
`Format.transform`, applied before the split; `Format.fitted`, a named pipeline fitted on the
training split alone). A task inherits none of them from its kind: a new vector task gets its
inputs as the reader gives them unless its format names steps here.

Fitted steps, each recording what it did in `meta["features"]` (or `meta["labels"]`):
- `quantile_normalize`: every sample's inputs and targets together, rank for rank, to the
  training samples' mean sorted profile (D-GEX);
- `sensitivity_labels`: target responses (LN_IC50) to sensitive (1) / resistant (0) by a
  z-score against each target's training mean and sd (`options.sensitive_z`, default -1;
  GDSC);
- `top_variable`: the `options.top_variable_genes` most variable inputs on train (all when
  unset), in input order;
- `standardize`: inputs by their training mean and sd (`options.standardize`, default true);
- `standardize_targets`: regression targets likewise (`options.standardize_targets`);
- `minmax`: each input scaled to [0, 1] on the training rows (ADAGE; held-out rows may fall
  outside).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdlbench.errors import InputError

INPUT_TRANSFORMS = {"log1p": np.log1p, "none": lambda x: x}  # before the split, per example


def input_transform(x: np.ndarray, name: str, source: str) -> np.ndarray:
    """`x` through the named per-example transform (`log1p` for counts)."""
    if name not in INPUT_TRANSFORMS:
        raise InputError(f"{source}: unknown transform {name!r}; use {sorted(INPUT_TRANSFORMS)}")
    if name == "log1p" and (x < 0).any():
        raise InputError(f"{source}: negative values cannot be counts; use transform: none")
    return INPUT_TRANSFORMS[name](x).astype(np.float32)


@dataclass
class Fitting:
    """What the fitted steps read and change: inputs, targets, the training rows, the
    dataset's options, and what they record."""

    x: np.ndarray
    y: np.ndarray
    train: np.ndarray  # boolean mask of the training rows
    options: dict[str, Any]
    names: list[str]  # the inputs' names (the reader's genes), kept in step with x's columns
    features: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, Any] | None = None


def _scale(values: np.ndarray, train: np.ndarray, enabled: bool) -> np.ndarray:
    """`values` standardised by the training rows' mean and sd (a constant column: sd 1)."""
    fitted = values[train]
    # the summation orders float32 results depend on: means over a column-major copy,
    # variances over a row-major one (as every prepared dataset so far was made)
    mean = np.asfortranarray(fitted).mean(axis=0) if enabled else np.zeros(values.shape[1])
    sd = np.sqrt(np.ascontiguousarray(fitted).var(axis=0)) if enabled else np.ones(values.shape[1])
    mean, sd = mean.astype(np.float32), np.where(sd > 0, sd, 1.0).astype(np.float32)
    return ((values - mean) / sd).astype(np.float32)


def quantile_normalize(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Every sample (row) replaced, rank for rank, by `reference` (ties keep their order), so
    a sample's normalisation depends on itself and the reference only."""
    order = np.argsort(values, axis=1, kind="stable")
    normalized = np.empty_like(values)
    np.put_along_axis(normalized, order, np.broadcast_to(reference, values.shape), axis=1)
    return normalized


def _quantile_normalize(state: Fitting) -> None:
    profile = np.hstack([state.x, state.y]).astype(np.float64)
    reference = np.sort(profile[state.train], axis=1).mean(axis=0)  # mean sorted profile
    profile = quantile_normalize(profile, reference)
    width = state.x.shape[1]
    state.x, state.y = profile[:, :width].astype(np.float32), profile[:, width:].astype(np.float32)
    state.features["quantile_normalize"] = True


def sensitivity_labels(
    response: np.ndarray, train: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sensitive (1) / resistant (0) per (example, target) from the response (NaN: not
    screened, stays NaN): sensitive when it lies more than `-z` training sd's below the
    target's training mean; returns labels, and each target's training mean and sd."""
    fitted = response[train]
    mean, sd = np.nanmean(fitted, axis=0), np.nanstd(fitted, axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    labels = ((response - mean) / sd < z).astype(np.float32)
    labels[np.isnan(response)] = np.nan
    return labels, mean.astype(np.float32), sd.astype(np.float32)


def _sensitivity_labels(state: Fitting) -> None:
    z = float(state.options.get("sensitive_z", -1.0))
    state.y, mean, sd = sensitivity_labels(state.y, state.train, z)
    state.labels = {"rule": "sensitive when (LN_IC50 - train mean) / train sd < sensitive_z",
                    "sensitive_z": z, "train_mean": mean.tolist(), "train_sd": sd.tolist(),
                    "fitted_on": "train"}  # fmt: skip


def _top_variable(state: Fitting) -> None:
    top = state.options.get("top_variable_genes")
    keep = np.arange(state.x.shape[1])
    if top is not None and top < len(keep):
        variance = np.ascontiguousarray(state.x[state.train]).var(axis=0)
        keep = np.sort(np.argsort(-variance, kind="stable")[:top])
    state.features.update(n_input=int(state.x.shape[1]), n_kept=int(len(keep)),
                          top_variable_genes=top)  # fmt: skip
    state.x, state.names = state.x[:, keep], [state.names[i] for i in keep]


def _standardize(state: Fitting) -> None:
    enabled = bool(state.options.get("standardize", True))
    state.x = _scale(state.x, state.train, enabled)
    state.features["standardize"] = enabled


def _standardize_targets(state: Fitting) -> None:
    enabled = bool(state.options.get("standardize_targets", True))
    state.y = _scale(state.y, state.train, enabled)
    state.features["standardize_targets"] = enabled


def _minmax(state: Fitting) -> None:
    low, high = state.x[state.train].min(axis=0), state.x[state.train].max(axis=0)
    state.x = ((state.x - low) / np.where(high > low, high - low, 1.0)).astype(np.float32)
    state.features["scaling"] = "minmax"


FITTED: dict[str, Callable[[Fitting], None]] = {
    "quantile_normalize": _quantile_normalize,
    "sensitivity_labels": _sensitivity_labels,
    "top_variable": _top_variable,
    "standardize": _standardize,
    "standardize_targets": _standardize_targets,
    "minmax": _minmax,
}


def fit_pipeline(steps: tuple[str, ...], state: Fitting) -> Fitting:
    """Run the named steps in order on `state` (fitted on its training rows)."""
    for step in steps:
        FITTED[step](state)
    if steps:
        state.features["fitted_on"] = "train"
    return state
