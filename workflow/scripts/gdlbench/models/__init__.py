"""Torch model registry. Contract: `build(input_shape, n_outputs, **params)` returns a module
mapping a float batch `(N, *input_shape)` -- `(N, 4, L)` one-hot for sequences, `(N, 20, L)`
for proteins, `(N, 8, L)` for pairs (pair.py) -- to `(N, n_outputs)` logits (or predictions
for regression). A new model is one module plus one entry here and a `models:` entry in the
config. Reading the registry (as every parse of the workflow does) imports no torch:
`ModelSpec.build` imports the model's module."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

from gdlbench.signatures import keyword_parameters

if TYPE_CHECKING:
    from torch import nn


@dataclass(frozen=True)
class ModelSpec:
    family: str  # SPEC §4
    builder: str  # "module:function" under gdlbench.models, imported when a model is built
    modalities: tuple[str, ...]  # input modalities it accepts (gdlbench.tasks.Task.modality)
    masks_padding: bool = False  # takes `masked`: skip all-zero positions (sequences only)
    kinds: tuple[str, ...] = ("binary", "multiclass", "multilabel", "regression")  # task kinds
    small: dict[str, Any] = field(default_factory=dict)  # test parameters: seconds, not minutes

    @property
    def parameters(self) -> frozenset[str]:
        """What a config's `params` (and `grid`, beside training keys) may set: the
        builder's parameters, read from its source (gdlbench.signatures)."""
        module, function = self.builder.split(":")
        return keyword_parameters(f"models.{module}", function) - {"input_shape", "n_outputs"}

    def build(self, input_shape: tuple[int, ...], n_outputs: int, **params: Any) -> nn.Module:
        """The module (torch is imported here, not when the registry is read)."""
        module, function = self.builder.split(":")
        build = getattr(import_module(f"gdlbench.models.{module}"), function)
        return build(input_shape, n_outputs, **params)


MODELS: dict[str, ModelSpec] = {
    "mlp": ModelSpec(
        "ann", "mlp:build_mlp", ("sequence", "matrix", "vector"), small={"hidden": [16]}
    ),
    "mlp_composition": ModelSpec(
        "ann", "composition:build_composition_mlp", ("protein",), small={"hidden": [16]}
    ),
    "cnn": ModelSpec(
        "cnn",
        "cnn:build_cnn",
        ("sequence", "protein", "matrix", "vector"),
        small={"filters": [8], "dense": 8},
    ),
    "deepsea": ModelSpec(
        "cnn",
        "deepsea:build_deepsea",
        ("sequence",),
        kinds=("binary", "multilabel"),
        small={"filters": [8, 8, 8], "dense": 8},
    ),
    "rnn": ModelSpec(
        "rnn",
        "rnn:build_rnn",
        ("sequence", "protein", "matrix"),
        masks_padding=True,
        small={"hidden": 8, "dense": 8},
    ),
    "hybrid": ModelSpec(
        "hybrid",
        "hybrid:build_hybrid",
        ("sequence", "protein", "matrix"),
        small={"filters": 8, "hidden": 8, "dense": 8},
    ),
    "attention": ModelSpec(
        "attention",
        "attention:build_attention",
        ("sequence", "protein", "matrix"),
        True,
        small={"hidden": 8, "attention_dim": 8, "dense": 8, "filters": 4},
    ),
    "attentivechrome": ModelSpec(
        "attention",
        "attentivechrome:build_attentivechrome",
        ("matrix",),
        small={"bin_hidden": 8, "mark_hidden": 8},
    ),
    "autoencoder": ModelSpec(
        "autoencoder",
        "autoencoder:build_autoencoder",
        ("vector",),
        kinds=("binary", "multiclass", "multilabel", "regression", "representation"),
        small={"hidden": [16, 8]},
    ),
    # miRNA-target site pairs (gdlbench.models.pair)
    "deeptarget": ModelSpec(
        "rnn",
        "pair:build_deeptarget",
        ("pair",),
        kinds=("binary",),
        small={"hidden": 16, "dense": 8},
    ),
    "pair_rnn": ModelSpec(
        "rnn",
        "pair:build_pair_rnn",
        ("pair",),
        kinds=("binary",),
        small={"hidden": 8, "dense": 8},
    ),
    "pair_cnn": ModelSpec(
        "cnn",
        "pair:build_pair_cnn",
        ("pair",),
        kinds=("binary",),
        small={"filters": [4, 8], "dense": 8},
    ),
    "pair_hybrid": ModelSpec(
        "hybrid",
        "pair:build_pair_hybrid",
        ("pair",),
        kinds=("binary",),
        small={"filters": [8], "hidden": 16, "dense": 16},
    ),
    "pair_attention": ModelSpec(
        "attention",
        "pair:build_pair_attention",
        ("pair",),
        kinds=("binary",),
        small={"hidden": 8, "attention_dim": 8, "dense": 8},
    ),
}
