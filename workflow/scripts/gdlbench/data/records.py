"""Records of multi-label sequence data (chromatin profiles): a reader's output when inputs
and labels are arrays too large for a table's cells (millions of 1000 bp windows).

Kept out of `DataFrame.attrs` on purpose: pandas deep-copies attrs on every operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass
class CodedTargets:
    """`table`: one row per example (`id`, and `chrom`/`start`/`end`, `split` or
    `cluster_key` -- examples sharing one are not independent, as the two strands of a
    window -- where the source gives them); `codes`: (N, L) uint8 sequence codes
    (gdlbench.data.encode); `labels`: (N, targets) uint8, 0/1 or gdlbench.kinds.MISSING;
    `targets`: their names; `report`: what the reader kept and dropped (counts);
    `target_types`: a type per target where the source has them (chromatin profiles: TF,
    DNase, histone), which multi-label metrics are also summarised by."""

    table: pd.DataFrame
    codes: np.ndarray
    labels: np.ndarray
    targets: list[str]
    report: dict = field(default_factory=dict)
    target_types: list[str] | None = None

    def __post_init__(self) -> None:
        n = len(self.table)
        if self.codes.shape[0] != n or self.labels.shape != (n, len(self.targets)):
            raise ValueError(
                f"{n} examples, codes {self.codes.shape}, labels {self.labels.shape} and "
                f"{len(self.targets)} targets disagree"
            )

    def __len__(self) -> int:
        return len(self.table)

    def take(self, rows: np.ndarray) -> CodedTargets:
        """The examples `rows` (indices or a boolean mask), in that order."""
        rows = np.asarray(rows)
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows
        table = self.table.iloc[rows].reset_index(drop=True)
        return CodedTargets(table, self.codes[rows], self.labels[rows], self.targets, self.report,
                            self.target_types)  # fmt: skip
