"""`python -m gdlbench.bench [--quick]`: the performance figures, each measured beside its
reference in the same run (these machines are noisy), as one JSON object per figure --
{"figure", "value", "unit", "reference", "ratio", "repeats", "min", "max"} -- printed and
written to results/bench/bench.jsonl. Values are medians of `repeats` timings; `reference`
is the same quantity for the reference path (or a target), `ratio` = value / reference.
`--rehearsal` runs config/rehearsal.yaml instead (DeepSEA's shape, simulated) and appends
each stage's time and peak memory.
Not part of the test suite; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from torch.utils.flop_counter import FlopCounterMode

from gdlbench import plan as paths
from gdlbench import ranking
from gdlbench.bench_leakage import leakage_scale_figures
from gdlbench.bootstrap import draw_resamples
from gdlbench.data.encode import ONE_HOT_TABLE, encode, kmer_counts, one_hot
from gdlbench.data.leakage import (
    leakage_checks,
    near_duplicate_groups,
    protein_near_duplicate_groups,
)
from gdlbench.data.simulate.copies import (
    DNA_CASES,
    PROTEIN_CASES,
    false_group_rate,
    planted_copies,
    planted_recall,
)
from gdlbench.kinds import task_kind
from gdlbench.models import MODELS
from gdlbench.training.devices import autocast

REPO = Path(__file__).resolve().parents[3]
TARGETS = {"quickstart_wall_s": 360.0, "quickstart_peak_rss_mb": 2048.0, "dry_run_full_s": 5.0}


def timings(run: Callable[[], Any], repeats: int) -> list[float]:
    """Wall seconds of `repeats` calls, after one warm-up call."""
    run()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def row(figure: str, values: list[float], unit: str, reference: float | None, **extra) -> dict:
    """A figure from per-repeat values (a rate or a duration) beside its reference."""
    value = statistics.median(values)
    ratio = value / reference if reference else None
    return {"figure": figure, "value": value, "unit": unit, "reference": reference,
            "ratio": ratio, "repeats": len(values), "min": min(values), "max": max(values),
            **extra}  # fmt: skip


def rates(amount: float, times: list[float]) -> list[float]:
    return [amount / t for t in times]


def gemm_and_bandwidth(quick: bool, repeats: int) -> list[dict]:
    """float32 matrix product in GFLOP/s (torch, beside numpy's BLAS) and copy bandwidth in
    GB/s (numpy copyto, read + write, beside a torch clone)."""
    n = 1024 if quick else 2048
    a, b = torch.rand(n, n), torch.rand(n, n)
    flops = 2 * n**3 / 1e9
    torch_gemm = rates(flops, timings(lambda: torch.mm(a, b), repeats))
    numpy_gemm = rates(flops, timings(lambda: a.numpy() @ b.numpy(), repeats))
    size = (64 if quick else 256) * 2**20
    source, target = np.ones(size // 4, np.float32), np.empty(size // 4, np.float32)
    tensor = torch.from_numpy(source)
    copy = rates(2 * size / 1e9, timings(lambda: np.copyto(target, source), repeats))
    clone = rates(2 * size / 1e9, timings(lambda: tensor.clone(), repeats))
    return [row("gemm_gflops", torch_gemm, "GFLOP/s", statistics.median(numpy_gemm),
                note=f"torch.mm float32 {n}x{n}; reference numpy matmul"),
            row("mem_bandwidth_gbs", copy, "GB/s", statistics.median(clone),
                note="numpy copyto (read + write); reference torch clone")]  # fmt: skip


def numpy_lut_one_hot(codes: np.ndarray) -> np.ndarray:
    """The reference: a plain numpy table lookup, then (N, L, 4) -> (N, 4, L)."""
    return np.ascontiguousarray(ONE_HOT_TABLE[codes].transpose(0, 2, 1))


def one_hot_figures(quick: bool, repeats: int, bandwidth: float) -> list[dict]:
    """One-hot of (N, 1000) codes in Mbp/s beside a numpy lookup and tangermeme, and as a
    fraction of copy bandwidth (bytes written per second)."""
    n, length = (1024 if quick else 4096), 1000
    codes = np.random.default_rng(0).integers(0, 4, (n, length)).astype(np.uint8)
    mbp = n * length / 1e6
    ours = rates(mbp, timings(lambda: one_hot(codes), repeats))
    lut = rates(mbp, timings(lambda: numpy_lut_one_hot(codes), repeats))
    rows = [row("onehot_ratio_vs_numpy_lut", ours, "Mbp/s", statistics.median(lut))]
    from tangermeme.utils import one_hot_encode

    text = ["".join("ACGT"[c] for c in seq) for seq in codes[:64]]
    theirs = rates(64 * length / 1e6, timings(lambda: [one_hot_encode(s) for s in text],
                                              repeats))  # fmt: skip
    rows.append(row("onehot_ratio_vs_tangermeme", ours, "Mbp/s", statistics.median(theirs)))
    written = [rate * 1e6 * 4 * 4 / 1e9 for rate in ours]  # float32 x 4 channels per base
    rows.append(row("onehot_fraction_of_bandwidth", written, "GB/s", bandwidth,
                    note="bytes of one-hot written per second over copy bandwidth"))  # fmt: skip
    return rows


def extract_figures(quick: bool, repeats: int) -> list[dict]:
    """Intervals per second read from a 50 Mb chromosome (5 Mb with --quick): the project's
    path (gdlbench.data.genome.fetch_sequences and 1-byte encoding) beside plain pyfaidx."""
    import pandas as pd
    import pyfaidx

    from gdlbench.data.genome import fetch_sequences

    length, n, width = (5_000_000, 10_000, 1000) if quick else (50_000_000, 100_000, 1000)
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chrom.fa"
        bases = np.frombuffer(b"ACGT", np.uint8)[rng.integers(0, 4, length)].tobytes()
        with open(path, "wb") as handle:
            handle.write(b">chr1\n")
            for start in range(0, length, 60):
                handle.write(bases[start : start + 60] + b"\n")
        genome = pyfaidx.Fasta(str(path), sequence_always_upper=True)
        starts = rng.integers(0, length - width, n)
        windows = pd.DataFrame({"Chromosome": "chr1", "Start": starts, "End": starts + width})
        ours = rates(n, timings(lambda: encode(fetch_sequences(genome, windows)), repeats))
        record = genome["chr1"]
        plain = rates(n, timings(lambda: [str(record[s : s + width]) for s in starts], repeats))
        genome.close()
    return [row("extract_intervals_per_s", ours, "intervals/s", statistics.median(plain),
                note=f"{n} windows of {width} bp on a {length // 10**6} Mb chromosome, "
                     "encoded; reference plain pyfaidx slices")]  # fmt: skip


def kmer_figure(quick: bool, repeats: int) -> dict:
    """6-mer count vectors of 101 bp sequences per second, beside scikit-learn's character
    n-gram counter on the same sequences."""
    from sklearn.feature_extraction.text import CountVectorizer

    n = 5_000 if quick else 50_000
    codes = np.random.default_rng(2).integers(0, 4, (n, 101)).astype(np.uint8)
    text = ["".join("ACGT"[c] for c in seq) for seq in codes]
    ours = rates(n, timings(lambda: kmer_counts(codes, 6), repeats))
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(6, 6), lowercase=False)
    theirs = rates(n, timings(lambda: vectorizer.fit_transform(text), repeats))
    note = "k = 6, sparse; reference scikit-learn CountVectorizer(char 6-grams)"
    return row("kmer_seqs_per_s", ours, "sequences/s", statistics.median(theirs), note=note)


def bootstrap_figure(quick: bool, repeats: int) -> dict:
    """Bootstrap resamples of per-target AUROC and average precision on a multi-label test
    set (919 targets, 5% positive), in (example, target, resample) entries per second:
    each target sorted once and every resample of a block of targets one sparse product
    (`Multilabel.resampled_per_target`), beside resorting each resampled target
    (`ranking.auroc` and `ranking.average_precision`, on 20 targets x 3 resamples)."""
    n, targets, resamples = (2_000 if quick else 20_000), 919, 100  # the schema's least
    rng = np.random.default_rng(4)
    y = (rng.random((n, targets)) < 0.05).astype(np.uint8)
    scores = (rng.random((n, targets)) + 0.3 * y).astype(np.float32)
    counts = draw_resamples(n, resamples, rng)[0]
    kind = task_kind("chromatin")
    ours = rates(
        n * targets * resamples,
        timings(lambda: kind.resampled_per_target(y, scores, counts), repeats),
    )

    def resorted() -> None:
        for drawn in counts[:3]:
            index = np.repeat(np.arange(n), drawn)
            for t in range(20):
                ranking.auroc(y[index, t], scores[index, t])
                ranking.average_precision(y[index, t], scores[index, t])

    theirs = rates(n * 20 * 3, timings(resorted, 1))
    note = f"{n} examples x {targets} targets x {resamples} resamples; reference: resorting"
    return row("bootstrap_entries_per_s", ours, "entries/s", statistics.median(theirs),
               note=note)  # fmt: skip


def leakage_figure(quick: bool, repeats: int) -> dict:
    """Seconds of the sequence leakage checks on a set the size of the largest published
    sequence set at full scale (miRBase hairpins: about 38 000, 60-180 nt), against the
    target of a few minutes (300 s)."""
    n = 5_000 if quick else 38_000
    rng = np.random.default_rng(3)
    lengths = rng.integers(60, 181, n)
    sequences = ["".join("ACGU"[b] for b in rng.integers(0, 4, k)) for k in lengths]
    codes = encode(sequences)
    split = {"near_duplicate_identity": 0.9}
    times = timings(lambda: leakage_checks(codes, None, "nucleotide", split), max(1, repeats // 2))
    name = "leakage_split_s:mirbase_hairpins" + ("_5k" if quick else "")
    return row(name, times, "s", 300.0, note=f"{n} sequences of 60-180 nt, every check")


def near_duplicate_recall_figures(quick: bool) -> list[dict]:
    """Share of planted near-duplicates (gdlbench.data.simulate.copies: 200 pairs among
    unrelated random sequences) the `near_duplicate` check joins at identity 0.9, against
    the target 0.95; with the seconds it took and the share of unrelated sequences it
    grouped. Quick: the hardest cases, 101 nt and proteins, 1 000 unrelated; else every
    case at 101 and 60 nt and 300 aa, 10 000 unrelated."""
    background = 1_000 if quick else 10_000
    dna = ("sub9", "indel3", "shift30", "revcomp_sub5") if quick else DNA_CASES
    runs = [
        (f"dna{length}_{case}", case, length, False)
        for length in ((101,) if quick else (101, 60))
        for case in dna
    ]
    runs += [(f"protein300_{case}", case, 300, True)
             for case in (("exon20", "deletion1") if quick else PROTEIN_CASES)]  # fmt: skip
    rows = []
    for name, case, length, protein in runs:
        codes, pairs = planted_copies(case, 200, background, length,
                                      np.random.default_rng(length), protein)  # fmt: skip
        check = protein_near_duplicate_groups if protein else near_duplicate_groups
        started = time.perf_counter()
        groups = check(codes, 0.9)
        seconds = time.perf_counter() - started
        false = false_group_rate(groups, np.arange(400, 400 + background))
        rows.append(row(f"near_duplicate_recall:{name}", [planted_recall(groups, pairs)],
                        "fraction", 0.95, seconds=seconds, false_groups=false,
                        note=f"200 planted pairs among {background} unrelated sequences, "
                             "identity 0.9"))  # fmt: skip
    return rows


ARCHITECTURES = {  # published sizes: (registry model, input shape, outputs, params)
    "deepbind": ("cnn", (4, 101), 1, {"filters": [16], "kernel_size": 24, "global_pool": True,
                                      "dense": 32}),
    "zeng_cnn_128": ("cnn", (4, 101), 1, {"filters": [128], "kernel_size": 24,
                                          "global_pool": True, "dense": 32}),
    "deepsea": ("deepsea", (4, 1000), 919, {}),  # the registry's defaults are DeepSEA's
    "danq": ("hybrid", (4, 1000), 919, {"filters": 320, "kernel_size": 26, "pool_size": 13,
                                        "hidden": 320, "dense": 925, "dropout": 0.5,
                                        "conv_dropout": 0.2}),
    "deepchrome": ("cnn", (5, 100), 1, {"filters": [50], "kernel_size": 10, "pool_size": 5,
                                        "dense": [625, 125], "dropout": 0.5}),
    "attentivechrome": ("attentivechrome", (5, 100), 1, {"bin_hidden": 32, "mark_hidden": 16}),
    "dgex_mlp": ("mlp", (943,), 9520, {"hidden": [3000, 3000, 3000], "dropout": 0.1}),
    "adage": ("autoencoder", (5549,), 1, {"hidden": [50], "activation": "sigmoid",
                                          "output": "sigmoid"}),
}  # fmt: skip


def train_step(model: torch.nn.Module, optimizer, x: torch.Tensor, y: torch.Tensor) -> None:
    """Forward, backward and (with an optimiser) one update, on multi-label targets; uint8
    sequence codes are one-hot encoded first, as every batch of the training loop is."""
    x = one_hot(x) if x.dtype == torch.uint8 else x
    if optimizer is not None:
        optimizer.zero_grad(set_to_none=True)
    torch.nn.functional.binary_cross_entropy_with_logits(model(x), y).backward()
    if optimizer is not None:
        optimizer.step()


def training_figures(quick: bool, repeats: int, gemm: float) -> list[dict]:
    """Training samples per second (forward, backward, AdamW step on CPU float32 batches of
    64) of each architecture at its published size, and the fraction of the GEMM peak its
    analytic FLOPs (torch.utils.flop_counter; recurrent cells are not counted there, so
    their fraction is a lower bound) reach."""
    rows = []
    batch = 64
    for name, (model_name, shape, outputs, params) in ARCHITECTURES.items():
        torch.manual_seed(0)
        model = MODELS[model_name].build(shape, outputs, **params)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        x, y = torch.rand(batch, *shape), torch.rand(batch, outputs)
        counter = FlopCounterMode(display=False)
        with counter:
            train_step(model, None, x, y)
        per_sample = counter.get_total_flops() / batch
        steps = max(1, (2 if quick else 5) if shape[-1] >= 1000 else repeats)
        if shape[0] == 4:  # sequence models: uint8 codes, one-hot every step (the data path)
            x = torch.randint(0, 4, (batch, shape[-1]), dtype=torch.uint8)
        step = functools.partial(train_step, model, optimizer, x, y)
        samples = rates(batch, timings(step, steps))
        rows.append(row(f"train_samples_per_s:{name}", samples, "samples/s", None,
                        note=f"{model_name} {shape} -> {outputs}, batch {batch}, CPU"))  # fmt: skip
        achieved = [s * per_sample / 1e9 for s in samples]
        rows.append(row(f"train_fraction_of_peak:{name}", achieved, "GFLOP/s", gemm,
                        note=f"{per_sample / 1e6:.1f} MFLOP per sample"))  # fmt: skip
    return rows


def cuda_timings(run: Callable[[], Any], repeats: int) -> list[float]:
    """`timings` of work queued on the GPU: each repeat waits for the device to finish."""

    def synchronised() -> None:
        run()
        torch.cuda.synchronize()

    return timings(synchronised, repeats)


def gpu_train_step(model, optimizer, stored: torch.Tensor, y: torch.Tensor) -> None:
    """`train_step` under the loop's autocast (bf16 where the GPU has it), one-hot made on the
    device from uint8 codes."""
    with autocast(stored.device, True):
        train_step(model, optimizer, stored, y)


def gpu_figures(repeats: int) -> list[dict]:
    """On a CUDA device: the bf16 GEMM peak, and each architecture's training samples/s with
    the training loop's path (bf16 autocast, batch 256, one-hot made on the device) and its
    fraction of that peak. Empty without a GPU."""
    if not torch.cuda.is_available():
        return []
    device = torch.device("cuda")
    n = 8192
    a = torch.rand(n, n, device=device, dtype=torch.bfloat16)
    peak = statistics.median(rates(2 * n**3 / 1e9, cuda_timings(lambda: a @ a, repeats)))
    rows = [row("gpu_gemm_bf16_gflops", [peak], "GFLOP/s", None,
                note=f"{torch.cuda.get_device_name(device)}, bf16 {n}x{n}")]  # fmt: skip
    batch = 256
    for name, (model_name, shape, outputs, params) in ARCHITECTURES.items():
        torch.manual_seed(0)
        model = MODELS[model_name].build(shape, outputs, **params).to(device)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        stored = torch.rand(batch, *shape, device=device)
        if shape[0] == 4:  # sequence models: uint8 codes, one-hot on the device every step
            stored = torch.randint(0, 4, (batch, shape[-1]), dtype=torch.uint8, device=device)
        y = torch.rand(batch, outputs, device=device)
        counter = FlopCounterMode(display=False)
        with counter:
            train_step(model, None, torch.rand(batch, *shape, device=device), y)
        per_sample = counter.get_total_flops() / batch
        step = functools.partial(gpu_train_step, model, optimizer, stored, y)
        samples = rates(batch, cuda_timings(step, repeats))
        note = f"{model_name} {shape} -> {outputs}, batch {batch}, bf16"
        rows.append(row(f"gpu_train_samples_per_s:{name}", samples, "samples/s", None, note=note))
        achieved = [v * per_sample / 1e9 for v in samples]
        rows.append(row(f"gpu_train_fraction_of_peak:{name}", achieved, "GFLOP/s", peak,
                        note=f"{per_sample / 1e6:.1f} MFLOP per sample"))  # fmt: skip
    return rows


def workflow_copy(folder: Path) -> Path:
    """A fresh copy of the workflow (no results) under `folder`."""
    work = folder / "workflow"
    (work / "resources").mkdir(parents=True)
    for name in ("Snakefile", "config", "envs", "profiles", "workflow"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
    shutil.copy2(REPO / paths.PUBLISHED_NUMBERS, work / "resources")
    return work


def workflow_figures(quick: bool) -> list[dict]:
    """The quickstart's wall time and its largest job's peak RSS (a fresh copy, 2 cores; not
    with --quick), and `snakemake -n` at full scale (the published config)."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = workflow_copy(Path(folder))
        command = [sys.executable, "-m", "snakemake"]
        started = time.perf_counter()
        subprocess.run([*command, "-n", "--configfile", "config/published.yaml", "--quiet"],
                       cwd=work, check=True, capture_output=True)  # fmt: skip
        seconds = [time.perf_counter() - started]
        note = "snakemake -n, config/published.yaml"
        rows.append(row("dry_run_full_s", seconds, "s", TARGETS["dry_run_full_s"], note=note))
        if quick:
            return rows
        started = time.perf_counter()
        peak = peak_tree_rss_mb([*command, "--cores", "2"], work)
        wall = time.perf_counter() - started
    rows.append(row("quickstart_wall_s", [wall], "s", TARGETS["quickstart_wall_s"]))
    note = "Snakemake and its running jobs together, sampled every 0.2 s"
    rows.append(row("quickstart_peak_rss_mb", [peak], "MB", TARGETS["quickstart_peak_rss_mb"],
                    note=note))  # fmt: skip
    return rows


# the rehearsal's stages by rule; every other rule is aggregation (tables, figures, digest)
REHEARSAL_STAGES = {
    "simulate": ("simulate_dataset",),
    "prepare": ("prepare_dataset",),
    "audit": ("audit_leakage", "tabulate_leakage"),
    "train": ("train_model", "fit_baseline"),
    "evaluate": ("evaluate_dataset",),
}
REHEARSAL_TARGETS = {"rehearsal_untrained_s": 1200.0, "rehearsal_peak_rss_mb": 8192.0}


def job_benchmarks(folder: Path) -> pd.DataFrame:
    """Every Snakemake benchmark file under `folder`: rule (its first path component), the
    job's wall seconds `s` and peak resident memory `max_rss` (MB)."""
    rows = []
    for path in sorted(folder.rglob("*.tsv")):
        rule = path.relative_to(folder).parts[0].removesuffix(".tsv")
        table = pd.read_csv(path, sep="\t")
        rows.append((rule, float(table["s"].iloc[-1]), float(table["max_rss"].iloc[-1])))
    return pd.DataFrame(rows, columns=["rule", "s", "max_rss"])


def rehearsal_figures() -> list[dict]:
    """config/rehearsal.yaml run on a fresh copy (2 cores): the wall time and peak memory of
    each stage (its jobs' seconds summed, their largest peak), the run's total, and the
    stages the issue bounds together (prepare, audit, evaluate, aggregate: training and the
    simulation of the data excluded) against 20 minutes and 8 GB."""
    with tempfile.TemporaryDirectory() as folder:
        work = workflow_copy(Path(folder))
        command = [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile",
                   "config/rehearsal.yaml"]  # fmt: skip
        started = time.perf_counter()
        peak = peak_tree_rss_mb(command, work)
        wall = time.perf_counter() - started
        jobs = job_benchmarks(work / "results" / "benchmarks")
    stage_of = {rule: stage for stage, rules in REHEARSAL_STAGES.items() for rule in rules}
    jobs["stage"] = jobs["rule"].map(stage_of).fillna("aggregate")
    rows = []
    for stage, found in jobs.groupby("stage", sort=False):
        rules = ", ".join(sorted(set(found["rule"])))
        rows.append(row(f"rehearsal_s:{stage}", [found["s"].sum()], "s", None, note=rules))
        rows.append(row(f"rehearsal_peak_rss_mb:{stage}", [found["max_rss"].max()], "MB",
                        None, note=f"{len(found)} jobs"))  # fmt: skip
    untrained = jobs[~jobs["stage"].isin(["simulate", "train"])]
    rows.append(
        row(
            "rehearsal_untrained_s",
            [untrained["s"].sum()],
            "s",
            REHEARSAL_TARGETS["rehearsal_untrained_s"],
            note="prepare + audit + evaluate + aggregate, job seconds summed",
        )
    )
    rows.append(
        row(
            "rehearsal_peak_rss_mb",
            [peak],
            "MB",
            REHEARSAL_TARGETS["rehearsal_peak_rss_mb"],
            note="Snakemake and its running jobs together, sampled every 0.2 s",
        )
    )
    rows.append(row("rehearsal_wall_s", [wall], "s", None, note="simulation and training included"))
    return rows  # fmt: skip


def peak_tree_rss_mb(command: list[str], cwd: Path) -> float:
    """Run `command` to the end; the largest resident memory of it and all its descendants
    together (jobs running at once add up), sampled every 0.2 s."""
    import psutil  # a dependency of Snakemake

    log = cwd / "bench_run.log"  # Snakemake's log: a pipe left unread would fill and stall
    with open(log, "w") as handle:
        process = subprocess.Popen(command, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
        parent, peak = psutil.Process(process.pid), 0
        while process.poll() is None:
            total = 0
            for member in [parent, *parent.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # ended between listing and reading
                    total += member.memory_info().rss
            peak = max(peak, total)
            time.sleep(0.2)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command, log.read_text())
    return peak / 2**20


def run(quick: bool, repeats: int, output: Path, rehearsal: bool = False) -> list[dict]:
    torch.set_num_threads(os.cpu_count() or 1)
    if rehearsal:
        rows, sections = [], [rehearsal_figures]
    else:
        rows = gemm_and_bandwidth(quick, repeats)
        gemm, bandwidth = rows[0]["value"], rows[1]["value"]
        sections = [lambda: one_hot_figures(quick, repeats, bandwidth),
                    lambda: extract_figures(quick, repeats),
                    lambda: [kmer_figure(quick, repeats)],
                    lambda: [bootstrap_figure(quick, repeats)],
                    lambda: [leakage_figure(quick, repeats)],
                    lambda: near_duplicate_recall_figures(quick),
                    lambda: leakage_scale_figures(quick, row),
                    lambda: training_figures(quick, repeats, gemm),
                    lambda: gpu_figures(repeats), lambda: workflow_figures(quick)]  # fmt: skip
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "a" if rehearsal else "w") as handle:
        for section in [lambda: rows, *sections]:
            for figure in section():
                line = json.dumps(figure, default=lambda v: None if math.isnan(v) else v)
                print(line, flush=True)
                handle.write(line + "\n")
                handle.flush()
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gdlbench.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes; no quickstart run")
    parser.add_argument("--repeats", type=int, default=5, help="timings per figure (median)")
    parser.add_argument("--output", type=Path, default=Path("results/bench/bench.jsonl"))
    parser.add_argument("--rehearsal", action="store_true",
                        help="only the full-size chromatin rehearsal (config/rehearsal.yaml: "
                             "about an hour on 2 cores), appended to --output")  # fmt: skip
    args = parser.parse_args(argv)
    run(args.quick, args.repeats, args.output, args.rehearsal)


if __name__ == "__main__":
    main()
