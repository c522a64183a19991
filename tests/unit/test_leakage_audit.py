"""The leakage audit: the split's checks counted from the stored groups, and the independent
re-check (k-mer containment, window overlap, equal ids, direct correlation) that fails the
audit when it finds a copy across splits the split's checks missed."""

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

import gdlbench.data.prepare as prepare
from gdlbench.data.leakage import exact_groups
from gdlbench.data.leakage_audit import audit_prepared, held_out_sample, sequence_copies
from gdlbench.data.prepare import prepare_records, write_prepared
from gdlbench.data.simulate.copies import DNA_CASES, PROTEIN_CASES, planted_copies
from gdlbench.errors import InputError


def _recall_and_false(codes: np.ndarray, pairs: np.ndarray, protein: bool) -> tuple[float, int]:
    """Share of planted pairs the containment re-check finds from their originals, and how
    many pairs it finds that were not planted."""
    found = sequence_copies(codes, pairs[:, 0], 0.9, protein)
    found = {tuple(sorted(p)) for p in found.tolist()}
    planted = {tuple(p) for p in pairs.tolist()}
    return len(found & planted) / len(planted), len(found - planted)


@pytest.mark.parametrize("length", [101, 60, 1000])
@pytest.mark.parametrize("case", DNA_CASES)
def test_kmer_containment_finds_planted_dna_copies(case, length):
    n = 50 if length == 1000 else 200
    codes, pairs = planted_copies(case, n, 400, length, np.random.default_rng(length))
    recall, false = _recall_and_false(codes, pairs, protein=False)
    assert recall >= 0.95 and false == 0


@pytest.mark.parametrize("case", PROTEIN_CASES)
def test_kmer_containment_finds_planted_protein_copies(case):
    codes, pairs = planted_copies(case, 200, 400, 300, np.random.default_rng(3), protein=True)
    recall, false = _recall_and_false(codes, pairs, protein=True)
    assert recall >= 0.95 and false == 0


def test_the_sample_is_held_out_and_capped():
    split = np.array([0] * 50 + [1] * 30 + [2] * 20, dtype=np.uint8)
    sample = held_out_sample(split, 25, seed=1)
    assert len(sample) == 25 and (split[sample] > 0).all()
    assert len(held_out_sample(split, 1000, seed=1)) == 50


def _blind_checks(x, records, coded, settings, modality="sequence"):
    """A split check that sees nothing: every example is a group of its own."""
    return {"exact": np.arange(len(x), dtype=np.int64)}


def _audit(tmp_path, records, task, cfg, blind, monkeypatch):
    if blind:
        monkeypatch.setattr(prepare, "leakage_checks", _blind_checks)
    arrays, meta = prepare_records(task, "d", records, "f", cfg, None)
    monkeypatch.undo()
    write_prepared(tmp_path / "p", arrays, meta)
    return audit_prepared(tmp_path / "p", cfg, lambda _: None).set_index("check")


def _sequences_with_a_shifted_copy_across_splits(rng):
    seqs = ["".join(rng.choice(list("ACGT"), 101)) for _ in range(120)]
    seqs.append(seqs[0][20:] + "ACGTACGTACGTACGTACGT")  # a 20% shift of a test sequence
    split = ["test"] + ["train"] * 89 + ["test"] * 30 + ["train"]
    records = pd.DataFrame({"id": range(121), "sequence": seqs, "label": ["a", "b"] * 60 + ["a"],
                            "split": split})  # fmt: skip
    return records, {**SPLIT, "method": "given"}


@pytest.mark.parametrize("blind", [False, True])
def test_a_copy_the_split_missed_fails_the_audit(tmp_path, monkeypatch, blind):
    records, cfg = _sequences_with_a_shifted_copy_across_splits(np.random.default_rng(2))
    if not blind:
        table = _audit(tmp_path, records, "splice", cfg, blind, monkeypatch)
        assert table.loc["kmer_containment", ["n_across_splits", "n_missed", "verdict"]].tolist() \
            == [0, 0, "pass"]  # fmt: skip
        assert table.loc["near_duplicate", "n_removed"] == 1
        return
    with pytest.raises(InputError, match="kmer_containment: 1 pairs across splits, 1 missed"):
        _audit(tmp_path, records, "splice", cfg, blind, monkeypatch)


def test_under_warn_a_known_copy_is_a_warning_not_a_disagreement(tmp_path, monkeypatch):
    records, cfg = _sequences_with_a_shifted_copy_across_splits(np.random.default_rng(2))
    table = _audit(tmp_path, records, "splice", {**cfg, "leakage": "warn"}, False, monkeypatch)
    assert table.loc["kmer_containment", ["n_across_splits", "n_missed", "verdict"]].tolist() == [
        1, 0, "warn"]  # fmt: skip
    assert table.loc["near_duplicate", "verdict"] == "warn"


def test_overlapping_windows_the_split_missed_fail_the_audit(tmp_path, monkeypatch):
    rng = np.random.default_rng(4)
    seqs = ["".join(rng.choice(list("ACGT"), 101)) for _ in range(60)]
    records = pd.DataFrame({"id": range(60), "sequence": seqs, "label": ["a", "b"] * 30,
                            "chrom": "chr1", "start": np.arange(60) * 1000,
                            "split": ["train"] * 40 + ["test"] * 20})  # fmt: skip
    records["end"] = records["start"] + 101
    records.loc[59, "start"], records.loc[59, "end"] = 150, 251  # overlaps training window 0
    cfg = {**SPLIT, "method": "given"}
    table = _audit(tmp_path, records, "splice", cfg, False, monkeypatch)
    assert table.loc["window_overlap", ["n_missed", "verdict"]].tolist() == [0, "pass"]
    with pytest.raises(InputError, match="window_overlap: 1 pairs across splits, 1 missed"):
        _audit(tmp_path, records, "splice", cfg, True, monkeypatch)


def test_correlated_profiles_and_repeated_ids_the_split_missed_fail_the_audit(
    tmp_path, monkeypatch
):
    rng = np.random.default_rng(5)
    x = rng.poisson(3.0, size=(60, 5, 20)).astype(float)
    x[59] = x[0]  # a copy of a training profile in test
    ids = [f"g{i}" for i in range(60)]
    ids[58] = "g1"  # a repeated sample
    records = pd.DataFrame({"id": ids, "x": list(x), "label": ["lo", "hi"] * 30,
                            "split": ["train"] * 40 + ["test"] * 20})  # fmt: skip
    records[["id", "split"]] = records[["id", "split"]].astype(object)
    cfg = {**SPLIT, "method": "given"}
    table = _audit(tmp_path, records, "histone", cfg, False, monkeypatch)
    assert (table.loc[["profile_copy", "same_id"], "n_missed"] == 0).all()
    with pytest.raises(InputError, match="same_id: 1 pairs .* 1 missed.*profile_copy: 1 pairs"):
        _audit(tmp_path, records, "histone", cfg, True, monkeypatch)


def test_the_audit_counts_the_stored_groups_without_running_the_checks(tmp_path, monkeypatch):
    records, cfg = _sequences_with_a_shifted_copy_across_splits(np.random.default_rng(2))
    arrays, meta = prepare_records("splice", "d", records, "f", cfg, None)
    assert meta["leakage_audit"]["group_checks"] == ["exact", "reverse_complement",
                                                     "near_duplicate"]  # fmt: skip
    assert arrays["leakage_groups"].shape == (len(arrays["x"]), 3)
    stored, recomputed = arrays["leakage_groups"][:, 0], exact_groups(arrays["x"])
    np.testing.assert_array_equal(pd.factorize(stored)[0], pd.factorize(recomputed)[0])
    write_prepared(tmp_path / "p", arrays, meta)
    import gdlbench.data.leakage as leakage

    monkeypatch.setattr(leakage, "leakage_checks", None)  # the audit never calls it
    table = audit_prepared(tmp_path / "p", cfg, lambda _: None)
    assert set(table["check"]) == {"exact", "reverse_complement", "near_duplicate",
                                   "kmer_containment"}  # fmt: skip


def test_the_scale_benchmark_finds_its_planted_copies(tmp_path):
    """`python -m gdlbench.bench`'s DeepSEA-shaped figures, on 5 000 windows in-process."""
    from gdlbench.bench_leakage import audit_job, split_job

    split = split_job(5_000, str(tmp_path))
    assert split["recall"] == 1.0 and split["seconds"] > 0
    assert audit_job(str(tmp_path))["missed"] == 0
