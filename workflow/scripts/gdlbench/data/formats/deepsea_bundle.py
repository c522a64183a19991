"""DeepSEA's own training bundle (Zhou & Troyanskaya 2015), `deepsea_train_bundle.v0.9.tar.gz`,
its feature names (`feature_name`) and its Supplementary Table 2 (per-feature test AUC/AUPRC).

The bundle holds `deepsea_train/{train,valid,test}.mat`:
- `train.mat` is MATLAB v7.3, i.e. HDF5, read with h5py: `trainxdata` (1000, 4, N) one-hot and
  `traindata` (919, N) labels, N = 4,400,000 (MATLAB's (N, 4, 1000) and (N, 919), axes reversed);
- `valid.mat` and `test.mat` are MATLAB v5 files read with scipy: `validxdata` (N, 4, 1000) and
  `validdata` (N, 919), 8,000 rows; `testxdata`, `testdata`, 455,024 rows.
Any split may come in either layout: a file that is HDF5 is read as one, else with scipy.
The bundle's split is kept (column `split`): chromosomes 8 and 9 are the test set, 4,000 windows
of chr7 the validation set. Every split holds both strands of each window (the rebuild below
places the reverse complement of row i at row i + N/2), so rows come in pairs: the reader
gives both strands one `cluster_key` (they are not independent examples; the bootstrap
resamples them together), and the cap keeps both strands of a window or neither.

One-hot base order (option `base_order`, default "AGCT"): the four rows are A, G, C, T.
- The paper's methods: "a 1,000 x 4 binary matrix, with columns corresponding to A, G, C and T"
  (quoted in the README of github.com/jakublipinski/build-deepsea-training-dataset).
- DanQ's author, who trained on this bundle (github.com/uci-cbcl/DanQ issue #6): "The DeepSEA
  authors made the data with the order A,G,C,T".
- jakublipinski/build-deepsea-training-dataset `genomes.py` encodes A G C T (N and other
  symbols as all zeros) and reproduces the bundle's train.mat up to 0.0001 % of positions and
  valid/test exactly.
- Code feeding the bundle to kipoi's DeepSEA model (ACGT input) permutes the rows [0, 2, 1, 3].
A column with no base set is N; one with more than one base set is an error.

The tarball is unpacked once, atomically, beside itself (`<bundle>.d/`, see `bundle_folder`) and
reused. `train.mat` is read in blocks of `CHUNK_ROWS` rows and converted to 1-byte codes block
by block, so nothing ever holds a whole split as one-hot (or as floats); labels stay uint8.
"""

from __future__ import annotations

import gzip
import shutil
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path, PurePosixPath
from typing import Any

import h5py
import numpy as np
import pandas as pd
import scipy.io

from gdlbench.data.encode import BASES
from gdlbench.data.formats.tarball import extract_members
from gdlbench.data.formats.textio import check_not_html, is_gzip
from gdlbench.data.profiles import profile_type
from gdlbench.data.records import CodedTargets
from gdlbench.errors import ConfigError, InputError
from gdlbench.kinds import MISSING

SPLITS = ("train", "valid", "test")
WINDOW = 1000  # bp per example
N_CODE = 4  # gdlbench.data.encode: A C G T = 0..3, N = 4
DEFAULT_BASE_ORDER = "AGCT"
CHUNK_ROWS = 50_000  # rows per block read from a split (50k x 4 x 1000 bytes = 200 MB)
DENSE = 8  # a block is read whole when at least 1 in DENSE of its rows is wanted
NBSP = "\xa0"
METADATA_COLUMNS = (
    "Cell Type", "TF/DNase/HistoneMark", "Treatment", "File accession", "AUC", "AUPRC",
    "AUPRC Baseline",
)  # fmt: skip


# --- the archive ----------------------------------------------------------------------------


def _member_key(name: str) -> str | None:
    base = PurePosixPath(name).name
    return base if base in {f"{split}.mat" for split in SPLITS} else None


def bundle_folder(archive: Path) -> Path:
    """The folder `<archive>.d` beside the bundle, holding `train.mat valid.mat test.mat`.

    Made on first use: the three members are streamed (after the safety checks on every
    member) into a temporary sibling folder, which is renamed onto `<archive>.d` only when all
    three are there; so a folder that exists is complete, and is reused as it is (delete it to
    unpack the bundle again). A failure leaves no folder. Two jobs unpacking at once both
    succeed: the second rename finds the first one's folder and keeps it.
    """
    archive = Path(archive)
    folder = archive.with_name(archive.name + ".d")
    if folder.is_dir():
        gone = [f"{split}.mat" for split in SPLITS if not (folder / f"{split}.mat").is_file()]
        if gone:
            raise InputError(
                f"{folder}: the unpacked bundle lacks {' and '.join(gone)} (removed since it "
                "was unpacked?); delete the folder and it is unpacked again"
            )
        return folder
    partial = Path(tempfile.mkdtemp(prefix=f".{archive.name}.d.", dir=archive.parent))
    try:
        names = extract_members(archive, _member_key, partial)
        missing = [f"{split}.mat" for split in SPLITS if not (partial / f"{split}.mat").is_file()]
        if missing:
            raise InputError(
                f"{archive}: no {' or '.join(missing)} in the archive (DeepSEA's bundle holds "
                f"deepsea_train/{{train,valid,test}}.mat; this one holds {names[:10]})"
            )
        partial.chmod(0o755)
        try:
            partial.rename(folder)
        except OSError:
            if not folder.is_dir():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)  # gone already after the rename
    return folder


# --- one split file -------------------------------------------------------------------------


@dataclass(frozen=True)
class SplitFile:
    """Where a split's arrays are and their shapes as (rows, 4, length) and (rows, targets)."""

    split: str
    path: Path
    hdf5: bool  # MATLAB v7.3: axes reversed
    rows: int
    length: int
    bases: int
    targets: int

    @property
    def x_name(self) -> str:
        return f"{self.split}xdata"

    @property
    def y_name(self) -> str:
        return f"{self.split}data"


def split_file(path: Path, split: str) -> SplitFile:
    """The shapes of a split's `<split>xdata` and `<split>data`, checked (one-hot of 4 bases,
    as many label rows as sequences), without reading the data."""
    path = Path(path)
    x_name, y_name = f"{split}xdata", f"{split}data"
    hdf5 = h5py.is_hdf5(path)
    if hdf5:
        try:
            with h5py.File(path, "r") as handle:
                held = sorted(handle.keys())
                found = {name: handle[name] for name in (x_name, y_name) if name in handle}
                shapes = {
                    name: item.shape[::-1]
                    for name, item in found.items()
                    if isinstance(item, h5py.Dataset)
                }
        except OSError as error:
            raise InputError(f"{path}: unreadable HDF5 (MATLAB v7.3) file ({error})") from error
    else:
        try:
            listed = scipy.io.whosmat(path)
        except (ValueError, TypeError, OSError, scipy.io.matlab.MatReadError) as error:
            raise InputError(
                f"{path}: neither a MATLAB v7.3 (HDF5) nor an older MATLAB file ({error})"
            ) from error
        held = sorted(name for name, _, _ in listed)
        shapes = {name: tuple(shape) for name, shape, _ in listed if name in (x_name, y_name)}
    missing = [name for name in (x_name, y_name) if name not in shapes]
    if missing:
        raise InputError(
            f"{path}: no dataset {' or '.join(repr(m) for m in missing)} (it holds {held}); "
            f"DeepSEA's {split}.mat has {x_name!r} (sequences) and {y_name!r} (labels)"
        )
    x_shape, y_shape = shapes[x_name], shapes[y_name]
    layout = "(1000, 4, N) in HDF5" if hdf5 else "(N, 4, 1000)"
    if len(x_shape) != 3:
        raise InputError(f"{path}: {x_name!r} has shape {x_shape}; expected {layout}")
    if len(y_shape) != 2:
        raise InputError(f"{path}: {y_name!r} has {len(y_shape)} dimensions; expected 2")
    rows, bases, length = x_shape
    if bases != len(BASES):
        raise InputError(
            f"{path}: {x_name!r} has {bases} bases per position (shape "
            f"{x_shape[::-1] if hdf5 else x_shape}); expected 4, a one-hot of {layout}"
        )
    if length != WINDOW:
        raise InputError(
            f"{path}: {x_name!r} holds windows of {length} bp; DeepSEA's are {WINDOW} bp"
        )
    if y_shape[0] != rows:
        raise InputError(
            f"{path}: {x_name!r} has {rows} sequences but {y_name!r} has {y_shape[0]} label rows"
        )
    return SplitFile(split, path, hdf5, rows, length, bases, y_shape[1])


def _blocks(index: np.ndarray, chunk_rows: int) -> Iterator[tuple[int, np.ndarray]]:
    """(position in `index`, the part of sorted `index` within one block of rows)."""
    if not len(index):
        return
    edges = np.arange(int(index[-1]) // chunk_rows + 2, dtype=np.int64) * chunk_rows
    bounds = np.searchsorted(index, edges)
    for start, stop in zip(bounds[:-1], bounds[1:], strict=False):
        if stop > start:
            yield int(start), index[start:stop]


def _take_last_axis(data: Any, index: np.ndarray) -> np.ndarray:
    """`data[..., index]` for an h5py dataset and sorted `index`: one slice when the rows are
    contiguous or dense enough, else h5py's point selection (which wants increasing indices)."""
    lead = (slice(None),) * (len(data.shape) - 1)
    first, last = int(index[0]), int(index[-1]) + 1
    if len(index) * DENSE >= last - first:
        block = data[(*lead, slice(first, last))]
        return block if len(index) == last - first else block[..., index - first]
    return data[(*lead, index)]


def _read_x_blocks(split: SplitFile, index: np.ndarray, chunk_rows: int):
    """(position, rows, (n, 4, L) one-hot view) per block of the wanted rows."""
    if split.hdf5:
        with h5py.File(split.path, "r") as handle:
            data = handle[split.x_name]
            for start, rows in _blocks(index, chunk_rows):
                yield start, rows, _take_last_axis(data, rows).transpose(2, 1, 0)
    else:
        data = scipy.io.loadmat(split.path, variable_names=[split.x_name])[split.x_name]
        for start, rows in _blocks(index, chunk_rows):
            yield start, rows, data[rows]


def _read_y_blocks(split: SplitFile, index: np.ndarray, chunk_rows: int):
    """(position, rows, (n, targets) labels) per block of the wanted rows."""
    if split.hdf5:
        with h5py.File(split.path, "r") as handle:
            data = handle[split.y_name]
            for start, rows in _blocks(index, chunk_rows):
                yield start, rows, _take_last_axis(data, rows).T
    else:
        data = scipy.io.loadmat(split.path, variable_names=[split.y_name])[split.y_name]
        for start, rows in _blocks(index, chunk_rows):
            yield start, rows, data[rows]


# --- conversions ----------------------------------------------------------------------------


def _bits_table(base_order: str) -> np.ndarray:
    """Code of each set of bases (bit b = row b of the one-hot): none -> N, one -> its base,
    more than one -> 255 (an error)."""
    table = np.full(16, 255, dtype=np.uint8)
    table[0] = N_CODE
    for row, base in enumerate(base_order):
        table[1 << row] = BASES.index(base)
    return table


def check_base_order(base_order: Any) -> str:
    """`base_order` upper-cased if it orders the four bases A C G T, else a ConfigError."""
    if not isinstance(base_order, str) or sorted(base_order.upper()) != sorted(BASES):
        raise ConfigError(
            f"options.base_order: {base_order!r} is not an order of the four bases A C G T "
            f"(DeepSEA's bundle uses {DEFAULT_BASE_ORDER!r})"
        )
    return base_order.upper()


def _codes(x: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int] | None]:
    """(n, L) codes of an (n, 4, L) one-hot, and the first (row, position, bases set) of a
    column with more than one base set, if any."""
    bits = np.zeros((x.shape[0], x.shape[2]), dtype=np.uint8)
    for row in range(x.shape[1]):
        bits |= (x[:, row, :] != 0).view(np.uint8) << row
    codes = table[bits]
    bad = np.flatnonzero(codes.ravel() == 255)
    if len(bad):
        i, j = divmod(int(bad[0]), codes.shape[1])
        return codes, (i, j, int(bits[i, j]).bit_count())
    return codes, None


def one_hot_codes(x: np.ndarray, base_order: str = DEFAULT_BASE_ORDER) -> np.ndarray:
    """(n, L) uint8 gdlbench codes of an (n, 4, L) one-hot whose rows are `base_order`; a
    column with no base set is N. A column with more than one base set is a ValueError."""
    codes, bad = _codes(np.asarray(x), _bits_table(check_base_order(base_order)))
    if bad:
        raise ValueError(f"sequence {bad[0]}, position {bad[1] + 1}: {bad[2]} bases set")
    return codes


def binary_labels(y: np.ndarray) -> np.ndarray:
    """uint8 0/1 labels; anything else (NaN, 2, 0.5) is `MISSING`."""
    y = np.asarray(y)
    if y.dtype == bool:
        return y.view(np.uint8).copy()
    return np.where((y == 0) | (y == 1), y, MISSING).astype(np.uint8)


# --- what to read ---------------------------------------------------------------------------


def strand_windows(n: int) -> np.ndarray:
    """The window of each of a split's `n` rows: row i and row i + n/2 are its two strands
    (`n` even); an odd `n` cannot hold strand pairs, and each row is its own window."""
    rows = np.arange(n, dtype=np.int64)
    return rows % (n // 2) if n % 2 == 0 else rows


def kept_rows(
    counts: dict[str, int], max_examples: int | None, seed: int = 0
) -> dict[str, np.ndarray]:
    """Sorted row indices kept per split under a cap of `max_examples` examples in total.

    None keeps every row. Otherwise test gets up to max_examples // 4 rows, valid up to
    max_examples // 8, and train the rest of the cap (max_examples minus what test and valid
    got), each a uniform random subset without replacement drawn from one
    `numpy.random.default_rng(seed)` in the order test, valid, train (a split with no more
    rows than its share is kept whole and draws nothing). A split of an even number of rows
    is drawn by window (`strand_windows`): both strands or neither, so an odd share keeps one
    row fewer (test's or valid's goes to train). The same counts, cap and seed give the same
    rows.
    """
    if max_examples is None:
        return {split: np.arange(n, dtype=np.int64) for split, n in counts.items()}
    if isinstance(max_examples, bool) or not isinstance(max_examples, Integral) or max_examples < 0:
        raise ConfigError(f"max_examples: {max_examples!r} is not a whole number >= 0 or None")
    max_examples = int(max_examples)
    rng = np.random.default_rng(seed)
    share = {"test": max_examples // 4, "valid": max_examples // 8}
    kept: dict[str, np.ndarray] = {}
    for split in ("test", "valid", "train"):
        if split == "train":  # the rest of the cap
            share["train"] = max_examples - len(kept["test"]) - len(kept["valid"])
        n, take = counts[split], share[split]
        if take >= n:
            kept[split] = np.arange(n, dtype=np.int64)
        elif n % 2:
            kept[split] = np.sort(rng.choice(n, size=take, replace=False)).astype(np.int64)
        else:
            windows = rng.choice(n // 2, size=take // 2, replace=False).astype(np.int64)
            kept[split] = np.sort(np.concatenate([windows, windows + n // 2]))
    return {split: kept[split] for split in counts}


# --- feature names and Supplementary Table 2 ------------------------------------------------


def _read_text(path: Path, expected: str) -> str:
    """A small text file, gzip or not, as UTF-8 (Latin-1 when it is not valid UTF-8)."""
    check_not_html(path, expected)
    try:
        data = gzip.decompress(path.read_bytes()) if is_gzip(path) else path.read_bytes()
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{path}: unreadable gzip data ({error})") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _clean(field: str) -> str:
    """Non-breaking spaces as spaces, surrounding white space dropped."""
    return field.replace(NBSP, " ").strip()


def unique_names(names: list[str]) -> list[str]:
    """`names` with each repeat suffixed `#2`, `#3`, ... in order of appearance (a suffixed
    name that is taken already gets the next number)."""
    taken = set(names)
    seen: Counter[str] = Counter()
    out = []
    for name in names:
        seen[name] += 1
        if seen[name] == 1:
            out.append(name)
            continue
        number = seen[name]
        while f"{name}#{number}" in taken:
            number += 1
        seen[name] = number
        out.append(f"{name}#{number}")
        taken.add(out[-1])
    return out


def read_feature_names(path: Path) -> list[str]:
    """DeepSEA's `feature_name` file -> one unique `Cell|Assay|Treatment` name per label
    column. The file's first line is `0<TAB>Auto-select` (no column), then `i<TAB>name` for
    i = 1, 2, ...; non-breaking spaces become spaces, each `|` part is stripped, and repeated
    names get `#2`, `#3` suffixes."""
    path = Path(path)
    lines = _read_text(path, "DeepSEA's feature_name file").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    names = []
    for line_no, line in enumerate(lines, start=1):
        index, tab, name = line.partition("\t")
        if not tab or index.strip() != str(line_no - 1) or not _clean(name):
            raise InputError(
                f"{path}:{line_no}: expected '{line_no - 1}<TAB>Cell|Assay|Treatment' (a "
                f"feature_name line: its number, then the name), got {line[:80]!r}"
            )
        if line_no > 1:
            names.append("|".join(_clean(part) for part in name.split("|")))
    if not names:
        raise InputError(f"{path}: no feature names (only {len(lines)} lines)")
    return unique_names(names)


def _decimal(value: str, path: Path, line_no: int, column: str) -> float:
    """A decimal-comma number (`0,91`, `1,45E-04`); `NA...` (e.g. `NA (No positive in Test
    region)`) is NaN."""
    value = _clean(value)
    if value.upper().startswith("NA"):
        return float("nan")
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise InputError(
            f"{path}:{line_no}: column {column!r}: {value!r} is not a number (decimal comma) or NA"
        ) from None


def read_deepsea_metadata(path: Path) -> pd.DataFrame:
    """DeepSEA's Supplementary Table 2 (tab-separated, CRLF, decimal commas) -> columns
    `feature` (`Cell|Assay|Treatment`, as in feature_name), `accession` (the peak file's name
    without `.narrowPeak`), `auroc`, `auprc`, `auprc_baseline` (floats; NaN where the table
    says NA, as for a profile with no positive in the test region)."""
    path = Path(path)
    lines = _read_text(path, "DeepSEA's Supplementary Table 2").splitlines()
    header = tuple(_clean(field) for field in lines[0].split("\t")) if lines else ()
    if header != METADATA_COLUMNS:
        raise InputError(
            f"{path}:1: expected the header {'<TAB>'.join(METADATA_COLUMNS)!r}, got "
            f"{'<TAB>'.join(header)!r}"
        )
    rows = []
    for line_no, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(METADATA_COLUMNS):
            raise InputError(
                f"{path}:{line_no}: {len(fields)} tab-separated fields; expected "
                f"{len(METADATA_COLUMNS)} ({', '.join(METADATA_COLUMNS)})"
            )
        accession = _clean(fields[3]).removesuffix(".gz").removesuffix(".narrowPeak")
        rows.append(
            {
                "feature": "|".join(_clean(part) for part in fields[:3]),
                "accession": accession,
                **{
                    key: _decimal(fields[col], path, line_no, METADATA_COLUMNS[col])
                    for key, col in (("auroc", 4), ("auprc", 5), ("auprc_baseline", 6))
                },
            }
        )
    if not rows:
        raise InputError(f"{path}: no rows after the header")
    return pd.DataFrame(rows, columns=["feature", "accession", "auroc", "auprc", "auprc_baseline"])


# --- the reader -----------------------------------------------------------------------------


def _read_split(
    split: SplitFile,
    index: np.ndarray,
    table: np.ndarray,
    codes: np.ndarray,
    labels: np.ndarray,
    chunk_rows: int,
) -> int:
    """Fill `codes` and `labels` (one row per entry of `index`) from the split's file;
    returns the number of missing labels (values other than 0/1)."""
    missing = 0
    try:
        for start, rows, x in _read_x_blocks(split, index, chunk_rows):
            block, bad = _codes(x, table)
            if bad:
                row, position, n_set = bad
                raise InputError(
                    f"{split.path}: {split.x_name!r} sequence {int(rows[row])} (0-based), "
                    f"position {position + 1}: {n_set} bases set in a one-hot column; expected "
                    "one (or none, for N)"
                )
            codes[start : start + len(rows)] = block
        for start, rows, y in _read_y_blocks(split, index, chunk_rows):
            block = binary_labels(y)
            missing += int(np.count_nonzero(block == MISSING))
            labels[start : start + len(rows)] = block
    except (OSError, ValueError, scipy.io.matlab.MatReadError) as error:
        raise InputError(f"{split.path}: unreadable or truncated data ({error})") from error
    return missing


def read_deepsea_bundle(
    files: dict[str, Path], options: dict[str, Any], chunk_rows: int = CHUNK_ROWS
) -> CodedTargets:
    """DeepSEA's training bundle -> CodedTargets: a table of one row per kept example, `id`
    (`deepsea:<split>:<row>`, the row in its .mat file, 0-based), `split` (the bundle's
    train/valid/test) and `cluster_key` (int64, one per window: both strands share it, see
    `strand_windows`; distinct across splits), and
    - `codes`: (N, 1000) uint8 gdlbench codes (A C G T = 0..3, N = 4);
    - `labels`: (N, targets) uint8, 0/1, `MISSING` (255) for any other value;
    - `targets`: the target names, from `files["features"]` (DeepSEA's feature_name) when given,
      else `target_0`, `target_1`, ...;
    - `report`: rows per split in the bundle, rows kept per split, the cap, seed and base order,
      and the number of missing labels.
    Options: `max_examples` (the cap; see `kept_rows` for which rows are kept), `seed`
    (default 0), `base_order` (the one-hot's row order, default "AGCT").
    """
    archive = Path(files["bundle"])
    base_order = check_base_order(options.get("base_order", DEFAULT_BASE_ORDER))
    seed = options.get("seed", 0)
    max_examples = options.get("max_examples")
    folder = bundle_folder(archive)
    splits = {split: split_file(folder / f"{split}.mat", split) for split in SPLITS}
    n_targets = splits["train"].targets
    for split in splits.values():
        if split.targets != n_targets:
            raise InputError(
                f"{split.path}: {split.y_name!r} has {split.targets} targets but "
                f"{splits['train'].path} has {n_targets}; every split has the same targets"
            )
    features = files.get("features")
    if features is not None:
        targets = read_feature_names(Path(features))
        if len(targets) != n_targets:
            raise InputError(
                f"{features}: {len(targets)} feature names, but the bundle's label matrices "
                f"({archive}) have {n_targets} columns; is this the bundle's feature_name?"
            )
    else:
        targets = [f"target_{i}" for i in range(n_targets)]

    counts = {split: splits[split].rows for split in SPLITS}
    kept = kept_rows(counts, max_examples, seed)
    total = sum(len(index) for index in kept.values())
    codes = np.empty((total, WINDOW), dtype=np.uint8)
    labels = np.empty((total, n_targets), dtype=np.uint8)
    table = _bits_table(base_order)
    ids, split_column, windows, offset, missing, first_window = [], [], [], 0, 0, 0
    for name in SPLITS:
        index = kept[name]
        part = slice(offset, offset + len(index))
        missing += _read_split(splits[name], index, table, codes[part], labels[part], chunk_rows)
        ids.extend(f"deepsea:{name}:{row}" for row in index.tolist())
        split_column.append(np.full(len(index), name, dtype=object))
        windows.append(first_window + strand_windows(counts[name])[index])
        first_window += counts[name]
        offset += len(index)

    table = pd.DataFrame(
        {"id": ids, "split": np.concatenate(split_column), "cluster_key": np.concatenate(windows)}
    )
    report = {
        "rows": counts,
        "kept": {name: len(index) for name, index in kept.items()},
        "max_examples": max_examples,
        "seed": seed,
        "base_order": base_order,
        "missing_labels": missing,
    }
    types = [profile_type(t) for t in targets]
    return CodedTargets(table, codes, labels, targets, report, types)
