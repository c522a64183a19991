"""Rule plot_task: each task's models with 95% CIs, grouped by family (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.tasks import plot_task
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
summary = pd.read_csv(snakemake.input[0], sep="\t")
for task, png, pdf in zip(
    snakemake.params.tasks, snakemake.output.png, snakemake.output.pdf, strict=True
):
    plot_task(summary, task, [Path(png), Path(pdf)])
