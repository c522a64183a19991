"""The leakage audit of a prepared dataset (rule audit_leakage): the split's own checks
counted on the final split, and an independent re-check by other methods whose disagreement
fails the audit.

1. The split's checks (gdlbench.data.leakage) are not run again: prepare stores each check's
   groups of the kept examples (`leakage_groups.npy`, columns named in meta.json's
   `leakage_audit.group_checks`), and the audit counts their pairs within one split and
   across splits (`pass`; else `warn` or `fail` by the policy).
2. The independent re-check takes up to `split.audit_sample` held-out (validation and test)
   examples and compares each with every example of the other splits, by methods that share
   no search with the split's checks (MinHash/LSH, pyranges, hashed rows, blocked
   correlation):
   - `kmer_containment` (DNA, the sites of pairs, proteins): exact k-mer containment. The
     sample's distinct k-mers (canonical for DNA) are sorted; every other sequence's k-mers
     are looked up among them a block of rows at a time (through a hashed sieve, then a
     binary search), and a pair sharing at least MIN_SHARED distinct k-mers is aligned and
     called a copy at the split's `near_duplicate_identity` (the identity
     gdlbench.data.leakage defines: what a copy is does not change, only how candidates
     are found). k grows with the length and the number of sequences so that each sampled
     sequence meets about one random candidate (`containment_k`: 101 nt among 1 000, k 10;
     1000 bp among 1 M, k 16);
   - `same_mirna` (pairs, when `pair_groups` has mirna): identical miRNA letters;
   - `window_overlap` (records with chrom/start/end): windows overlapping or within
     `interval_slack` bp, by binary search on the other windows' sorted starts;
   - `same_id` (arrays whose records carry an `id`): equal ids;
   - `profile_copy` (arrays): identical rows (their bytes) and Pearson correlation >=
     `profile_correlation`, from float64 products of the sample with each block of rows;
     low-signal profiles (`split.min_signal`) are exempt on both sides, as in the split.
   Each gives a row: `n_within` the examples sampled, `n_across_splits` the copies found
   across splits, `n_missed` those the split's groups do not join. A missed copy is a
   disagreement: verdict `fail`, whatever the policy.

Memory: the stored groups, one block of rows (gdlbench.data.blocks), the sample's k-mers
and the 128 MB sieve; the inputs are read through a memory map.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.blocks import row_blocks
from gdlbench.data.leakage import (
    canonical_kmers,
    combined_groups,
    has_intervals,
    low_signal_rows,
    near_duplicate_identity,
    pair_counts,
    protein_identity,
    protein_kmers,
    real_lengths,
)
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.protein import N_AMINO_ACIDS, PROTEIN_PAD
from gdlbench.data.split import SPLITS, TRAIN
from gdlbench.errors import InputError

AUDIT_COLUMNS = (
    "task", "dataset", "check", "n_within", "n_across_splits", "n_removed", "n_missed",
    "policy", "verdict",
)  # fmt: skip
MIN_SHARED = 2  # distinct k-mers a candidate pair shares (kmer_containment)
CACHE_BYTES = 8 << 20  # k-mers of the other rows made at once: three times faster than 256 MB
SIEVE_BITS = 27  # the k-mer prefilter: 2**27 one-byte slots (128 MB)
DEFAULT_SAMPLE = 1000


def held_out_sample(split: np.ndarray, size: int, seed: int) -> np.ndarray:
    """Sorted indices of up to `size` validation and test examples, drawn with `seed`."""
    held_out = np.flatnonzero(split != TRAIN)
    if len(held_out) > size:
        held_out = np.sort(np.random.default_rng(seed).choice(held_out, size, replace=False))
    return held_out


def containment_k(lengths: np.ndarray, others: int, letters: int, low: int) -> int:
    """The least k (at least `low`) with letters**k >= 2 L**2 sqrt(others / 2) for the
    longest length L: a sampled sequence and a random one share about lam = 2 L**2 /
    letters**k k-mers, two or more with a probability of about lam**2 / 2, so each sampled
    sequence meets about one random candidate among `others`."""
    longest = max(int(lengths.max(initial=1)), 1)
    bound = 2 * longest**2 * np.sqrt(max(others, 1) / 2)
    return int(max(low, np.ceil(np.log(bound) / np.log(letters))))


def sieve_slots(values: np.ndarray) -> np.ndarray:
    """Each k-mer code's slot in the SIEVE_BITS-bit prefilter (a multiplicative hash)."""
    hashed = values.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (hashed >> np.uint64(64 - SIEVE_BITS)).astype(np.int64)


def containment_candidates(
    codes: np.ndarray,
    sample: np.ndarray,
    kmers: Callable[[np.ndarray], np.ndarray],
    stride: int,
) -> np.ndarray:
    """(M, 2) pairs (sampled row, other row) sharing at least MIN_SHARED distinct k-mers
    (`kmers` gives each row's k-mer codes, -1 invalid) of those starting every `stride`
    positions of the sampled row (every position of the other): k-mers half a k-mer apart
    rarely match a random sequence together, where adjacent ones do (a random match of k + 1
    letters is two of k). The other rows' k-mers pass a one-byte-per-slot sieve of the
    sample's k-mers first (a few false hits per thousand), then an exact binary search among
    the sample's sorted k-mers."""
    sampled = kmers(np.asarray(codes[sample]))[:, ::stride]
    owner = np.broadcast_to(np.arange(len(sample))[:, None], sampled.shape)
    valid = sampled >= 0
    if not valid.any():  # every sampled sequence shorter than k: left to the split's `exact`
        return np.zeros((0, 2), dtype=np.int64)
    order = np.lexsort((owner[valid], sampled[valid]))
    values, owners = sampled[valid][order], owner[valid][order]
    distinct = np.r_[True, (values[1:] != values[:-1]) | (owners[1:] != owners[:-1])]
    values, owners = values[distinct], owners[distinct]
    sieve = np.zeros(1 << SIEVE_BITS, dtype=bool)
    sieve[sieve_slots(values)] = True
    found = []
    for block in row_blocks(len(codes), 8 * codes.shape[-1], CACHE_BYTES):
        other = kmers(np.asarray(codes[block]))
        rows, columns = np.nonzero(sieve[sieve_slots(np.maximum(other, 0))] & (other >= 0))
        hits = np.unique(np.stack([rows, other[rows, columns]], axis=1), axis=0)
        low = np.searchsorted(values, hits[:, 1], "left")
        count = np.searchsorted(values, hits[:, 1], "right") - low
        starts = np.repeat(low - np.cumsum(count) + count, count)
        partner = owners[starts + np.arange(int(count.sum()))]
        size = block.stop - block.start
        pair_codes, shared = np.unique(partner * size + np.repeat(hits[:, 0], count),
                                       return_counts=True)  # fmt: skip
        pair_codes = pair_codes[shared >= MIN_SHARED]
        found.append(np.stack([sample[pair_codes // size], block.start + pair_codes % size], 1))
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def sequence_copies(
    codes: np.ndarray, sample: np.ndarray, identity: float, protein: bool
) -> np.ndarray:
    """(M, 2) copies (sampled row, other row) by `kmer_containment` (module)."""
    if protein:
        k = containment_k(real_lengths(codes, PROTEIN_PAD), len(codes), N_AMINO_ACIDS, 3)
        pairs = containment_candidates(codes, sample, lambda b: protein_kmers(b, k), -(-k // 2))
        return pairs[protein_identity(codes, pairs) >= identity]
    k = containment_k(real_lengths(codes), len(codes), 4, 8)
    pairs = containment_candidates(codes, sample, lambda b: canonical_kmers(b, k), -(-k // 2))
    return pairs[near_duplicate_identity(codes, pairs) >= identity]


def equal_value_copies(values: np.ndarray, sample: np.ndarray) -> np.ndarray:
    """(M, 2) pairs (sampled row, other row) with equal `values` (ids, letters)."""
    wanted: dict[Any, list[int]] = {}
    for row in sample:
        wanted.setdefault(values[row], []).append(int(row))
    pairs = [(s, j) for j, value in enumerate(values) for s in wanted.get(value, ()) if s != j]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def window_copies(records: pd.DataFrame, sample: np.ndarray, slack: int) -> np.ndarray:
    """(M, 2) pairs (sampled window, other window) on one chromosome that overlap or lie
    within `slack` bp (a gap of at most `slack`)."""
    chrom = records["chrom"].astype(str).to_numpy()
    start, end = records["start"].to_numpy(np.int64), records["end"].to_numpy(np.int64)
    longest = int((end - start).max(initial=0))
    pairs = []
    for name in np.unique(chrom[sample]):
        rows = np.flatnonzero(chrom == name)
        rows = rows[np.argsort(start[rows], kind="stable")]
        starts = start[rows]
        for s in sample[chrom[sample] == name]:
            low = np.searchsorted(starts, start[s] - slack - longest, "left")
            high = np.searchsorted(starts, end[s] + slack, "right")
            near = rows[low:high]
            near = near[(end[near] >= start[s] - slack) & (near != s)]
            pairs += [(s, j) for j in near]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def profile_copies(
    x: np.ndarray, sample: np.ndarray, correlation: float, quiet: np.ndarray
) -> np.ndarray:
    """(M, 2) pairs (sampled profile, other profile), neither low-signal, that are identical
    or correlate >= `correlation`."""
    sample = sample[~quiet[sample]]
    flat = np.asarray(x[sample], dtype=np.float64).reshape(len(sample), -1)
    by_bytes: dict[bytes, list[int]] = {}
    for row, values in zip(sample, flat, strict=True):
        by_bytes.setdefault(values.tobytes(), []).append(int(row))
    centred = flat - flat.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1, keepdims=True)
    unit = centred / np.where(norm > 0, norm, np.inf)
    pairs = []
    for block in row_blocks(len(x), 8 * flat.shape[1] * 3):
        other = np.asarray(x[block], dtype=np.float64).reshape(block.stop - block.start, -1)
        rows = np.arange(block.start, block.stop)
        for j, values in zip(rows, other, strict=True):
            pairs += [(s, j) for s in by_bytes.get(values.tobytes(), ())]
        centred = other - other.mean(axis=1, keepdims=True)
        norm = np.linalg.norm(centred, axis=1, keepdims=True)
        s, j = np.nonzero(unit @ (centred / np.where(norm > 0, norm, np.inf)).T >= correlation)
        pairs += list(zip(sample[s], rows[j], strict=True))
    pairs = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return pairs[(pairs[:, 0] != pairs[:, 1]) & ~quiet[pairs[:, 1]]]


def independent_copies(
    x: np.ndarray,
    records: pd.DataFrame,
    sample: np.ndarray,
    family: str,
    settings: dict[str, Any],
) -> dict[str, np.ndarray]:
    """Method name -> (M, 2) copies (sampled row, other row) found by the methods (module
    docstring) of the modality's leakage `family` (gdlbench.data.leakage.CHECKS)."""
    identity = settings["near_duplicate_identity"]
    if family == "pair":  # sequence pairs: the sites, and the miRNAs on request
        found = {"kmer_containment": sequence_copies(x[:, 1], sample, identity, False)}
        if "mirna" in settings.get("pair_groups", ["site"]):
            letters = np.array([row.tobytes() for row in np.asarray(x[:, 0])], dtype=object)
            found["same_mirna"] = equal_value_copies(letters, sample)
        return found
    if family in ("nucleotide", "protein"):
        found = {"kmer_containment": sequence_copies(x, sample, identity, family == "protein")}
        if has_intervals(records):
            found["window_overlap"] = window_copies(records, sample, settings["interval_slack"])
        return found
    found = {}
    if "id" in records:
        found["same_id"] = equal_value_copies(records["id"].astype(str).to_numpy(), sample)
    quiet = low_signal_rows(x, settings.get("min_signal", 1.0))
    found["profile_copy"] = profile_copies(x, sample, settings["profile_correlation"], quiet)
    return found


def verdict(n_across: int, policy: str) -> str:
    """`pass` without pairs across splits; else `warn` under the warn policy, `fail` under
    the others (dedupe should have left none)."""
    if n_across == 0:
        return "pass"
    return "warn" if policy == "warn" else "fail"


def audit_table(
    folder: str | Path, settings: dict[str, Any], log: Callable[[str], None]
) -> pd.DataFrame:
    """The audit of a prepared dataset (module): one row per split check (from the stored
    groups), per independent method and, for arrays, a `low_signal` row counting the
    profiles exempt from the copy checks (verdict `exempt`). Logs the wall time."""
    began = time.perf_counter()
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text())
    x = np.load(folder / "x.npy", mmap_mode="r")
    split = np.load(folder / "split.npy")
    groups = np.load(folder / "leakage_groups.npy")
    records = pd.read_csv(folder / "examples.tsv", sep="\t")
    leakage = meta["leakage_audit"]
    policy = settings.get("leakage", "dedupe")
    checks = {name: groups[:, c] for c, name in enumerate(leakage["group_checks"])}
    base = (meta["task"], meta["dataset"])
    rows = []
    for name, check in checks.items():
        within, across = pair_counts(check, split)
        removed = leakage["checks"].get(name, {}).get("n_removed", 0)
        rows.append((*base, name, within, across, removed, pd.NA, policy, verdict(across, policy)))
    modality = MODALITIES[meta["modality"]]
    coded = modality.coded
    sample = held_out_sample(split, settings.get("audit_sample", DEFAULT_SAMPLE), settings["seed"])
    joined = combined_groups(checks, len(split))
    found = independent_copies(x, records, sample, modality.leakage, settings)
    for name, pairs in found.items():
        pairs = np.unique(np.sort(pairs, axis=1), axis=0).reshape(-1, 2)
        across = pairs[split[pairs[:, 0]] != split[pairs[:, 1]]]
        missed = int((joined[across[:, 0]] != joined[across[:, 1]]).sum())
        result = "fail" if missed else verdict(len(across), policy)
        rows.append((*base, name, len(sample), len(across), 0, missed, policy, result))
    if not coded:  # exempt from the copy checks: counted, never removed
        quiet = int(low_signal_rows(x, settings.get("min_signal", 1.0)).sum())
        rows.append((*base, "low_signal", quiet, 0, 0, pd.NA, policy, "exempt"))
    table = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    table["n_missed"] = table["n_missed"].astype("Int64")  # empty for the split's checks
    log(f"audited {len(x)} examples of {meta['dataset']} ({len(sample)} held-out examples "
        f"re-checked independently) in {time.perf_counter() - began:.2f} s")  # fmt: skip
    log(table.to_string(index=False))
    return table


def audit_prepared(
    folder: str | Path, settings: dict[str, Any], log: Callable[[str], None]
) -> pd.DataFrame:
    """`audit_table`, raising InputError when a verdict is `fail`."""
    table = audit_table(folder, settings, log)
    policy = settings.get("leakage", "dedupe")
    failed = table[table["verdict"] == "fail"]
    if len(failed):
        detail = ", ".join(
            f"{r.check}: {r.n_across_splits} pairs across splits"
            + (f", {r.n_missed} missed by the split's checks" if r.n_missed is not pd.NA else "")
            for r in failed.itertuples()
        )
        dataset = table["dataset"].iloc[0]
        raise InputError(
            f"{folder}: dataset {dataset} leaks across {'/'.join(SPLITS)} ({detail}) under "
            f"split.leakage {policy!r}"
        )
    return table
