"""Opening portal text files: gzip is recognised by its magic bytes, not by the file name, and
an HTML page saved where data was expected (a portal's error page) is an error up front."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.data.download import GZIP_MAGIC, html_page
from gdlbench.errors import InputError


def is_gzip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def check_not_html(path: str | Path, expected: str) -> None:
    """An InputError naming `path` when it holds an HTML page instead of `expected` data."""
    page = html_page(path)
    if page is not None:
        raise InputError(
            f"{path}: an HTML page ({page!r}), not {expected}: the portal sent an error or "
            "login page instead of the file; delete it and download it again"
        )


def numbered_lines(path: str | Path, expected: str = "a text file") -> Iterator[tuple[int, str]]:
    """(line number, line without newline) of a plain or gzip text file; an HTML page or a
    corrupt or truncated gzip stream is an InputError naming the file (and `expected`, what
    the file should have held)."""
    path = Path(path)
    check_not_html(path, expected)
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
    """The floats of a table read as text; the first non-numeric or infinite value -- or
    missing one (NaN), unless `allow_empty` lets empty strings stand for missing -- is an
    InputError naming the file, the row and the column (`row`, `column`: what they are, e.g.
    gene and array)."""
    values = table.apply(pd.to_numeric, errors="coerce")
    bad = ~np.isfinite(values.to_numpy(np.float64))
    if allow_empty:
        bad = bad & (table.to_numpy() != "")
    if bad.any():
        r, c = (int(i[0]) for i in np.nonzero(bad))
        what = "infinite" if np.isinf(values.iat[r, c]) else "missing or non-numeric"
        raise InputError(
            f"{name}: {row} {table.index[r]!r}, {column} {table.columns[c]!r}: {what} value "
            f"{str(table.iat[r, c])!r}; expected a finite number"
        )
    return values
