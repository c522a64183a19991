"""DeepSEA's training bundle: small bundles in the real layout
(tests/helpers/deepsea_bundle_files.py), the real heads of feature_name and Supplementary
Table 2 (tests/fixtures/formats/deepsea), the cap rule, unpacking once, and broken inputs."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.io
from deepsea_bundle_files import bundle_data, one_hot, reverse_complement, write_deepsea_bundle
from split_settings import SPLIT

from gdlbench.data.formats import FORMATS
from gdlbench.data.formats import deepsea_bundle as module
from gdlbench.data.formats.deepsea_bundle import (
    binary_labels,
    bundle_folder,
    kept_rows,
    one_hot_codes,
    read_deepsea_bundle,
    read_deepsea_metadata,
    read_feature_names,
    unique_names,
)
from gdlbench.data.prepare import prepare_records
from gdlbench.data.profiles import profile_type
from gdlbench.errors import ConfigError, InputError
from gdlbench.kinds import MISSING

SIZES = {"train": 200, "valid": 6, "test": 10}
HTML = "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body></body></html>\n"


@pytest.fixture(scope="module")
def data():
    return bundle_data(np.random.default_rng(7), SIZES, n_targets=5)


@pytest.fixture
def bundle(tmp_path, data) -> Path:
    return write_deepsea_bundle(tmp_path / "raw", data)


def by_split(frame, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of the split in the file, and the codes and labels the reader gave them."""
    mask = (frame.table["split"] == name).to_numpy()
    rows = np.array([int(i.split(":")[2]) for i in frame.table["id"][mask]])
    return rows, frame.codes[mask], frame.labels[mask]


def feature_lines(formats: Path, n: int) -> list[str]:
    """The first `n` features of the real feature_name head (with its `0 Auto-select` line)."""
    return (formats / "deepsea" / "feature_name.head").read_text().splitlines(True)[: n + 1]


# --- reading ----------------------------------------------------------------------------------


def test_reads_every_example_of_every_split_exactly(bundle, data):
    frame = read_deepsea_bundle({"bundle": bundle}, {})
    assert list(frame.table.columns) == ["id", "split", "cluster_key"]
    assert list(frame.table["split"].unique()) == ["train", "valid", "test"]
    codes, labels = frame.codes, frame.labels
    assert codes.dtype == np.uint8 and codes.shape == (216, 1000)
    assert labels.dtype == np.uint8 and labels.shape == (216, 5)
    for name, (true_codes, true_labels) in data.items():
        rows, got_codes, got_labels = by_split(frame, name)
        assert rows.tolist() == list(range(SIZES[name]))
        np.testing.assert_array_equal(got_codes, true_codes)
        np.testing.assert_array_equal(got_labels, true_labels)
    assert (codes == 4).any()  # all-zero columns are N
    assert (
        frame.table["id"].iloc[0] == "deepsea:train:0"
        and frame.table["id"].iloc[-1] == "deepsea:test:9"
    )
    assert frame.targets == [f"target_{i}" for i in range(5)]
    assert frame.report == {
        "rows": SIZES, "kept": SIZES, "max_examples": None, "seed": 0, "base_order": "AGCT",
        "missing_labels": 0,
    }  # fmt: skip


@pytest.mark.parametrize("chunk_rows", [7, 64])
def test_block_reads_and_a_cap_give_the_same_rows(bundle, data, chunk_rows):
    """Small blocks (several per split; sparse ones read by point selection, dense ones by
    slice) give exactly the rows the ids name."""
    options = {"max_examples": 48, "seed": 2}
    frame = read_deepsea_bundle({"bundle": bundle}, options, chunk_rows=chunk_rows)
    for name, (true_codes, true_labels) in data.items():
        rows, got_codes, got_labels = by_split(frame, name)
        np.testing.assert_array_equal(got_codes, true_codes[rows])
        np.testing.assert_array_equal(got_labels, true_labels[rows])
    assert frame.report["kept"] == {"train": 32, "valid": 6, "test": 10}


@pytest.mark.parametrize("max_examples", [None, 48])
def test_the_two_strands_of_a_window_share_a_cluster_key(bundle, data, max_examples):
    """Row i and row i + N/2 of a split are one window (the test bundle's second half is
    the reverse complement of its first, as in the real one), with or without the cap."""
    frame = read_deepsea_bundle({"bundle": bundle}, {"max_examples": max_examples, "seed": 2})
    keys = frame.table["cluster_key"].to_numpy()
    assert keys.dtype == np.int64
    seen = set()
    for name in data:
        rows, codes, _ = by_split(frame, name)
        mask = (frame.table["split"] == name).to_numpy()
        half = SIZES[name] // 2
        partner = {row: i for i, row in enumerate(rows)}
        assert all((row + half) % SIZES[name] in partner for row in rows)  # pairs kept whole
        for i, row in enumerate(rows[rows < half]):
            j = partner[row + half]
            assert keys[mask][i] == keys[mask][j]
            np.testing.assert_array_equal(codes[j], reverse_complement(codes[i : i + 1])[0])
        split_keys = set(keys[mask].tolist())
        assert len(split_keys) == len(rows) // 2 and not split_keys & seen
        seen |= split_keys


def test_prepared_strands_share_a_cluster_whatever_their_sequences(tmp_path):
    """The reader's window key joins the strands even where the leakage checks see two
    unrelated sequences (a bundle whose second halves are not reverse complements)."""
    unrelated = bundle_data(np.random.default_rng(3), SIZES, n_targets=5, strands=False)
    bundle = write_deepsea_bundle(tmp_path / "raw", unrelated)
    frame = read_deepsea_bundle({"bundle": bundle}, {"max_examples": 48, "seed": 2})
    split_cfg = {**SPLIT, "method": "given"}
    arrays, meta = prepare_records("chromatin", "d", frame, "bundle", split_cfg, None)
    ids = arrays["examples"]["id"].str.split(":", expand=True)
    clusters = (
        pd.Series(arrays["clusters"])
        .groupby([ids[1], ids[2].astype(int) % ids[1].map(SIZES).floordiv(2)])
        .nunique()
    )
    assert (clusters == 1).all() and len(clusters) == 24  # 48 rows, 24 windows
    assert meta["n_clusters"] == 24
    assert meta["largest_cluster"] == {"train": 2, "valid": 2, "test": 2}


def test_another_base_order_is_an_option(tmp_path, data):
    bundle = write_deepsea_bundle(tmp_path, data, base_order="ACGT")
    frame = read_deepsea_bundle({"bundle": bundle}, {"base_order": "acgt"})
    np.testing.assert_array_equal(by_split(frame, "valid")[1], data["valid"][0])
    assert frame.report["base_order"] == "ACGT"
    with pytest.raises(ConfigError, match=r"options.base_order: 'AGCX' is not an order"):
        read_deepsea_bundle({"bundle": bundle}, {"base_order": "AGCX"})


def test_labels_other_than_0_1_are_missing(tmp_path, data):
    def change(split, x, y):
        if split == "valid":
            y = y.astype(np.float64)
            y[1, 2], y[3, 0] = np.nan, 0.5
        return x, y

    bundle = write_deepsea_bundle(tmp_path, data, change=change)
    frame = read_deepsea_bundle({"bundle": bundle}, {})
    labels = by_split(frame, "valid")[2]
    assert labels[1, 2] == MISSING and labels[3, 0] == MISSING
    assert frame.report["missing_labels"] == 2


def test_registered_for_the_chromatin_task():
    fmt = FORMATS["deepsea_bundle"]
    assert fmt.task == "chromatin" and fmt.read is read_deepsea_bundle
    assert fmt.files == {"bundle": "deepsea_train_bundle.v0.9.tar.gz", "features": "feature_name"}
    assert fmt.optional == ("features",)


# --- the cap ----------------------------------------------------------------------------------


def test_cap_gives_test_a_quarter_valid_an_eighth_train_the_rest():
    counts = {"train": 1000, "valid": 100, "test": 300}
    kept = kept_rows(counts, 80, seed=0)
    assert {s: len(k) for s, k in kept.items()} == {"train": 50, "valid": 10, "test": 20}
    for name, rows in kept.items():
        assert (np.diff(rows) > 0).all() and rows.min() >= 0 and rows.max() < counts[name]
    again = kept_rows(counts, 80, seed=0)
    assert all((kept[s] == again[s]).all() for s in counts)
    other = kept_rows(counts, 80, seed=1)
    assert not all(np.array_equal(kept[s], other[s]) for s in counts)


def test_cap_keeps_small_splits_whole_and_gives_train_what_they_leave():
    kept = kept_rows({"train": 1000, "valid": 3, "test": 5}, 80)
    assert {s: len(k) for s, k in kept.items()} == {"train": 72, "valid": 3, "test": 5}
    assert kept["valid"].tolist() == [0, 1, 2]
    everything = kept_rows({"train": 10, "valid": 3, "test": 5}, 1000)
    assert {s: len(k) for s, k in everything.items()} == {"train": 10, "valid": 3, "test": 5}
    assert {s: len(k) for s, k in kept_rows({"train": 7, "valid": 2, "test": 4}, None).items()} == {
        "train": 7, "valid": 2, "test": 4}  # fmt: skip
    assert len(kept_rows({"train": 1000, "valid": 3, "test": 5}, np.int64(80))["train"]) == 72
    with pytest.raises(ConfigError, match="max_examples: -1"):
        kept_rows({"train": 7, "valid": 2, "test": 4}, -1)


def test_cap_keeps_both_strands_of_a_window_or_neither():
    counts = {"train": 1000, "valid": 101, "test": 300}
    kept = kept_rows(counts, 80, seed=0)
    for name in ("train", "test"):
        half = counts[name] // 2
        windows, strands = np.unique(kept[name] % half, return_counts=True)
        assert (strands == 2).all() and len(windows) == len(kept[name]) // 2
    assert len(kept["valid"]) == 10  # an odd split cannot hold strand pairs: rows drawn alone
    odd_share = kept_rows({"train": 1000, "valid": 100, "test": 300}, 84, seed=0)
    assert {s: len(k) for s, k in odd_share.items()} == {"train": 54, "valid": 10, "test": 20}


# --- unpacking once ---------------------------------------------------------------------------


def test_the_bundle_is_unpacked_once_beside_itself(bundle, monkeypatch):
    first = read_deepsea_bundle({"bundle": bundle}, {"max_examples": 20})
    folder = bundle.with_name(bundle.name + ".d")
    assert sorted(p.name for p in folder.iterdir()) == ["test.mat", "train.mat", "valid.mat"]
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert [p.name for p in bundle.parent.iterdir() if p.name.startswith(".")] == []

    def no_second_extraction(*args, **kwargs):
        raise AssertionError("the bundle was unpacked again")

    monkeypatch.setattr(module, "extract_members", no_second_extraction)
    second = read_deepsea_bundle({"bundle": bundle}, {"max_examples": 20})
    assert second.table["id"].tolist() == first.table["id"].tolist()
    np.testing.assert_array_equal(second.codes, first.codes)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


def test_an_unpacked_folder_that_lost_a_file_says_so(bundle):
    folder = bundle_folder(bundle)
    (folder / "valid.mat").unlink()
    with pytest.raises(InputError, match=re.escape(str(folder)) + r": the unpacked bundle lacks "
                       r"valid.mat .*; delete the folder and it is unpacked again"):  # fmt: skip
        read_deepsea_bundle({"bundle": bundle}, {})


def test_a_failed_unpacking_leaves_no_folder(tmp_path, data):
    bundle = write_deepsea_bundle(tmp_path, data, members={"deepsea_train/test.mat": None})
    with pytest.raises(InputError, match=re.escape(str(bundle)) + r": no test.mat in the archive"):
        bundle_folder(bundle)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["mats", bundle.name])


# --- feature names and Supplementary Table 2 --------------------------------------------------


def test_feature_names_from_the_real_head(formats):
    names = read_feature_names(formats / "deepsea" / "feature_name.head")
    assert len(names) == 14
    assert names[:2] == ["8988T|DNase|None", "AoSMC|DNase|None"]
    assert {profile_type(name) for name in names} == {"dnase"}


def test_feature_names_name_the_targets_normalised_and_unique(tmp_path, formats, bundle):
    lines = feature_lines(formats, 5)
    lines[2] = lines[2].replace("AoSMC|", "AoSMC\xa0|")  # as in the real file
    lines[4] = "4\tCLL|DNase|\xa0None\xa0\n"
    lines[5] = lines[1].replace("1\t", "5\t")  # a repeat of feature 1
    features = tmp_path / "feature_name"
    features.write_bytes("".join(lines).encode("utf-8"))
    frame = read_deepsea_bundle({"bundle": bundle, "features": features}, {})
    assert frame.targets == [
        "8988T|DNase|None", "AoSMC|DNase|None", "Chorion|DNase|None", "CLL|DNase|None",
        "8988T|DNase|None#2",
    ]  # fmt: skip
    features.write_bytes("".join(lines).encode("latin-1"))  # a single 0xA0 byte each
    assert read_feature_names(features)[1] == "AoSMC|DNase|None"


def test_unique_names_suffix_repeats_in_order():
    assert unique_names(["a", "b", "a", "a"]) == ["a", "b", "a#2", "a#3"]
    assert unique_names(["a", "a#2", "a"]) == ["a", "a#2", "a#3"]


def test_feature_count_must_match_the_labels(tmp_path, formats, bundle):
    features = tmp_path / "feature_name"
    features.write_text("".join(feature_lines(formats, 6)))
    with pytest.raises(
        InputError, match=re.escape(str(features)) + r": 6 feature names, but the bundle's label "
        r"matrices \(.*\) have 5 columns"
    ):  # fmt: skip
        read_deepsea_bundle({"bundle": bundle, "features": features}, {})


@pytest.mark.parametrize(
    "text, match",
    [
        ("0\tAuto-select\n1\tA|DNase|None\n3\tB|DNase|None\n", r":3: expected '2<TAB>Cell"),
        ("0\tAuto-select\n1 A|DNase|None\n", r":2: expected '1<TAB>Cell"),
        ("0\tAuto-select\n", r": no feature names"),
        (HTML, r": an HTML page \('404 Not Found'\)"),
    ],
)
def test_broken_feature_names(tmp_path, text, match):
    path = tmp_path / "feature_name"
    path.write_text(text)
    with pytest.raises(InputError, match=re.escape(str(path)) + match):
        read_feature_names(path)


def test_metadata_from_the_real_head(formats):
    table = read_deepsea_metadata(formats / "deepsea" / "deepsea_metadata.tsv.head")
    assert list(table.columns) == ["feature", "accession", "auroc", "auprc", "auprc_baseline"]
    assert len(table) == 14
    first = table.iloc[0]
    assert first["feature"] == "8988T|DNase|None"
    assert first["accession"] == "wgEncodeAwgDnaseDuke8988tUniPk"
    assert first["auroc"] == pytest.approx(0.910351436460982)
    assert first["auprc"] == pytest.approx(0.401035205196087)
    assert first["auprc_baseline"] == pytest.approx(0.0395891205738598)
    assert table[["auroc", "auprc", "auprc_baseline"]].dtypes.eq(np.float64).all()
    names = read_feature_names(formats / "deepsea" / "feature_name.head")
    assert table["feature"].tolist() == names  # the table's rows are the features, in order


def test_metadata_na_scientific_and_padded_values(tmp_path, formats):
    lines = (formats / "deepsea" / "deepsea_metadata.tsv.head").read_bytes().split(b"\r\n")
    lines[1] = (
        b"K562\tBRF1\tNone\twgEncodeAwgTfbsSydhK562Brf1UniPk.narrowPeak\t"
        b"NA (No positive in Test region)\t0\t0"
    )
    lines[2] = b"Monocytes-CD14+RO01746 \tH2AZ\tNone\tE124-H2A.Z.narrowPeak\t0,88\t9,60E-05\t0"
    path = tmp_path / "metadata.tsv"
    path.write_bytes(b"\r\n".join(lines))
    table = read_deepsea_metadata(path)
    assert np.isnan(table["auroc"].iloc[0]) and table["auprc"].iloc[0] == 0
    assert table["feature"].iloc[1] == "Monocytes-CD14+RO01746|H2AZ|None"
    assert table["accession"].iloc[1] == "E124-H2A.Z"
    assert table["auprc"].iloc[1] == pytest.approx(9.6e-05)


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda t: t.replace("0,910351436460982", "0,91x", 1), r":2: column 'AUC': '0,91x' is not"),
        (lambda t: t.replace("\tAUPRC Baseline", "", 1), r":1: expected the header"),
        (lambda t: t.replace("\t0,0395891205738598", "", 1), r":2: 6 tab-separated fields"),
    ],
)
def test_broken_metadata(tmp_path, formats, change, match):
    text = (formats / "deepsea" / "deepsea_metadata.tsv.head").read_bytes().decode()
    path = tmp_path / "metadata.tsv"
    path.write_bytes(change(text).encode())
    with pytest.raises(InputError, match=re.escape(str(path)) + match):
        read_deepsea_metadata(path)


# --- conversions ------------------------------------------------------------------------------


def test_one_hot_codes_and_binary_labels():
    codes = np.array([[0, 1, 2, 3, 4, 0]], dtype=np.uint8)
    np.testing.assert_array_equal(one_hot_codes(one_hot(codes, "AGCT")), codes)
    np.testing.assert_array_equal(one_hot_codes(one_hot(codes, "ACGT"), "ACGT"), codes)
    assert one_hot_codes(one_hot(codes, "ACGT")).tolist() == [[0, 2, 1, 3, 4, 0]]  # misread
    x = one_hot(codes)
    x[0, :, 2] = [1, 0, 1, 0]
    with pytest.raises(ValueError, match="sequence 0, position 3: 2 bases set"):
        one_hot_codes(x)
    y = np.array([[0, 1, np.nan, 2, 0.5, True]])
    assert binary_labels(y).tolist() == [[0, 1, MISSING, MISSING, MISSING, 1]]
    assert binary_labels(np.array([True, False])).dtype == np.uint8


# --- broken bundles ---------------------------------------------------------------------------


def tar_gz(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return out.getvalue()


def truncated_tar_gz() -> bytes:
    return tar_gz({"deepsea_train/train.mat": np.random.default_rng(0).bytes(5000)})[:3000]


def two_bases_at(split, row, position):
    def change(name, x, y):
        if name == split:
            x = x.copy()
            x[row, :, position] = [0, 1, 0, 1]
        return x, y

    return change


def reshaped(split, x_change=None, y_change=None):
    def change(name, x, y):
        if name == split:
            x = x_change(x) if x_change else x
            y = y_change(y) if y_change else y
        return x, y

    return change


def mat_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, arrays)
    return buffer.getvalue()


# case -> (write_deepsea_bundle's arguments for the data, what the message says after the path)
BROKEN = {
    "two bases set in train": (
        lambda data: dict(change=two_bases_at("train", 17, 41)),
        r"\.d/train\.mat: 'trainxdata' sequence 17 \(0-based\), position 42: 2 bases set in a "
        r"one-hot column; expected one \(or none, for N\)",
    ),
    "two bases set in test": (
        lambda data: dict(change=two_bases_at("test", 3, 999)),
        r"\.d/test\.mat: 'testxdata' sequence 3 \(0-based\), position 1000: 2 bases set",
    ),
    "labels for fewer rows": (
        lambda data: dict(change=reshaped("valid", y_change=lambda y: y[:-1])),
        r"\.d/valid\.mat: 'validxdata' has 6 sequences but 'validdata' has 5 label rows",
    ),
    "999 bp windows": (
        lambda data: dict(change=reshaped("train", x_change=lambda x: x[:, :, :999])),
        r"\.d/train\.mat: 'trainxdata' holds windows of 999 bp; DeepSEA's are 1000 bp",
    ),
    "five bases": (
        lambda data: dict(
            change=reshaped("test", x_change=lambda x: np.concatenate([x, x[:, :1]], axis=1))
        ),
        r"\.d/test\.mat: 'testxdata' has 5 bases per position",
    ),
    "targets differ between splits": (
        lambda data: dict(change=reshaped("test", y_change=lambda y: y[:, :4])),
        r"\.d/test\.mat: 'testdata' has 4 targets but .*train\.mat has 5",
    ),
    "valid.mat is not a MAT file": (
        lambda data: dict(members={"deepsea_train/valid.mat": b"not a matlab file at all" * 10}),
        r"\.d/valid\.mat: neither a MATLAB v7.3 \(HDF5\) nor an older MATLAB file",
    ),
    "test.mat without testdata": (
        lambda data: dict(
            members={"deepsea_train/test.mat": mat_bytes({"testxdata": one_hot(data["test"][0])})}
        ),
        r"\.d/test\.mat: no dataset 'testdata' \(it holds \['testxdata'\]\)",
    ),
    "member with ../": (
        lambda data: dict(members={"deepsea_train/../../evil.mat": b"x"}),
        r": unsafe member path 'deepsea_train/../../evil.mat' \(outside the archive\)",
    ),
    "missing member": (
        lambda data: dict(members={"deepsea_train/valid.mat": None}),
        r": no valid.mat in the archive \(DeepSEA's bundle holds deepsea_train/",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_bundle_is_a_clear_error(tmp_path, data, case):
    arguments, match = BROKEN[case]
    bundle = write_deepsea_bundle(tmp_path, data, **arguments(data))
    with pytest.raises(InputError, match=re.escape(str(bundle)) + match):
        read_deepsea_bundle({"bundle": bundle}, {})


def test_train_mat_without_its_datasets(tmp_path, data):
    import h5py

    path = tmp_path / "train.mat"
    with h5py.File(path, "w", userblock_size=512) as handle:
        handle.create_dataset("trainxdata", data=np.zeros((1000, 4, 2), np.uint8))
        handle.create_dataset("labels", data=np.zeros((5, 2), np.uint8))
    bundle = write_deepsea_bundle(
        tmp_path / "raw", data, members={"deepsea_train/train.mat": path.read_bytes()}
    )
    with pytest.raises(
        InputError, match=re.escape(str(bundle)) + r"\.d/train\.mat: no dataset 'traindata' "
        r"\(it holds \['labels', 'trainxdata'\]\)"
    ):  # fmt: skip
        read_deepsea_bundle({"bundle": bundle}, {})


@pytest.mark.parametrize(
    "content, match",
    [
        (b"plain text, neither gzip nor tar\n" * 20, r": corrupt or truncated tar archive"),
        (HTML.encode(), r": an HTML page \('404 Not Found'\), not a tar archive"),
        (truncated_tar_gz, r": corrupt or truncated tar archive"),
    ],
    ids=["not gzip or tar", "HTML page", "truncated"],
)
def test_not_a_bundle(tmp_path, content, match):
    bundle = tmp_path / "deepsea_train_bundle.v0.9.tar.gz"
    bundle.write_bytes(content() if callable(content) else content)
    with pytest.raises(InputError, match=re.escape(str(bundle)) + match):
        read_deepsea_bundle({"bundle": bundle}, {})
    assert [p.name for p in tmp_path.iterdir()] == [bundle.name]  # no folder, no leftovers


def test_a_simulated_bundle_is_read_by_the_real_reader_with_its_motifs_planted(
    tmp_path, monkeypatch
):
    """The rehearsal's simulator (written a block at a time) gives a bundle the reader takes
    as it takes DeepSEA's: both strands of each window, one cluster per window, and
    profiles whose positives carry their motif."""
    from gdlbench.baselines.pwm import best_hit_scores, log_odds_matrix
    from gdlbench.data.simulate import deepsea_bundle as simulator
    from gdlbench.data.simulate import simulate_dataset

    monkeypatch.setattr(simulator, "BLOCK_WINDOWS", 70)  # several blocks of train
    params = {"seed": 3, "windows": {"train": 200, "valid": 20, "test": 40}, "targets": 5,
              "motifs": ["MA0139.1", "MA0080.5"], "motif_rate": 0.3, "strength": 0.9,
              "noise": 0.02}  # fmt: skip
    bundle = tmp_path / "deepsea_train_bundle.v0.9.tar.gz"
    simulate_dataset("deepsea_bundle", params, {"bundle": bundle})
    assert [p.name for p in tmp_path.iterdir()] == [bundle.name]  # no work files left
    data = read_deepsea_bundle({"bundle": bundle}, {})
    assert data.codes.shape == (520, 1000) and data.labels.shape == (520, 5)
    assert data.table["split"].value_counts().to_dict() == {"train": 400, "test": 80, "valid": 40}
    train = data.codes[:400]
    assert np.array_equal(train[200:], reverse_complement(train[:200]))
    assert np.array_equal(data.labels[200:400], data.labels[:200])
    assert data.table["cluster_key"].nunique() == 260
    ctcf = best_hit_scores(train, log_odds_matrix("MA0139.1"))
    for target in (0, 2, 4):  # the profiles following CTCF
        positive = data.labels[:400, target] == 1
        assert ctcf[positive].mean() > ctcf[~positive].mean() + 3
