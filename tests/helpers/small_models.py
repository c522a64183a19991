"""A config overlay for workflow tests of routes, not of published sizes: every torch model at
its registry test size (`ModelSpec.small`) for two epochs, every model (baselines too) at the
first point of its tuning grid. Snakemake merges config files key by key, so the overlay
changes only what it names."""

from __future__ import annotations

from pathlib import Path

import yaml

from gdlbench.models import MODELS


def write_small_models(config: Path, overlay: Path, epochs: int = 2) -> Path:
    models = {}
    for name, entry in yaml.safe_load(config.read_text())["models"].items():
        small = {}
        spec = MODELS.get(entry.get("model", name))
        if spec is not None:  # a torch model
            small = {"params": dict(spec.small), "training": {"max_epochs": epochs}}
        grid = {key: values[:1] for key, values in (entry.get("grid") or {}).items()}
        if grid:
            small["grid"] = grid
        if small:
            models[name] = small
    overlay.write_text(yaml.safe_dump({"models": models}))
    return overlay
