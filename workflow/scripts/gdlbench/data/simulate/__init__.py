"""Simulators: each writes files in the real portal format of its task (SPEC §3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.formats.uci_splice import write_uci_splice
from gdlbench.data.simulate.splice import simulate_splice
from gdlbench.errors import ConfigError


def simulate_dataset(task: str, params: dict[str, Any], outputs: dict[str, Path]) -> None:
    """Write the simulated raw files of one dataset (`outputs` maps file role to path)."""
    rng = np.random.default_rng(params["seed"])
    if task == "splice":
        records = simulate_splice(
            params["n_per_class"], params["strength"], params["ambiguous_rate"], rng
        )
        write_uci_splice(records, outputs["data"])
    else:
        raise ConfigError(f"no simulator for task {task!r} yet")
