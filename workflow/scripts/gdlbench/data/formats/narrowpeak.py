"""ENCODE narrowPeak / regionPeak (BED6+4), plain or gzip.

Columns: chrom, start, end, name, score, strand, signalValue, pValue, qValue, peak. Coordinates
are 0-based half-open; `peak` is the summit's offset from `start`, -1 when the caller did not
report one (SPP regionPeak files, some IDR sets). Score columns may be -1 ("not computed").
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyranges as pr

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError

N_COLUMNS = 10
SCORE_COLUMNS = {4: "score", 6: "signalValue", 7: "pValue", 8: "qValue"}


def summit_positions(start: np.ndarray, end: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Absolute 0-based summits: start + offset, or the peak midpoint where offset is -1."""
    start, end, offset = (np.asarray(a, dtype=np.int64) for a in (start, end, offset))
    return np.where(offset >= 0, start + offset, (start + end) // 2)


def _parse_row(fields: list[str], where: str) -> tuple:
    if len(fields) != N_COLUMNS:
        raise InputError(
            f"{where}: narrowPeak has {N_COLUMNS} tab-separated columns "
            f"(BED6+4), found {len(fields)}"
        )
    if not fields[0]:
        raise InputError(f"{where}: empty chromosome name")
    try:
        start, end, offset = int(fields[1]), int(fields[2]), int(fields[9])
    except ValueError as error:
        raise InputError(
            f"{where}: start, end and peak (columns 2, 3, 10) must be integers ({error})"
        ) from error
    scores = []
    for column, name in SCORE_COLUMNS.items():
        try:
            score = float(fields[column])
        except ValueError as error:
            raise InputError(
                f"{where}: non-numeric {name} (column {column + 1}): {fields[column]!r}"
            ) from error
        if not math.isfinite(score):
            raise InputError(
                f"{where}: {name} (column {column + 1}) is {fields[column]!r}; expected a finite "
                "number (-1 when not computed)"
            )
        scores.append(score)
    if not 0 <= start < end:
        raise InputError(f"{where}: expected 0 <= start < end, got start {start}, end {end}")
    if not -1 <= offset < end - start:
        raise InputError(
            f"{where}: summit offset {offset} is neither -1 nor inside the peak "
            f"(0..{end - start - 1})"
        )
    return (fields[0], start, end, fields[3], *scores, offset)


def read_narrowpeak(path: str | Path) -> pr.PyRanges:
    """Peaks with columns Chromosome, Start, End, Name, Score, SignalValue, PValue, QValue,
    Peak (the raw summit offset) and Summit (absolute; the midpoint where Peak is -1).

    Every row is checked; errors name the file and line. `track`/`browser`/`#` lines are
    skipped, as genome browsers write them.
    """
    rows = []
    for line_no, line in numbered_lines(path, "a narrowPeak file"):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        rows.append(_parse_row(line.split("\t"), f"{path}:{line_no}"))
    if not rows:
        raise InputError(f"{path}: no peaks")
    frame = pd.DataFrame(
        rows,
        columns=[
            "Chromosome", "Start", "End", "Name",
            "Score", "SignalValue", "PValue", "QValue", "Peak",
        ],
    )  # fmt: skip
    frame["Summit"] = summit_positions(frame["Start"], frame["End"], frame["Peak"])
    return pr.PyRanges(frame)
