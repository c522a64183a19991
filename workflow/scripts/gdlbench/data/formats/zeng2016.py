"""Zeng et al. 2016 motif_discovery / motif_occupancy sets: `train.data` and `test.data`.

One record per line, space-separated: `>chr:start-end[_shuf] SEQUENCE LABEL`, 101 bp,
label 1 (bound) or 0; `_shuf` marks negatives that are shuffles of a positive (same coordinates).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

NAME = re.compile(r"^>(?P<chrom>[^:\s]+):(?P<start>\d+)-(?P<end>\d+)(?P<shuf>_shuf)?$")
ALPHABET = set("ACGTN")
ROLES = ("train", "test")


def read_zeng2016(path: str | Path) -> pd.DataFrame:
    """Columns `id` (the name without '>'), `sequence`, `label` ("0"/"1"), `chrom`.

    Every line is checked (3 fields, name pattern, label, ACGTN, one length for all);
    errors name the file and line.
    """
    ids, sequences, labels, chroms = [], [], [], []
    for line_no, line in numbered_lines(path, "a Zeng 2016 .data file"):
        if not line.strip():
            continue
        where = f"{path}:{line_no}"
        fields = line.split()
        if len(fields) != 3:
            raise InputError(
                f"{where}: expected '>chr:start-end SEQUENCE LABEL' (3 space-separated "
                f"fields), found {len(fields)}"
            )
        name, sequence, label = fields
        match = NAME.match(name)
        if not match:
            raise InputError(f"{where}: name {name!r} is not '>chr:start-end' or '..._shuf'")
        if label not in ("0", "1"):
            raise InputError(f"{where}: label {label!r} is not 0 or 1")
        sequence = sequence.upper()
        bad = set(sequence) - ALPHABET
        if bad:
            raise InputError(f"{where}: sequence has characters {sorted(bad)} outside ACGTN")
        if sequences and len(sequence) != len(sequences[0]):
            raise InputError(
                f"{where}: sequence length {len(sequence)}, the file's first has "
                f"{len(sequences[0])}"
            )
        ids.append(name[1:])
        sequences.append(sequence)
        labels.append(label)
        chroms.append(match["chrom"])
    if not sequences:
        raise InputError(f"{path}: no records")
    return pd.DataFrame({"id": ids, "sequence": sequences, "label": labels, "chrom": chroms})


def read_zeng2016_split(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """The published `train` and `test` files together, each record tagged with its `split`
    (the source's own split; validation is carved from train downstream)."""
    parts = [read_zeng2016(files[role]).assign(split=role) for role in ROLES]
    return pd.concat(parts, ignore_index=True)
