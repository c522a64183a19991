"""UCI "gene expression cancer RNA-Seq" (TCGA PANCAN HiSeq): `TCGA-PANCAN-HiSeq-801x20531.tar.gz`
holding `<folder>/data.csv` (header `,gene_0,...,gene_20530`; rows `sample_0,<values>`) and
`<folder>/labels.csv` (header `,Class`; rows `sample_0,PRAD`). The shape is read from the
files, never assumed.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.tarball import read_members
from gdlbench.data.formats.textio import numeric_table
from gdlbench.errors import InputError

MEMBERS = ("data.csv", "labels.csv")


def read_expression_csv(content: bytes, name: str) -> pd.DataFrame:
    """Samples x genes float32 table; duplicate IDs, ragged rows and missing or non-numeric
    values are errors naming the file, sample and gene."""
    header = content.split(b"\n", 1)[0].decode("ascii", "replace").rstrip("\r").split(",")
    genes = header[1:]
    if not genes:
        raise InputError(f"{name}: the header names no genes")
    seen: set[str] = set()
    for gene in genes:
        if gene in seen:
            raise InputError(f"{name}: gene {gene!r} appears twice in the header")
        seen.add(gene)
    try:
        table = pd.read_csv(io.BytesIO(content), index_col=0, dtype={0: str})
    except pd.errors.ParserError as error:
        raise InputError(f"{name}: ragged rows ({str(error).strip()})") from error
    table.columns = genes
    if table.index.duplicated().any():
        raise InputError(
            f"{name}: sample {table.index[table.index.duplicated()][0]!r} appears twice"
        )
    return numeric_table(table, name, "sample", "gene").astype(np.float32)


def read_labels_csv(content: bytes, name: str) -> pd.Series:
    try:
        labels = pd.read_csv(io.BytesIO(content), index_col=0, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise InputError(f"{name}: ragged rows ({str(error).strip()})") from error
    if list(labels.columns) != ["Class"]:
        raise InputError(
            f"{name}: expected the header ',Class', got columns {list(labels.columns)}"
        )
    labels = labels["Class"].str.strip()
    if labels.index.duplicated().any():
        raise InputError(
            f"{name}: sample {labels.index[labels.index.duplicated()][0]!r} appears twice"
        )
    empty = labels[labels == ""]
    if len(empty):
        raise InputError(f"{name}: sample {empty.index[0]!r} has no class")
    return labels


def read_tcga_pancan(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """Columns `id` (sample), `label` (class) and `x` (the sample's expression vector)."""
    archive = files["archive"]

    def key_of(member: str) -> str | None:
        name = PurePosixPath(member).name
        return name if name in MEMBERS else None

    contents, names = read_members(archive, key_of)
    missing = [m for m in MEMBERS if m not in contents]
    if missing:
        raise InputError(
            f"{archive}: no {' or '.join(missing)} in the archive (it holds {names[:10]})"
        )
    expression = read_expression_csv(contents["data.csv"], f"{archive}:data.csv")
    labels = read_labels_csv(contents["labels.csv"], f"{archive}:labels.csv")
    unlabelled = expression.index.difference(labels.index)
    if len(unlabelled):
        raise InputError(
            f"{archive}:labels.csv: no class for {len(unlabelled)} samples of data.csv, "
            f"e.g. {list(unlabelled[:3])}"
        )
    return pd.DataFrame(
        {
            "id": expression.index.astype(str),
            "label": labels.loc[expression.index].to_numpy(),
            "x": list(expression.to_numpy()),
        }
    )
