import pytest
import torch

from gdlbench.models import MODELS

# DeepSEA's unpadded convolutions and poolings need 163 bp at least
LONG = {"deepsea": 170}


def channels(name: str) -> int:
    """One-hot channels of the model's input: 4 (DNA), or 20 for protein-only models."""
    return 20 if MODELS[name].modalities == ("protein",) else 4


DEVICES = [
    "cpu",
    pytest.param(
        "cuda", marks=pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
    ),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("n_outputs", [1, 3])
def test_output_shape_on_sequences(name, n_outputs, device):
    length = LONG.get(name, 60)
    model = MODELS[name].build((channels(name), length), n_outputs).to(device)
    out = model(torch.rand(5, channels(name), length, device=device))
    assert out.shape == (5, n_outputs)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_constructors_share_no_state(name):
    shape = (channels(name), LONG.get(name, 30))
    a, b = MODELS[name].build(shape, 2), MODELS[name].build(shape, 2)
    assert all(
        pa.data_ptr() != pb.data_ptr()
        for pa, pb in zip(a.parameters(), b.parameters(), strict=True)
    )


def planted_motif_task(n: int = 64, length: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    """One-hot sequences; label 1 when GATTACA is planted (anywhere), so every family can
    learn it."""
    generator = torch.Generator().manual_seed(0)
    codes = torch.randint(0, 4, (n, length), generator=generator)
    y = torch.arange(n) % 2
    motif = torch.tensor([2, 0, 3, 3, 0, 1, 0])
    starts = torch.randint(0, length - len(motif), (n,), generator=generator)
    for i in torch.nonzero(y).flatten():
        codes[i, starts[i] : starts[i] + len(motif)] = motif
    return torch.eye(4)[codes].permute(0, 2, 1), y


def planted_residue_task(n: int = 64, length: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    """One-hot proteins (20 channels); label 1 makes a third of the residues lysine (K), a
    composition signal."""
    generator = torch.Generator().manual_seed(0)
    codes = torch.randint(0, 20, (n, length), generator=generator)
    y = torch.arange(n) % 2
    codes[y == 1, ::3] = 8  # K
    return torch.eye(20)[codes].permute(0, 2, 1), y


def planted_mark_task(n: int = 64, length: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    """Count-like (N, 4 marks, L) matrices; label 1 raises mark 0 over positions 10-20."""
    generator = torch.Generator().manual_seed(0)
    y = torch.arange(n) % 2
    x = torch.rand(n, 4, length, generator=generator)
    x[:, 0, 10:20] += 1.5 * y[:, None]
    return x, y


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_few_steps_lower_the_loss(name):
    torch.manual_seed(0)
    sequences = "sequence" in MODELS[name].modalities
    length = LONG.get(name, 30)
    x, y = planted_motif_task(length=length) if sequences else planted_mark_task()
    if channels(name) == 20:
        x, y = planted_residue_task(length=length)
    model = MODELS[name].build((channels(name), length), 2)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.eval()
    before = loss_fn(model(x), y).item()
    model.train()
    for _ in range(60):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    model.eval()
    assert loss_fn(model(x), y).item() < before * 0.8


def test_deepsea_has_the_published_sizes_and_refuses_too_short_inputs():
    model = MODELS["deepsea"].build((4, 1000), 919)
    assert model.head[1].in_features == 960 * 53  # 1000 -> 993 -> 248 -> 241 -> 60 -> 53
    assert model.head[1].out_features == 925 and model.head[3].out_features == 919
    with pytest.raises(ValueError, match="162 bp are too short"):
        MODELS["deepsea"].build((4, 162), 2)
