"""Rule plot_cell_types: one model against another per cell type of a task's collections
(the task's primary test metric)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.cell_types import plot_model_pair
from gdlbench.kinds import primary_metric
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
summary = pd.read_csv(snakemake.input[0], sep="\t")
cell_types = pd.DataFrame.from_dict(snakemake.params.cell_types, orient="index")
task, pair = snakemake.wildcards.task, snakemake.params.pair
x_model, y_model = pair["reference"], pair["model"]
plot_model_pair(
    summary[summary["task"] == task],
    cell_types.rename_axis("dataset").reset_index(),
    x_model,
    y_model,
    primary_metric(task)[0],
    [Path(snakemake.output.png), Path(snakemake.output.pdf)],
)
log(f"plotted {y_model} against {x_model}")
