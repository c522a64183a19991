"""The data path of a fit: stored codes served as batches on the device that trains, either
copied per batch (pinned, non-blocking) or held there for the whole fit, with one-hot made
on the device; both give exactly the batches of the CPU path."""

import os
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.training.train import train_model


def _held(data: PreparedDataset, device: torch.device) -> PreparedDataset:
    """`data` with copies of its arrays held on `device` (what `on_device` does on a GPU)."""
    arrays = {"x": data.x, "y": data.y, "structure": data.structure}
    held = {name: torch.from_numpy(np.asarray(array)).to(device)
            for name, array in arrays.items() if array is not None}  # fmt: skip
    return replace(data, resident=held)


def _batches(data, device, seed=3):
    return list(data.batches("train", 64, np.random.default_rng(seed), device))


@pytest.mark.parametrize("fixture", ["splice_prepared", "histone_prepared", "tumor_prepared"])
def test_batches_on_the_device_equal_the_cpu_batches(fixture, device, request):
    data = PreparedDataset.load(request.getfixturevalue(fixture))
    device = torch.device(device)
    reference = _batches(data, None)
    for served in (data.on_device(device), _held(data, device)):
        batches = _batches(served, device)
        assert len(batches) == len(reference)
        for (rows, x, y), (ref_rows, ref_x, ref_y) in zip(batches, reference, strict=True):
            assert np.array_equal(rows, ref_rows)
            assert x.device.type == device.type and x.dtype == torch.float32
            assert torch.equal(x.cpu(), ref_x) and torch.equal(y.cpu(), ref_y)


def test_a_compiled_fit_trains_and_saves_the_model_itself(splice_prepared, tmp_path):
    """`training.compile` (here dynamo with the eager backend: the compiler's front end,
    without a C++ build) trains through the compiled forward; the checkpoint holds the
    model's own weights, loadable without compiling."""
    data = PreparedDataset.load(splice_prepared)
    training = {"batch_size": 64, "lr": 0.003, "weight_decay": 0.0, "patience": 2,
                "amp": False, "compile": "eager", "max_epochs": 2}  # fmt: skip
    best, curve = train_model(data, "cnn", {"filters": [8], "dense": 8}, training, 0,
                              tmp_path / "last.pt", print)  # fmt: skip
    assert len(curve) == 2 and not any(k.startswith("_orig_mod") for k in best["state_dict"])
    plain = {**training, "compile": False}
    same, _ = train_model(data, "cnn", {"filters": [8], "dense": 8}, plain, 0,
                          tmp_path / "plain.pt", print)  # fmt: skip
    for key, value in best["state_dict"].items():
        assert torch.allclose(value, same["state_dict"][key], atol=1e-5)


def test_a_cpu_fit_keeps_the_memory_map(splice_prepared):
    data = PreparedDataset.load(splice_prepared)
    assert data.on_device(torch.device("cpu")) is data  # nothing copied on the CPU
    assert isinstance(data.x, np.memmap)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_a_gpu_fit_waits_for_the_device_per_epoch_not_per_step(splice_prepared, tmp_path):
    """Host synchronisations (stream/device syncs, blocking copies) counted by the profiler
    scale with epochs (loss read-out, validation, checkpoint), not with the training steps."""
    data = PreparedDataset.load(splice_prepared)
    training = {"batch_size": 16, "lr": 0.003, "weight_decay": 0.0, "patience": 5,
                "amp": True, "compile": False, "max_epochs": 2}  # fmt: skip
    steps = 2 * int(np.ceil(len(data.indices("train")) / 16))
    activities = [torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]
    with torch.profiler.profile(activities=activities) as profile:
        train_model(data, "cnn", {"filters": [16], "dense": 16}, training, 0,
                    tmp_path / "last.pt", print)  # fmt: skip
    blocking = ("cudaStreamSynchronize", "cudaDeviceSynchronize", "cudaMemcpy")
    waits = [event for event in profile.events() if event.name in blocking]
    assert steps >= 100 and len(waits) < steps / 4, (len(waits), steps)


def test_jobs_without_models_start_without_torch(repo):
    """Preparing, auditing, simulating and fitting baselines never import torch (about a
    second of every such job's start-up)."""
    modules = ["gdlbench.data.prepare", "gdlbench.data.leakage", "gdlbench.data.simulate",
               "gdlbench.baselines.fit", "gdlbench.data.dataset"]  # fmt: skip
    code = f"import sys; import {', '.join(modules)}; print('torch' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(repo / "workflow" / "scripts")}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_training_jobs_start_without_scipy_or_scikit_learn(repo):
    """A torch training job (the quickstart runs 68) imports neither SciPy (0.2 s) nor
    scikit-learn: k-mer counts and the baselines import them on use."""
    code = ("import sys; import gdlbench.training.launch, gdlbench.training.train; "
            "print(sorted({'scipy', 'sklearn'} & set(sys.modules)))")  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(repo / "workflow" / "scripts")}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
