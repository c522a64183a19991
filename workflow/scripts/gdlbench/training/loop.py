"""The one training loop: a fit is a sequence of phases (reconstruction pretraining, supervised
training, reconstruction only), each with its own optimiser and early stopping on a
validation loss; the best weights of a phase are kept when it ends.

A checkpoint is written atomically after every epoch of every phase. It holds the model and
optimiser, the phase and epoch, the early-stopping state, the best weights, the curve so far
and the CPU and CUDA random states, so a job killed at any point and rerun continues exactly
where the last checkpoint left it (on CPU bit-identically to an uninterrupted run).

Early stopping and the initial plateau: a model can sit at the chance loss for several epochs
before it learns (recurrent and attention models often do). A phase given its chance-level
validation loss counts patience only from the first epoch whose loss is clearly below it
(`PLATEAU_MARGIN`), so such a model trains on up to `max_epochs` instead of being stopped on
the plateau; a fit whose best loss never left the plateau is reported as at chance.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from gdlbench.training.devices import restore_rng_states, rng_states
from gdlbench.training.parallel import is_writer

Log = Callable[[str], None]
PLATEAU_MARGIN = 0.01  # a loss 1% below the chance loss has left the initial plateau


@dataclass
class EarlyStopping:
    """Patience counted in epochs without a new best loss, from the first epoch below
    `threshold` (from the start when there is none)."""

    patience: int
    threshold: float | None = None
    best: float = float("inf")
    best_epoch: int = 0
    stale: int = 0
    counting: bool = False

    def __post_init__(self) -> None:
        self.counting = self.counting or self.threshold is None

    def update(self, loss: float, epoch: int) -> bool:
        """Record an epoch's loss; True when it is the best so far."""
        self.counting = self.counting or loss < self.threshold
        if loss < self.best:
            self.best, self.best_epoch, self.stale = loss, epoch, 0
            return True
        if self.counting:
            self.stale += 1
        return False

    @property
    def stop(self) -> bool:
        return self.stale >= self.patience


@dataclass
class Phase:
    """One phase of a fit. `train_epoch(rng)` runs one epoch of optimisation in the order
    drawn from `rng` and returns the mean training loss; `valid_loss()` scores validation."""

    name: str
    max_epochs: int
    make_optimizer: Callable[[], torch.optim.Optimizer]
    train_epoch: Callable[[torch.optim.Optimizer, np.random.Generator], float]
    valid_loss: Callable[[], float]
    patience: int
    chance_loss: float | None = None  # validation loss of the chance predictor
    stream: tuple[int, ...] = ()  # keys of the per-epoch batch order: [seed, *stream, epoch]

    def stopper(self) -> EarlyStopping:
        threshold = None
        if self.chance_loss is not None:
            threshold = self.chance_loss - PLATEAU_MARGIN * abs(self.chance_loss)
        return EarlyStopping(self.patience, threshold)


@dataclass
class FitResult:
    best_state: dict[str, torch.Tensor]
    best_loss: float
    best_epoch: int
    curve: list[dict[str, Any]] = field(default_factory=list)
    at_chance: bool = False  # the last phase with a chance loss never left its plateau


def _cpu_state(model: nn.Module) -> dict[str, torch.Tensor]:
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}


def save_atomic(obj: Any, path: Path) -> None:
    """torch.save through a temporary name, so the file is whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def fit(
    model: nn.Module,
    phases: list[Phase],
    seed: int,
    checkpoint: Path,
    fingerprint: str,
    log: Log,
) -> FitResult:
    """Run `phases` in order on `model`, resuming from `checkpoint` when it was written with
    the same `fingerprint` (settings and data); the model ends with the last phase's best
    weights."""
    progress = {"phase": 0, "epoch": 0, "stopper": None, "best_state": None, "curve": [],
                "best_loss": None, "best_epoch": 0, "at_chance": False}  # fmt: skip
    optimizer = None
    if checkpoint.exists():
        saved = torch.load(checkpoint, map_location="cpu", weights_only=True)
        if saved["fingerprint"] == fingerprint:
            model.load_state_dict(saved["model_state"])
            progress = saved["progress"]
            if saved["optimizer_state"] is not None:
                optimizer = phases[progress["phase"]].make_optimizer()
                optimizer.load_state_dict(saved["optimizer_state"])  # moved to the params
            restore_rng_states(saved["rng"])
            log(f"resuming from {checkpoint} after epoch {progress['epoch']} of phase "
                f"{progress['phase'] + 1} of {len(phases)}")  # fmt: skip
        else:
            log(f"ignoring {checkpoint}: written with other settings")
    checkpoint.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        if not is_writer():  # data-parallel processes hold the same state; rank 0 writes it
            return
        save_atomic({"fingerprint": fingerprint, "model_state": model.state_dict(),
                     "optimizer_state": optimizer.state_dict() if optimizer else None,
                     "progress": progress, "rng": rng_states()}, checkpoint)  # fmt: skip

    while progress["phase"] < len(phases):
        phase = phases[progress["phase"]]
        stopper = EarlyStopping(**progress["stopper"]) if progress["stopper"] else phase.stopper()
        optimizer = optimizer or phase.make_optimizer()
        while progress["epoch"] < phase.max_epochs and not stopper.stop:
            epoch = progress["epoch"] + 1
            started = time.perf_counter()
            rng = np.random.default_rng([seed, *phase.stream, epoch])  # resume-exact order
            train_loss = phase.train_epoch(optimizer, rng)
            valid_loss = phase.valid_loss()
            if stopper.update(valid_loss, epoch):
                progress["best_state"] = _cpu_state(model)
            seconds = time.perf_counter() - started
            progress["curve"].append({"phase": phase.name, "epoch": epoch, "train_loss": train_loss,
                                      "valid_loss": valid_loss, "seconds": seconds})  # fmt: skip
            progress.update(epoch=epoch, stopper=asdict(stopper))
            log(f"{phase.name} epoch {epoch}: train loss {train_loss:.4f}, "
                f"valid loss {valid_loss:.4f}, {seconds:.1f}s")  # fmt: skip
            save()
        model.load_state_dict(progress["best_state"])
        log(f"{phase.name}: best epoch {stopper.best_epoch} (valid loss {stopper.best:.4f})")
        if phase.chance_loss is not None:
            progress["at_chance"] = not stopper.counting
            if progress["at_chance"]:
                log(f"{phase.name}: AT CHANCE -- the validation loss never left the chance "
                    f"level {phase.chance_loss:.4f}")  # fmt: skip
        progress.update(phase=progress["phase"] + 1, epoch=0, stopper=None,
                        best_loss=stopper.best, best_epoch=stopper.best_epoch)  # fmt: skip
        optimizer = None
        save()
    return FitResult(progress["best_state"], progress["best_loss"], progress["best_epoch"],
                     progress["curve"], progress["at_chance"])  # fmt: skip
