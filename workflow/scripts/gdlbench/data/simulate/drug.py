"""Simulated drug response in GDSC's layout: a fitted dose-response workbook (the 19 columns of
`GDSC2_fitted_dose_response_*.xlsx`), the tab-separated RMA expression matrix (with rows
without a symbol and one cell line's column repeated, as in the real file) and a GTF placing
the genes on three chromosomes.

Planted truth: every cell line carries an activity for each of `n_signatures` expression
signatures (normal, shifted by its tissue); a signature raises its `signature_size` genes
(random genes, so neighbours on the genome share nothing) in proportion to the activity. Each
drug's LN_IC50 falls with the activity of one signature (drug d: signature d mod
n_signatures) by `effect`, plus noise; a `missing` fraction of pairs is never screened.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import numpy as np

COLUMNS = (
    "DATASET", "NLME_RESULT_ID", "NLME_CURVE_ID", "COSMIC_ID", "CELL_LINE_NAME",
    "SANGER_MODEL_ID", "TCGA_DESC", "DRUG_ID", "DRUG_NAME", "PUTATIVE_TARGET", "PATHWAY_NAME",
    "COMPANY_ID", "WEBRELEASE", "MIN_CONC", "MAX_CONC", "LN_IC50", "AUC", "RMSE", "Z_SCORE",
)  # fmt: skip
TISSUES = ("BRCA", "LUAD", "SKCM", "COREAD", "UNCLASSIFIED")
PATHWAYS = ("EGFR signaling", "DNA replication", "PI3K/MTOR signaling", "Mitosis")


def simulate_response(
    params: dict[str, Any], rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(genes, cell lines) expression, (cell lines, drugs) LN_IC50 (NaN: not screened) and
    each cell line's tissue."""
    n_cells, n_genes = params["n_cell_lines"], params["n_genes"]
    n_sig, n_drugs = params["n_signatures"], params["n_drugs"]
    tissues = [TISSUES[i] for i in rng.integers(0, len(TISSUES), n_cells)]
    shift = {t: rng.normal(0, 0.5, n_sig) for t in TISSUES}
    activity = rng.normal(0, 1, (n_cells, n_sig)) + np.array([shift[t] for t in tissues])
    expression = rng.normal(7.0, 1.5, n_genes)[:, None] + rng.normal(0, 0.6, (n_genes, n_cells))
    for k in range(n_sig):
        genes = rng.choice(n_genes, params["signature_size"], replace=False)
        expression[genes] += params["loading"] * activity[:, k]
    ic50 = rng.normal(2.0, 1.0, n_drugs)[None, :] + rng.normal(0, params["noise"],
                                                                (n_cells, n_drugs))  # fmt: skip
    for d in range(n_drugs):
        ic50[:, d] -= params["effect"] * activity[:, d % n_sig]
    ic50[rng.random(ic50.shape) < params["missing"]] = np.nan
    return expression, ic50, tissues


def _atomic(target: Path, write) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_fitted_workbook(rows: list[list], path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_drug(params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]) -> None:
    expression, ic50, tissues = simulate_response(params, rng)
    n_genes, n_cells = expression.shape
    cosmic = [str(683665 + 37 * i) for i in range(n_cells)]
    genes = [f"SIM{j:05d}" for j in range(n_genes)]
    rows = []
    for d in range(ic50.shape[1]):
        for i in np.flatnonzero(~np.isnan(ic50[:, d])):
            rows.append(["GDSC2", 343, 15946000 + len(rows), int(cosmic[i]), f"CL-{i}",
                         f"SIDM{i:05d}", tissues[i], 1000 + d, f"Simdrug{d}", "SIM",
                         PATHWAYS[d % len(PATHWAYS)], 1046, "Y", 0.001, 1.0,
                         round(float(ic50[i, d]), 6), 0.9, 0.05, 0.0])  # fmt: skip
    _atomic(Path(files["fitted"]), lambda p: write_fitted_workbook(rows, p))
    columns = [f"DATA.{c}" for c in cosmic] + [f"DATA.{cosmic[-1]}"]  # one column repeated
    values = np.hstack([expression, expression[:, -1:] + rng.normal(0, 0.1, (n_genes, 1))])
    lines = ["\t".join(["GENE_SYMBOLS", "GENE_title", *columns])]
    for j, gene in enumerate(genes):
        lines.append("\t".join([gene, f"simulated {gene} [Source:HGNC Symbol;Acc:{j}]",
                                *(f"{v:.5f}" for v in values[j])]))  # fmt: skip
        if j % 50 == 0:  # a row without a symbol
            lines.append("\t".join(["", "", *(f"{v:.5f}" for v in values[j] + 0.5)]))
    text = "\n".join(lines) + "\n"
    _atomic(Path(files["expression"]), lambda p: p.write_text(text))
    if "annotation" in files:
        order = rng.permutation(n_genes)  # genome order differs from the file's
        gtf = [f'chr{1 + rank * 3 // n_genes}\tsim\tgene\t{1000 + 5000 * rank}\t'
               f'{3000 + 5000 * rank}\t.\t+\t.\tgene_id "G{j}"; gene_name "{genes[j]}";'
               for rank, j in enumerate(order)]  # fmt: skip

        def write_gtf(p: Path) -> None:
            with gzip.open(p, "wt") as handle:
                handle.write("\n".join(gtf) + "\n")

        _atomic(Path(files["annotation"]), write_gtf)
