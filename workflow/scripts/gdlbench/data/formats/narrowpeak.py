"""ENCODE narrowPeak / regionPeak (BED6+4): chrom, start, end, name, score, strand,
signalValue, pValue, qValue, peak; `peak` is the summit offset from start, -1 when unknown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyranges as pr

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.errors import InputError


def read_narrowpeak(path: str | Path) -> pr.PyRanges:
    """Peaks as PyRanges with columns Chromosome, Start, End, Summit (absolute, 0-based)."""
    rows = []
    for line_no, line in numbered_lines(path):
        if not line.strip() or line.startswith(("#", "track", "browser")):
            continue
        fields = line.split("\t")
        where = f"{path}:{line_no}"
        if len(fields) != 10:
            raise InputError(
                f"{where}: narrowPeak has 10 tab-separated columns, found {len(fields)}"
            )
        try:
            start, end, peak = int(fields[1]), int(fields[2]), int(fields[9])
            [float(value) for value in fields[6:9]]
        except ValueError as error:
            raise InputError(f"{where}: non-numeric coordinate or score ({error})") from error
        if not 0 <= start < end:
            raise InputError(f"{where}: expected 0 <= start < end, got {start}, {end}")
        if peak >= end - start or peak < -1:
            raise InputError(f"{where}: summit offset {peak} lies outside the peak")
        summit = start + peak if peak >= 0 else (start + end) // 2
        rows.append((fields[0], start, end, summit))
    if not rows:
        raise InputError(f"{path}: no peaks")
    frame = pd.DataFrame(rows, columns=["Chromosome", "Start", "End", "Summit"])
    return pr.PyRanges(frame)
