import numpy as np
import pytest
import torch

from gdlbench.data.encode import PAD, decode, encode, kmer_counts, one_hot


def test_encode_decode_round_trip_with_ambiguity_codes():
    sequences = ["ACGTN", "acgtr", "DSRU"]
    codes = encode(sequences)
    assert codes.dtype == np.uint8 and codes.shape == (3, 5)
    assert codes[2, 4] == PAD
    assert decode(codes) == ["ACGTN", "ACGTR", "DSRT"]


def test_encode_rejects_non_iupac_characters():
    with pytest.raises(ValueError, match=r"sequence 1 .*'X'"):
        encode(["ACGT", "ACXT"])


def test_one_hot_spreads_ambiguity_over_compatible_bases():
    x = one_hot(encode(["ACGT", "NRDS"]))
    assert x.shape == (2, 4, 4) and x.dtype == torch.float32
    assert torch.equal(x[0], torch.eye(4))
    n, r, d, s = x[1].T
    assert torch.allclose(n, torch.full((4,), 0.25))
    assert torch.allclose(r, torch.tensor([0.5, 0, 0.5, 0]))  # A/G
    assert torch.allclose(d, torch.tensor([1 / 3, 0, 1 / 3, 1 / 3]))  # A/G/T
    assert torch.allclose(s, torch.tensor([0, 0.5, 0.5, 0]))  # C/G


def test_one_hot_pad_is_all_zero():
    x = one_hot(encode(["AC", "A"]))
    assert x[1, :, 1].sum() == 0


def test_kmer_counts_skip_ambiguous_windows():
    counts = kmer_counts(encode(["AAAC", "AANA"]), 2).toarray()
    assert counts.shape == (2, 16)
    aa, ac = 0, 1
    assert counts[0, aa] == 2 and counts[0, ac] == 1 and counts[0].sum() == 3
    assert counts[1].sum() == 1 and counts[1, aa] == 1


def test_kmer_counts_are_sparse_and_stay_small_for_large_k():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 4, (50, 101)).astype(np.uint8)
    counts = kmer_counts(codes, 6)
    assert counts.shape == (50, 4**6) and counts.nnz <= 50 * 96
    assert (counts.sum(axis=1) == 96).all()  # every 6-mer window of a 101-mer counted once
    first = "".join("ACGT"[c] for c in codes[0, :6])
    index = int("".join(str("ACGT".index(b)) for b in first), 4)
    assert counts[0, index] >= 1


def test_one_hot_of_numpy_and_torch_codes_agree_for_every_code():
    codes = np.arange(16, dtype=np.uint8).reshape(2, 8)
    from_numpy = one_hot(codes)
    assert from_numpy.dtype == torch.float32 and from_numpy.shape == (2, 4, 8)
    assert torch.equal(from_numpy, one_hot(torch.from_numpy(codes)))
    assert torch.allclose(from_numpy.sum(dim=1)[codes < 15], torch.tensor(1.0))
