"""`autoencoder` family: a stacked denoising or variational autoencoder with a prediction head.

DeePathology-style use: the encoder-decoder is first trained to reconstruct the training
inputs (`pretrain_loss`, corrupted by masking noise for a denoising AE, plus the KL term for a
VAE), then the encoder and the head are fine-tuned on the labels (`forward`); see
gdlbench.training.loop for the two phases. `encode` gives the code (the mean for a VAE).
"""

from __future__ import annotations

import math

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid}


def _stack(widths: list[int], last_activation: bool, activation: str) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:], strict=True)):
        layers.append(nn.Linear(a, b))
        if last_activation or i < len(widths) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        hidden: tuple[int, ...],
        variational: bool,
        noise: float,
        beta: float,
        dropout: float,
        activation: str,
        output: str,
    ) -> None:
        super().__init__()
        if activation not in ACTIVATIONS or output not in ("linear", "sigmoid"):
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)} and output linear or sigmoid"
            )
        if not hidden:
            raise ValueError("hidden needs at least one layer width (the code size last)")
        if not 0 <= noise < 1:
            raise ValueError(f"noise is the fraction of inputs masked, in [0, 1): got {noise}")
        code = hidden[-1]
        self.variational, self.noise, self.beta, self.code = variational, noise, beta, code
        self.encoder = _stack([n_inputs, *hidden[:-1]], True, activation)
        width = hidden[-2] if len(hidden) > 1 else n_inputs
        self.to_code = nn.Linear(width, 2 * code if variational else code)
        # the code goes through the activation too, except a VAE's mean and log-variance
        self.code_activation = nn.Identity() if variational else ACTIVATIONS[activation]()
        decoder = _stack([code, *reversed(hidden[:-1]), n_inputs], False, activation)
        self.decoder = nn.Sequential(
            decoder, nn.Sigmoid() if output == "sigmoid" else nn.Identity()
        )
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(code, n_outputs))

    def _code(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        out = self.to_code(self.encoder(x.flatten(1)))
        if not self.variational:
            return self.code_activation(out), None
        mean, log_var = out.chunk(2, dim=1)
        return mean, log_var

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self._code(x)[0]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encode(x))

    def reconstruct(self, x: torch.Tensor) -> torch.Tensor:
        """The decoder's output from the (uncorrupted) code, flattened like the input."""
        return self.decoder(self.encode(x))

    def gene_weights(self) -> torch.Tensor:
        """(nodes, inputs) weights of the first layer (ADAGE's node-gene weights; for a VAE
        without hidden layers, the weights of the code means)."""
        first = self.encoder[0] if len(self.encoder) else self.to_code
        return first.weight.detach()[: self.code if first is self.to_code else None]

    def pretrain_loss(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruction MSE of `x` from its corrupted copy (in training mode), plus
        `beta` x the KL divergence to N(0, I) for a VAE."""
        target = x.flatten(1)
        corrupted = target
        if self.training and self.noise > 0:
            corrupted = target * (torch.rand_like(target) >= self.noise)
        mean, log_var = self._code(corrupted)
        if log_var is None:
            return nn.functional.mse_loss(self.decoder(mean), target)
        code = mean + torch.randn_like(mean) * torch.exp(0.5 * log_var) if self.training else mean
        reconstruction = nn.functional.mse_loss(self.decoder(code), target)
        kl = -0.5 * torch.mean(torch.sum(1 + log_var - mean**2 - log_var.exp(), dim=1))
        return reconstruction + self.beta * kl / target.shape[1]


def build_autoencoder(
    input_shape: tuple[int, ...],
    n_outputs: int,
    hidden: tuple[int, ...] | list[int] = (256, 64),
    variational: bool = False,
    noise: float = 0.1,
    beta: float = 1.0,
    dropout: float = 0.2,
    activation: str = "relu",
    output: str = "linear",
) -> nn.Module:
    """`hidden`: encoder widths, the last being the code size; the decoder mirrors them.
    ADAGE: one sigmoid layer of 50 (`hidden: [50], activation: sigmoid, output: sigmoid`)
    on [0, 1]-scaled inputs with 10% masking noise."""
    return Autoencoder(
        math.prod(input_shape), n_outputs, tuple(hidden), variational, noise, beta, dropout,
        activation, output,
    )  # fmt: skip
