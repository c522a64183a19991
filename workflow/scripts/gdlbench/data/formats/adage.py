"""ADAGE inputs: an expression compendium in PCL and KEGG gene sets.

PCL (`Pa_compendium_02.22.2014.pcl`): tab-separated genes x arrays; the header row starts with
an empty cell, then the array (CEL file) names; each further row is a gene ID (`PA0001`) and
its values. KEGG terms (`pseudomonas_KEGG_terms.txt`): `term<TAB>size<TAB>gene;gene;...`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.textio import numbered_lines, numeric_table
from gdlbench.errors import InputError


def read_pcl(path: str | Path) -> pd.DataFrame:
    """Genes x arrays float table; ragged rows, duplicate IDs and missing or non-numeric
    values are errors naming the file, line, gene and array."""
    header, genes, rows = None, [], []
    for line_no, line in numbered_lines(path, "a PCL table"):
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            if fields[0].strip():
                raise InputError(f"{path}:1: a PCL header starts with an empty cell")
            header = [f.strip() for f in fields[1:]]
            continue
        if len(fields) != len(header) + 1:
            raise InputError(
                f"{path}:{line_no}: gene {fields[0]!r} has {len(fields) - 1} values for "
                f"{len(header)} arrays"
            )
        genes.append(fields[0].strip())
        rows.append(fields[1:])
    if not rows:
        raise InputError(f"{path}: no genes")
    table = pd.DataFrame(rows, index=genes, columns=header)
    for axis, labels in (("gene", table.index), ("array", table.columns)):
        if labels.duplicated().any():
            raise InputError(f"{path}: {axis} {labels[labels.duplicated()][0]!r} appears twice")
    return numeric_table(table, str(path), "gene", "array")


def read_kegg_terms(path: str | Path) -> dict[str, list[str]]:
    """Term -> its genes; the size column must match the gene list."""
    terms: dict[str, list[str]] = {}
    for line_no, line in numbered_lines(path, "a KEGG term list"):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[1].strip().isdigit():
            raise InputError(f"{path}:{line_no}: expected 'term<TAB>size<TAB>gene;gene;...'")
        genes = [gene for gene in fields[2].strip().split(";") if gene]
        if int(fields[1]) != len(genes):
            raise InputError(
                f"{path}:{line_no}: term {fields[0]!r} says {fields[1]} genes, lists {len(genes)}"
            )
        terms[fields[0].strip()] = genes
    if not terms:
        raise InputError(f"{path}: no terms")
    return terms


def read_adage(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """Arrays as records: `id` (array name) and `x` (its gene values); `attrs` hold the gene
    IDs and the gene sets restricted to compendium genes (terms left with none are dropped)."""
    compendium = read_pcl(files["compendium"])
    terms = read_kegg_terms(files["terms"])
    genes = set(compendium.index)
    kept = {term: [g for g in members if g in genes] for term, members in terms.items()}
    kept = {term: members for term, members in kept.items() if members}
    if not kept:
        raise InputError(f"{files['terms']}: no term shares a gene with {files['compendium']}")
    records = pd.DataFrame(
        {"id": compendium.columns.astype(str), "x": list(compendium.to_numpy(np.float32).T)}
    )
    records.attrs = {"genes": list(compendium.index), "terms": kept}
    return records
