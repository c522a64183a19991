"""Zeng et al. 2016 motif_discovery / motif_occupancy sets: `train.data` and `test.data`, one
record per line, `>chr:start-end[_shuf] SEQUENCE LABEL` (101 bp; `_shuf` marks shuffled
negatives)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

NAME = re.compile(r"^>(?P<chrom>[^:\s]+):(?P<start>\d+)-(?P<end>\d+)(?P<shuf>_shuf)?$")
ALPHABET = set("ACGTN")


def read_zeng2016(path: str | Path) -> pd.DataFrame:
    """Columns `id`, `sequence`, `label` ("0"/"1"), `chrom`."""
    rows = []
    for line_no, line in numbered_lines(path):
        if not line.strip():
            continue
        fields = line.split()
        where = f"{path}:{line_no}"
        if len(fields) != 3:
            raise InputError(f"{where}: expected '>chr:start-end SEQUENCE LABEL', got {line!r}")
        name, sequence, label = fields
        match = NAME.match(name)
        if not match:
            raise InputError(f"{where}: name {name!r} is not '>chr:start-end[_shuf]'")
        if label not in ("0", "1"):
            raise InputError(f"{where}: label {label!r} is not 0 or 1")
        sequence = sequence.upper()
        if set(sequence) - ALPHABET:
            raise InputError(f"{where}: sequence has characters {sorted(set(sequence) - ALPHABET)}")
        if rows and len(sequence) != len(rows[0][1]):
            raise InputError(
                f"{where}: sequence length {len(sequence)}, the first has {len(rows[0][1])}"
            )
        rows.append((name[1:], sequence, label, match["chrom"]))
    if not rows:
        raise InputError(f"{path}: no records")
    return pd.DataFrame(rows, columns=["id", "sequence", "label", "chrom"])


def read_zeng2016_split(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """The published train and test files together, each record tagged with its `split`."""
    parts = [read_zeng2016(files[role]).assign(split=role) for role in ("train", "test")]
    records = pd.concat(parts, ignore_index=True)
    records["id"] = records["split"] + ":" + records["id"]  # names repeat across the files
    return records
