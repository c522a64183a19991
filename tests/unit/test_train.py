import numpy as np
import pytest
import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluate import evaluate_model
from gdlbench.train import save_trained, select_device, train_model

TRAINING = {
    "batch_size": 32,
    "lr": 0.003,
    "weight_decay": 0.0,
    "patience": 3,
    "amp": True,
    "max_epochs": 6,
}


def _train(data, tmp_path, seed=0, training=TRAINING, log=print):
    return train_model(
        data, "cnn", {"filters": [16], "dense": 16}, training, seed, tmp_path / "last.pt", log
    )


def test_cnn_learns_simulated_splice_and_curve_is_logged(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    best, curve = _train(data, tmp_path, training={**TRAINING, "max_epochs": 30, "patience": 5})
    assert list(curve.columns) == ["phase", "epoch", "train_loss", "valid_loss", "seconds"]
    assert curve["train_loss"].iloc[-1] < curve["train_loss"].iloc[0]
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    metrics = evaluate_model(data, "cnn", tmp_path / "model.pt", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["accuracy"] > 0.7 and test["auroc_macro"] > 0.85  # majority class: 0.5


def test_same_seed_gives_identical_weights_and_other_seed_does_not(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    training = {**TRAINING, "max_epochs": 2}
    a, _ = _train(data, tmp_path / "a", training=training)
    b, _ = _train(data, tmp_path / "b", training=training)
    c, _ = _train(data, tmp_path / "c", seed=1, training=training)
    for key in a["state_dict"]:
        assert torch.equal(a["state_dict"][key], b["state_dict"][key])
    assert any(not torch.equal(a["state_dict"][k], c["state_dict"][k]) for k in a["state_dict"])


def test_killed_run_resumes_from_checkpoint_to_the_same_result(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    training = {**TRAINING, "max_epochs": 4, "patience": 10}
    full, full_curve = _train(data, tmp_path / "full", training=training)

    class Killed(Exception):
        pass

    def kill_after_epoch_2(message):
        if message.startswith("epoch 2:"):
            raise Killed

    with pytest.raises(Killed):
        _train(data, tmp_path / "resumed", training=training, log=kill_after_epoch_2)
    messages = []
    resumed, resumed_curve = _train(
        data, tmp_path / "resumed", training=training, log=messages.append
    )
    assert any("resuming" in m and "after epoch 1" in m for m in messages)
    np.testing.assert_allclose(resumed_curve["valid_loss"], full_curve["valid_loss"], rtol=1e-6)
    for key in full["state_dict"]:
        assert torch.equal(full["state_dict"][key], resumed["state_dict"][key])


def test_device_override(monkeypatch):
    monkeypatch.setenv("GDLBENCH_DEVICE", "cpu")
    assert select_device() == torch.device("cpu")
    monkeypatch.delenv("GDLBENCH_DEVICE")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert select_device().type == expected


def test_autoencoder_pretrains_then_fine_tunes(tumor_prepared, tmp_path):
    data = PreparedDataset.load(tumor_prepared)
    training = {**TRAINING, "pretrain_epochs": 4, "max_epochs": 5, "patience": 5}
    lines = []
    best, curve = train_model(
        data, "autoencoder", {"hidden": [32, 8]}, training, 0, tmp_path / "last.pt", lines.append
    )
    assert curve["phase"].tolist() == ["pretrain"] * 4 + ["train"] * 5
    pretrain = curve[curve["phase"] == "pretrain"]
    assert pretrain["train_loss"].iloc[-1] < pretrain["train_loss"].iloc[0]
    assert any(line.startswith("pretraining epoch 1") for line in lines)
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    metrics = evaluate_model(data, "autoencoder", tmp_path / "model.pt", seed=0).metrics
    assert metrics.query("split == 'test' and metric == 'accuracy'")["value"].item() > 0.6
