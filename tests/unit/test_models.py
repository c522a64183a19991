import pytest
import torch

from gdlbench.models import MODELS

# DeepSEA's unpadded convolutions and poolings need 163 bp at least
LONG = {"deepsea": 170}
PAIRS = {name for name, spec in MODELS.items() if spec.modalities == ("pair",)}


def channels(name: str) -> int:
    """One-hot channels a model reads: 8 for miRNA-site pairs, 20 for protein-only models, 4
    for sequences."""
    if name in PAIRS:
        return 8
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


def planted_pair_task(n: int = 64, length: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, 8, L) miRNA (20 nt, right-padded) and site one-hot; label 1 when the site holds
    the reverse complement of the miRNA's nucleotides 2-7 (a 6mer seed match)."""
    generator = torch.Generator().manual_seed(0)
    mirna = torch.randint(0, 4, (n, 20), generator=generator)
    site = torch.randint(0, 4, (n, length), generator=generator)
    y = torch.arange(n) % 2
    starts = torch.randint(0, length - 6, (n,), generator=generator)
    for i in torch.nonzero(y).flatten():
        site[i, starts[i] : starts[i] + 6] = (3 - mirna[i, 1:7]).flip(0)  # A<->T, C<->G
    x = torch.zeros(n, 8, length)
    x[:, :4, :20] = torch.eye(4)[mirna].permute(0, 2, 1)
    x[:, 4:] = torch.eye(4)[site].permute(0, 2, 1)
    return x, y


@pytest.mark.parametrize("name", ["pair_cnn", "pair_hybrid"])
def test_pairing_map_models_cropped_past_the_mirna_compute_the_same_features(name):
    torch.manual_seed(0)
    x, _ = planted_pair_task(n=4, length=40)  # 20 nt miRNAs, 40 nt sites
    full = MODELS[name].build((8, 40), 1, filters=[4, 8])
    cropped = MODELS[name].build((8, 40), 1, filters=[4, 8], mirna_length=24)
    cropped.conv.load_state_dict(full.conv.state_dict())
    features, real = cropped.conv(x)
    assert features.shape[2] == 24 and real.sum() == 4 * 20 * 40
    assert torch.equal(features, full.conv(x)[0][:, :, :24])


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
def test_small_test_parameters_are_builder_parameters_and_smaller(name):
    spec = MODELS[name]
    assert spec.small and set(spec.small) <= spec.parameters
    shape = (channels(name), LONG.get(name, 30))
    size = [sum(p.numel() for p in model.parameters())
            for model in (spec.build(shape, 2), spec.build(shape, 2, **spec.small))]  # fmt: skip
    assert size[1] < size[0] / 2


@pytest.mark.parametrize("name", sorted(MODELS))
def test_a_few_steps_lower_the_loss(name):
    torch.manual_seed(0)
    sequences = "sequence" in MODELS[name].modalities
    length = LONG.get(name, 30)
    x, y = planted_motif_task(length=length) if sequences else planted_mark_task()
    if name in PAIRS:
        x, y = planted_pair_task(length=length)
    elif channels(name) == 20:
        x, y = planted_residue_task(length=length)
    model = MODELS[name].build((channels(name), length), 2, **MODELS[name].small)
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


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_pair_models_ignore_padding_and_refuse_single_sequences(name):
    torch.manual_seed(0)
    x, _ = planted_pair_task(n=4, length=30)
    padded = torch.zeros(4, 8, 40)
    padded[:, :, :30] = x  # both sequences padded further: the same prediction
    if name == "pair_cnn":  # its head reads every miRNA position of the prepared length
        features, real = MODELS[name].build((8, 40), 1).conv(padded)
        assert real.sum() == 4 * 20 * 30 and (features[~real.expand_as(features)] == 0).all()
        return
    model = MODELS[name].build((8, 30), 1).eval()
    assert torch.allclose(model(x), model(padded), atol=1e-5)
    with pytest.raises(ValueError, match="reads \\(8, L\\) inputs"):
        MODELS[name].build((4, 30), 1)
