"""The one training loop: learning, seeding, early stopping from the first real improvement,
the chance-level flag, and kill-and-resume in every phase (a real SIGKILL of a training
process mid-epoch, then a rerun, against an uninterrupted run)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluation.evaluate import evaluate_model
from gdlbench.training.devices import select_device
from gdlbench.training.loop import EarlyStopping
from gdlbench.training.train import save_trained, train_model, tune_model

TRAINING = {
    "batch_size": 32,
    "lr": 0.003,
    "weight_decay": 0.0,
    "patience": 3,
    "amp": True,
    "max_epochs": 6,
}
JOB = Path(__file__).resolve().parents[1] / "helpers" / "train_job.py"


def _train(data, tmp_path, seed=0, training=TRAINING, log=print):
    return train_model(
        data, "cnn", {"filters": [16], "dense": 16}, training, seed, tmp_path / "last.pt", log
    )


def test_cnn_learns_simulated_splice_and_curve_is_logged(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    best, curve = _train(data, tmp_path, training={**TRAINING, "max_epochs": 30, "patience": 5})
    assert list(curve.columns) == ["phase", "epoch", "train_loss", "valid_loss", "seconds"]
    assert curve["train_loss"].iloc[-1] < curve["train_loss"].iloc[0]
    assert not best["at_chance"]
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    metrics = evaluate_model(data, "cnn", tmp_path / "model.pt", seed=0).metrics
    test = metrics[metrics["split"] == "test"].set_index("metric")["value"]
    assert test["accuracy"] > 0.7 and test["auroc_macro"] > 0.85  # majority class: 0.5
    flag = metrics.query("split == 'valid' and metric == 'at_chance'")["value"]
    assert flag.tolist() == [0.0]


def test_same_seed_gives_identical_weights_and_other_seed_does_not(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    training = {**TRAINING, "max_epochs": 2}
    a, _ = _train(data, tmp_path / "a", training=training)
    b, _ = _train(data, tmp_path / "b", training=training)
    c, _ = _train(data, tmp_path / "c", seed=1, training=training)
    for key in a["state_dict"]:
        assert torch.equal(a["state_dict"][key], b["state_dict"][key])
    assert any(not torch.equal(a["state_dict"][k], c["state_dict"][k]) for k in a["state_dict"])


def test_max_steps_caps_every_epoch_and_leaves_validation_whole(splice_prepared, tmp_path):
    """A capped epoch (a rehearsal on CPU) takes `max_steps` optimiser steps, and the curve
    still has its validation loss of the whole validation split."""
    data = PreparedDataset.load(splice_prepared)
    steps = []
    step = torch.optim.AdamW.step

    def counted(self, *args, **kwargs):
        steps.append(1)
        return step(self, *args, **kwargs)

    training = {**TRAINING, "max_epochs": 2, "max_steps": 3}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(torch.optim.AdamW, "step", counted)
        _, curve = _train(data, tmp_path, training=training)
    assert len(steps) == 2 * 3 and len(data.indices("train")) > 3 * TRAINING["batch_size"]
    assert curve["valid_loss"].notna().all() and len(curve) == 2


def test_patience_counts_from_the_first_epoch_below_the_plateau():
    stopper = EarlyStopping(patience=2, threshold=0.68)
    for epoch, loss in enumerate([0.6931, 0.6932, 0.6933, 0.6934, 0.6935], start=1):
        stopper.update(loss, epoch)
    assert not stopper.stop and not stopper.counting  # still on the chance plateau
    for epoch, loss in enumerate([0.5, 0.51, 0.52], start=6):
        stopper.update(loss, epoch)
    assert stopper.stop and stopper.best_epoch == 6
    plain = EarlyStopping(patience=2)
    for epoch, loss in enumerate([0.6931, 0.6932, 0.6933], start=1):
        plain.update(loss, epoch)
    assert plain.stop


def test_a_model_that_cannot_learn_is_flagged_at_chance(splice_prepared, tmp_path):
    data = PreparedDataset.load(splice_prepared)
    shuffled = np.random.default_rng(0).permutation(np.asarray(data.y))  # labels without signal
    data.y = shuffled
    lines = []
    best, curve = _train(data, tmp_path, training={**TRAINING, "max_epochs": 5},
                         log=lines.append)  # fmt: skip
    assert best["at_chance"] and any("AT CHANCE" in line for line in lines)
    assert len(curve) == 5  # the plateau is not a reason to stop


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
    assert any(line.startswith("pretrain epoch 1") for line in lines)
    save_trained(best, curve, tmp_path / "model.pt", tmp_path / "curve.tsv")
    metrics = evaluate_model(data, "autoencoder", tmp_path / "model.pt", seed=0).metrics
    assert metrics.query("split == 'test' and metric == 'accuracy'")["value"].item() > 0.6


# Kill and resume, one case per phase: (prepared fixture, model, params, training, index of
# the phase the kill hits).
PHASES = {
    "pretrain": ("tumor_prepared", "autoencoder", {"hidden": [64, 8]},
                 {"pretrain_epochs": 12, "max_epochs": 3}, 0),
    "supervised": ("splice_prepared", "rnn", {"hidden": 16}, {"max_epochs": 8}, 0),
    "supervised_after_pretraining": ("tumor_prepared", "autoencoder", {"hidden": [64, 8]},
                                     {"pretrain_epochs": 3, "max_epochs": 12}, 1),
    "reconstruct": ("compendium_prepared", "autoencoder", {"hidden": [15]},
                    {"max_epochs": 12, "batch_size": 8}, 0),
}  # fmt: skip


def _job(tmp_path, name, device, prepared, model, params, training):
    settings = {"prepared": str(prepared), "model": model, "params": params,
                "training": {**TRAINING, "patience": 50, "amp": False, **training}, "seed": 3,
                "checkpoint": str(tmp_path / name / "last.pt"),
                "out": str(tmp_path / name)}  # fmt: skip
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(settings))
    env = {**os.environ, "GDLBENCH_DEVICE": device}
    return [sys.executable, str(JOB), str(path)], env, tmp_path / name / "last.pt"


def _kill_during(command, env, checkpoint, phase: int) -> str:
    """Start the job, SIGKILL it once its checkpoint shows an epoch of `phase` done (so the
    kill lands in a later epoch of it), return what it printed."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if checkpoint.exists():
            try:
                progress = torch.load(checkpoint, map_location="cpu", weights_only=True)["progress"]
            except (EOFError, RuntimeError):  # pragma: no cover - replaced while read
                continue
            if progress["phase"] == phase and progress["epoch"] >= 1:
                process.send_signal(signal.SIGKILL)
                break
        time.sleep(0.002)
    output = process.communicate()[0]
    assert process.returncode == -signal.SIGKILL, f"the job was not killed in time:\n{output}"
    return output


@pytest.mark.parametrize("phase_name", sorted(PHASES))
def test_a_job_killed_mid_phase_resumes_to_the_uninterrupted_result(
    phase_name, device, tmp_path, request
):
    fixture, model, params, training, phase = PHASES[phase_name]
    prepared = request.getfixturevalue(fixture)
    command, env, _ = _job(tmp_path, "full", device, prepared, model, params, training)
    subprocess.run(command, env=env, check=True, capture_output=True)
    command, env, checkpoint = _job(tmp_path, "killed", device, prepared, model, params, training)
    _kill_during(command, env, checkpoint, phase)
    rerun = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    assert "resuming from" in rerun.stdout
    full = torch.load(tmp_path / "full/model.pt", map_location="cpu", weights_only=True)
    resumed = torch.load(tmp_path / "killed/model.pt", map_location="cpu", weights_only=True)
    assert full["epoch"] == resumed["epoch"]
    for key, value in full["state_dict"].items():
        if device == "cpu":
            assert torch.equal(value, resumed["state_dict"][key]), key
        else:
            torch.testing.assert_close(value, resumed["state_dict"][key])
    metrics = [pd.read_csv(tmp_path / f"{run}/metrics.tsv", sep="\t") for run in ("full", "killed")]
    if device == "cpu":
        pd.testing.assert_frame_equal(*metrics)
    else:
        np.testing.assert_allclose(metrics[0]["value"], metrics[1]["value"], rtol=1e-4)


def test_a_grid_is_a_tuning_budget_chosen_on_validation(splice_prepared, tmp_path):
    """Each configuration trains with its own checkpoint; the best validation accuracy is
    kept, with what was tried; evaluation reports the budget."""
    data = PreparedDataset.load(splice_prepared)
    settings = {"model": "cnn", "params": {"filters": [8], "dense": 8},
                "grid": {"lr": [0.0001, 0.01], "dropout": [0.0]}}  # fmt: skip
    lines = []
    best, _ = tune_model(data, settings, {**TRAINING, "max_epochs": 3}, 0,
                         tmp_path / "last.pt", lines.append)  # fmt: skip
    tried = pd.DataFrame(best["tuning"])
    assert len(tried) == 2 and (tmp_path / "last.pt.0").exists()
    chosen = tried["valid_accuracy"].idxmax()
    assert best["training"]["lr"] == [0.0001, 0.01][chosen] and best["params"]["dropout"] == 0.0
    save_trained(best, pd.DataFrame(), tmp_path / "model.pt", tmp_path / "curve.tsv")
    metrics = evaluate_model(data, "cnn", tmp_path / "model.pt", seed=0).metrics
    assert metrics.query("metric == 'tuning_budget'")["value"].tolist() == [2.0]
