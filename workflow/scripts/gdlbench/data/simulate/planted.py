"""The planted truth of a simulated dataset: every site a simulator planted, written beside
its raw files (`planted.tsv`) so that what a model learned can be scored against it (issue
25). A row: the sequence the site was planted in -- a chromosome of a simulated genome, or a
record's id in a file of sequences --, its 0-based half-open span there, the motif (a JASPAR
ID, or a signal the simulator names: splice's `donor`, `acceptor`, a miRNA seed-match site's
type in its target fragment: `8mer`, `7mer-m8`, `7mer-A1`, `6mer`, a protein's sorting
signal element: `signal_peptide`, `KDEL`, `NLS`, ...) and the planted bases (residues) as
they read on that sequence. The histone simulator's rows are marks instead: each mark's
signal region (bins), `rises` or `falls` with expression, no bases. A later site planted over an
earlier one overwrites its bases; both rows stay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.errors import InputError

PLANTED_FILE = "planted.tsv"
PLANTED_COLUMNS = ["sequence", "start", "end", "motif", "site"]
PLANTING_FORMATS = (  # their simulators write a planted truth
    "narrowpeak_genome", "zeng2016", "chromatin_peaks", "uci_splice", "deepchrome_archive",
    "mirbind_pairs", "deeploc",
)  # fmt: skip


def named_motifs(options: dict) -> list[str]:
    """The JASPAR motifs a dataset's options name (`motif`, `motifs`: the profiled TFs'
    own): the truth of real data, where no positions are known."""
    return ([options["motif"]] if "motif" in options else []) + list(options.get("motifs", []))


def planted_site(sequence: str, start: int, motif: str, site: str) -> tuple:
    """One row of the planted truth."""
    return (sequence, start, start + len(site), motif, site)


def write_planted(path: Path, rows: list[tuple]) -> None:
    pd.DataFrame(rows, columns=PLANTED_COLUMNS).to_csv(path, sep="\t", index=False)


def read_planted(path: Path) -> pd.DataFrame:
    """A planted truth, its path kept in `attrs["path"]` for the errors that name it."""
    table = pd.read_csv(path, sep="\t", dtype={"sequence": str, "motif": str, "site": str})
    if list(table.columns) != PLANTED_COLUMNS:
        raise InputError(f"{path}: columns {list(table.columns)}, expected {PLANTED_COLUMNS}")
    table.attrs["path"] = str(path)
    return table


def causal_cells(planted: pd.DataFrame, marks: list[str], n_bins: int) -> np.ndarray:
    """(marks, bins) bool: the cells of a marks x bins profile inside a planted region (the
    histone simulator's rows name marks)."""
    cells = np.zeros((len(marks), n_bins), dtype=bool)
    for mark, start, end in zip(planted["sequence"], planted["start"], planted["end"],
                                strict=True):  # fmt: skip
        if mark not in marks:
            where = planted.attrs.get("path", "the planted truth")
            raise InputError(f"{where}: names mark {mark!r}, not one of the data's {marks}")
        cells[marks.index(mark), start:end] = True
    return cells


def planted_positions(
    examples: pd.DataFrame, planted: pd.DataFrame, length: int
) -> dict[str, np.ndarray]:
    """Motif -> (N, length) mask of the positions where it was planted in each prepared
    example (by its `row`). Examples are genomic windows (`chrom`, `start`, `end` in
    examples.tsv: sites overlapping a window, in window coordinates) or whole records (an
    `id` naming a `sequence` of the truth; proteins with a middle stretch cut out,
    `cut_start` to `cut_end`: the parts of a site outside it, moved up past it)."""
    n = int(examples["row"].max()) + 1 if len(examples) else 0
    if {"start", "end"} <= set(examples.columns):
        pairs = _overlaps(examples, planted)
        pairs = pairs.assign(start=pairs["start"] - pairs["window_start"],
                             end=pairs["end"] - pairs["window_start"])  # fmt: skip
    else:
        kept = [c for c in ("id", "row", "cut_start", "cut_end") if c in examples]
        pairs = examples[kept].merge(planted, left_on="id", right_on="sequence")
    if "cut_start" in pairs:
        removed = pairs["cut_end"] - pairs["cut_start"]
        before = pairs.assign(end=np.minimum(pairs["end"], pairs["cut_start"]))
        after = pairs.assign(start=np.maximum(pairs["start"], pairs["cut_end"]) - removed,
                             end=pairs["end"] - removed)  # fmt: skip
        pairs = pd.concat([before, after])
    masks = {}
    for row, start, end, motif in zip(pairs["row"], pairs["start"], pairs["end"],
                                      pairs["motif"], strict=True):  # fmt: skip
        mask = masks.setdefault(motif, np.zeros((n, length), dtype=bool))
        mask[row, max(start, 0) : max(end, 0)] = True
    return masks


def _overlaps(windows: pd.DataFrame, planted: pd.DataFrame) -> pd.DataFrame:
    """(row, start, end, motif, window_start) of every (window, planted site) overlap."""
    import pyranges

    left = pyranges.PyRanges(pd.DataFrame({
        "Chromosome": windows["chrom"].astype(str), "Start": windows["start"],
        "End": windows["end"], "row": windows["row"],
    }))  # fmt: skip
    right = pyranges.PyRanges(pd.DataFrame({
        "Chromosome": planted["sequence"], "Start": planted["start"], "End": planted["end"],
        "motif": planted["motif"],
    }))  # fmt: skip
    joined = left.join(right).df
    if joined.empty:
        return pd.DataFrame(columns=["row", "start", "end", "motif", "window_start"])
    return pd.DataFrame({"row": joined["row"], "start": joined["Start_b"],
                         "end": joined["End_b"], "motif": joined["motif"],
                         "window_start": joined["Start"]})  # fmt: skip
