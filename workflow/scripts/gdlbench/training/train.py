"""Torch models on prepared data: the phases of a fit (gdlbench.training.loop), prediction,
and saving and loading the best weights. The test split is never read here.

Phases by model and kind: autoencoders with `pretrain_epochs` first learn to reconstruct the
training split (`pretrain`), then every supervised model trains on the labels (`train`);
representation tasks have the reconstruction phase alone (`reconstruct`, up to `max_epochs`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.modalities import MODALITIES
from gdlbench.grid import grid_points, select_on_validation
from gdlbench.kinds import primary_metric
from gdlbench.models import MODELS
from gdlbench.training.devices import autocast, grad_scaler, seed_everything, select_device
from gdlbench.training.loop import Log, Phase, fit, save_atomic
from gdlbench.training.parallel import (
    current_shard,
    data_parallel,
    is_writer,
    summed,
    writer_value,
)


def model_params(name: str, data: PreparedDataset, params: dict[str, Any]) -> dict[str, Any]:
    """The config's params, plus `masked` for models that can skip padding (where the
    modality has padding -- an all-zero column of a sequence; in matrices it is data -- and
    the dataset has variable lengths; `padded` is absent from datasets prepared before it)."""
    if MODELS[name].masks_padding:
        padded = MODALITIES[data.modality].padded and data.meta.get("padded", True)
        return {"masked": padded, **params}
    return dict(params)


def build_model(name: str, data: PreparedDataset, params: dict[str, Any]) -> nn.Module:
    return MODELS[name].build(data.input_shape(), data.kind.n_outputs(data.meta), **params)


def predict_logits(
    model: nn.Module,
    data: PreparedDataset,
    split: str,
    batch_size: int,
    device: torch.device,
    amp: bool = False,
    forward: Callable[[torch.Tensor], torch.Tensor] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(row indices, logits) for every example of `split`, in row order; `forward` (default:
    the model itself) may be another of its methods, such as an autoencoder's `reconstruct`.
    Outputs stay on the device until the split is done (one copy back, no per-batch wait)."""
    model.eval()
    forward = forward or model
    rows, outputs = [], []
    with torch.no_grad():
        for index, x, _ in data.batches(split, batch_size, device=device):
            with autocast(device, amp):
                outputs.append(forward(x).float())
            rows.append(index)
    return np.concatenate(rows), torch.cat(outputs).cpu().numpy()


def compiled(model: nn.Module, setting: bool | str) -> nn.Module:
    """`model` through torch.compile when `setting` is true (the default backend, inductor)
    or names a backend; the model itself otherwise. Weights stay shared, so checkpoints
    save the model's own state dict."""
    if not setting:
        return model
    return torch.compile(model, backend="inductor" if setting is True else setting)


def supervised_phase(
    model: nn.Module, data: PreparedDataset, training: dict[str, Any], device: torch.device
) -> Phase:
    """Training on the labels with the kind's loss, early-stopped on the validation loss;
    patience counts from the first epoch below the chance predictor's validation loss.
    `clip_grad_norm` (recurrent models) clips the gradient norm of every step; `compile`
    trains through `torch.compile` of the model. The step never waits for the device: the
    epoch's loss is summed there and read once. In a data-parallel group (gdlbench.training.
    parallel) each process steps on its shard of every batch, weighted so that the averaged
    gradient is the whole batch's, and the reported losses are the whole batch's."""
    kind, batch, amp = data.kind, training["batch_size"], training["amp"]
    train_y = np.asarray(data.y[data.indices("train")])
    class_weight = data.meta.get("class_weight", "none")
    loss_fn = kind.loss(train_y, class_weight).to(device)
    valid_y = torch.from_numpy(np.asarray(data.y[data.indices("valid")]))
    valid_targets = kind.loss_targets(valid_y).to(device)
    chance = kind.chance_logits(train_y, class_weight)
    chance = torch.from_numpy(np.broadcast_to(chance, (len(valid_y), chance.shape[1])).copy())
    chance_loss = float(loss_fn(chance.float().to(device), valid_targets))
    clip = training.get("clip_grad_norm")
    scaler = grad_scaler(device, amp)
    shard = current_shard()
    parallel = shard if shard.world > 1 else None
    step = {}  # the training forward, made at the first epoch (after any resume or pretraining)

    def train_epoch(optimizer: torch.optim.Optimizer, rng: np.random.Generator) -> float:
        if "forward" not in step:
            step["forward"] = compiled(data_parallel(model, device), training.get("compile"))
        model.train()
        total, count = torch.zeros((), dtype=torch.float64, device=device), 0
        batches = data.batches("train", batch, rng, device, parallel)
        for index, x, y in itertools.islice(batches, training.get("max_steps")):
            optimizer.zero_grad(set_to_none=True)
            with autocast(device, amp):
                loss = loss_fn(step["forward"](x).float(), kind.loss_targets(y))
            scaler.scale(loss * shard.weight(len(index)) if parallel else loss).backward()
            if clip:
                scaler.unscale_(optimizer)
                nn.utils.clip_grad_norm_(model.parameters(), clip)
            scaler.step(optimizer)
            scaler.update()
            total += loss.detach() * shard.size(len(index))
            count += len(index)
        return float(summed(total)) / count

    def valid_loss() -> float:
        logits = predict_logits(model, data, "valid", batch, device, amp)[1]
        loss = float(loss_fn(torch.from_numpy(logits).to(device), valid_targets))
        return writer_value(loss, device)

    return Phase("train", training["max_epochs"], lambda: _optimizer(model, training),
                 train_epoch, valid_loss, training["patience"], chance_loss)  # fmt: skip


def reconstruction_phase(
    name: str, model: nn.Module, data: PreparedDataset, training: dict[str, Any],
    max_epochs: int, device: torch.device,
) -> Phase:  # fmt: skip
    """Learning to reconstruct the training split (`model.pretrain_loss`: masking noise, a
    VAE's KL term), early-stopped on the validation reconstruction loss. Not sharded: in a
    data-parallel group every process runs it whole (autoencoders are small), and the
    supervised phase's wrapper then copies rank 0's weights to all."""
    batch = training["batch_size"]

    def mean_loss(split, optimizer=None, rng=None) -> float:
        model.train(optimizer is not None)
        total, count = torch.zeros((), dtype=torch.float64, device=device), 0
        with torch.set_grad_enabled(optimizer is not None):
            for _, x, _ in data.batches(split, batch, rng, device):
                loss = model.pretrain_loss(x)
                if optimizer is not None:
                    optimizer.zero_grad(set_to_none=True)
                    loss.backward()
                    optimizer.step()
                total += loss.detach() * len(x)
                count += len(x)
        return float(total) / count

    return Phase(name, max_epochs, lambda: _optimizer(model, training),
                 lambda optimizer, rng: mean_loss("train", optimizer, rng),
                 lambda: writer_value(mean_loss("valid"), device), training["patience"],
                 stream=(0,))  # fmt: skip


def _optimizer(model: nn.Module, training: dict[str, Any]) -> torch.optim.Optimizer:
    return torch.optim.AdamW(
        model.parameters(), lr=training["lr"], weight_decay=training["weight_decay"]
    )


def settings_hash(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def train_model(
    data: PreparedDataset,
    name: str,
    params: dict[str, Any],
    training: dict[str, Any],
    seed: int,
    checkpoint: Path,
    log: Log,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Train `name` on `data`; returns the best checkpoint dict and the training curve.

    `training` holds batch_size, lr, weight_decay, max_epochs, patience, amp, compile,
    optionally pretrain_epochs, clip_grad_norm and max_steps (steps an epoch). Resumes from
    `checkpoint` when it exists and was written with the same settings and data.
    """
    params = model_params(name, data, params)
    same_fit = {k: v for k, v in training.items() if k != "devices"}  # resumable on any count
    settings = {"model": name, "params": params, "training": same_fit, "seed": seed,
                "data": data.meta}  # fmt: skip
    device = select_device()
    seed_everything(seed, device)
    model = build_model(name, data, params).to(device)
    data = data.on_device(device)
    n_parameters = sum(p.numel() for p in model.parameters())
    log(f"training {name} on {device} ({n_parameters} parameters)")
    if not data.kind.supervised:
        phases = [reconstruction_phase("reconstruct", model, data, training,
                                       training["max_epochs"], device)]  # fmt: skip
    else:
        phases = [supervised_phase(model, data, training, device)]
        if training.get("pretrain_epochs") and hasattr(model, "pretrain_loss"):
            phases.insert(0, reconstruction_phase("pretrain", model, data, training,
                                                  training["pretrain_epochs"], device))  # fmt: skip
    result = fit(model, phases, seed, checkpoint, settings_hash(settings), log)
    best = {
        "state_dict": result.best_state,
        "model": name,
        "params": params,
        "training": training,
        "seed": seed,
        "input_shape": data.input_shape(),
        "n_outputs": data.kind.n_outputs(data.meta),
        "epoch": result.best_epoch,
        "best_valid_loss": result.best_loss,
        "at_chance": result.at_chance,
        "n_parameters": n_parameters,
    }
    return best, pd.DataFrame(result.curve)


def save_trained(
    best: dict[str, Any], curve: pd.DataFrame, model_path: Path, curve_path: Path
) -> None:
    save_atomic(best, Path(model_path))
    curve.to_csv(curve_path, sep="\t", index=False)


def load_best(saved: dict[str, Any], device: torch.device) -> tuple[nn.Module, dict[str, Any]]:
    """The model of a best-checkpoint dict (`train_model`'s first result) on `device`."""
    model = MODELS[saved["model"]].build(
        saved["input_shape"], saved["n_outputs"], **saved["params"]
    )
    model.load_state_dict(saved["state_dict"])
    return model.to(device), saved


def load_trained(path: str | Path, device: torch.device) -> tuple[nn.Module, dict[str, Any]]:
    """The saved model on `device` (loaded on the CPU first), and its checkpoint dict."""
    return load_best(torch.load(path, map_location="cpu", weights_only=True), device)


def score_split(
    model: nn.Module, data: PreparedDataset, split: str, batch_size: int, device: torch.device
) -> tuple[np.ndarray, np.ndarray]:
    """(row indices, scores) of `split` through the task kind: its scores from logits, or
    reconstructions for representations. Selection (here) and evaluation both score so."""
    kind = data.kind
    forward = model if kind.supervised else model.reconstruct
    rows, outputs = predict_logits(model, data, split, batch_size, device, forward=forward)
    return rows, kind.scores(outputs) if kind.supervised else outputs


def validation_value(
    model: nn.Module, data: PreparedDataset, batch_size: int, device: torch.device
) -> float:
    """The task's primary metric of `model` on the validation split (what configurations
    are chosen on)."""
    kind, metric = data.kind, primary_metric(data.meta["task"])[0]
    rows, scores = score_split(model, data, "valid", batch_size, device)
    return kind.compute(kind.truth(data.x[rows], data.y[rows]), scores, [metric])[metric]


def configurations(
    settings: dict[str, Any], training: dict[str, Any]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(params, training) of every point of the model's `grid` (its tuning budget): keys of
    `training` set training, any other key a model parameter. One point without a grid."""
    points = []
    for point in grid_points(settings.get("grid")):
        params = {**settings.get("params", {}),
                  **{k: v for k, v in point.items() if k not in training}}  # fmt: skip
        points.append((params, {**training, **{k: v for k, v in point.items() if k in training}}))
    return points


def tune_model(
    data: PreparedDataset,
    settings: dict[str, Any],
    training: dict[str, Any],
    seed: int,
    checkpoint: Path,
    log: Log,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Train every configuration of the model's grid for one seed (each with its own
    checkpoint, `<checkpoint>.<i>` when there are several) and keep the best on the
    validation split's primary metric (first on ties); the kept checkpoint dict lists what
    was tried (`tuning`)."""
    metric, higher = primary_metric(data.meta["task"])
    points = list(enumerate(configurations(settings, training)))

    def evaluate(point: tuple[int, tuple[dict, dict]]) -> tuple[float, tuple, dict[str, Any]]:
        i, (params, point_training) = point
        path = checkpoint if len(points) == 1 else checkpoint.with_name(f"{checkpoint.name}.{i}")
        best, curve = train_model(data, settings["model"], params, point_training, seed, path, log)
        device = select_device()
        model, _ = load_best(best, device)
        value = validation_value(model, data, point_training["batch_size"], device)
        log(f"configuration {i + 1} of {len(points)}: valid {metric} {value:.4f}")
        return value, (best, curve), {"params": json.dumps(params, sort_keys=True),
                                      "training": json.dumps(point_training, sort_keys=True),
                                      f"valid_{metric}": value}  # fmt: skip

    (best, curve), rows = select_on_validation(points, evaluate, higher)
    best["tuning"] = rows
    return best, curve


def train_seeds(
    data: PreparedDataset,
    settings: dict[str, Any],
    training: dict[str, Any],
    seeds: list[int],
    models: list[Path],
    curves: list[Path],
    checkpoints: list[Path],
    log: Log,
) -> None:
    """One train_model job: every seed in turn, each configuration of the tuning budget with
    its own checkpoint (kept until all seeds are saved, so a rerun after a kill skips the
    finished ones at once)."""
    data = data.on_device(select_device())  # copied to a GPU once for every seed and point
    for seed, model, curve, checkpoint in zip(seeds, models, curves, checkpoints, strict=True):
        log(f"seed {seed}")
        best, history = tune_model(data, settings, training, seed, Path(checkpoint), log)
        if is_writer():
            save_trained(best, history, Path(model), Path(curve))
    if not is_writer():
        return
    for checkpoint in checkpoints:
        for path in Path(checkpoint).parent.glob(f"{Path(checkpoint).name}*"):
            path.unlink()
