"""GDSC fixtures in the real layouts, from the rendered rows of tests/fixtures/formats/gdsc (the
fitted tables are Excel files there; the rows are written into a workbook here)."""

from __future__ import annotations

from pathlib import Path

RENDERED = "gdsc/GDSC_fitted_and_RMA_RENDERED_NOT_EXACT_BYTES.md"
# hg38 RefSeq starts (UCSC hg38.refGene.gtf): TNMD lies before TSPAN6 on chrX
GTF = (
    'chrX\thg38_refGene\ttranscript\t100627108\t100639991\t.\t-\t.\tgene_id "TSPAN6"; '
    'transcript_id "NM_003270"; gene_name "TSPAN6";\n'
    'chrX\thg38_refGene\ttranscript\t100584936\t100599885\t.\t+\t.\tgene_id "TNMD"; '
    'transcript_id "NM_022144"; gene_name "TNMD";\n'
)


def rendered(formats: Path) -> tuple[list[str], list[list[str]], list[str], list[list[str]]]:
    """(fitted columns, fitted rows of GDSC1 and GDSC2, expression header, expression rows)."""
    lines = (formats / RENDERED).read_text().splitlines()
    columns = next(x for x in lines if x.startswith("DATASET ")).split()
    cells = [[c.strip() for c in x.strip("|").split("|")] for x in lines if x.startswith("|")]
    fitted = [c for c in cells if c[0] in ("GDSC1", "GDSC2")]
    header = next(x for x in lines if x.startswith("GENE_SYMBOLS")).split()
    expression = [c for c in cells if c[0] not in ("GDSC1", "GDSC2")]
    return columns, fitted, header, expression


def write_workbook(path: Path, columns: list[str], rows: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(columns)
    for row in rows:
        sheet.append([float(v) if _number(v) else v for v in row])
    book.save(path)
    return path


def _number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def gdsc_files(
    formats: Path, tmp: Path, n_copies: int = 4, fitted_change=None, expression_change=None
) -> dict[str, Path]:
    """The six rendered fitted rows, each repeated for `n_copies` more cell lines (new COSMIC
    ids, shifted LN_IC50) so a split has every drug, and an expression table over those cell
    lines in the real header's layout (the TSPAN6 and TNMD rows), one symbol-less row and
    the last column repeated."""
    columns, fitted, header, expression = rendered(formats)
    rows = []
    for copy in range(n_copies + 1):
        for row in fitted:
            row = list(row)
            row[3] = str(int(row[3]) + 1000 * copy)
            row[15] = str(float(row[15]) + 0.37 * copy - 0.2 * (copy % 3))
            rows.append(row)
    if fitted_change:
        columns, rows = fitted_change(columns, rows)
    cosmic = sorted({r[3] for r in rows})
    names = [f"DATA.{c}" for c in cosmic] + [f"DATA.{cosmic[-1]}"]
    text = "\t".join(header[:2] + names) + "\n"
    for k, (symbol, title, *values) in enumerate([*expression, ["", "", "1.0"]]):
        row = [float(values[i % len(values)]) + 0.1 * i * (k + 1) for i in range(len(names))]
        text += "\t".join([symbol, title, *(f"{v:.5f}" for v in row)]) + "\n"
    if expression_change:
        text = expression_change(text)
    files = {
        "fitted": write_workbook(tmp / "GDSC_fitted.xlsx", columns, rows),
        "expression": tmp / "Cell_line_RMA_proc_basalExp.txt",
        "annotation": tmp / "genes.gtf",
    }
    files["expression"].write_text(text)
    files["annotation"].write_text(GTF)
    return files
