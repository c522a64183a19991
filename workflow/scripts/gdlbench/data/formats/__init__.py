"""One reader per portal file format. A reader takes the dataset's files by role
(`{"data": Path}`) and returns a table of records:

- sequence formats: columns `id`, `sequence`, `label` (optional `group`, `split`)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from gdlbench.data.formats.uci_splice import read_uci_splice


def _single(reader: Callable[[Path], pd.DataFrame]) -> Callable[[dict[str, Path]], pd.DataFrame]:
    def read(files: dict[str, Path]) -> pd.DataFrame:
        return reader(files["data"])

    return read


FORMATS: dict[str, Callable[[dict[str, Path]], pd.DataFrame]] = {
    "uci_splice": _single(read_uci_splice),
}

# The files of each format, by role, with the names the portals give them (simulators write
# these names too) and the task the format serves.
FORMAT_FILES: dict[str, dict[str, str]] = {
    "uci_splice": {"data": "splice.data"},
}
FORMAT_TASKS: dict[str, str] = {
    "uci_splice": "splice",
}
