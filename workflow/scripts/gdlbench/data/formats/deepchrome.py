"""DeepChrome / AttentiveChrome histone-mark files (Zenodo record 2652278).

Per Roadmap cell type, `<cell>/classification/{train,valid,test}.csv`, no header, one row per
bin: `gene_id,bin,H3K27me3,H3K36me3,H3K4me1,H3K4me3,H3K9me3,label`; 100 consecutive bins
(1..100, 10 kb around the TSS) per gene; label 1 = expressed above the cell type's median.
Gene IDs keep their leading zeros (`000003`). The release ships them in one `data.tar.gz`;
`read_deepchrome_archive` reads one cell type's files from it without unpacking the rest.
"""

from __future__ import annotations

import io
import re
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.tarball import read_members
from gdlbench.data.formats.textio import check_not_html
from gdlbench.errors import InputError

MARKS = ("H3K27me3", "H3K36me3", "H3K4me1", "H3K4me3", "H3K9me3")
COLUMNS = ("gene", "bin", *MARKS, "label")
SPLIT_FILES = ("train", "valid", "test")


def read_deepchrome_csv(source: str | Path | io.BytesIO, name: str, n_bins: int) -> pd.DataFrame:
    """One split file -> columns `id`, `label` ("0"/"1"), `x` ((marks, bins) float32 array).

    Checks 8 columns, finite numbers everywhere, `n_bins` consecutive bins 1..n per gene with
    the gene's rows together, and one binary label per gene; errors name `name` (the file) and
    the gene.
    """
    if not isinstance(source, io.BytesIO):
        check_not_html(source, "a DeepChrome CSV")
    try:
        table = pd.read_csv(source, header=None, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError as error:
        raise InputError(f"{name}: empty file") from error
    except pd.errors.ParserError as error:
        raise InputError(f"{name}: ragged rows ({str(error).strip()})") from error
    if table.shape[1] != len(COLUMNS):
        raise InputError(
            f"{name}: expected {len(COLUMNS)} columns ({','.join(COLUMNS)}), found {table.shape[1]}"
        )
    table.columns = list(COLUMNS)
    numeric = table.iloc[:, 1:].apply(pd.to_numeric, errors="coerce")
    bad = ~np.isfinite(numeric.to_numpy(np.float64)).all(axis=1) | (table["gene"] == "")
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        if row == 0 and numeric.iloc[0].isna().all():
            raise InputError(
                f"{name}:1: {','.join(table.iloc[0])!r} looks like a header; DeepChrome files "
                f"have none, every line is {','.join(COLUMNS)} as numbers"
            )
        values = ",".join(table.iloc[row])
        raise InputError(
            f"{name}:{row + 1}: gene {table['gene'].iloc[row]!r} has an empty, non-numeric or "
            f"infinite field ({values!r}); expected finite numbers"
        )
    genes = table["gene"].to_numpy()
    starts = np.flatnonzero(np.r_[True, genes[1:] != genes[:-1]])
    block_genes = genes[starts]
    if len(set(block_genes)) != len(block_genes):
        repeated = pd.Series(block_genes).value_counts().index[0]
        raise InputError(f"{name}: the rows of gene {repeated!r} are not together")
    sizes = np.diff(np.r_[starts, len(genes)])
    if (sizes != n_bins).any():
        index = int(np.flatnonzero(sizes != n_bins)[0])
        raise InputError(
            f"{name}: gene {block_genes[index]!r} has {sizes[index]} bins, expected {n_bins}"
        )
    bins = numeric["bin"].to_numpy().reshape(-1, n_bins)
    wrong = ~(bins == np.arange(1, n_bins + 1)).all(axis=1)
    if wrong.any():
        raise InputError(
            f"{name}: gene {block_genes[np.argmax(wrong)]!r} does not have the consecutive "
            f"bins 1..{n_bins} in order"
        )
    labels = numeric["label"].to_numpy().reshape(-1, n_bins)
    mixed = (labels != labels[:, :1]).any(axis=1)
    if mixed.any():
        raise InputError(f"{name}: gene {block_genes[np.argmax(mixed)]!r} has mixed labels")
    not_binary = ~np.isin(labels[:, 0], (0, 1))
    if not_binary.any():
        raise InputError(
            f"{name}: gene {block_genes[np.argmax(not_binary)]!r} has label "
            f"{labels[np.argmax(not_binary), 0]:g}, expected 0 or 1"
        )
    marks = numeric[list(MARKS)].to_numpy(np.float32).reshape(-1, n_bins, len(MARKS))
    return pd.DataFrame(
        {
            "id": block_genes,
            "label": labels[:, 0].astype(int).astype(str),
            "x": list(marks.transpose(0, 2, 1)),
        }
    )


def combine_splits(parts: dict[str, pd.DataFrame], names: dict[str, str]) -> pd.DataFrame:
    """The three split tables as one, tagged with `split`; a gene in two splits is an error."""
    seen: dict[str, str] = {}
    for split, part in parts.items():
        for gene in part["id"]:
            if gene in seen:
                raise InputError(
                    f"{names[split]}: gene {gene!r} is also in the {seen[gene]} split "
                    f"({names[seen[gene]]})"
                )
            seen[gene] = split
    records = pd.concat([part.assign(split=split) for split, part in parts.items()],
                        ignore_index=True)  # fmt: skip
    records.attrs.update(
        channels=list(MARKS),
        class_names={"0": "low expression", "1": "high expression"},
        position_label="bin (100 bp each; TSS at bin 50)",
    )
    return records


def read_deepchrome(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """The `train`, `valid` and `test` CSVs of one cell type, as the release splits them."""
    n_bins = options.get("bins", 100)
    parts = {
        split: read_deepchrome_csv(files[split], str(files[split]), n_bins) for split in SPLIT_FILES
    }
    return combine_splits(parts, {split: str(files[split]) for split in SPLIT_FILES})


def _member_pattern(cell: str) -> re.Pattern:
    return re.compile(rf"(?:^|/){re.escape(cell)}/classification/(train|valid|test)\.csv$")


def read_cell_type_files(archive: Path, cell: str) -> dict[str, bytes]:
    """The three split files of `cell` from the tarball, wherever its folder sits (see
    gdlbench.data.formats.tarball for the safety rules)."""
    pattern = _member_pattern(cell)

    def key_of(name: str) -> str | None:
        match = pattern.search(name)
        return match[1] if match else None

    found, names = read_members(archive, key_of)
    missing = [split for split in SPLIT_FILES if split not in found]
    if missing:
        cells = sorted(
            {PurePosixPath(n).parts[-3] for n in names if len(PurePosixPath(n).parts) >= 3
             and PurePosixPath(n).parts[-2] == "classification"}
        )  # fmt: skip
        raise InputError(
            f"{archive}: no {cell}/classification/{{{','.join(missing)}}}.csv; cell types in "
            f"the archive: {cells or 'none'}"
        )
    return found


def read_deepchrome_archive(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """One cell type (`options.cell_type`) of the release tarball, as the release splits it."""
    archive, cell = files["archive"], options.get("cell_type")
    if not cell:
        raise InputError(f"{archive}: the dataset names no cell type (`cell_types` in config)")
    contents = read_cell_type_files(archive, cell)
    names = {split: f"{archive}:{cell}/classification/{split}.csv" for split in SPLIT_FILES}
    n_bins = options.get("bins", 100)
    parts = {
        split: read_deepchrome_csv(io.BytesIO(contents[split]), names[split], n_bins)
        for split in SPLIT_FILES
    }
    return combine_splits(parts, names)
