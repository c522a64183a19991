"""The one training entry point for every torch model.

Seeds everything, picks the device, trains with early stopping on the validation loss, and
checkpoints every epoch so a killed job resumes where it stopped. The test split is never
read here.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import nn

from gdlbench.data.dataset import PreparedDataset
from gdlbench.models import MODELS

Log = Callable[[str], None]


def select_device(requested: str = "auto") -> torch.device:
    """`auto`: the CUDA device with the most free memory when CUDA is present, else CPU.

    The environment variable GDLBENCH_DEVICE (cpu, cuda, cuda:1, ...) overrides `requested`.
    """
    requested = os.environ.get("GDLBENCH_DEVICE", requested)
    if requested != "auto":
        return torch.device(requested)
    if not torch.cuda.is_available():
        return torch.device("cpu")
    free = [torch.cuda.mem_get_info(i)[0] for i in range(torch.cuda.device_count())]
    return torch.device(f"cuda:{int(np.argmax(free))}")


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.benchmark = False


def loss_function(data: PreparedDataset) -> nn.Module:
    """Cross-entropy, BCE or MSE by task kind. With the dataset's `class_weight: balanced`,
    classes weigh inversely to their training frequency (BCE: pos_weight = n_neg / n_pos),
    the same rule scikit-learn's `class_weight="balanced"` gives the baselines."""
    kind = data.meta["kind"]
    balanced = data.meta.get("class_weight") == "balanced"
    if kind in ("regression", "representation"):  # representation: reconstruction, see pretrain
        return nn.MSELoss()
    counts = np.bincount(np.asarray(data.y[data.indices("train")]), minlength=data.n_classes)
    if kind == "binary":
        pos_weight = torch.tensor([counts[0] / counts[1]], dtype=torch.float32)
        return nn.BCEWithLogitsLoss(pos_weight=pos_weight if balanced else None)
    weight = torch.tensor(counts.sum() / (len(counts) * counts), dtype=torch.float32)
    return nn.CrossEntropyLoss(weight=weight if balanced else None)


def n_outputs(data: PreparedDataset) -> int:
    """Classes (multiclass), targets (regression) or 1 (binary)."""
    if data.meta["kind"] == "regression":
        return len(data.meta["targets"])
    return data.n_classes if data.meta["kind"] == "multiclass" else 1


def model_params(name: str, data: PreparedDataset, params: dict[str, Any]) -> dict[str, Any]:
    """The config's params, plus `masked` for models that can skip padding: on sequences an
    all-zero column is padding; in matrices (histone counts) it is data."""
    if MODELS[name].masks_padding:
        return {"masked": data.modality == "sequence", **params}
    return dict(params)


def build_model(name: str, data: PreparedDataset, params: dict[str, Any]) -> nn.Module:
    return MODELS[name].build(data.input_shape(), n_outputs(data), **params)


def _targets(y: torch.Tensor, kind: str) -> torch.Tensor:
    return y.long() if kind == "multiclass" else y.float().reshape(len(y), -1)


def _autocast(device: torch.device, amp: bool):
    enabled = amp and device.type == "cuda"
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=enabled)


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
    the model itself) may be another of its methods, such as an autoencoder's `reconstruct`."""
    model.eval()
    forward = forward or model
    rows, outputs = [], []
    with torch.no_grad():
        for index, x, _ in data.batches(split, batch_size):
            with _autocast(device, amp):
                outputs.append(forward(x.to(device)).float().cpu().numpy())
            rows.append(index)
    return np.concatenate(rows), np.concatenate(outputs)


def _run_epoch(model, data, optimizer, loss_fn, batch_size, rng, device, amp) -> float:
    model.train()
    kind = data.meta["kind"]
    total, count = 0.0, 0
    for _, x, y in data.batches("train", batch_size, rng):
        optimizer.zero_grad(set_to_none=True)
        with _autocast(device, amp):
            loss = loss_fn(model(x.to(device)).float(), _targets(y, kind).to(device))
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        count += len(y)
    return total / count


def _valid_loss(model, data, loss_fn, batch_size, device, amp) -> float:
    _, logits = predict_logits(model, data, "valid", batch_size, device, amp)
    y = torch.from_numpy(np.asarray(data.y[data.indices("valid")]))
    targets = _targets(y, data.meta["kind"]).to(device)
    return float(loss_fn(torch.from_numpy(logits).to(device), targets))


def _pretrain_epoch_loss(model, data, split, batch_size, device, rng=None, optimizer=None):
    """Mean reconstruction loss over `split`; one optimiser step per batch when given one."""
    model.train(optimizer is not None)
    total, count = 0.0, 0
    with torch.set_grad_enabled(optimizer is not None):
        for _, x, _ in data.batches(split, batch_size, rng):
            loss = model.pretrain_loss(x.to(device))
            if optimizer is not None:
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            total += loss.item() * len(x)
            count += len(x)
    return total / count


def pretrain(
    model: nn.Module,
    data: PreparedDataset,
    training: dict[str, Any],
    seed: int,
    device: torch.device,
    log: Log,
) -> list[dict[str, Any]]:
    """Unsupervised reconstruction pretraining (autoencoders) on the training split, for up to
    `training["pretrain_epochs"]` epochs, early-stopped on the validation reconstruction loss;
    the best weights are kept. Returns the curve rows (phase `pretrain`)."""
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=training["lr"], weight_decay=training["weight_decay"]
    )
    best, best_state, stale, curve = float("inf"), None, 0, []
    for epoch in range(1, training["pretrain_epochs"] + 1):
        started = time.perf_counter()
        rng = np.random.default_rng([seed, 0, epoch])
        batch = training["batch_size"]
        train_loss = _pretrain_epoch_loss(model, data, "train", batch, device, rng, optimizer)
        valid_loss = _pretrain_epoch_loss(model, data, "valid", batch, device)
        seconds = time.perf_counter() - started
        curve.append({"phase": "pretrain", "epoch": epoch, "train_loss": train_loss,
                      "valid_loss": valid_loss, "seconds": seconds})  # fmt: skip
        log(f"pretraining epoch {epoch}: reconstruction {train_loss:.4f}, valid {valid_loss:.4f}")
        if valid_loss < best:
            best, stale = valid_loss, 0
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
            if stale >= training["patience"]:
                break
    model.load_state_dict(best_state)
    return curve


def settings_hash(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]


def _save_atomic(obj: Any, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


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

    `training` holds batch_size, lr, weight_decay, max_epochs, patience, amp and
    pretrain_epochs (autoencoders: reconstruction pretraining first; a job killed during it
    pretrains again). Resumes from `checkpoint` when it exists and was written with the same
    settings.
    """
    params = model_params(name, data, params)
    # a checkpoint is resumed only if written for these settings and this prepared data
    settings = {
        "model": name,
        "params": params,
        "training": training,
        "seed": seed,
        "data": data.meta,
    }
    fingerprint = settings_hash(settings)
    seed_everything(seed)
    device = select_device()
    model = build_model(name, data, params).to(device)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=training["lr"], weight_decay=training["weight_decay"]
    )
    loss_fn = loss_function(data).to(device)
    state = {
        "epoch": 0,
        "best_loss": float("inf"),
        "best_epoch": 0,
        "stale": 0,
        "curve": [],
        "best_state": None,
    }
    if checkpoint.exists():
        saved = torch.load(checkpoint, map_location=device, weights_only=True)
        if saved["fingerprint"] == fingerprint:
            model.load_state_dict(saved["model_state"])
            optimizer.load_state_dict(saved["optimizer_state"])
            torch.set_rng_state(saved["torch_rng"])
            state = saved["progress"]
            log(f"resuming from {checkpoint} after epoch {state['epoch']}")
        else:
            log(f"ignoring {checkpoint}: written with other settings")
    log(f"training {name} on {device} ({sum(p.numel() for p in model.parameters())} parameters)")
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    if state["epoch"] == 0 and data.meta["kind"] == "representation":  # reconstruction only
        unsupervised = {**training, "pretrain_epochs": training["max_epochs"]}
        state["curve"] = pretrain(model, data, unsupervised, seed, device, log)
        losses = [row["valid_loss"] for row in state["curve"]]
        state.update(best_loss=min(losses), best_epoch=int(np.argmin(losses)) + 1,
                     epoch=training["max_epochs"])  # fmt: skip
        state["best_state"] = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    elif (
        state["epoch"] == 0 and training.get("pretrain_epochs") and hasattr(model, "pretrain_loss")
    ):
        state["curve"] = pretrain(model, data, training, seed, device, log)
    while state["epoch"] < training["max_epochs"] and state["stale"] < training["patience"]:
        epoch = state["epoch"] + 1
        started = time.perf_counter()
        rng = np.random.default_rng([seed, epoch])  # per-epoch order: resume-exact
        train_loss = _run_epoch(
            model, data, optimizer, loss_fn, training["batch_size"], rng, device, training["amp"]
        )
        valid_loss = _valid_loss(
            model, data, loss_fn, training["batch_size"], device, training["amp"]
        )
        if valid_loss < state["best_loss"]:
            state.update(best_loss=valid_loss, best_epoch=epoch, stale=0)
            state["best_state"] = {
                k: v.detach().cpu().clone() for k, v in model.state_dict().items()
            }
        else:
            state["stale"] += 1
        seconds = time.perf_counter() - started
        state["curve"].append(
            {
                "phase": "train",
                "epoch": epoch,
                "train_loss": train_loss,
                "valid_loss": valid_loss,
                "seconds": seconds,
            }  # fmt: skip
        )
        state["epoch"] = epoch
        losses = f"train loss {train_loss:.4f}, valid loss {valid_loss:.4f}"
        log(f"epoch {epoch}: {losses}, {seconds:.1f}s")
        _save_atomic(
            {
                "fingerprint": fingerprint,
                "model_state": model.state_dict(),
                "optimizer_state": optimizer.state_dict(),
                "torch_rng": torch.get_rng_state(),
                "progress": state,
            },
            checkpoint,
        )
    log(f"best epoch {state['best_epoch']} (valid loss {state['best_loss']:.4f})")
    best = {
        "state_dict": state["best_state"],
        "model": name,
        "params": params,
        "training": training,
        "seed": seed,
        "input_shape": data.input_shape(),
        "n_outputs": n_outputs(data),
        "epoch": state["best_epoch"],
        "best_valid_loss": state["best_loss"],
        "n_parameters": sum(p.numel() for p in model.parameters()),
    }
    return best, pd.DataFrame(state["curve"])


def save_trained(
    best: dict[str, Any], curve: pd.DataFrame, model_path: Path, curve_path: Path
) -> None:
    _save_atomic(best, Path(model_path))
    curve.to_csv(curve_path, sep="\t", index=False)


def load_trained(path: str | Path, device: torch.device) -> tuple[nn.Module, dict[str, Any]]:
    saved = torch.load(path, map_location=device, weights_only=True)
    model = MODELS[saved["model"]].build(
        saved["input_shape"], saved["n_outputs"], **saved["params"]
    )
    model.load_state_dict(saved["state_dict"])
    return model.to(device), saved
