"""UCI splice-junction `splice.data`: `class, name, 60-mer` per line, space padded.

Real rows look like `EI,    ATRINS-DONOR-521,               CCAGCTGCAT...`; the sequence
alphabet is ACGT plus the ambiguity codes D N S R (see gdlbench.data.encode for their one-hot).
Plain or gzip.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

CLASSES = ("EI", "IE", "N")
ALPHABET = set("ACGTDNSR")


def read_uci_splice(path: str | Path) -> pd.DataFrame:
    """Columns `id`, `sequence`, `label`; every row checked, errors name file and line."""
    path = Path(path)
    ids, sequences, labels = [], [], []
    for line_no, line in numbered_lines(path, "a UCI splice.data file"):
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split(",")]
        if len(fields) != 3:
            raise InputError(
                f"{path}:{line_no}: expected 3 comma-separated fields "
                f"(class, name, sequence), found {len(fields)}"
            )
        label, name, sequence = fields
        if label not in CLASSES:
            raise InputError(f"{path}:{line_no}: class {label!r} is not one of {CLASSES}")
        bad = set(sequence.upper()) - ALPHABET
        if bad:
            raise InputError(
                f"{path}:{line_no}: sequence of {name!r} has characters {sorted(bad)} "
                f"outside {''.join(sorted(ALPHABET))}"
            )
        if sequences and len(sequence) != len(sequences[0]):
            raise InputError(
                f"{path}:{line_no}: sequence of {name!r} has length {len(sequence)}, "
                f"the file's first sequence has {len(sequences[0])}"
            )
        ids.append(name)
        sequences.append(sequence.upper())
        labels.append(label)
    if not sequences:
        raise InputError(f"{path}: no records")
    return pd.DataFrame({"id": ids, "sequence": sequences, "label": labels})


def write_uci_splice(records: pd.DataFrame, path: str | Path) -> None:
    """Write `id`, `sequence`, `label` rows in the UCI layout (name field padded to column 39)."""
    with open(path, "w", encoding="ascii") as handle:
        for row in records.itertuples(index=False):
            handle.write(f"{row.label + ',':<7}{row.id + ',':<32}{row.sequence}\n")
