"""Attributions of a sequence model's output to its one-hot input bases, through tangermeme:
DeepLIFT/SHAP against dinucleotide-shuffled references (with tangermeme's convergence check:
the attributions of an example must add up to its output minus the references' mean) and
in-silico saturation mutagenesis. A miRNA-target pair model is attributed through its site,
the miRNA held fixed beside it (`SiteOfPair`)."""

from __future__ import annotations

import contextlib
import warnings
from typing import NamedTuple

import numpy as np
import torch
from torch import nn

METHODS = ("deep_lift_shap", "ism")


class Attributions(NamedTuple):
    """(N, 4, L) attributions on the observed bases (zero elsewhere), and whether
    DeepLIFT/SHAP's contributions added up to the outputs (always true for ISM)."""

    values: np.ndarray
    converged: bool


def attribute(
    model: nn.Module,
    x: torch.Tensor,
    method: str,
    target: int = 0,
    n_shuffles: int = 20,
    seed: int = 0,
    context: torch.Tensor | None = None,
) -> Attributions:
    """Attributions of output `target` of `model` to the one-hot inputs `x` (N, 4, L), on
    the CPU in float32; `n_shuffles` references per sequence for DeepLIFT/SHAP; `context`
    (N, ...): a second model input per sequence, passed beside it and not attributed."""
    from tangermeme.deep_lift_shap import deep_lift_shap
    from tangermeme.saturation_mutagenesis import saturation_mutagenesis

    if method not in METHODS:
        raise ValueError(f"unknown attribution method {method!r}: one of {', '.join(METHODS)}")
    model = model.eval().float().cpu()
    x = x.float().cpu()
    args = None if context is None else (context.float().cpu(),)
    if method == "ism":
        values = saturation_mutagenesis(model, x, args=args, target=target)  # observed bases
        return Attributions(values.numpy(), True)
    with warnings.catch_warnings(record=True) as caught, _unpooling_allowed():
        warnings.simplefilter("always")
        values = deep_lift_shap(model, x, args=args, target=target, n_shuffles=n_shuffles,
                                random_state=seed, device="cpu")  # fmt: skip
    converged = not any("convergence" in str(w.message).lower() for w in caught)
    return Attributions(values.detach().numpy(), converged)


def attribute_targets(
    model: nn.Module,
    x: torch.Tensor,
    targets: np.ndarray,
    method: str,
    n_shuffles: int = 20,
    context: torch.Tensor | None = None,
) -> Attributions:
    """`attribute` of each sequence's own output `targets[i]` (a multiclass model's: the
    true class's logit), one call per distinct target."""
    values, converged = np.zeros(tuple(x.shape), dtype=np.float32), True
    for target in np.unique(targets):
        chosen = np.flatnonzero(targets == target)
        found = attribute(model, x[chosen], method, target=int(target), n_shuffles=n_shuffles,
                          context=None if context is None else context[chosen])  # fmt: skip
        values[chosen], converged = found.values, converged and found.converged
    return Attributions(values, converged)


class SiteOfPair(nn.Module):
    """A miRNA-target pair model (gdlbench.models.pair: (N, 8, L), channels 0-3 the miRNA,
    4-7 the site) as a model of the site's one-hot (N, 4, L), the miRNA's passed beside it:
    what methods for one-hot sequences attribute (the padded miRNA is not one-hot)."""

    def __init__(self, pair_model: nn.Module):
        super().__init__()
        self.pair_model = pair_model

    def forward(self, site: torch.Tensor, mirna: torch.Tensor) -> torch.Tensor:
        return self.pair_model(torch.cat([mirna, site], dim=1))


@contextlib.contextmanager
def _unpooling_allowed():
    """DeepLIFT/SHAP's max-pool rule unpools, which torch lists as nondeterministic (on the
    CPU it is not): under `torch.use_deterministic_algorithms(True)` (training sets it), warn
    instead of raising while it runs."""
    enabled = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    if enabled:
        torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        yield
    finally:
        torch.use_deterministic_algorithms(enabled, warn_only=warn_only)


def per_position(values: np.ndarray) -> np.ndarray:
    """(N, L) attribution of each position: the sum over the bases (only the observed base is
    non-zero)."""
    return np.asarray(values).sum(axis=1)
