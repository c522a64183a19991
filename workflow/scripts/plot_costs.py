"""Rule plot_costs: each task's models, test metric against training time, memory and
parameters (the Pareto view)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.costs import plot_costs
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
for task, png, pdf in zip(
    snakemake.params.tasks, snakemake.output.png, snakemake.output.pdf, strict=True
):
    plot_costs(table, task, [Path(png), Path(pdf)])
