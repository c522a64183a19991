"""DeepBind ENCODE sets (`<TF>_<cell>_..._{A,B}.seq.gz`): TSV `FoldID EventID seq Bound`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

HEADER = ["FoldID", "EventID", "seq", "Bound"]


def read_deepbind_seq(path: str | Path) -> pd.DataFrame:
    """Columns `id`, `sequence`, `label` ("0"/"1")."""
    rows = []
    for line_no, line in numbered_lines(path):
        fields = line.split("\t")
        if line_no == 1:
            if fields != HEADER:
                raise InputError(f"{path}:1: expected the header {HEADER}, got {fields}")
            continue
        if len(fields) != 4 or fields[3] not in ("0", "1"):
            raise InputError(f"{path}:{line_no}: expected FoldID, EventID, seq, Bound (0/1)")
        rows.append((f"{fields[0]}:{fields[1]}", fields[2].upper(), fields[3]))
    if not rows:
        raise InputError(f"{path}: no records")
    return pd.DataFrame(rows, columns=["id", "sequence", "label"])
