"""Rule plot_learning_curves: one task's learning curves (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.curves import plot_learning_curves
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
paths = [Path(snakemake.output.png), Path(snakemake.output.pdf)]
plot_learning_curves(table, snakemake.wildcards.task, paths)
