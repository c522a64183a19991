"""Records table -> prepared dataset: encoded inputs, labels, leakage-aware split, metadata.

A prepared dataset is a folder of `x.npy` (sequences as uint8 codes, see encode.py, and
sequence pairs such as miRNA and target site as (N, 2, L) codes;
matrices such as histone marks x bins as float32 (N, channels, positions), vectors
such as transcriptomes as float32 (N, features)),
`y.npy` (int64 class index, float32 target, or uint8 (N, targets) multi-label 0/1 with 255
missing), `split.npy` (uint8: 0 train, 1 valid, 2 test),
`clusters.npy` (int64, one id 0..K-1 per example: examples that are not independent share
one, see `audited_split`), `leakage_groups.npy` (int64 (N, checks): each leakage check's
group per kept example, the columns named by meta's `leakage_audit.group_checks`; the audit
counts them, gdlbench.data.leakage_audit), `examples.tsv` (each kept example's `id`,
`chrom`, `start`, `end` where the records carry them, for the leakage audit and the planted
truth; a cut protein's `cut_start`, `cut_end`) and
`meta.json` (task, classes, split counts, leakage audit, `n_clusters` and the
`largest_cluster` per split); models read it by memory map.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.encode import PAD
from gdlbench.data.formats import FORMATS
from gdlbench.data.homology import homology_groups
from gdlbench.data.leakage import (
    apply_policy,
    check_memory,
    combined_groups,
    leakage_checks,
    low_signal_rows,
)
from gdlbench.data.modalities import MODALITIES
from gdlbench.data.profiles import type_groups
from gdlbench.data.records import CodedTargets
from gdlbench.data.split import SPLITS, TEST, TRAIN, VALID, stratified_group_split
from gdlbench.data.transforms import Fitting, fit_pipeline, input_transform
from gdlbench.errors import InputError
from gdlbench.kinds import Kind, task_kind
from gdlbench.tasks import TASKS

EXAMPLE_COLUMNS = ("id", "chrom", "start", "end", "cut_start", "cut_end")  # cut: proteins
CLUSTER_KEY = "cluster_key"  # a records column: examples sharing a value are not independent


def united_clusters(keys: Sequence[np.ndarray], n: int) -> np.ndarray:
    """Cluster id (int64, 0..K-1) per example of `n`, joining transitively the examples that
    share a value in any of `keys` (each one value per example, of any type numpy or pandas
    can factorize); with no keys every example is its own cluster."""
    codes = {str(i): pd.factorize(np.asarray(key))[0].astype(np.int64)
             for i, key in enumerate(keys)}  # fmt: skip
    return combined_groups(codes, n).astype(np.int64)


def record_cluster_keys(records: pd.DataFrame, source: str) -> list[np.ndarray]:
    """The records' own cluster key (column `cluster_key`, given by readers whose source
    knows examples that are not independent: the two strands of a DeepSEA window, pairs
    sharing a target site), as a list of zero or one arrays; a missing value is an error."""
    if CLUSTER_KEY not in records:
        return []
    key = records[CLUSTER_KEY]
    missing = key.isna().to_numpy()
    if missing.any():
        first = int(np.argmax(missing))
        name = repr(records["id"].iloc[first]) if "id" in records else f"number {first}"
        raise InputError(
            f"{source}: {int(missing.sum())} record(s) without a {CLUSTER_KEY!r} (the first: "
            f"record {name}); the reader gives every record one"
        )
    return [key.to_numpy()]


def renumbered(clusters: np.ndarray) -> np.ndarray:
    """Cluster ids made 0..K-1 (in order of their value), after examples were dropped."""
    return np.unique(clusters, return_inverse=True)[1].reshape(-1).astype(np.int64)


def cluster_summary(clusters: np.ndarray, split: np.ndarray) -> dict[str, Any]:
    """`n_clusters` and the size of the `largest_cluster` in each split (0 when empty)."""
    largest = {}
    for code, name in enumerate(SPLITS):
        members = clusters[split == code]
        largest[name] = int(np.bincount(members).max()) if len(members) else 0
    return {"n_clusters": int(clusters.max(initial=-1)) + 1, "largest_cluster": largest}


def stratified_subsample(
    labels: np.ndarray, max_examples: int | None, rng: np.random.Generator
) -> np.ndarray:
    """Sorted indices of at most `max_examples` rows keeping class proportions."""
    n = len(labels)
    if max_examples is None or n <= max_examples:
        return np.arange(n)
    keep = []
    for cls in np.unique(labels):
        members = np.flatnonzero(labels == cls)
        take = max(1, round(len(members) * max_examples / n))
        keep.append(rng.choice(members, size=take, replace=False))
    return np.sort(np.concatenate(keep))


def validation_groups(
    records: pd.DataFrame, x: np.ndarray, groups: np.ndarray, pool: np.ndarray, threads: int
) -> tuple[np.ndarray, str]:
    """The groups validation is carved from the training pool (rows `pool`) by, and that rule
    in words: the leakage groups, joined -- for a source whose test partition was
    homology-reduced (`records.attrs["test_partition"]`, DeepLoc's `{"rule": "homology",
    "identity": 0.3}`) -- with the pool's homology groups at the source's threshold."""
    partition = records.attrs.get("test_partition", {})
    if partition.get("rule") != "homology":
        return groups[pool], "leakage groups (the source names no other rule for its test split)"
    identity = partition["identity"]
    homologs = homology_groups(np.asarray(x[pool]), identity, threads)
    joined = united_clusters([groups[pool], homologs], len(pool))
    rule = f"homology at {identity:.0%} identity, as the source's test split, and leakage groups"
    return joined, rule


def assign_splits(
    records: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    split_cfg: dict[str, Any],
    rng: np.random.Generator,
    source: str,
    threads: int = 1,
) -> tuple[np.ndarray, str]:
    """Split codes by `split_cfg["method"]`, and the rule validation was carved by:

    - `stratified`: duplicate groups stratified into train/valid/test;
    - `chromosome`: `test_chroms` and `valid_chroms` held out (records need `chrom`);
    - `given`: the records' own `split` column (train/valid/test); a validation split is
      carved from train when the records give none, by the rule of the source's test split
      (`validation_groups`).
    """
    method = split_cfg.get("method", "stratified")
    if method == "stratified":
        split = stratified_group_split(y, groups, split_cfg["valid"], split_cfg["test"], rng)
        return split, "leakage groups, stratified like test"
    column = {"chromosome": "chrom", "given": "split"}[method]
    if column not in records:
        raise InputError(f"{source}: split method {method!r} needs a {column!r} per record")
    if method == "chromosome":
        chrom = records["chrom"].astype(str).to_numpy()
        split = np.full(len(y), TRAIN, dtype=np.uint8)
        split[np.isin(chrom, split_cfg["valid_chroms"])] = VALID
        split[np.isin(chrom, split_cfg["test_chroms"])] = TEST
        return split, "whole chromosomes (valid_chroms), like test"
    given = records["split"].astype(str).to_numpy()
    unknown = set(given) - set(SPLITS)
    if unknown:
        raise InputError(f"{source}: unknown split names {sorted(unknown)}; expected {SPLITS}")
    split = np.array([SPLITS.index(name) for name in given], dtype=np.uint8)
    if VALID in split:
        return split, "given by the source"
    pool = np.flatnonzero(split == TRAIN)
    pool_groups, rule = validation_groups(records, x, groups, pool, threads)
    split[pool] = stratified_group_split(y[pool], pool_groups, split_cfg["valid"], 0.0, rng)
    return split, rule


def audited_split(
    records: pd.DataFrame,
    x: np.ndarray,
    y: np.ndarray,
    modality: str,
    split_cfg: dict[str, Any],
    rng: np.random.Generator,
    source: str,
    threads: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Split codes, the mask of examples kept, cluster ids and the leakage audit: the
    leakage checks (gdlbench.data.leakage, those of the `modality`) group
    copies, stratified splits keep groups whole, and the dataset's `split.leakage` policy
    deals with groups another method splits. The clusters (one id per example, before the
    mask; renumber them once it is applied) join the leakage groups with the records'
    `cluster_key`: examples resampled together by the bootstrap."""
    began = time.perf_counter()
    coded = MODALITIES[modality].coded
    check_memory(x, coded, split_cfg, source)
    checks = leakage_checks(x, records, MODALITIES[modality].leakage, split_cfg)
    groups = combined_groups(checks, len(x))
    clusters = united_clusters([groups, *record_cluster_keys(records, source)], len(x))
    split, valid_rule = assign_splits(records, x, y, groups, split_cfg, rng, source, threads)
    policy = split_cfg.get("leakage", "dedupe")
    keep, report = apply_policy(split, checks, policy, source)
    audit = {
        "policy": policy,
        "checks": report,
        "group_checks": list(checks),  # the columns of leakage_groups.npy
        "group_matrix": np.column_stack(list(checks.values()))[keep],  # leakage_groups.npy
        "groups": int(groups.max(initial=-1)) + 1,
        "valid_rule": valid_rule,
        "n_removed": int((~keep).sum()),
        "seconds": round(time.perf_counter() - began, 3),
    }
    if not coded:  # profiles exempt from the copy checks (gdlbench.data.leakage)
        audit["low_signal"] = int(low_signal_rows(x, split_cfg.get("min_signal", 1.0)).sum())
    return split, keep, clusters, audit


def example_table(records: pd.DataFrame) -> pd.DataFrame:
    """The example's row and the records' id/chrom/start/end columns (those present)."""
    table = records[[c for c in EXAMPLE_COLUMNS if c in records]].reset_index(drop=True)
    return table.assign(row=np.arange(len(table)))


def encode_labels(
    records: pd.DataFrame, source: str, max_examples: int | None, rng: np.random.Generator
) -> tuple[pd.DataFrame, list[str], np.ndarray]:
    """Subsample (stratified), check the classes, and give each record its class index."""
    keep = stratified_subsample(records["label"].to_numpy(), max_examples, rng)
    records = records.iloc[keep].reset_index(drop=True)
    classes = sorted(records["label"].unique())
    counts = records["label"].value_counts()
    too_small = [c for c in classes if counts[c] < 3]
    if len(classes) < 2 or too_small:
        raise InputError(
            f"{source}: every class needs at least 3 examples to be split and there must be "
            f"two classes or more; class counts are {counts.to_dict()}"
        )
    y = records["label"].map({c: i for i, c in enumerate(classes)}).to_numpy(np.int64)
    return records, classes, y


def split_counts(
    source: str, classes: list[str], y: np.ndarray, split: np.ndarray
) -> dict[str, dict[str, int]]:
    """Examples per split and class; a split without some class is an error."""
    counts = {
        name: {c: int(((split == code) & (y == k)).sum()) for k, c in enumerate(classes)}
        for code, name in enumerate(SPLITS)
    }
    for name, per_class in counts.items():
        missing = [c for c, n in per_class.items() if n == 0]
        if missing:
            raise InputError(f"{source}: the {name} split has no example of class {missing}")
    return counts


def prepare_sequences(
    records: pd.DataFrame,
    source: str,
    split_cfg: dict[str, Any],
    max_examples: int | None,
    modality: str,
    options: dict[str, Any],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Encode, subsample and split a sequence (or sequence pair) classification table;
    returns x, y, split, meta."""
    rng = np.random.default_rng(split_cfg["seed"])
    records, classes, y = encode_labels(records, source, max_examples, rng)
    coding = MODALITIES[modality]  # DNA/RNA or amino-acid codes
    try:
        x = coding.stored(records)
    except ValueError as error:
        raise InputError(f"{source}: {error}") from error

    split, keep, clusters, audit = audited_split(
        records, x, y, modality, split_cfg, rng, source, options.get("threads", 1)
    )
    x, y, split, records, clusters = x[keep], y[keep], split[keep], records[keep], clusters[keep]
    counts = split_counts(source, classes, y, split)
    meta = {
        "classes": classes,
        "length": int(x.shape[-1]),
        "padded": bool((x == coding.pad).any()),  # variable lengths: models skip the padding
        "split_counts": counts,
        "leakage_audit": audit,
        "examples": example_table(records),
        "clusters": clusters,
    }
    return x, y, split, meta


READER_ATTRS = {  # what a reader's `records.attrs` may name, and its meta key
    "targets": "targets", "target_types": "target_types", "genes": "genes", "terms": "terms",
    "gene_order": "gene_order", "landmarks": "inputs", "dropped_probes": "dropped_probes",
    "report": "reader_report", "channels": "channels", "class_names": "class_names",
    "position_label": "position_label",
}  # fmt: skip


def float_counts(
    kind: Kind, source: str, classes: list[str], y: np.ndarray, split: np.ndarray
) -> dict[str, Any]:
    """Examples per split (and per class, or labelled and positive target entries); an empty
    split, or a split without some class, is an error."""
    if kind.labels == "classes":
        return split_counts(source, classes, y, split)
    counts = {name: kind.split_count(y[split == code]) for code, name in enumerate(SPLITS)}
    empty = [name for name, count in counts.items()
             if not (count["examples"] if isinstance(count, dict) else count)]  # fmt: skip
    if empty:
        raise InputError(f"{source}: the {empty[0]} split is empty ({counts})")
    return counts


def prepare_floats(
    records: pd.DataFrame,
    source: str,
    split_cfg: dict[str, Any],
    max_examples: int | None,
    modality: str,
    options: dict[str, Any],
    kind: Kind,
    transform: str = "none",
    fitted: tuple[str, ...] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Float inputs (records `x`: (channels, positions) matrices such as histone marks x
    bins, or vectors such as a transcriptome) with what the kind labels them by: classes
    (`label`), target vectors (`y`; a `label` column then stratifies the split, drug
    response by tissue) or nothing (representations). Subsample, transform each example
    (the format's `transform`, `options.transform` overriding), split, then run the format's
    `fitted` pipeline on the training split alone (gdlbench.data.transforms); returns x, y,
    split, meta."""
    attrs = dict(records.attrs)
    rng = np.random.default_rng(split_cfg["seed"])
    classes: list[str] = []
    if kind.labels == "classes":
        records, classes, y = encode_labels(records, source, max_examples, rng)
        strata = y
    else:
        stratified = "label" in records
        labels = records["label"].to_numpy() if stratified else np.zeros(len(records))
        records = records.iloc[stratified_subsample(labels, max_examples, rng)]
        if len(records) < 10:
            raise InputError(f"{source}: {len(records)} examples are too few to split")
        strata = (pd.factorize(records["label"])[0] if stratified
                  else np.zeros(len(records), dtype=np.int64))  # fmt: skip
        y = (np.stack(records["y"].to_numpy()).astype(np.float32) if kind.labels == "targets"
             else np.zeros(len(records), dtype=np.int64))  # fmt: skip
    x = np.stack(records["x"].to_numpy()).astype(np.float32)
    transform = options.get("transform", transform)
    x = input_transform(x, transform, source)
    split, keep, clusters, audit = audited_split(records, x, strata, modality, split_cfg, rng,
                                                 source)  # fmt: skip
    x, y, split, records, clusters = x[keep], y[keep], split[keep], records[keep], clusters[keep]
    meta: dict[str, Any] = {"classes": classes, "transform": transform}
    meta.update({key: attrs[name] for name, key in READER_ATTRS.items() if name in attrs})
    names = list(attrs.get("genes", [f"input_{i}" for i in range(x.shape[1])]))
    state = fit_pipeline(fitted, Fitting(x, y, split == TRAIN, options, names))
    x, y = state.x, state.y
    if "genes" in attrs:
        meta["genes"] = state.names  # those the pipeline kept
    if kind.labels == "targets":
        meta.setdefault("targets", [f"target_{i}" for i in range(y.shape[1])])
    if kind.per_target_metrics and kind.ranked:  # labels per target: some may lack positives
        unseen = np.flatnonzero(np.nansum(y[split == TRAIN], axis=0) == 0)
        meta["targets_without_training_positives"] = [meta["targets"][i] for i in unseen]
    if state.labels:
        meta["labels"] = state.labels
    if state.features:
        meta["features"] = state.features
    examples = example_table(records)
    if kind.labels != "classes" and "label" in records:
        examples = examples.assign(stratum=records["label"].to_numpy())
    meta.update(
        shape=list(x.shape[1:]),
        split_counts=float_counts(kind, source, classes, y, split),
        leakage_audit=audit,
        examples=examples,
        clusters=clusters,
    )
    return x, y, split, meta


def prepare_coded_targets(
    records: CodedTargets,
    source: str,
    split_cfg: dict[str, Any],
    max_examples: int | None,
    modality: str,
    options: dict[str, Any],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
    """Multi-label sequences (chromatin profiles: a reader's CodedTargets): random subsample,
    leakage-audited split (`chromosome`, `given` or random `stratified`), uint8 labels kept as
    they are; returns x, y, split, meta. Meta names the targets, their profile types and the
    per-type target groups the metrics summarise, and what the reader reported."""
    if not isinstance(records, CodedTargets):
        raise InputError(f"{source}: a multi-label sequence format must return CodedTargets")
    rng = np.random.default_rng(split_cfg["seed"])
    rows = stratified_subsample(np.zeros(len(records)), max_examples, rng)
    if len(rows) < len(records):  # copying gigabytes of codes only when rows are dropped
        records = records.take(rows)
    x, y, table = np.asarray(records.codes), np.asarray(records.labels), records.table
    no_class = np.zeros(len(x), dtype=np.int64)  # a random split; labels are per target
    split, keep, clusters, audit = audited_split(table, x, no_class, modality, split_cfg, rng,
                                                 source)  # fmt: skip
    if not keep.all():
        x, y, split, table = x[keep], y[keep], split[keep], table[keep]
        clusters = clusters[keep]
    counts = {
        name: {"examples": int((split == code).sum()),
               "positive_labels": int((y[split == code] == 1).sum())}
        for code, name in enumerate(SPLITS)
    }  # fmt: skip
    empty = [name for name, count in counts.items() if not count["examples"]]
    if empty:
        raise InputError(f"{source}: the {empty[0]} split is empty ({counts})")
    targets = list(records.targets)
    unseen = np.flatnonzero(((y[split == TRAIN] == 1).sum(axis=0)) == 0)
    meta = {
        "classes": [],
        "targets": targets,
        "target_types": records.target_types,
        "target_groups": type_groups(records.target_types),
        "targets_without_training_positives": [targets[i] for i in unseen],
        "length": int(x.shape[1]),
        "padded": bool((x == PAD).any()),
        "split_counts": counts,
        "leakage_audit": audit,
        "reader_report": records.report,
        "examples": example_table(table),
        "clusters": clusters,
    }
    return x, y, split, meta


# coded inputs (sequences, proteins, pairs) by the task's kind; float inputs: prepare_floats
CODED_PREPARERS = {
    "binary": prepare_sequences,
    "multiclass": prepare_sequences,
    "multilabel": prepare_coded_targets,
}


def prepare_records(
    task: str,
    dataset: str,
    records: pd.DataFrame,
    source: str,
    split_cfg: dict[str, Any],
    max_examples: int | None,
    threads: int = 1,
    options: dict[str, Any] | None = None,
    transform: str = "none",
    fitted: tuple[str, ...] = (),
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The prepared arrays (x, y, split, clusters, structure, mfe), example table and meta of
    one dataset: one skeleton for every task, the preparation chosen by how the task's
    modality is stored (codes by the kind; floats: prepare_floats) and the format's declared
    `transform` and `fitted` pipeline (gdlbench.data.formats.Format.preparation).

    A task with RNA structure has its kept sequences folded by its own rule afterwards
    (gdlbench.data.fold.fold_prepared). `options` are the dataset's reader options;
    `threads` align proteins (the preparers get them as options `threads`).
    """
    options = {**(options or {}), "threads": threads}
    modality, kind = TASKS[task].modality, task_kind(task)
    named = f"{dataset} ({source})"  # errors, the leakage policy's included, name both
    if not MODALITIES[modality].coded:
        x, y, split, meta = prepare_floats(records, named, split_cfg, max_examples, modality,
                                           options, kind, transform, fitted)  # fmt: skip
    elif kind.name in CODED_PREPARERS:
        prepare = CODED_PREPARERS[kind.name]
        x, y, split, meta = prepare(records, named, split_cfg, max_examples, modality, options)
    else:
        raise InputError(f"{source}: preparing {modality} data for {kind.name} tasks is not "
                         "implemented yet")  # fmt: skip
    meta.update(task=task, dataset=dataset, kind=kind.name, source=source, modality=modality,
                n_examples=int(len(x)), split=dict(split_cfg))  # fmt: skip
    clusters = renumbered(meta.pop("clusters"))
    groups = meta["leakage_audit"].pop("group_matrix")
    meta.update(cluster_summary(clusters, split))
    arrays = {"x": x, "y": y, "split": split, "clusters": clusters, "leakage_groups": groups,
              "examples": meta.pop("examples")}  # fmt: skip
    meta["structure"] = bool(TASKS[task].structure)  # folded by its own rule (fold_structures)
    return arrays, meta


def prepare_files(
    task: str,
    dataset: str,
    spec: dict[str, Any],
    files: dict[str, Path],
    split_cfg: dict[str, Any],
    max_examples: int | None,
    out_dir: Path,
    threads: int,
    log: Callable[[str], None],
) -> None:
    """Read the dataset's raw files with its format's parser, prepare and write them."""
    options = spec.get("options", {})
    # readers that can avoid reading what the cap drops (DeepSEA's bundle) read `max_examples`
    fmt = FORMATS[spec["format"]]
    records = fmt.read(files, {**options, "max_examples": max_examples})
    source = ", ".join(str(path) for path in files.values())
    log(f"read {len(records)} records from {source}")
    arrays, meta = prepare_records(task, dataset, records, source, split_cfg, max_examples,
                                   threads, options, **fmt.preparation)  # fmt: skip
    meta["options"] = options
    meta["class_weight"] = spec.get("class_weight", "none")
    write_prepared(out_dir, arrays, meta)
    log(json.dumps({k: meta[k] for k in ("n_examples", "split_counts", "leakage_audit")}, indent=2))


def write_prepared(out_dir: str | Path, arrays: dict[str, Any], meta: dict) -> None:
    """Write every file into a temporary sibling folder, then rename it onto `out_dir`: a
    failure at any point leaves neither a half-written file nor a partial folder (an empty
    `out_dir`, as Snakemake creates it before the job, or an older one is replaced whole).
    Arrays go to .npy files, the example table (`examples`, a DataFrame) to examples.tsv."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    arrays = dict(arrays)
    examples = arrays.pop("examples", pd.DataFrame({"row": np.arange(len(arrays["x"]))}))
    tmp = out_dir.with_name(f".{out_dir.name}.{os.getpid()}.tmp")
    if tmp.exists():  # left by a killed job of the same process id
        shutil.rmtree(tmp)
    tmp.mkdir()
    try:
        examples.to_csv(tmp / "examples.tsv", sep="\t", index=False)
        for name, array in arrays.items():
            with open(tmp / f"{name}.npy", "wb") as handle:
                np.save(handle, array)
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
        _replace_folder(tmp, out_dir)
    except BaseException:
        if tmp.exists():
            shutil.rmtree(tmp)
        raise


def _replace_folder(new: Path, target: Path) -> None:
    """Rename `new` onto `target`; a non-empty `target` is moved aside first, then deleted."""
    if target.is_dir() and any(target.iterdir()):
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old)
    else:
        os.replace(new, target)
