"""Opening portal text files: gzip is recognised by its magic bytes, not by the file name."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def numbered_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, line without newline) of a plain or gzip text file; a corrupt or
    truncated gzip stream is an InputError naming the file."""
    path = Path(path)
    opener = gzip.open if is_gzip(path) else open
    try:
        with opener(path, "rt", encoding="ascii", errors="replace") as handle:
            for line_no, line in enumerate(handle, start=1):
                yield line_no, line.rstrip("\r\n")
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"{path}: unreadable gzip data ({error})") from error


def numeric_table(
    table: pd.DataFrame, name: str, row: str, column: str, allow_empty: bool = False
) -> pd.DataFrame:
    """The floats of a table read as text; the first non-numeric value -- or missing one,
    unless `allow_empty` lets empty strings stand for missing -- is an InputError naming the
    file, the row and the column (`row`, `column`: what they are, e.g. gene and array)."""
    values = table.apply(pd.to_numeric, errors="coerce")
    bad = values.isna().to_numpy()
    if allow_empty:
        bad = bad & (table.to_numpy() != "")
    if bad.any():
        r, c = (int(i[0]) for i in np.nonzero(bad))
        raise InputError(
            f"{name}: {row} {table.index[r]!r}, {column} {table.columns[c]!r}: missing or "
            f"non-numeric value {table.iat[r, c]!r}"
        )
    return values
