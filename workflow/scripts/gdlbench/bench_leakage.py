"""The leakage checks at DeepSEA's scale, for `python -m gdlbench.bench`: synthetic windows of
the bundle's shape (1000 bp, 1 M rows; 50 000 with --quick) with planted copies, split by
the split's checks and then audited, each in a fresh process whose peak resident memory is
reported beside its seconds (the bundle holds 4.4 M training windows: the figures scale
about linearly in rows)."""

from __future__ import annotations

import json
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.data.leakage import combined_groups, leakage_checks
from gdlbench.data.leakage_audit import audit_table

WIDTH = 1000
PLANTED = 200  # pairs of each kind: 5% substituted, and shifted by 20% (one 200 bp bin)
SETTINGS = {"near_duplicate_identity": 0.9, "interval_slack": 100, "seed": 1,
            "audit_sample": 1000, "leakage": "warn"}  # fmt: skip


def planted_windows(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(n, WIDTH) random base codes where rows n-2*PLANTED.. copy rows 0..2*PLANTED-1: the
    first PLANTED with 5% of their bases substituted, the next PLANTED shifted by 200 bp
    along a longer source; and the planted (row, copy) pairs."""
    codes = rng.integers(0, 4, (n, WIDTH), dtype=np.uint8)
    copies = np.arange(n - 2 * PLANTED, n)
    substituted = codes[:PLANTED].copy()
    where = rng.random(substituted.shape) < 0.05
    substituted[where] = (substituted[where] + rng.integers(1, 4, int(where.sum()))) % 4
    codes[copies[:PLANTED]] = substituted
    shifted = np.concatenate(
        [codes[PLANTED : 2 * PLANTED, 200:], rng.integers(0, 4, (PLANTED, 200), dtype=np.uint8)],
        axis=1,
    )
    codes[copies[PLANTED:]] = shifted  # fmt: skip
    return codes, np.column_stack([np.arange(2 * PLANTED), copies])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def split_job(n: int, folder: str) -> dict:
    """Make the windows, run the split's checks on them (timed), and write a prepared folder
    (a random 10% test split, the policy `warn`) for `audit_job`."""
    rng = np.random.default_rng(0)
    codes, pairs = planted_windows(n, rng)
    began = time.perf_counter()
    checks = leakage_checks(codes, None, "nucleotide", SETTINGS)
    seconds = time.perf_counter() - began
    joined = combined_groups(checks, n)
    recall = float(np.mean(joined[pairs[:, 0]] == joined[pairs[:, 1]]))
    out = Path(folder)
    split = np.where(rng.random(n) < 0.1, 2, 0).astype(np.uint8)
    np.save(out / "x.npy", codes)
    np.save(out / "split.npy", split)
    np.save(out / "leakage_groups.npy", np.column_stack(list(checks.values())))
    pd.DataFrame({"id": np.arange(n)}).to_csv(out / "examples.tsv", sep="\t", index=False)
    meta = {"task": "chromatin", "dataset": "synthetic", "modality": "sequence",
            "leakage_audit": {"checks": {}, "group_checks": list(checks)}}  # fmt: skip
    (out / "meta.json").write_text(json.dumps(meta))
    return {"seconds": seconds, "peak_mb": peak_mb(), "recall": recall}


def audit_job(folder: str) -> dict:
    """Audit the folder `split_job` wrote (timed)."""
    began = time.perf_counter()
    table = audit_table(folder, SETTINGS, lambda _: None).set_index("check")
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "peak_mb": peak_mb(),
            "missed": int(table.loc["kmer_containment", "n_missed"])}  # fmt: skip


def in_fresh_process(job, *args) -> dict:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(job, *args).result()


def leakage_scale_figures(quick: bool, row) -> list[dict]:
    """`leakage_split_s` and `leakage_audit_s` at DeepSEA's window shape (module), with the
    peak memory of each and the recall of the planted copies; `row` builds a figure."""
    n = 50_000 if quick else 1_000_000
    name = f"deepsea_shape_{n // 1000}k"
    with tempfile.TemporaryDirectory() as folder:
        split = in_fresh_process(split_job, n, folder)
        audit = in_fresh_process(audit_job, folder)
    note = f"{n} random 1000 bp windows, {2 * PLANTED} planted copies (5% substituted, 20% shifted)"
    return [
        row(f"leakage_split_s:{name}", [split["seconds"]], "s", None, peak_mb=split["peak_mb"],
            planted_recall=split["recall"], note=f"{note}; exact, reverse complement, "
            "near-duplicate"),
        row(f"leakage_audit_s:{name}", [audit["seconds"]], "s", None, peak_mb=audit["peak_mb"],
            missed=audit["missed"], note=f"{note}; stored groups, and 1000 held-out windows "
            "re-checked by k-mer containment"),
    ]  # fmt: skip
