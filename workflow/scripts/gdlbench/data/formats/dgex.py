"""D-GEX inputs: the landmark and target probe maps and GEO series matrices.

`map_lm.txt` / `map_tg.txt` (D-GEX repository): tab-separated `symbol ensembl affy_probe`, no
header (943 landmark, 9520 target genes). A GEO series matrix (`<GSE>_series_matrix.txt.gz`):
`!Series_...` / `!Sample_...` header lines, then a tab-separated table between
`!series_matrix_table_begin` and `!series_matrix_table_end` whose first column is `ID_REF`
(the probe) and whose other columns are samples (GSM IDs); strings may be double-quoted.

Pooling as D-GEX did: each series on a log2 scale (series whose values look linear, with a
maximum above 100, are log2(max(x, 1))-transformed) and the probes all series share. Quantile
normalisation to a reference profile is fitted later, on the training samples alone, over the
landmark and target probes together (the format's `fitted` pipeline: gdlbench.data.transforms).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.textio import numbered_lines, numeric_table
from gdlbench.errors import InputError

LINEAR_SCALE_MAX = 100.0
MISSING = {"null": "", "NA": "", "NaN": "", "nan": ""}  # how series matrices write no value


def read_probe_map(path: str | Path) -> pd.DataFrame:
    """Columns symbol, ensembl, probe; a probe listed twice is an error."""
    rows = []
    for line_no, line in numbered_lines(path, "a D-GEX probe map"):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[2].strip():
            raise InputError(f"{path}:{line_no}: expected 'symbol<TAB>ensembl<TAB>affy_probe'")
        rows.append([field.strip() for field in fields])
    if not rows:
        raise InputError(f"{path}: no genes")
    table = pd.DataFrame(rows, columns=["symbol", "ensembl", "probe"])
    twice = table["probe"][table["probe"].duplicated()]
    if len(twice):
        raise InputError(f"{path}: probe {twice.iloc[0]!r} is listed twice")
    return table


def _unquote(field: str) -> str:
    return field.strip().strip('"')


def read_series_matrix(path: str | Path) -> pd.DataFrame:
    """Probes x samples float table of one series matrix (plain or gzip)."""
    header, rows, inside, ended = None, [], False, False
    for line_no, line in numbered_lines(path, "a GEO series matrix"):
        if line.startswith("!series_matrix_table_begin"):
            inside = True
            continue
        if line.startswith("!series_matrix_table_end"):
            ended = True
            break
        if not inside or not line.strip():
            continue
        fields = [_unquote(f) for f in line.split("\t")]
        if header is None:
            if fields[0] != "ID_REF":
                raise InputError(
                    f"{path}:{line_no}: the table header starts with {fields[0]!r}, not ID_REF"
                )
            header = fields
            continue
        if len(fields) != len(header):
            raise InputError(
                f"{path}:{line_no}: probe {fields[0]!r} has {len(fields) - 1} values for "
                f"{len(header) - 1} samples"
            )
        rows.append(fields)
    if header is None or not ended:
        raise InputError(f"{path}: no complete table between !series_matrix_table_begin and _end")
    if not rows:
        raise InputError(f"{path}: the table has no probes")
    table = pd.DataFrame(rows, columns=header).set_index("ID_REF")
    table = table.replace(MISSING)
    if table.index.duplicated().any():
        raise InputError(
            f"{path}: probe {table.index[table.index.duplicated()][0]!r} appears twice"
        )
    return numeric_table(table, str(path), "probe", "sample", allow_empty=True)


def log_scale(values: pd.DataFrame) -> pd.DataFrame:
    """log2(max(x, 1)) when the series looks linear (maximum above LINEAR_SCALE_MAX)."""
    if np.nanmax(values.to_numpy()) > LINEAR_SCALE_MAX:
        return np.log2(values.clip(lower=1.0))
    return values


def read_dgex(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """Pooled samples as records: `id` (GSM), `x` (landmark values), `y` (target values), on
    the log2 scale and not yet normalised (see the module docstring).

    Probes of the maps absent from the pooled series are dropped and counted in
    `records.attrs["dropped_probes"]`; `attrs` also names the landmark and target probes kept.
    A probe with a missing value in any sample is dropped too (counted).
    """
    landmarks, targets = read_probe_map(files["landmarks"]), read_probe_map(files["targets"])
    both = set(landmarks["probe"]) & set(targets["probe"])
    if both:
        raise InputError(
            f"{files['targets']}: probe {sorted(both)[0]!r} is also a landmark "
            f"({files['landmarks']})"
        )
    series_roles = sorted(role for role in files if role == "series" or role.startswith("series_"))
    parts = [log_scale(read_series_matrix(files[role])) for role in series_roles]
    pooled = pd.concat(parts, axis=1, join="inner")
    if pooled.columns.duplicated().any():
        raise InputError(
            f"sample {pooled.columns[pooled.columns.duplicated()][0]!r} is in two series"
        )
    complete = pooled.dropna(axis=0)
    pooled_probes = set(complete.index)
    kept_lm = [p for p in landmarks["probe"] if p in pooled_probes]
    kept_tg = [p for p in targets["probe"] if p in pooled_probes]
    if not kept_lm or not kept_tg:
        raise InputError(
            f"{', '.join(str(files[r]) for r in series_roles)}: none of the "
            f"{'landmark' if not kept_lm else 'target'} probes are in the series"
        )
    x = complete.loc[kept_lm].to_numpy(np.float32).T
    y = complete.loc[kept_tg].to_numpy(np.float32).T
    records = pd.DataFrame({"id": complete.columns.astype(str), "x": list(x), "y": list(y)})
    records.attrs = {
        "landmarks": kept_lm,
        "targets": kept_tg,
        "dropped_probes": {
            "landmarks": len(landmarks) - len(kept_lm),
            "targets": len(targets) - len(kept_tg),
            "incomplete_in_the_pool": len(pooled) - len(complete),
        },
        "n_series": len(parts),
    }
    return records
