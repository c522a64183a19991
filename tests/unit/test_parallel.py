"""Data-parallel training (`training.devices`): the shard arithmetic, and real runs of two
torchrun processes on the CPU (gloo) against one process -- the same loss curve, rank 0 alone
writing, and a fit stopped on one device resumed on two."""

import numpy as np
import pandas as pd
import pytest
import torch

from gdlbench.data.dataset import Shard
from gdlbench.training.launch import train_job

TRAINING = {"batch_size": 50, "lr": 0.003, "weight_decay": 0.0, "patience": 10, "amp": False,
            "max_epochs": 4}  # fmt: skip
SETTINGS = {"model": "cnn", "structure": False,
            "params": {"filters": [16], "dense": 16, "dropout": 0.0}}  # fmt: skip


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
@pytest.mark.parametrize("world", [1, 2, 3])
def test_shards_cover_each_row_once_and_weights_give_the_batch_mean(n, world):
    rows = np.arange(100, 100 + n)
    losses = np.random.default_rng(n).random(n)  # one loss per row
    taken, averaged = [], 0.0
    for rank in range(world):
        shard = Shard(rank, world)
        mine = shard.take(rows)
        assert len(mine) >= 1  # every process steps, even on a short last batch
        if shard.size(n):
            taken.extend(mine)
            averaged += shard.weight(n) * losses[mine - 100].mean() / world
        else:
            assert shard.weight(n) == 0.0
    assert sorted(taken) == rows.tolist()
    assert averaged == pytest.approx(losses.mean())


def _job(prepared, folder, training):
    return {
        "prepared": str(prepared), "subset": None, "settings": SETTINGS, "training": training,
        "seeds": [0], "models": [str(folder / "model.pt")], "curves": [str(folder / "curve.tsv")],
        "checkpoints": [str(folder / "ckpt" / "last.pt")],
    }  # fmt: skip


def _curve(folder) -> pd.DataFrame:
    return pd.read_csv(folder / "curve.tsv", sep="\t")


class _Stop(Exception):
    pass


def _stop_at_epoch(epoch: int):
    def log(message: str) -> None:
        if message.startswith(f"train epoch {epoch}:"):
            raise _Stop  # after the epoch, before its checkpoint: a kill

    return log


@pytest.mark.slow
@pytest.mark.parametrize(
    "devices, batch_size", [(2, 50), (3, 179)]
)  # 360 training rows: a short last batch of 10; of 2, which leaves rank 2 a padding row
def test_gloo_processes_follow_the_single_process_curve(
    splice_prepared, tmp_path, devices, batch_size
):
    one, two = tmp_path / "one", tmp_path / "two"
    training = {**TRAINING, "batch_size": batch_size}
    train_job(_job(splice_prepared, one, training), 1, print)
    train_job(_job(splice_prepared, two, {**training, "devices": devices}), devices, print)
    a, b = _curve(one), _curve(two)
    assert len(a) == len(b) == TRAINING["max_epochs"]
    assert a["train_loss"].iloc[-1] < a["train_loss"].iloc[0]  # it learns: a curve to compare
    np.testing.assert_allclose(b["train_loss"], a["train_loss"], rtol=1e-4)
    np.testing.assert_allclose(b["valid_loss"], a["valid_loss"], rtol=1e-4)
    weights = [torch.load(f / "model.pt", weights_only=True)["state_dict"] for f in (one, two)]
    for key, value in weights[0].items():
        torch.testing.assert_close(weights[1][key], value, rtol=1e-3, atol=1e-5)
    assert not list((two / "ckpt").glob("*"))  # rank 0 removed its checkpoints when done


@pytest.mark.slow
def test_a_fit_stopped_on_one_device_resumes_on_two(splice_prepared, tmp_path):
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    train_job(_job(splice_prepared, whole, TRAINING), 1, print)
    with pytest.raises(_Stop):
        train_job(_job(splice_prepared, resumed, TRAINING), 1, _stop_at_epoch(3))
    assert (resumed / "ckpt" / "last.pt").exists() and not (resumed / "model.pt").exists()
    train_job(_job(splice_prepared, resumed, {**TRAINING, "devices": 2}), 2, print)
    a, b = _curve(whole), _curve(resumed)
    assert b["epoch"].tolist() == a["epoch"].tolist()  # epochs 1-2 from the checkpoint
    np.testing.assert_array_equal(b["train_loss"].iloc[:2], a["train_loss"].iloc[:2])
    np.testing.assert_allclose(b["train_loss"], a["train_loss"], rtol=1e-4)
    np.testing.assert_allclose(b["valid_loss"], a["valid_loss"], rtol=1e-4)
