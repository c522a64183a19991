"""The `localization` task's models: every family that reads proteins (20-channel one-hot),
padding skipped where the DNA models skip it, the composition MLP, and the composition
baselines tuned and scored on a simulated, prepared DeepLoc-format dataset."""

import numpy as np
import pytest
import torch
from split_settings import SPLIT

from gdlbench.baselines import BASELINES
from gdlbench.baselines.fit import save_baseline, tune_baseline
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.formats.deeploc import read_deeploc
from gdlbench.data.prepare import prepare_records, write_prepared
from gdlbench.data.protein import encode_protein, protein_one_hot
from gdlbench.data.simulate.localization import write_localization
from gdlbench.evaluation.evaluate import evaluate_model
from gdlbench.models import MODELS

PROTEIN_MODELS = sorted(name for name, spec in MODELS.items() if "protein" in spec.modalities)


def test_the_reviewed_families_read_proteins():
    families = {MODELS[name].family for name in PROTEIN_MODELS}
    assert families == {"ann", "cnn", "rnn", "hybrid", "attention"}
    composition = {n for n, s in BASELINES.items() if s.features == "composition"}
    assert composition == {"logreg_composition", "svm_composition", "rf_composition"}


@pytest.mark.parametrize("name", PROTEIN_MODELS)
def test_output_shape_on_proteins(name, device):
    x = protein_one_hot(encode_protein(["MKTAYIAKQR" * 5, "MSKL" * 3])).to(device)
    model = MODELS[name].build((20, 50), 10).to(device)
    assert model(x).shape == (2, 10)


@pytest.mark.parametrize(
    ("name", "params"),
    [("rnn", {}), ("attention", {"encoder": "bilstm"}),
     ("attention", {"encoder": "conv_bilstm", "kernel_sizes": [1, 3, 9], "filters": 4}),
     ("mlp_composition", {})],
)  # fmt: skip
def test_more_padding_changes_nothing(name, params):
    """The masked recurrent models and the composition MLP skip padding: a protein scores the
    same however far it is padded."""
    torch.manual_seed(0)
    model = MODELS[name].build((20, 40), 10, **params).eval()
    short = protein_one_hot(encode_protein(["MKTAYIAKQRQISFVKSHFSRQ"], 30))
    long = protein_one_hot(encode_protein(["MKTAYIAKQRQISFVKSHFSRQ"], 40))
    with torch.no_grad():
        assert torch.allclose(model(short), model(long), atol=1e-5)


def test_deeploc_encoder_has_one_convolution_per_width():
    model = MODELS["attention"].build(
        (20, 1000), 10, encoder="conv_bilstm", kernel_sizes=[1, 3, 5, 9, 15, 21], filters=20,
        hidden=256,
    )  # fmt: skip
    assert [conv.kernel_size[0] for conv in model.convs] == [1, 3, 5, 9, 15, 21]
    assert model.rnn.input_size == 120 and model.rnn.hidden_size == 256


def test_composition_mlp_refuses_dna_and_a_bad_k():
    with pytest.raises(ValueError, match="20 channels"):
        MODELS["mlp_composition"].build((4, 30), 2)
    with pytest.raises(ValueError, match="k must be 1 or 2"):
        MODELS["mlp_composition"].build((20, 30), 2, k=3)


@pytest.fixture(scope="module")
def localization_prepared(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw") / "deeploc_data.fasta"
    params = {"seed": 3, "n_per_class": 40, "length": [30, 80], "strength": 1.0,
              "test_fraction": 0.25, "dual": 3}  # fmt: skip
    write_localization(params, np.random.default_rng(3), {"data": raw})
    records = read_deeploc({"data": raw}, {"max_length": 100})
    folder = tmp_path_factory.mktemp("prepared") / "localization" / "sim"
    split = {**SPLIT, "method": "given"}
    write_prepared(folder, *prepare_records("localization", "sim", records, "sim", split, None))
    return folder


@pytest.mark.parametrize("name", ["logreg_composition", "svm_composition", "rf_composition"])
def test_composition_baselines_learn_the_planted_signals(localization_prepared, tmp_path, name):
    data = PreparedDataset.load(localization_prepared)
    assert data.input_shape() == (20, 100) or data.input_shape()[0] == 20
    grid = {"k": [1, 2], **({"C": [1.0]} if name != "rf_composition" else {"n_estimators": [100]})}
    model, k, tuning = tune_baseline(data, name, grid, k=1, seed=0, threads=1)
    assert len(tuning) == 2 and set(tuning["param_k"]) == {1, 2}
    save_baseline(tmp_path / "m.pkl", model, name, k, tuning)
    metrics = evaluate_model(data, name, tmp_path / "m.pkl", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["accuracy"] > 0.3  # chance: 0.1 over ten balanced locations
