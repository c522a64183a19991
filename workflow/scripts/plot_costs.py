"""Rule plot_costs: one task's models, test metric against training time, memory and
parameters (the Pareto view)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.costs import plot_costs
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
plot_costs(
    table, snakemake.wildcards.task, [Path(snakemake.output.png), Path(snakemake.output.pdf)]
)
