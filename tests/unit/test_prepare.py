import json

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.prepare import prepare_records, stratified_subsample
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
