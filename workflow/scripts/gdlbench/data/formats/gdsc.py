"""GDSC (Genomics of Drug Sensitivity in Cancer): fitted dose-response tables and the cell-line
RMA expression matrix, joined on COSMIC id.

- fitted (`GDSC1/2_fitted_dose_response_<date>.xlsx`): one row per cell line and drug, 19
  columns of which COSMIC_ID, DRUG_ID, DRUG_NAME and LN_IC50 are used, TCGA_DESC (tissue),
  PATHWAY_NAME and DATASET where present. Excel (read with openpyxl), or the same columns as
  CSV/TSV; the wide gdsctools layout (`COSMIC_ID,Drug_<id>_IC50,...`) is read too.
- expression (`Cell_line_RMA_proc_basalExp.txt`, or its .zip): tab-separated
  `GENE_SYMBOLS GENE_title DATA.<COSMIC_ID>...`; rows without a symbol are dropped (the real
  file has 318), a repeated symbol keeps its first row, and a cell line whose column appears
  twice (the real file repeats one) stays as two records with one id, which the leakage
  audit's `sample_id` check keeps in one split.
- annotation (optional): a GTF (UCSC `*.ensGene.gtf.gz`, GENCODE) whose `gene_name`s give
  each gene's position; genes are ordered by chromosome (1-22, X, Y, M, then others by name)
  and start, genes without a position after them in file order. Without it the file's order
  is kept. The 1-D CNN over genes reads them in this order.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.textio import check_not_html, numbered_lines, numeric_table
from gdlbench.errors import InputError

FITTED_COLUMNS = ("COSMIC_ID", "DRUG_ID", "DRUG_NAME", "LN_IC50")
WIDE_DRUG = re.compile(r"^Drug_(?P<id>\d+)_IC50$")
ZIP_MAGIC = b"PK\x03\x04"
GENE_NAME = re.compile(r'gene_name "(?P<name>[^"]+)"')


def _is_zip(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == ZIP_MAGIC


def _excel_table(path: Path) -> pd.DataFrame:
    """The first sheet of an .xlsx workbook as text cells, its first row the header."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(f"{path}: not a readable Excel workbook ({error})") from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise InputError(f"{path}: the workbook's first sheet is empty")
        names = ["" if h is None else str(h).strip() for h in header]
        body = [["" if v is None else v for v in row] for row in rows if any(row)]
    finally:
        book.close()
    return pd.DataFrame(body, columns=names)


def read_fitted(path: str | Path) -> pd.DataFrame:
    """Long table COSMIC_ID (str), target key columns DATASET, DRUG_ID, DRUG_NAME, LN_IC50
    (float), TCGA_DESC and PATHWAY_NAME ('' where absent) of a fitted dose-response file."""
    path = Path(path)
    check_not_html(path, "a GDSC fitted dose-response table")
    if _is_zip(path):
        table = _excel_table(path)
    else:
        with open(path, "rb") as handle:
            first = handle.readline().decode("ascii", "replace")
        sep = "\t" if "\t" in first else ","
        try:
            table = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError) as error:
            raise InputError(f"{path}: unreadable table ({str(error).strip()})") from error
        table.columns = [c.strip() for c in table.columns]
        if "COSMIC_ID" in table and any(WIDE_DRUG.match(c) for c in table.columns):
            table = _melt_wide(table)
    missing = [c for c in FITTED_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            f"{path}: no column {missing} in the header (found {list(table.columns)[:20]}); "
            "expected GDSC's fitted dose-response columns"
        )
    for column, default in (("DATASET", path.stem), ("TCGA_DESC", ""), ("PATHWAY_NAME", "")):
        if column not in table:
            table[column] = default
    table = table[table["LN_IC50"].astype(str).str.strip() != ""].reset_index(drop=True)
    cosmic = table["COSMIC_ID"].astype(str).str.strip().str.removesuffix(".0")
    if not cosmic.str.fullmatch(r"\d+").all():
        bad = cosmic[~cosmic.str.fullmatch(r"\d+")].index[0]
        raise InputError(f"{path}: row {bad + 2}: COSMIC_ID {cosmic[bad]!r} is not a number")
    ic50 = numeric_table(table[["LN_IC50"]].astype(str).set_axis(table.index + 2), str(path),
                         "row", "column")["LN_IC50"]  # fmt: skip
    return pd.DataFrame({
        "COSMIC_ID": cosmic.to_numpy(),
        "DATASET": table["DATASET"].astype(str).str.strip().to_numpy(),
        "DRUG_ID": table["DRUG_ID"].astype(str).str.strip().str.removesuffix(".0").to_numpy(),
        "DRUG_NAME": table["DRUG_NAME"].astype(str).str.strip().to_numpy(),
        "LN_IC50": ic50.to_numpy(np.float64),
        "TCGA_DESC": table["TCGA_DESC"].astype(str).str.strip().to_numpy(),
        "PATHWAY_NAME": table["PATHWAY_NAME"].astype(str).str.strip().to_numpy(),
    })  # fmt: skip


def _melt_wide(table: pd.DataFrame) -> pd.DataFrame:
    """gdsctools' IC50 table (one column per drug, `Drug_<id>_IC50`, natural-log IC50) as the
    long fitted layout; drugs are named by their column."""
    drugs = [c for c in table.columns if WIDE_DRUG.match(c)]
    long = table.melt(id_vars="COSMIC_ID", value_vars=drugs, var_name="column",
                      value_name="LN_IC50")  # fmt: skip
    long["DRUG_ID"] = long["column"].str.extract(WIDE_DRUG)["id"]
    long["DRUG_NAME"] = long["column"].str.removesuffix("_IC50")
    return long.drop(columns="column")


def _expression_text(path: Path) -> io.StringIO | Path:
    """The expression table's text: the file itself, or the one .txt member of a zip."""
    if not _is_zip(path):
        return path
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if len(members) != 1:
                raise InputError(f"{path}: expected one expression table in the zip, got "
                                 f"{members[:5]}")  # fmt: skip
            return io.StringIO(archive.read(members[0]).decode("ascii", "replace"))
    except zipfile.BadZipFile as error:
        raise InputError(f"{path}: unreadable zip archive ({error})") from error


def read_rma(path: str | Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """(genes x samples) float32 RMA expression, indexed by gene symbol, columns the COSMIC id
    of each sample column (repeated where the file repeats one), and counts of what was
    dropped."""
    path = Path(path)
    check_not_html(path, "the GDSC RMA expression table")
    source = _expression_text(path)
    try:
        table = pd.read_csv(source, sep="\t", header=None, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise InputError(f"{path}: unreadable table ({str(error).strip()})") from error
    header = [h.strip() for h in table.iloc[0]]
    if header[:2] != ["GENE_SYMBOLS", "GENE_title"] or len(header) < 3:
        raise InputError(f"{path}: expected the header 'GENE_SYMBOLS GENE_title DATA.<COSMIC_ID>"
                         f"...', got {header[:4]}")  # fmt: skip
    samples = []
    for column in header[2:]:
        match = re.fullmatch(r"DATA\.(\d+)(\.\d+)?", column)
        if match is None:
            raise InputError(f"{path}: column {column!r} is not DATA.<COSMIC_ID>")
        samples.append(match[1])
    body = table.iloc[1:]
    symbols = body[0].str.strip()
    with_symbol = body[symbols != ""]
    values = with_symbol.iloc[:, 2:].set_axis(symbols[symbols != ""], axis=0)
    values.columns = header[2:]
    values = numeric_table(values, str(path), "gene", "column").astype(np.float32)
    repeated = values.index.duplicated()
    values = values[~repeated]
    values.columns = samples
    report = {"genes_without_symbol": int((symbols == "").sum()),
              "repeated_gene_rows": int(repeated.sum())}  # fmt: skip
    return values, report


def _chromosome_key(chrom: str) -> tuple[int, str]:
    name = chrom.removeprefix("chr")
    order = {"X": 23, "Y": 24, "M": 25, "MT": 25}
    return (int(name), "") if name.isdigit() else (order.get(name, 26), name)


def read_gene_positions(path: str | Path) -> pd.DataFrame:
    """Per `gene_name` of a GTF: its chromosome and first start (the smallest start of its
    records on the first chromosome it appears on)."""
    rows: dict[str, tuple[str, int]] = {}
    for line_no, line in numbered_lines(path, "a GTF gene annotation"):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 9 or not fields[3].isdigit():
            raise InputError(f"{path}: line {line_no}: expected 9 tab-separated GTF fields")
        match = GENE_NAME.search(fields[8])
        if match is None:
            continue
        chrom, start = fields[0], int(fields[3])
        known = rows.get(match["name"])
        if known is None or (known[0] == chrom and start < known[1]):
            rows[match["name"]] = (chrom, start)
    if not rows:
        raise InputError(f"{path}: no record carries a gene_name attribute")
    return pd.DataFrame([(g, c, s) for g, (c, s) in rows.items()],
                        columns=["gene", "chrom", "start"]).set_index("gene")  # fmt: skip


def genome_order(genes: pd.Index, positions: pd.DataFrame) -> np.ndarray:
    """Indices of `genes` by chromosome and start; genes without a position last, in order."""
    placed = [(_chromosome_key(positions.at[g, "chrom"]), positions.at[g, "start"], i)
              for i, g in enumerate(genes) if g in positions.index]  # fmt: skip
    rest = [i for i, g in enumerate(genes) if g not in positions.index]
    return np.array([i for *_, i in sorted(placed)] + rest, dtype=np.int64)


def _targets(fitted: pd.DataFrame) -> pd.Series:
    """Each row's target name: `<DRUG_NAME>_<DRUG_ID>`, with `_<DATASET>` when several
    screens are read (GDSC1 and GDSC2 share drug ids)."""
    names = fitted["DRUG_NAME"] + "_" + fitted["DRUG_ID"]
    if fitted["DATASET"].nunique() > 1:
        names = names + "_" + fitted["DATASET"]
    return names


def read_gdsc(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """Records: `id` (COSMIC id), `label` (tissue, TCGA_DESC: the split's strata), `x` (the
    cell line's expression, genes in genome order), `y` (LN_IC50 per drug, NaN where the pair
    was not screened). `attrs`: targets, target_types (drug pathways), genes, gene_order and
    the reader's report. Options: `drugs` (names or ids to keep), `min_cell_lines` (a drug
    needs that many screened cell lines with expression, default 10)."""
    fitted_roles = sorted(r for r in files if r == "fitted" or r.startswith("fitted_"))
    fitted = pd.concat([read_fitted(files[r]) for r in fitted_roles], ignore_index=True)
    expression, report = read_rma(files["expression"])
    gene_order = "file"
    if files.get("annotation") is not None:
        order = genome_order(expression.index, read_gene_positions(files["annotation"]))
        expression, gene_order = expression.iloc[order], "genome"
    fitted["target"] = _targets(fitted)
    wanted = options.get("drugs")
    if wanted:
        wanted = {str(w) for w in wanted}
        fitted = fitted[fitted["DRUG_NAME"].isin(wanted) | fitted["DRUG_ID"].isin(wanted)]
    cells = expression.columns
    fitted = fitted[fitted["COSMIC_ID"].isin(set(cells))]
    response = fitted.pivot_table(index="COSMIC_ID", columns="target", values="LN_IC50",
                                  aggfunc="mean")  # fmt: skip
    counts = response.notna().sum()
    response = response.loc[:, counts >= options.get("min_cell_lines", 10)]
    if response.shape[1] == 0:
        raise InputError(
            f"{', '.join(str(files[r]) for r in fitted_roles)}: no drug was screened on "
            f"{options.get('min_cell_lines', 10)} or more cell lines of {files['expression']}"
        )
    keep = [i for i, c in enumerate(cells) if c in response.index]
    tissue = fitted.groupby("COSMIC_ID")["TCGA_DESC"].agg(lambda t: next((v for v in t if v),
                                                                         "unknown"))  # fmt: skip
    pathway = fitted.groupby("target")["PATHWAY_NAME"].first()
    ids = cells[keep]
    records = pd.DataFrame({
        "id": ids.astype(str),
        "label": tissue.reindex(ids).fillna("unknown").replace("", "unknown").to_numpy(),
        "x": list(expression.to_numpy(np.float32).T[keep]),
        "y": list(response.reindex(ids).to_numpy(np.float32)),
    })  # fmt: skip
    targets = list(response.columns)
    records.attrs.update(
        targets=targets,
        target_types=[pathway.get(t) or "unknown" for t in targets],
        genes=list(expression.index),
        gene_order=gene_order,
        report={**report, "cell_lines_without_response": len(cells) - len(keep),
                "pairs": int(response.notna().to_numpy().sum())},
    )  # fmt: skip
    return records
