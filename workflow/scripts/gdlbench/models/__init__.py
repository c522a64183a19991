"""Torch model registry. Contract: `build(input_shape, n_outputs, **params)` returns a module
mapping a float batch `(N, *input_shape)` -- `(N, 4, L)` one-hot for sequences, `(N, 20, L)`
for proteins, `(N, 8, L)` for pairs (pair.py) -- to `(N, n_outputs)` logits (or predictions
for regression). A new model is one module plus one entry here and a `models:` entry in the
config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from gdlbench.models.attention import build_attention
from gdlbench.models.attentivechrome import build_attentivechrome
from gdlbench.models.autoencoder import build_autoencoder
from gdlbench.models.cnn import build_cnn
from gdlbench.models.composition import build_composition_mlp
from gdlbench.models.deepsea import build_deepsea
from gdlbench.models.hybrid import build_hybrid
from gdlbench.models.mlp import build_mlp
from gdlbench.models.pair import (
    build_deeptarget,
    build_pair_attention,
    build_pair_cnn,
    build_pair_hybrid,
)
from gdlbench.models.rnn import build_rnn


@dataclass(frozen=True)
class ModelSpec:
    family: str  # SPEC §4
    build: Callable[..., nn.Module]
    modalities: tuple[str, ...]  # input modalities it accepts (gdlbench.tasks.Task.modality)
    masks_padding: bool = False  # takes `masked`: skip all-zero positions (sequences only)
    kinds: tuple[str, ...] = ("binary", "multiclass", "multilabel", "regression")  # task kinds


MODELS: dict[str, ModelSpec] = {
    "mlp": ModelSpec("ann", build_mlp, ("sequence", "matrix", "vector")),
    "mlp_composition": ModelSpec("ann", build_composition_mlp, ("protein",)),
    "cnn": ModelSpec("cnn", build_cnn, ("sequence", "protein", "matrix", "vector")),
    "deepsea": ModelSpec("cnn", build_deepsea, ("sequence",), kinds=("binary", "multilabel")),
    "rnn": ModelSpec("rnn", build_rnn, ("sequence", "protein", "matrix"), masks_padding=True),
    "hybrid": ModelSpec("hybrid", build_hybrid, ("sequence", "protein", "matrix")),
    "attention": ModelSpec("attention", build_attention, ("sequence", "protein", "matrix"), True),
    "attentivechrome": ModelSpec("attention", build_attentivechrome, ("matrix",)),
    "autoencoder": ModelSpec(
        "autoencoder",
        build_autoencoder,
        ("vector",),
        kinds=("binary", "multiclass", "multilabel", "regression", "representation"),
    ),  # fmt: skip
    # miRNA-target site pairs (gdlbench.models.pair)
    "deeptarget": ModelSpec("rnn", build_deeptarget, ("pair",), kinds=("binary",)),
    "pair_cnn": ModelSpec("cnn", build_pair_cnn, ("pair",), kinds=("binary",)),
    "pair_hybrid": ModelSpec("hybrid", build_pair_hybrid, ("pair",), kinds=("binary",)),
    "pair_attention": ModelSpec("attention", build_pair_attention, ("pair",), kinds=("binary",)),
}
