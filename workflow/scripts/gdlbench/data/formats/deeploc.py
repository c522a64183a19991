"""DeepLoc 1.0 `deeploc_data.fasta` (Almagro Armenteros et al. 2017): headers
`>ACC Location-Flag` with ` test` on the records of its homology-reduced test partition,
60-column protein sequence lines.

- The 10 locations are the classes; the test partition is kept as given (`split: test`), the
  rest is the training pool. DeepLoc's test partition is homology-reduced (no test protein
  above 30% identity to a training one), so the records say so (`attrs["test_partition"]`)
  and validation is carved from the pool by homology at 30% too (gdlbench.data.homology,
  `prepare.validation_groups`), not by the 90% near-duplicate check.
- The membrane flag (M membrane-bound, S soluble, U unknown) is dropped: the review's
  numbers (Sønderby 2015, DeepLoc 2017) are 10-class location accuracies, and a flag that is
  `U` for many proteins would need a masked second head that no compared model had.
- Records with two locations (`Cytoplasm-Nucleus`, 146 of 14 004) fit no single class:
  `options.dual_location` drops them (`drop`, the default) or gives them one of their two
  locations (`Cytoplasm` or `Nucleus`).
- Proteins longer than `options.max_length` (default 1000, DeepLoc's) are cut to their first
  and last residues (gdlbench.data.protein.cut_long); each record keeps the stretch left out
  (`cut_start`, `cut_end`, in examples.tsv too), so positions on the full protein map onto
  the prepared one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gdlbench.data.formats.fasta import read_fasta
from gdlbench.data.protein import PROTEIN_SYMBOLS, cut_long, cut_stretch
from gdlbench.errors import InputError

LOCATIONS = (
    "Cell.membrane", "Cytoplasm", "Endoplasmic.reticulum", "Extracellular", "Golgi.apparatus",
    "Lysosome/Vacuole", "Mitochondrion", "Nucleus", "Peroxisome", "Plastid",
)  # fmt: skip
DUAL = "Cytoplasm-Nucleus"
MEMBRANE_FLAGS = ("M", "S", "U")
TEST_PARTITION = {"rule": "homology", "identity": 0.3}  # DeepLoc 1.0's homology reduction
PROTEIN_ALPHABET = set(PROTEIN_SYMBOLS) | set(PROTEIN_SYMBOLS.lower())


def parse_header(path: Path, header: str) -> tuple[str, str, str, bool]:
    """(accession, location, membrane flag, in the test partition) of one header."""
    fields = header.split()
    name = fields[0]
    if len(fields) not in (2, 3) or (len(fields) == 3 and fields[2] != "test"):
        raise InputError(
            f"{path}: record {name!r}: header {header!r}; expected 'ACC Location-Flag' "
            "and optionally ' test'"
        )
    location, _, flag = fields[1].rpartition("-")
    if flag not in MEMBRANE_FLAGS or (location not in LOCATIONS and location != DUAL):
        raise InputError(
            f"{path}: record {name!r}: label {fields[1]!r} is not Location-Flag with a "
            f"location in {LOCATIONS} (or {DUAL!r}) and a flag in {MEMBRANE_FLAGS}"
        )
    return name, location, flag, len(fields) == 3


def read_deeploc(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """Records `id`, `sequence`, `label` (location), `split` (train or test); see module."""
    path = files["data"]
    dual = options.get("dual_location", "drop")
    if dual not in ("drop", *DUAL.split("-")):
        raise InputError(f"{path}: options.dual_location {dual!r}; use drop, Cytoplasm or Nucleus")
    max_length = options.get("max_length", 1000)
    rows = []
    for header, sequence in read_fasta(path, PROTEIN_ALPHABET, "amino-acid codes"):
        name, location, _, test = parse_header(path, header)
        if location == DUAL:
            if dual == "drop":
                continue
            location = dual
        rows.append((name, cut_long(sequence.upper(), max_length), location, test,
                     *cut_stretch(len(sequence), max_length)))  # fmt: skip
    if not rows:
        raise InputError(f"{path}: no record with a single location")
    frame = pd.DataFrame(rows, columns=["id", "sequence", "label", "test", "cut_start",
                                        "cut_end"])  # fmt: skip
    frame["split"] = frame.pop("test").map({True: "test", False: "train"})
    frame.attrs["test_partition"] = TEST_PARTITION
    return frame
