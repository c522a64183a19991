"""The DeepChrome parser against the real toy files and broken ones, the archive reader, the
histone simulator and matrix preparation."""

import io
import tarfile
from pathlib import Path

import numpy as np
import pytest
from split_settings import SPLIT as BASE_SPLIT

from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.deepchrome import (
    MARKS,
    read_cell_type_files,
    read_deepchrome,
    read_deepchrome_archive,
    read_deepchrome_csv,
)
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate.histone import simulate_marks, write_histone_archive
from gdlbench.errors import InputError

SPLIT = {**BASE_SPLIT, "method": "given"}

HISTONE = FORMATS["deepchrome"].preparation  # the format's log1p of read counts


def _toy_files(formats) -> dict[str, Path]:
    return {
        split: formats / "deepchrome_toy" / f"{split}.csv" for split in ("train", "valid", "test")
    }


def _csv(tmp_path, rows: list[str], name="train.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(f"{row}\n" for row in rows))
    return path


def _gene(gene: str, label: int = 1, n_bins: int = 100, extra: str = "") -> list[str]:
    return [f"{gene},{b},0,1,2,3,4{extra},{label}" for b in range(1, n_bins + 1)]


def test_real_toy_files_parse(formats):
    records = read_deepchrome(_toy_files(formats), {})
    assert records["split"].value_counts().to_dict() == {"train": 10, "valid": 10, "test": 9}
    assert records["id"].iloc[0] == "000003"  # leading zeros kept
    assert records["x"].iloc[0].shape == (len(MARKS), 100)
    first = (formats / "deepchrome_toy" / "train.csv").read_text().splitlines()[1].split(",")
    assert records["x"].iloc[0][:, 1].tolist() == [float(v) for v in first[2:7]]
    assert set(records["label"]) == {"0", "1"}


@pytest.mark.parametrize(
    "rows, message",
    [
        (_gene("000001", n_bins=99), "gene '000001' has 99 bins, expected 100"),
        (_gene("000001", extra=",5"), "expected 8 columns"),
        (_gene("000001")[:50] + _gene("000001", label=0)[50:], "gene '000001' has mixed labels"),
        (_gene("000001", label=2), "label 2, expected 0 or 1"),
        (_gene("000001")[:1] + ["000001,2,0,NaN,2,3,4,1"] + _gene("000001")[2:], "non-numeric"),
        (_gene("000001")[::-1], "consecutive bins 1..100"),
        (_gene("000001")[:50] + _gene("000002") + _gene("000001")[50:], "not together"),
        ([], "empty file"),
    ],
)
def test_malformed_files_name_the_file_and_gene(tmp_path, rows, message):
    path = _csv(tmp_path, rows)
    with pytest.raises(InputError, match=message) as error:
        read_deepchrome_csv(path, str(path), 100)
    assert str(path) in str(error.value)


def test_a_gene_in_two_splits_is_an_error(tmp_path):
    files = {
        "train": _csv(tmp_path, _gene("000001") + _gene("000002", 0), "train.csv"),
        "valid": _csv(tmp_path, _gene("000003") + _gene("000001"), "valid.csv"),
        "test": _csv(tmp_path, _gene("000004"), "test.csv"),
    }
    with pytest.raises(InputError, match=r"valid.csv: gene '000001' is also in the train split"):
        read_deepchrome(files, {})


def _tarball(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return path


def _toy_members(formats, prefix: str) -> dict[str, bytes]:
    return {
        f"{prefix}/{split}.csv": path.read_bytes() for split, path in _toy_files(formats).items()
    }


def test_archive_cell_type_found_under_any_prefix(formats, tmp_path):
    members = _toy_members(formats, "deep/er/E003/classification")
    members |= _toy_members(formats, "deep/er/E116/classification")
    archive = _tarball(tmp_path / "data.tar.gz", members)
    records = read_deepchrome_archive({"archive": archive}, {"cell_type": "E116"})
    assert len(records) == 29
    with pytest.raises(InputError, match=r"no E999/classification.*\['E003', 'E116'\]"):
        read_deepchrome_archive({"archive": archive}, {"cell_type": "E999"})


@pytest.mark.parametrize(
    "name, links",
    [("../E003/classification/train.csv", None), ("/abs/E003/x.csv", None),
     ("data/E003/readme", {"data/E003/evil": "../../etc/passwd"})],
)  # fmt: skip
def test_unsafe_archives_are_refused(formats, tmp_path, name, links):
    members = _toy_members(formats, "data/E003/classification") | {name: b"x"}
    archive = _tarball(tmp_path / "data.tar.gz", members, links)
    with pytest.raises(InputError, match="unsafe member path|links outside the archive"):
        read_cell_type_files(archive, "E003")


def test_corrupt_archive_is_a_clear_error(formats, tmp_path):
    archive = _tarball(tmp_path / "data.tar.gz", _toy_members(formats, "data/E003/classification"))
    archive.write_bytes(archive.read_bytes()[:600])
    with pytest.raises(InputError, match="data.tar.gz: corrupt or truncated tar archive"):
        read_cell_type_files(archive, "E003")


def test_simulated_marks_follow_the_planted_rule():
    counts, labels = simulate_marks(2000, 1.0, 0.3, 2.0, np.random.default_rng(0))
    assert counts.shape == (2000, 5, 100) and counts.dtype.kind == "i"
    assert 0.45 < labels.mean() < 0.55
    promoter = counts[:, MARKS.index("H3K4me3"), 40:60].mean(axis=1)
    repressive = counts[:, MARKS.index("H3K27me3")].mean(axis=1)
    assert promoter[labels == 1].mean() > 1.5 * promoter[labels == 0].mean()
    assert repressive[labels == 1].mean() < repressive[labels == 0].mean()
    assert (counts == 0).mean() > 0.1  # count-like: many empty bins


def test_simulated_archive_has_the_release_layout_and_prepares(tmp_path):
    archive = tmp_path / "data.tar.gz"
    params = {"n_genes": 200, "cell_types": ["E003", "E116"], "strength": 1.0, "label_noise": 0.5}
    write_histone_archive(params, np.random.default_rng(1), {"archive": archive})
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "data/E116/classification/valid.csv" in names and len(names) == 6
    records = read_deepchrome_archive({"archive": archive}, {"cell_type": "E116"})
    arrays, meta = prepare_records("histone", "sim_E116", records, "sim", SPLIT, None, **HISTONE)
    assert arrays["x"].shape == (200, 5, 100) and arrays["x"].dtype == np.float32
    assert meta["modality"] == "matrix" and meta["transform"] == "log1p"
    assert sum(meta["split_counts"]["train"].values()) == 120  # the release's split, as given
    raw = np.stack(records["x"].to_numpy())
    assert np.allclose(arrays["x"], np.log1p(raw))


def test_empty_profiles_are_no_copies_and_are_counted_as_low_signal(tmp_path):
    """Genes without reads, or with one read in the same bin, are identical or correlate at
    r = 1; they carry no signal, so the given split keeps them all (they were removed from
    training as copies of the test split's empty genes) and the audit counts them."""
    import pandas as pd

    from gdlbench.data.leakage_audit import audit_prepared
    from gdlbench.data.prepare import write_prepared

    rng = np.random.default_rng(0)
    x = rng.poisson(2.0, size=(60, 5, 100)).astype(float)
    x[0::6] = 0.0  # no reads: 10 genes across the three splits
    x[3::6] = 0.0
    x[3::6, 0, 50] = 1.0  # one read, the same bin: 10 more
    split = np.repeat(["train", "valid", "test"], 20)
    records = pd.DataFrame({"id": [f"g{i}" for i in range(60)], "x": list(x),
                            "label": ["low", "high"] * 30, "split": split})  # fmt: skip
    records[["id", "split"]] = records[["id", "split"]].astype(object)
    arrays, meta = prepare_records("histone", "sim", records, "sim", SPLIT, None, **HISTONE)
    assert meta["leakage_audit"]["n_removed"] == 0 and len(arrays["x"]) == 60
    assert meta["leakage_audit"]["low_signal"] == 20
    write_prepared(tmp_path / "h", arrays, meta)
    table = audit_prepared(tmp_path / "h", SPLIT, lambda _: None).set_index("check")
    assert table.loc["low_signal", ["n_within", "verdict"]].tolist() == [20, "exempt"]
    assert (table.loc[["exact", "correlated_profile"], "n_across_splits"] == 0).all()
    # without the exemption the empty genes are copies across splits
    strict = {**SPLIT, "min_signal": -1.0}
    _, before = prepare_records("histone", "sim", records, "sim", strict, None, **HISTONE)
    assert before["leakage_audit"]["checks"]["exact"]["n_removed"] > 0


def test_negative_values_cannot_be_log_transformed(formats):
    records = read_deepchrome(_toy_files(formats), {})
    records["x"] = [x - 100 for x in records["x"]]
    with pytest.raises(InputError, match="negative values cannot be counts"):
        prepare_records("histone", "toy", records, "toy", SPLIT, None, **HISTONE)
    arrays, _ = prepare_records(
        "histone", "toy", records, "toy", SPLIT, None, options={"transform": "none"}
    )
    assert arrays["x"].min() < 0
