"""Rule plot_learning_curves: each task's learning curves (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.curves import plot_learning_curves
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
for task, png, pdf in zip(
    snakemake.params.tasks, snakemake.output.png, snakemake.output.pdf, strict=True
):
    plot_learning_curves(table, task, [Path(png), Path(pdf)])
