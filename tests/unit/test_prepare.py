import json

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.prepare import prepare_records, stratified_subsample, united_clusters
from gdlbench.errors import InputError


def test_prepared_files_are_compact_and_memory_mapped(splice_prepared):
    data = PreparedDataset.load(splice_prepared)
    assert isinstance(data.x, np.memmap) and data.x.dtype == np.uint8
    assert data.x.shape == (600, 60)
    meta = json.loads((splice_prepared / "meta.json").read_text())
    assert meta["classes"] == ["EI", "IE", "N"]
    assert meta["leakage_audit"]["policy"] == "dedupe"
    assert set(meta["leakage_audit"]["checks"]) == {"exact", "reverse_complement", "near_duplicate"}
    counts = meta["split_counts"]
    assert sum(sum(c.values()) for c in counts.values()) == 600
    assert counts["test"]["N"] == pytest.approx(60, abs=3)


def test_batches_one_hot_per_batch(splice_prepared):
    data = PreparedDataset.load(splice_prepared)
    rows, x, y = next(data.batches("train", 32, np.random.default_rng(0)))
    assert x.shape == (32, 4, 60) and y.shape == (32,)
    assert set(np.asarray(data.split[rows])) == {0}


def test_near_duplicates_do_not_cross_splits():
    rng = np.random.default_rng(1)
    base = ["".join(rng.choice(list("ACGT"), 40)) for _ in range(90)]
    near = [s[:-1] + ("A" if s[-1] != "A" else "C") for s in base[:30]]  # 1 mismatch in 40
    records = pd.DataFrame(
        {
            "id": range(120),
            "sequence": base + near,
            "label": ["a", "b", "c"] * 30 + ["a", "b", "c"] * 10,
        }
    )
    arrays, meta = prepare_records("splice", "d", records, "f.data", SPLIT, None)
    split = arrays["split"]
    assert meta["leakage_audit"]["checks"]["near_duplicate"]["n_within"] >= 30
    assert meta["leakage_audit"]["checks"]["near_duplicate"]["n_across_splits"] == 0
    assert all(split[i] == split[90 + i] for i in range(30))


def test_a_class_too_small_to_split_is_a_clear_error():
    records = pd.DataFrame(
        {"id": range(22), "sequence": ["ACGT" * 5] * 22, "label": ["EI"] * 20 + ["IE"] * 2}
    )
    with pytest.raises(InputError, match=r"d \(my.data\): every class needs at least 3 examples"):
        prepare_records("splice", "d", records, "my.data", SPLIT, None)


def test_stratified_subsample_keeps_proportions():
    labels = np.array([0] * 900 + [1] * 100)
    keep = stratified_subsample(labels, 100, np.random.default_rng(0))
    assert len(keep) == 100 and (labels[keep] == 1).sum() == 10
    assert np.array_equal(
        stratified_subsample(labels, None, np.random.default_rng(0)), np.arange(1000)
    )


def _random_records(n, length=30, seed=2):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(n)],
            "sequence": ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)],
            "label": ["pos", "neg"] * (n // 2),
        }
    )


def test_chromosome_split_holds_out_named_chromosomes():
    records = _random_records(120)
    records["chrom"] = np.repeat(["chr1", "chr2", "chr8", "chr9"], 30)
    cfg = {**SPLIT, "method": "chromosome", "valid_chroms": ["chr8"], "test_chroms": ["chr9"]}
    split = prepare_records("tfbs", "d", records, "f", cfg, None)[0]["split"]
    assert (split[:60] == 0).all() and (split[60:90] == 1).all() and (split[90:] == 2).all()


def test_given_split_drops_training_copies_of_test_sequences():
    records = _random_records(100)
    records["split"] = ["train"] * 80 + ["test"] * 20
    records.loc[0, "sequence"] = records.loc[90, "sequence"]  # a test sequence also in train
    records.loc[0, "label"] = records.loc[90, "label"]
    arrays, meta = prepare_records("tfbs", "d", records, "f", {**SPLIT, "method": "given"}, None)
    x, split = arrays["x"], arrays["split"]
    assert len(x) == 99 and (split == 2).sum() == 20
    assert meta["leakage_audit"]["n_removed"] == 1
    assert meta["leakage_audit"]["checks"]["exact"]["n_removed"] == 1
    assert (split == 1).sum() == pytest.approx(0.2 * 79, abs=2)  # valid carved from train


def test_split_method_needs_its_column():
    with pytest.raises(InputError, match="'chrom' per record"):
        cfg = {**SPLIT, "method": "chromosome", "valid_chroms": [], "test_chroms": ["chr1"]}
        prepare_records("tfbs", "d", _random_records(30), "my.fa", cfg, None)


def test_united_clusters_join_examples_sharing_any_key():
    by_group = np.array([0, 0, 1, 2, 3, 4])
    by_site = np.array(["x", "y", "y", "z", "w", "w"], dtype=object)
    clusters = united_clusters([by_group, by_site], 6)
    assert clusters.dtype == np.int64
    assert clusters.tolist() == [0, 0, 0, 1, 2, 2]  # 0-1 by group, 1-2 and 4-5 by site
    assert united_clusters([], 3).tolist() == [0, 1, 2]


def test_a_records_cluster_key_joins_examples_beside_the_leakage_groups():
    records = _random_records(60)
    records.loc[1, "sequence"] = records.loc[0, "sequence"]  # an exact copy: one leakage group
    records.loc[1, "label"] = records.loc[0, "label"]
    records["cluster_key"] = [f"k{i // 3}" for i in range(60)]  # triples 0-2, 3-5, ...
    arrays, meta = prepare_records("tfbs", "d", records, "f", SPLIT, None)
    clusters, split = arrays["clusters"], arrays["split"]
    assert clusters.dtype == np.int64 and len(clusters) == len(arrays["x"]) == 60
    assert (clusters.reshape(20, 3) == clusters.reshape(20, 3)[:, :1]).all()
    assert len(np.unique(clusters)) == meta["n_clusters"] == 20
    assert sorted(np.unique(clusters)) == list(range(20))  # renumbered 0..K-1
    largest = {name: int(np.bincount(clusters[split == code]).max())
               for code, name in enumerate(["train", "valid", "test"])}  # fmt: skip
    assert meta["largest_cluster"] == largest and max(largest.values()) == 3


def test_the_leakage_groups_alone_give_the_clusters_of_kept_examples():
    records = _random_records(100)
    records["split"] = ["train"] * 80 + ["test"] * 20
    records.loc[0, "sequence"] = records.loc[90, "sequence"]  # dropped: a copy of a test one
    records.loc[0, "label"] = records.loc[90, "label"]
    records.loc[5, "sequence"] = records.loc[6, "sequence"]  # kept: two train copies
    records.loc[5, "label"] = records.loc[6, "label"]
    arrays, meta = prepare_records("tfbs", "d", records, "f", {**SPLIT, "method": "given"}, None)
    clusters = arrays["clusters"]
    assert len(clusters) == 99 and meta["n_clusters"] == 98
    assert clusters[4] == clusters[5] and len(set(clusters[[3, 4, 6]])) == 3
    assert sorted(set(clusters.tolist())) == list(range(98))


def test_a_cluster_key_with_missing_values_is_a_clear_error():
    records = _random_records(30)
    records["cluster_key"] = ["a"] * 29 + [None]
    with pytest.raises(InputError, match=r"d \(my.fa\): 1 record\(s\) without a 'cluster_key'"):
        prepare_records("tfbs", "d", records, "my.fa", SPLIT, None)
