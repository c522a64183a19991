"""The autoencoder family: reconstruction pretraining, the VAE variant, and the two training
phases of the training entry point."""

import pytest
import torch

from gdlbench.models.autoencoder import build_autoencoder


def _low_rank(n=128, genes=40, rank=3, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return torch.randn(n, rank, generator=generator) @ torch.randn(rank, genes, generator=generator)


@pytest.mark.parametrize("variational", [False, True])
def test_pretraining_lowers_the_reconstruction_loss(variational):
    torch.manual_seed(0)
    x = _low_rank()
    model = build_autoencoder((40,), 3, hidden=[32, 4], variational=variational, noise=0.1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model.eval()
    before = model.pretrain_loss(x).item()
    model.train()
    for _ in range(150):
        optimizer.zero_grad()
        model.pretrain_loss(x).backward()
        optimizer.step()
    model.eval()
    assert model.pretrain_loss(x).item() < 0.5 * before
    assert model.encode(x).shape == (128, 4) and model(x).shape == (128, 3)


def test_evaluation_is_deterministic_and_noise_only_in_training():
    model = build_autoencoder((10,), 2, hidden=[4], variational=True, noise=0.5).eval()
    x = torch.rand(6, 10)
    assert torch.equal(model.pretrain_loss(x), model.pretrain_loss(x))
    assert torch.equal(model(x), model(x))


def test_bad_arguments_are_value_errors():
    with pytest.raises(ValueError, match="noise"):
        build_autoencoder((10,), 2, noise=1.0)
    with pytest.raises(ValueError, match="hidden"):
        build_autoencoder((10,), 2, hidden=[])
