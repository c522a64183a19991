"""Memory (`mem_mb`) and time (`runtime`, minutes) the prepare and audit jobs ask a scheduler
for, from the rows of the dataset: a floor every small dataset fits, plus per-row costs
measured at DeepSEA's shape (1000 bp windows, 919 labels; `python -m gdlbench.bench`,
figures `leakage_split_s` and `leakage_audit_s` at 1 M windows, docs/performance.md) with a
safety factor of 2. The rows are the scale's cap, the dataset's `rows` (the full source's
size) where the scale has none, or those of the prepared x.npy once it exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.leakage import SEQUENCE_ROW_BYTES

FLOOR_MB, FLOOR_MINUTES = 4000, 60
SAFETY = 2.0
# Per row at DeepSEA's shape (1 M windows: split 132 s and 1 878 MB with the codes, audit
# 52 s and 1 364 MB with the mapped codes): prepare holds the codes and labels (1000 + 919
# bytes) and the checks' working memory (gdlbench.data.leakage.SEQUENCE_ROW_BYTES); the
# audit maps the codes and holds the groups.
PREPARE_BYTES_PER_ROW = 1919 + SEQUENCE_ROW_BYTES
AUDIT_BYTES_PER_ROW = 1000 + 400
PREPARE_SECONDS_PER_ROW = 2.0e-4  # the checks' 1.3e-4, and reading
AUDIT_SECONDS_PER_ROW = 0.6e-4
FOLD_ROWS_PER_THREAD, FOLD_MAX_THREADS = 10_000, 4  # ViennaRNA: 2.4 ms a quickstart hairpin


def expected_rows(config: dict[str, Any], spec: dict[str, Any]) -> int | None:
    """The rows a dataset's preparation holds (`spec`: its config entry): the scale's cap,
    else the dataset's `rows` (None when neither is known)."""
    cap = config["scales"][config["scale"]]["max_examples"]
    declared = spec.get("rows")
    known = [n for n in (cap, declared) if n is not None]
    return min(known) if known else None


def prepared_rows(prepared_x: str | Path) -> int | None:
    """Rows of a prepared x.npy, read from its header (None before it exists)."""
    path = Path(prepared_x)
    return int(np.load(path, mmap_mode="r").shape[0]) if path.exists() else None


def job_resources(rows: int | None, bytes_per_row: float, seconds_per_row: float) -> dict:
    """`mem_mb` and `runtime` for `rows` (the floor when unknown)."""
    rows = rows or 0
    return {
        "mem_mb": int(FLOOR_MB + SAFETY * rows * bytes_per_row / 2**20),
        "runtime": int(FLOOR_MINUTES + SAFETY * rows * seconds_per_row / 60),
    }


def prepare_resources(config: dict[str, Any], spec: dict[str, Any]) -> dict:
    return job_resources(expected_rows(config, spec), PREPARE_BYTES_PER_ROW,
                         PREPARE_SECONDS_PER_ROW)  # fmt: skip


def audit_resources(config: dict[str, Any], spec: dict[str, Any], prepared_x: str | Path) -> dict:
    rows = prepared_rows(prepared_x) or expected_rows(config, spec)
    return job_resources(rows, AUDIT_BYTES_PER_ROW, AUDIT_SECONDS_PER_ROW)


def fold_threads(config: dict[str, Any], spec: dict[str, Any]) -> int:
    """Threads of fold_structures: one per FOLD_ROWS_PER_THREAD sequences, at most
    FOLD_MAX_THREADS (the most when the rows are unknown). A small fold asks for one core,
    so it starts beside a running job instead of waiting for every core to be free."""
    rows = expected_rows(config, spec)
    if rows is None:
        return FOLD_MAX_THREADS
    return int(np.clip(-(-rows // FOLD_ROWS_PER_THREAD), 1, FOLD_MAX_THREADS))
