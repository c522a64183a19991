import time

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.data.encode import decode, encode
from gdlbench.data.leakage import (
    apply_policy,
    combined_groups,
    correlated_groups,
    interval_groups,
    leakage_checks,
    near_duplicate_groups,
    near_duplicate_identity,
    pair_counts,
    protein_identity,
    protein_near_duplicate_groups,
    reverse_complement,
    reverse_complement_groups,
)
from gdlbench.data.prepare import prepare_records
from gdlbench.data.protein import AMINO_ACIDS, encode_protein
from gdlbench.data.simulate.copies import (
    DNA_CASES,
    PROTEIN_CASES,
    false_group_rate,
    planted_copies,
    planted_recall,
)
from gdlbench.errors import InputError


def _random(rng, n, length):
    return ["".join(rng.choice(list("ACGT"), length)) for _ in range(n)]


def test_reverse_complement_ignores_padding_and_complements_ambiguity_codes():
    codes = encode(["ACGTNR", "AAC"])
    assert decode(reverse_complement(codes)) == ["YNACGT", "GTT"]
    assert decode(reverse_complement(reverse_complement(codes))) == ["ACGTNR", "AAC"]


def test_padding_never_matches():
    seqs = _random(np.random.default_rng(0), 5, 20)
    groups = near_duplicate_groups(encode(seqs, length=300), 0.9)
    assert len(set(groups)) == 5


def test_shifted_copies_reverse_complements_and_mismatches_are_found():
    rng = np.random.default_rng(1)
    base = _random(rng, 1, 100)[0]
    shifted = base[5:] + _random(rng, 1, 5)[0]  # the same window 5 bp along
    flipped = decode(reverse_complement(encode([base])))[0]
    mutated = list(base)
    for p in (10, 40, 70):
        mutated[p] = "A" if mutated[p] != "A" else "C"
    others = _random(rng, 50, 100)
    codes = encode([base, shifted, flipped, "".join(mutated), *others])
    groups = near_duplicate_groups(codes, 0.9)
    assert groups[0] == groups[1] == groups[2] == groups[3]
    assert len(set(groups[4:])) == 50 and groups[0] not in groups[4:]
    rc = reverse_complement_groups(codes)
    assert rc[0] == rc[2] and rc[0] != rc[1]


def test_a_short_sequence_inside_a_long_one_is_no_near_duplicate():
    long = _random(np.random.default_rng(2), 1, 200)[0]
    groups = near_duplicate_groups(encode([long, long[50:90]]), 0.9)
    assert groups[0] != groups[1]
    groups = near_duplicate_groups(encode([long, long[50:160]]), 0.9)  # over half of it
    assert groups[0] == groups[1]


def _pairs(*pairs):
    return np.array(pairs, dtype=np.int64)


def test_identity_is_identical_letters_over_the_overlap_with_each_gap_counted_once():
    rng = np.random.default_rng(12)
    source = _random(rng, 1, 200)[0]
    base = source[:101]
    mutated = list(base)
    for p in rng.choice(np.arange(1, 100), 9, replace=False):  # not at an end
        mutated[p] = "A" if base[p] != "A" else "C"
    deleted = base[:40] + base[43:]  # one gap of three bases
    flipped = decode(reverse_complement(encode([base])))[0]
    ambiguous = base[:50] + "N" + base[51:]
    seqs = [base, "".join(mutated), source[30:131], deleted, flipped, source[51:152],
            ambiguous, source[:30], source[2:32]]  # fmt: skip
    pairs = _pairs([0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [6, 6], [7, 8])
    identity = near_duplicate_identity(encode(seqs), pairs)
    expected = [92 / 101, 1.0, 98 / 99, 1.0, 0.0, 100 / 101, 100 / 101, 28 / 30]
    # substitutions; a 30% shift (the overlap alone); three deleted bases (one gap); the
    # reverse strand; an overlap below half the longer one; N matches nothing, not even N;
    # overlaps shorter than 30 bases count the missing ones as mismatches
    np.testing.assert_allclose(identity, expected)
    protein = "".join(rng.choice(list(AMINO_ACIDS), 300))
    isoform = protein[:100] + protein[120:]  # a 20-residue exon skipped
    identity = protein_identity(encode_protein([protein, isoform]), _pairs([0, 1]))
    assert identity[0] >= 280 / 282  # one gap, or two where a residue matches by chance


@pytest.mark.parametrize("length", [101, 60])
@pytest.mark.parametrize("case", DNA_CASES)
def test_recall_of_planted_dna_copies_at_identity_0_9(case, length):
    """Before gapped alignment (ungapped matches / the longer length), 101 nt / 60 nt: sub9
    0.63 / 0.74, indel1 0.20 / 0.12, indel3 0.04 / 0.00, indel1_sub5 0.03 / 0.01, shift20
    and shift30 0.00; sub5, shift10 and revcomp_sub5 0.98 or more."""
    codes, pairs = planted_copies(case, 200, 400, length, np.random.default_rng(length))
    groups = near_duplicate_groups(codes, 0.9)
    assert planted_recall(groups, pairs) >= 0.95
    assert false_group_rate(groups, np.arange(400, 800)) <= 0.01


@pytest.mark.parametrize("case", PROTEIN_CASES)
def test_recall_of_planted_protein_copies_at_identity_0_9(case):
    """Before: sub9 0.69, indel1 0.19, indel3 0.03, exon20 0.00, deletion1 0.19."""
    codes, pairs = planted_copies(case, 200, 400, 300, np.random.default_rng(3), protein=True)
    groups = protein_near_duplicate_groups(codes, 0.9)
    assert planted_recall(groups, pairs) >= 0.95
    assert false_group_rate(groups, np.arange(400, 800)) <= 0.01


def test_unrelated_sequences_form_no_groups():
    rng = np.random.default_rng(13)
    for length in (101, 60):
        codes, _ = planted_copies("sub5", 0, 3000, length, rng)
        assert false_group_rate(near_duplicate_groups(codes, 0.9), np.arange(3000)) <= 0.01
    codes, _ = planted_copies("sub5", 0, 3000, 300, rng, protein=True)
    groups = protein_near_duplicate_groups(codes, 0.9)
    assert false_group_rate(groups, np.arange(3000)) <= 0.01
    codes, pairs = planted_copies("sub15", 200, 0, 101, rng)  # 85%: below the cut-off
    assert planted_recall(near_duplicate_groups(codes, 0.9), pairs) <= 0.05


def test_planted_near_duplicate_straddling_splits_ends_in_one_split():
    rng = np.random.default_rng(3)
    seqs = _random(rng, 120, 60)
    planted = seqs[0][3:] + "ACG"  # shifted copy of example 0
    records = pd.DataFrame(
        {"id": range(121), "sequence": [*seqs, planted], "label": ["a", "b"] * 60 + ["a"]}
    )
    records["split"] = ["train"] * 100 + ["test"] * 20 + ["train"]
    records.loc[0, "split"] = "test"  # the original is held out, its copy is in train
    cfg = {**SPLIT, "method": "given"}
    arrays, meta = prepare_records("splice", "d", records, "f", cfg, None)
    assert len(arrays["x"]) == 120  # the training copy was dropped
    assert meta["leakage_audit"]["checks"]["near_duplicate"]["n_removed"] == 1
    assert meta["leakage_audit"]["checks"]["near_duplicate"]["n_across_splits"] == 1


def test_overlapping_and_nearby_windows_are_grouped():
    records = pd.DataFrame(
        {
            "chrom": ["chr1", "chr1", "chr1", "chr1", "chr2"],
            "start": [100, 150, 300, 5000, 120],
            "end": [201, 251, 401, 5101, 221],
        }
    )
    groups = interval_groups(records, slack=60)
    assert groups[0] == groups[1] == groups[2]  # overlap, then 49 bp apart
    assert len({groups[0], groups[3], groups[4]}) == 3
    assert interval_groups(records, slack=0)[2] != groups[0]


def test_correlated_profiles_are_grouped():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(40, 5, 20)).astype(np.float32)
    x[7] = 2 * x[3] + 1 + rng.normal(scale=0.01, size=(5, 20))  # scaled copy, r > 0.99
    groups = correlated_groups(x, 0.99)
    assert groups[3] == groups[7] and len(set(groups)) == 39


def test_repeated_sample_ids_are_grouped():
    x = np.random.default_rng(5).normal(size=(4, 10))
    records = pd.DataFrame({"id": ["s1", "s2", "s1", "s3"]})
    checks = leakage_checks(x, records, "profile", SPLIT)
    assert set(checks) == {"sample_id", "exact", "correlated_profile"}
    assert checks["sample_id"][0] == checks["sample_id"][2] != checks["sample_id"][1]


def _leaky():
    split = np.array([0, 2, 0, 1, 0, 0])  # groups {0,1} reach test, {2,3} reach valid
    checks = {"exact": np.array([0, 0, 1, 1, 2, 3])}
    return split, checks


def test_dedupe_drops_and_counts_copies_of_held_out_examples():
    split, checks = _leaky()
    keep, report = apply_policy(split, checks, "dedupe", "d")
    assert keep.tolist() == [False, True, False, True, True, True]
    assert report["exact"] == {"n_within": 0, "n_across_splits": 2, "n_removed": 2}


def test_warn_keeps_everything_and_reports():
    split, checks = _leaky()
    keep, report = apply_policy(split, checks, "warn", "d")
    assert keep.all() and report["exact"]["n_removed"] == 0
    assert report["exact"]["n_across_splits"] == 2


def test_fail_raises_naming_dataset_check_and_count():
    split, checks = _leaky()
    with pytest.raises(InputError, match=r"my_set: leakage .*exact: 2 pairs"):
        apply_policy(split, checks, "fail", "my_set")


def test_pair_counts_and_combined_groups():
    assert pair_counts(np.array([0, 0, 0, 1]), np.array([0, 0, 2, 1])) == (1, 2)
    joined = combined_groups({"a": np.array([0, 0, 1, 2]), "b": np.array([0, 1, 1, 2])}, 4)
    assert joined[0] == joined[1] == joined[2] != joined[3]


@pytest.mark.slow  # about 4 s alone on 2 cores; the bound leaves room for a busy machine
def test_no_size_cap_thirty_thousand_sequences():
    rng = np.random.default_rng(6)
    seqs = _random(rng, 30_000, 30)
    seqs[29_999] = seqs[0][2:] + "GA"  # one shifted copy among 30 000
    began = time.perf_counter()
    groups = near_duplicate_groups(encode(seqs), 0.9)
    assert time.perf_counter() - began < 60
    assert groups[0] == groups[29_999] and len(set(groups)) == 29_999


def test_sequences_shorter_than_k_are_left_to_the_exact_checks():
    """No valid k-mer, no MinHash signature: such sequences are no near-duplicate candidates,
    and neither the split's index nor the audit's containment trips over them."""
    from gdlbench.data.leakage_audit import sequence_copies

    codes = encode(["ACG", "ACGT", "TTT", "ACG"])
    groups = near_duplicate_groups(codes, 0.9)
    assert groups[0] == groups[3] and len(set(groups)) == 3  # the identical pair only
    assert len(sequence_copies(codes, np.array([0, 1]), 0.9, protein=False)) == 0
