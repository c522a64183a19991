"""`ann` family: a multilayer perceptron on the flattened input (one-hot or features)."""

from __future__ import annotations

import math

from torch import nn


def build_mlp(
    input_shape: tuple[int, ...],
    n_outputs: int,
    hidden: tuple[int, ...] | list[int] = (128, 64),
    dropout: float = 0.3,
) -> nn.Module:
    layers: list[nn.Module] = [nn.Flatten()]
    width = math.prod(input_shape)
    for units in hidden:
        layers += [nn.Linear(width, units), nn.ReLU(), nn.Dropout(dropout)]
        width = units
    layers.append(nn.Linear(width, n_outputs))
    return nn.Sequential(*layers)
