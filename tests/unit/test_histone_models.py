"""Models on histone matrices (marks x bins): AttentiveChrome's attention, DeepChrome's sizes,
and recurrent models that must not mistake an all-zero bin for padding."""

import numpy as np
import pytest
import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.models import MODELS
from gdlbench.models.attentivechrome import build_attentivechrome
from gdlbench.models.cnn import build_cnn
from gdlbench.training.train import model_params


def test_attentivechrome_attention_sums_to_one_per_mark_and_over_marks():
    model = build_attentivechrome((5, 100), 1).eval()
    out = model(torch.rand(3, 5, 100))
    assert out.shape == (3, 1)
    assert model.last_bin_attention.shape == (3, 5, 100)
    assert model.last_mark_attention.shape == (3, 5)
    assert torch.allclose(model.last_bin_attention.sum(dim=2), torch.ones(3, 5))
    assert torch.allclose(model.last_mark_attention.sum(dim=1), torch.ones(3))


def test_deepchrome_sizes():
    model = build_cnn((5, 100), 1, filters=[50], kernel_size=10, pool_size=5, dense=[625, 125])
    linear = [m for m in model.head if isinstance(m, torch.nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linear] == [(1000, 625), (625, 125), (125, 1)]


@pytest.mark.parametrize("name", [n for n, spec in MODELS.items() if spec.masks_padding])
def test_all_zero_bins_are_data_when_not_masked(name):
    torch.manual_seed(0)
    x = torch.rand(2, 5, 20)
    x[:, :, 15:] = 0  # trailing empty bins: padding for sequences, data for histone counts
    masked = MODELS[name].build((5, 20), 1, masked=True).eval()
    unmasked = MODELS[name].build((5, 20), 1, masked=False).eval()
    unmasked.load_state_dict(masked.state_dict())
    assert not torch.allclose(masked(x), unmasked(x))


def test_training_masks_only_variable_length_sequences(histone_prepared, splice_prepared):
    histone, splice = PreparedDataset.load(histone_prepared), PreparedDataset.load(splice_prepared)
    assert model_params("rnn", histone, {"hidden": 8}) == {"masked": False, "hidden": 8}
    assert model_params("rnn", splice, {})["masked"] is False  # fixed length: nothing to skip
    splice.meta["padded"] = True  # as variable-length sequences are (premirna)
    assert model_params("rnn", splice, {})["masked"] is True
    assert "masked" not in model_params("mlp", histone, {})
    assert histone.inputs(np.arange(2)).shape == (2, 5, 100)
