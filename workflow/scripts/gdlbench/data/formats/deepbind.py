"""DeepBind ENCODE sets (`<TF>_<cell>_..._{AC,B}.seq.gz`): tab-separated, header
`FoldID EventID seq Bound`, one 101 bp sequence per row, Bound 1 (peak) or 0 (shuffled).

The portal files are gzip; they are recognised by their magic bytes, not by their name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

HEADER = ["FoldID", "EventID", "seq", "Bound"]
ALPHABET = set("ACGTN")


def read_deepbind_seq(path: str | Path) -> pd.DataFrame:
    """Columns `id` (`FoldID:EventID`), `sequence` (upper case), `label` ("0"/"1")."""
    rows = []
    for line_no, line in numbered_lines(path, "a DeepBind .seq table"):
        where = f"{path}:{line_no}"
        fields = line.split("\t")
        if line_no == 1:
            if [f.strip() for f in fields] != HEADER:
                raise InputError(
                    f"{where}: expected the header {'<TAB>'.join(HEADER)}, got {line!r}"
                )
            continue
        if not line.strip():
            continue
        if len(fields) != len(HEADER):
            raise InputError(
                f"{where}: expected 4 tab-separated fields (FoldID, EventID, seq, Bound), "
                f"found {len(fields)}"
            )
        fold, event, sequence, bound = (f.strip() for f in fields)
        if bound not in ("0", "1"):
            raise InputError(f"{where}: Bound {bound!r} is not 0 or 1")
        sequence = sequence.upper()
        bad = set(sequence) - ALPHABET
        if not sequence or bad:
            raise InputError(
                f"{where}: seq of {event!r} is empty or has characters {sorted(bad)} outside ACGTN"
            )
        rows.append((f"{fold}:{event}", sequence, bound))
    if not rows:
        raise InputError(f"{path}: no records after the header")
    return pd.DataFrame(rows, columns=["id", "sequence", "label"])
